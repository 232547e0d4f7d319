/* ICMP echo sockets: how firmware pings others. A socket is bound to an echo identifier; echo
 * replies carrying it are queued for it (the interface answers echo requests by itself).
 *
 *   net_icmp_init(&ping, &NET_RING_STORAGE(rx_meta, rx_data), &NET_RING_STORAGE(tx_meta, tx_data));
 *   net_icmp_bind(&iface, &ping, 0);
 *   net_icmp_send_echo(&ping, NET_IP4(10,0,0,1), seq, payload, 56);
 *   ... on NET_EV_RX: net_icmp_recv_echo(&ping, &from, &seq, buf, sizeof buf, &n); */
#ifndef NET_SOCKET_ICMP_H
#define NET_SOCKET_ICMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/addr.h"
#include "net/err.h"
#include "net/event.h"
#include "net/iface.h"
#include "net/socket/ring.h"

struct net_icmp_socket {
    struct net_icmp_socket *next;
    struct net_iface *iface;
    uint16_t ident;
    bool tx_blocked;
    struct net_pkt_ring rx, tx; /* whole ICMP messages (header + data) */
    struct net_waker waker;
    uint32_t rx_dropped;
};

void net_icmp_init(struct net_icmp_socket *s, const struct net_ring_storage *rx,
                   const struct net_ring_storage *tx);
/* Binds the echo identifier (0: a random free one). */
enum net_err net_icmp_bind(struct net_iface *iface, struct net_icmp_socket *s, uint16_t ident);
void net_icmp_close(struct net_icmp_socket *s);
uint16_t net_icmp_ident(const struct net_icmp_socket *s);
void net_icmp_set_waker(struct net_icmp_socket *s, net_waker_fn fn, void *ctx);

/* Queues an echo request with our identifier, seq and len bytes of data. */
enum net_err net_icmp_send_echo(struct net_icmp_socket *s, net_ip4 dst, uint16_t seq,
                                const void *data, size_t len);

/* Takes the oldest echo reply: who sent it, its sequence number and data (cut to cap:
 * NET_ERR_TRUNCATED). NET_ERR_EMPTY when none. */
enum net_err net_icmp_recv_echo(struct net_icmp_socket *s, net_ip4 *from, uint16_t *seq,
                                void *data, size_t cap, size_t *len);

bool net_icmp_can_recv(const struct net_icmp_socket *s);
bool net_icmp_can_send(const struct net_icmp_socket *s, size_t len);

#endif
