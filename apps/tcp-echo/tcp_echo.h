/* tcp-echo's state, shared by its tasks (main.c) and the echo service (echo.c). All of it is the
 * `net` resource: only the task holding it touches it. */
#ifndef TCP_ECHO_H
#define TCP_ECHO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/socket/tcp.h"
#include "net/socket/udp.h"
#include "netapp/netapp.h"
#include "netapp/tcp_pool.h"

#ifndef TCP_ECHO_BIG
#define TCP_ECHO_BIG 4 /* sockets with large buffers: bulk transfers */
#endif
#ifndef TCP_ECHO_BIG_BUF
#define TCP_ECHO_BIG_BUF 65536
#endif
#ifndef TCP_ECHO_SMALL
#define TCP_ECHO_SMALL 60 /* sockets with small buffers: many clients at once */
#endif
#ifndef TCP_ECHO_SMALL_BUF
#define TCP_ECHO_SMALL_BUF 4096
#endif
#define TCP_ECHO_SOCKETS (TCP_ECHO_BIG + TCP_ECHO_SMALL)
#define TCP_ECHO_PORT 1234
#define TCP_ECHO_STATS_PORT 9 /* any datagram here is answered with the counters */

typedef struct tcp_echo {
    struct netapp net;
    struct net_tcp tcp;
    bool up;
    uint16_t port;
    uint32_t user_timeout_ms; /* 0: the stack's default */
    struct netapp_tcp_pool pool; /* listens on `port` with conn[] */
    struct netapp_tcp_conn conn[TCP_ECHO_SOCKETS];
    uint64_t echoed; /* bytes, all connections */
    uint64_t echoed_logged;
    struct net_udp_socket stats;
    struct net_pkt_meta stats_rx_meta[4], stats_tx_meta[2];
    uint8_t stats_rx_data[512], stats_tx_data[4096];
} tcp_echo_t;

/* echo.c: TCP on the interface, the sockets listening, the counters socket bound. */
void tcp_echo_open(tcp_echo_t *app);
/* Echoes, re-listens, answers counter requests; true when output was queued (poll again). */
bool tcp_echo_run(tcp_echo_t *app, uint64_t now_us);
/* Once a second: throughput in the log when there was traffic. */
void tcp_echo_report(tcp_echo_t *app);

#endif
