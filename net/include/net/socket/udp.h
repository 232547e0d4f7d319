/* UDP sockets with caller-provided rings.
 *
 *   static struct net_pkt_meta rx_meta[8], tx_meta[8];
 *   static uint8_t rx_data[4096], tx_data[4096];
 *   static struct net_udp_socket echo;
 *   net_udp_init(&echo, &NET_RING_STORAGE(rx_meta, rx_data), &NET_RING_STORAGE(tx_meta, tx_data));
 *   net_udp_bind(&iface, &echo, 7);
 *   ... on NET_EV_RX: net_udp_recv_from(&echo, &from, buf, sizeof buf, &n);
 *                     net_udp_send_to(&echo, &from, buf, n);
 *
 * Sending queues the datagram; net_iface_poll() sends it (fragmented when larger than the MTU).
 * A datagram whose neighbour is still being resolved waits in the ring, so nothing is lost to
 * ARP; only a neighbour that never answers drops it. */
#ifndef NET_SOCKET_UDP_H
#define NET_SOCKET_UDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/addr.h"
#include "net/err.h"
#include "net/event.h"
#include "net/iface.h"
#include "net/socket/ring.h"

struct net_udp_socket;

/* The stack's own clients (DHCP, DNS) take datagrams as they arrive instead of through a ring. */
typedef void (*net_udp_input_fn)(struct net_udp_socket *s, uint64_t now_us,
                                 const struct net_endpoint *from, net_ip4 dst,
                                 const uint8_t *data, size_t len);

struct net_udp_socket {
    struct net_udp_socket *next;
    struct net_iface *iface;
    uint16_t port;
    bool any_dst;    /* accept datagrams to any destination address (DHCP before it has one) */
    bool tx_blocked; /* the last send attempt has to wait (device full / ARP pending) */
    struct net_pkt_ring rx, tx;
    struct net_waker waker;
    net_udp_input_fn input;
    uint32_t rx_dropped; /* datagrams lost to a full receive ring */
};

/* Either storage may have no entries (a send-only or receive-only socket). */
void net_udp_init(struct net_udp_socket *s, const struct net_ring_storage *rx,
                  const struct net_ring_storage *tx);

/* Binds to port on iface (0: a free ephemeral port). NET_ERR_IN_USE if taken. */
enum net_err net_udp_bind(struct net_iface *iface, struct net_udp_socket *s, uint16_t port);
void net_udp_close(struct net_udp_socket *s);
uint16_t net_udp_local_port(const struct net_udp_socket *s);
void net_udp_set_waker(struct net_udp_socket *s, net_waker_fn fn, void *ctx);

/* Queues one datagram. NET_ERR_FULL: no room now (wait for NET_EV_TX); NET_ERR_TOO_BIG: it
 * could never fit the ring. */
enum net_err net_udp_send_to(struct net_udp_socket *s, const struct net_endpoint *to,
                             const void *data, size_t len);

/* Zero copy: reserves len bytes in the transmit ring for a datagram to `to` and returns where to
 * write them (before the next poll), or NULL when there is no room. */
uint8_t *net_udp_send_buffer(struct net_udp_socket *s, const struct net_endpoint *to, size_t len);

/* Takes the oldest datagram. A datagram longer than cap is cut to cap bytes and
 * NET_ERR_TRUNCATED is returned (*len = bytes copied). NET_ERR_EMPTY when there is none. */
enum net_err net_udp_recv_from(struct net_udp_socket *s, struct net_endpoint *from, void *buf,
                               size_t cap, size_t *len);

/* Zero copy: the oldest datagram in place (NULL when none); net_udp_consume() releases it. */
const uint8_t *net_udp_peek(const struct net_udp_socket *s, struct net_endpoint *from,
                            size_t *len);
void net_udp_consume(struct net_udp_socket *s);

bool net_udp_can_recv(const struct net_udp_socket *s);
bool net_udp_can_send(const struct net_udp_socket *s, size_t len);

/* Sending without a ring (the stack's clients, e.g. DHCP): reserves a frame for a datagram of
 * len bytes from src_port to `to` and points *data at where its payload goes; then
 * net_udp_raw_commit() with the length written (0 abandons). */
enum net_tx_result net_udp_raw_begin(struct net_iface *iface, uint64_t now_us,
                                     const struct net_endpoint *to, size_t len,
                                     struct net_ip_tx *tx, uint8_t **data);
void net_udp_raw_commit(struct net_iface *iface, struct net_ip_tx *tx, uint16_t src_port,
                        uint16_t dst_port, size_t len);

#endif
