/* Classifying an iperf 2 client's header (iperf2_header.h says what the bits mean). */
#include "iperf2_header.h"

#define FLAG_VERSION1 0x80000000u    /* a test back on a second connection (-r, -d) */
#define FLAG_UPPER_WORD 0x04000000u  /* a second flags word follows at byte 32 */
#define FLAG_PEER_EXCHANGE 0x02000000u /* the client waits for a header acknowledgment (-X) */
#define UPPER_OFFSET 32
#define UPPER_REVERSE 0x04000000u     /* -R */
#define UPPER_FULL_DUPLEX 0x08000000u /* --full-duplex */

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

enum iperf2_request iperf2_classify(const uint8_t *data, size_t len, int ended)
{
    if (len < 4)
        return ended ? IPERF2_SEND_ONLY : IPERF2_NEED_MORE;
    uint32_t flags = be32(data);
    if (flags & FLAG_VERSION1)
        return IPERF2_TEST_BACK;
    if (flags & FLAG_PEER_EXCHANGE)
        return IPERF2_WANTS_ACK;
    if (!(flags & FLAG_UPPER_WORD))
        return IPERF2_SEND_ONLY;
    if (len < UPPER_OFFSET + 4)
        return ended ? IPERF2_SEND_ONLY : IPERF2_NEED_MORE;
    uint32_t upper = be32(data + UPPER_OFFSET);
    if (upper & (UPPER_REVERSE | UPPER_FULL_DUPLEX))
        return IPERF2_SERVER_SENDS;
    return IPERF2_SEND_ONLY;
}

const char *iperf2_request_str(enum iperf2_request r)
{
    switch (r) {
    case IPERF2_NEED_MORE:
        return "incomplete header";
    case IPERF2_SEND_ONLY:
        return "send-only";
    case IPERF2_TEST_BACK:
        return "a test back (-r/-d)";
    case IPERF2_SERVER_SENDS:
        return "data from the server (-R/--full-duplex)";
    case IPERF2_WANTS_ACK:
        return "a header acknowledgment (-X)";
    }
    return "?";
}
