/* An iperf 2 server over the kit's TCP (port 5001), so Debian's `iperf -c DEVICE` measures the
 * device: the client sends a header and then data for the test's length, shuts down its
 * direction and waits for the server to close; the server reads, counts and closes. Each
 * connection's result goes to the log, as iperf's own server prints it.
 *
 * Modes where the server must send (-r, -d, -R, --full-duplex) or acknowledge the header (-X)
 * are not served: the connection is reset at once, with a log line saying which mode it was,
 * so the client fails fast instead of waiting for a test that never comes (docs/playground.md). */
#ifndef PLAYGROUND_IPERF2_H
#define PLAYGROUND_IPERF2_H

#include <stdbool.h>
#include <stdint.h>

#include "iperf2_header.h"
#include "netapp/tcp_pool.h"

#define IPERF2_PORT 5001

struct iperf2_conn {
    uint64_t bytes;    /* received, header included (as iperf's server counts) */
    uint64_t start_us; /* established */
    uint8_t header[IPERF2_HEADER_LEN];
    uint8_t header_len;
    bool checked;  /* the header was classified (and the mode accepted) */
    bool reported; /* the result is in the log */
};

struct iperf2_server {
    struct netapp_tcp_pool pool; /* conns, count: set by the caller before iperf2_open */
    struct iperf2_conn *state;   /* one per pool connection */
    uint64_t bytes;              /* received, every connection since start */
    uint32_t refused;            /* connections reset for a mode we do not serve */
};

/* Listens on IPERF2_PORT with the pool's sockets (initialised by the caller). */
bool iperf2_open(struct iperf2_server *srv);

/* Reads what arrived on every connection; true when the stack has something to send (window
 * updates, FINs, resets): poll again. */
bool iperf2_run(struct iperf2_server *srv, uint64_t now_us);

#endif
