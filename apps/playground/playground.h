/* The playground's state, shared by its tasks (main.c) and its services (services.c, stats.c,
 * iperf2.c). All of it is the `net` resource: only the task holding it touches it. */
#ifndef PLAYGROUND_H
#define PLAYGROUND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iperf2.h"
#include "net/socket/tcp.h"
#include "net/socket/udp.h"
#include "netapp/netapp.h"
#include "netapp/tcp_pool.h"

/* Sizing (the board's CMake line may override it: the NUCLEO boards have less RAM). */
#ifndef PLAYGROUND_ECHO_SOCKETS
#define PLAYGROUND_ECHO_SOCKETS 8 /* TCP echo clients served at once */
#endif
#define PLAYGROUND_ECHO_BUF 8192  /* each way, per echo connection */
#ifndef PLAYGROUND_IPERF_SOCKETS
#define PLAYGROUND_IPERF_SOCKETS 2 /* one measuring, one for the next client meanwhile */
#endif
#ifndef PLAYGROUND_IPERF_RX_BUF
#define PLAYGROUND_IPERF_RX_BUF 65536 /* the receive window offered to iperf */
#endif
#define PLAYGROUND_IPERF_TX_BUF 64 /* the server sends nothing but its FIN */
#define PLAYGROUND_UDP_SLOTS 8
#define PLAYGROUND_UDP_BUF 8192 /* five full-size datagrams each way */

#define PLAYGROUND_ECHO_PORT 1234 /* TCP and UDP */

typedef struct playground {
    struct netapp net;
    struct net_tcp tcp;
    bool up;
    /* TCP echo */
    struct netapp_tcp_pool echo;
    struct netapp_tcp_conn echo_conn[PLAYGROUND_ECHO_SOCKETS];
    uint64_t echoed; /* bytes, all connections */
    /* UDP echo */
    struct net_udp_socket udp;
    struct net_pkt_meta udp_rx_meta[PLAYGROUND_UDP_SLOTS], udp_tx_meta[PLAYGROUND_UDP_SLOTS];
    uint8_t udp_rx_data[PLAYGROUND_UDP_BUF], udp_tx_data[PLAYGROUND_UDP_BUF];
    uint64_t udp_echoed; /* datagrams */
    /* iperf 2 */
    struct iperf2_server iperf;
    struct netapp_tcp_conn iperf_conn[PLAYGROUND_IPERF_SOCKETS];
    struct iperf2_conn iperf_state[PLAYGROUND_IPERF_SOCKETS];
    /* the activity LED and the throughput log */
    uint32_t frames_seen;    /* Ethernet frames in + out when the activity LED last looked */
    uint64_t activity_at;    /* when it last toggled */
    uint32_t rx_bytes_then, tx_bytes_then;
    uint64_t stats_then;
    bool stats_idle;         /* the last line said 0: say nothing until traffic comes back */
} playground_t;

/* services.c: TCP on the interface, the echo and iperf sockets listening, UDP echo bound. */
void playground_open(playground_t *app);
/* Serves every connection and datagram; true when output was queued (poll again). */
bool playground_run(playground_t *app, uint64_t now_us);

/* stats.c: toggles the activity LED when frames moved (at most every 50 ms, so it blinks). */
void playground_activity(playground_t *app, uint64_t now_us);
/* Once a second: rx and tx throughput in the log. */
void playground_report(playground_t *app, uint64_t now_us);
/* The link LED follows the link; the change is logged ("led: link on"). */
void playground_link_led(bool up);

#endif
