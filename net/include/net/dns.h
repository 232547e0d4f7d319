/* DNS client: A records over UDP, non-blocking.
 *
 *   net_dns_init(&dns, &iface);
 *   net_dns_set_servers(&dns, lease->dns, lease->dns_count);
 *   int q;
 *   net_dns_start(&dns, "broker.lan", &q);
 *   ... on NET_EV_STATE (or later polls):
 *   if (net_dns_result(&dns, q, addrs, 4, &n) == NET_DNS_OK) connect(addrs[0]);
 *
 * Each query asks the servers in turn, waiting NET_DNS_TIMEOUT_US for the first answer and
 * twice as long each round, NET_DNS_ROUNDS rounds. A server failure (SERVFAIL, REFUSED, a
 * truncated empty answer) moves on to the next server at once; NXDOMAIN, or an answer without
 * A records, is final. The query id comes from the entropy source. A dotted IPv4 address
 * "resolves" at once. No cache: the application keeps what it resolved for the TTL it got. */
#ifndef NET_DNS_H
#define NET_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/config.h"
#include "net/event.h"
#include "net/iface.h"
#include "net/socket/udp.h"
#include "net/wire/dns.h"

enum net_dns_status {
    NET_DNS_PENDING,
    NET_DNS_OK,
    NET_DNS_NOT_FOUND, /* NXDOMAIN, or the name has no A record */
    NET_DNS_FAILED,    /* no server answered usefully in time */
    NET_DNS_NO_QUERY,  /* the handle is not a query in progress */
};

struct net_dns_query {
    uint8_t state; /* free / asking / done */
    uint8_t status;
    uint8_t server, round;
    uint16_t id;
    bool send_now;
    uint64_t deadline, timeout;
    char name[NET_DNS_NAME_TEXT_MAX];
    uint8_t count;
    net_ip4 addrs[NET_DNS_MAX_ADDRS];
    uint32_t ttl;
};

struct net_dns_client {
    struct net_handler handler;
    struct net_udp_socket udp;
    struct net_iface *iface;
    net_ip4 servers[NET_DNS_MAX_SERVERS];
    uint8_t server_count;
    struct net_dns_query queries[NET_DNS_MAX_QUERIES];
    struct net_waker waker;
};

/* Binds a random local port on iface and hooks into its poll. */
enum net_err net_dns_init(struct net_dns_client *c, struct net_iface *iface);
void net_dns_close(struct net_dns_client *c);

/* Replaces the server list (the first NET_DNS_MAX_SERVERS; zeros are skipped). Queries in
 * progress continue with the new list. */
void net_dns_set_servers(struct net_dns_client *c, const net_ip4 *servers, size_t count);

/* Starts resolving name. NET_ERR_INVALID: not a valid name; NET_ERR_FULL: NET_DNS_MAX_QUERIES
 * in progress; NET_ERR_NO_ROUTE: no server. *handle identifies the query. */
enum net_err net_dns_start(struct net_dns_client *c, const char *name, int *handle);

/* The state of a query. When it is no longer pending the slot is released: the result can be
 * read once. addrs receives up to max addresses (*count of them); *ttl may be NULL. */
enum net_dns_status net_dns_result(struct net_dns_client *c, int handle, net_ip4 *addrs,
                                   size_t max, size_t *count, uint32_t *ttl);
void net_dns_cancel(struct net_dns_client *c, int handle);

/* NET_EV_STATE when a query finishes. */
void net_dns_set_waker(struct net_dns_client *c, net_waker_fn fn, void *ctx);

const char *net_dns_status_str(enum net_dns_status s);

#endif
