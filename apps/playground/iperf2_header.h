/* What an iperf 2 client asks of the server, from the first bytes of its TCP stream.
 *
 * Debian's iperf 2.1.8 `iperf -c` opens its stream with a header of 32-bit big-endian words;
 * the first is a set of flags (observed on the wire, docs/playground.md):
 *
 *   0x80000000  "version 1": the client wants a test back on a second connection: -r (after its
 *               own) or -d (at once: 0x00000001 set too)
 *   0x02000000  the client waits for the server to acknowledge the header (-X)
 *   0x04000000  a second flags word is at byte 32: there 0x04000000 asks the server to send on
 *               this connection (-R), 0x08000000 to send and receive at once (--full-duplex)
 *
 * A plain `iperf -c` (and -e, -i, -t, -l, -w, -P ...) sets none of these: the client only sends,
 * then shuts down its direction and waits for the server to close. In compatibility mode (-C)
 * there is no header, the stream starts with iperf's digit pattern ("0123..."), which sets none
 * of them either. Pure functions: no I/O, unit tested. */
#ifndef PLAYGROUND_IPERF2_HEADER_H
#define PLAYGROUND_IPERF2_HEADER_H

#include <stddef.h>
#include <stdint.h>

/* Bytes that always suffice to classify a stream. */
#define IPERF2_HEADER_LEN 36

enum iperf2_request {
    IPERF2_NEED_MORE,    /* fewer bytes than the flags need: call again with more */
    IPERF2_SEND_ONLY,    /* client to server only: what the playground serves */
    IPERF2_TEST_BACK,    /* -r / -d: the server should connect back to the client */
    IPERF2_SERVER_SENDS, /* -R / --full-duplex: the server should send on this connection */
    IPERF2_WANTS_ACK,    /* -X: the client waits for an acknowledgment of its header */
};

/* Classifies the stream's first `len` bytes (any length; reads at most IPERF2_HEADER_LEN).
 * `ended`: the stream is over, so fewer bytes are all there will be (then never NEED_MORE). */
enum iperf2_request iperf2_classify(const uint8_t *data, size_t len, int ended);

/* "send-only", "test back (-r/-d)", ... for the log. */
const char *iperf2_request_str(enum iperf2_request r);

#endif
