/* netcheck's state and its services, shared by its tasks (main.c) and services (services.c,
 * resolve.c). All of it is the `net` resource: only the task holding it touches it. */
#ifndef NETCHECK_H
#define NETCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/socket/udp.h"
#include "netapp/netapp.h"

#define NETCHECK_ECHO_PORT 7  /* RFC 862 */
#define NETCHECK_STATS_PORT 9 /* any datagram here is answered with the counters */

typedef struct netcheck {
    struct netapp net;
    bool services_up;
    struct net_udp_socket echo, stats;
    /* Echo: room for a few full-size datagrams each way. */
    struct net_pkt_meta echo_rx_meta[8], echo_tx_meta[8];
    uint8_t echo_rx_data[8192], echo_tx_data[8192];
    /* Stats: requests are tiny, the answer is about a kilobyte. */
    struct net_pkt_meta stats_rx_meta[4], stats_tx_meta[2];
    uint8_t stats_rx_data[512], stats_tx_data[3072];
    /* The name to resolve, and its query. */
    char resolve_name[NET_DNS_NAME_TEXT_MAX];
    bool resolve_started, resolve_done, resolve_waiting;
    int resolve_handle;
    uint32_t stats_period_s, seconds;
} netcheck_t;

/* services.c: binds the echo and stats sockets (once the interface exists). */
void netcheck_services_open(netcheck_t *app);
/* Answers what arrived; true when replies were queued (the stack must poll again to send). */
bool netcheck_services_run(netcheck_t *app);

/* resolve.c: follows the DNS query for app->resolve_name, starting it once a server is known
 * (NETAPP_EV_DNS / NETAPP_EV_ADDRESS) and logging its answer. */
void netcheck_resolve_run(netcheck_t *app, uint32_t events);

#endif
