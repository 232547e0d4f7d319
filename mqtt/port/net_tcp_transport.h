/* struct mqtt_transport over the kit's own TCP socket (net/socket/tcp.h) and DNS client
 * (net/dns.h): the MQTT client on a board.
 *
 *   static uint8_t rx[2048], tx[2048];
 *   static struct net_tcp_socket sock;
 *   static struct net_tcp_transport tp;
 *   net_tcp_socket_init(&sock, &tcp, rx, sizeof rx, tx, sizeof tx);
 *   net_tcp_transport_init(&tp, &sock, wake_mqtt_task, NULL);
 *   net_tcp_transport_use_dns(&tp, &dns);   // only if the broker may be a name
 *   mqtt_init(&mq, &cfg, &tp.ops, &storage);
 *
 * Every call only moves bytes between the client and the socket's buffers, or starts something
 * the next net_iface_poll() carries out (a SYN, a DNS query, queued data): after mqtt_poll the
 * owner runs the interface's poll when net_iface_poll_at() says "now". The waker given here is
 * installed on the socket and on the DNS client; it runs inside net_iface_poll() when the
 * connection, its data or a name lookup made progress, and should only wake the MQTT task.
 *
 * All calls come from the task that owns the interface (or holds its lock): the socket, the DNS
 * client and this adapter share the interface's single-threaded world. */
#ifndef MQTT_NET_TCP_TRANSPORT_H
#define MQTT_NET_TCP_TRANSPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "mqtt/transport.h"
#include "net/dns.h"
#include "net/socket/tcp.h"

struct net_tcp_transport_counters {
    uint32_t connects;      /* connections started */
    uint32_t connected;     /* ... that reached ESTABLISHED */
    uint32_t resolves;      /* names looked up */
    uint32_t resolve_fails; /* ... without an address */
    uint32_t rx_bytes, tx_bytes;
};

struct net_tcp_transport {
    struct mqtt_transport ops; /* give &t->ops to mqtt_init */
    struct net_tcp_socket *sock;
    struct net_dns_client *dns; /* NULL: the broker must be an IPv4 literal */
    net_waker_fn wake;          /* given to the DNS client too */
    void *wake_ctx;
    bool connecting;            /* net_tcp_connect issued, its outcome not yet reported */
    bool resolving;             /* a DNS query is in progress */
    int query;
    struct net_tcp_transport_counters counters;
};

/* sock must be initialised (net_tcp_socket_init) and CLOSED. wake (may be NULL) becomes the
 * waker of the socket, and of the DNS client given to net_tcp_transport_use_dns. Without that
 * call the broker must be an IPv4 literal, and no DNS code is linked. */
void net_tcp_transport_init(struct net_tcp_transport *t, struct net_tcp_socket *sock,
                            net_waker_fn wake, void *wake_ctx);

/* Resolves host names with dns (after net_tcp_transport_init). */
void net_tcp_transport_use_dns(struct net_tcp_transport *t, struct net_dns_client *dns);

#endif
