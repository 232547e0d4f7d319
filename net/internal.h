/* Functions the parts of kit_net call in each other; not part of the public API. */
#ifndef NET_INTERNAL_H
#define NET_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/iface.h"
#include "net/wire/ethernet.h"
#include "net/wire/ipv4.h"

#ifndef MIN
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#endif

/* The frame offset where the IPv4 payload starts (no IP options are ever sent). */
#define NET_IP_PAYLOAD_OFFSET (NET_ETH_HDR_LEN + NET_IPV4_HDR_LEN)

/* iface/rx.c */
void iface_input_frame(struct net_iface *iface, uint64_t now, uint8_t *frame, size_t len);
/* Is dst one of ours: our address, a broadcast, or a joined group? */
bool iface_accepts_ipv4(const struct net_iface *iface, net_ip4 dst);
bool iface_is_broadcast(const struct net_iface *iface, net_ip4 a);

/* iface/route.c: the next hop for dst, or false when there is none. *mac is set for broadcast
 * and multicast destinations (no ARP) and *need_arp tells whether hop must be resolved. */
bool route_next_hop(const struct net_iface *iface, net_ip4 dst, net_ip4 *hop,
                    struct net_mac *mac, bool *need_arp);

/* iface/arp.c */
void arp_input(struct net_iface *iface, uint64_t now, const uint8_t *data, size_t len);
enum net_tx_result arp_resolve(struct net_iface *iface, uint64_t now, net_ip4 hop,
                               struct net_mac *mac, int *index);
bool arp_poll(struct net_iface *iface, uint64_t now);
uint64_t arp_poll_at(const struct net_iface *iface, uint64_t now);
void arp_flush(struct net_iface *iface);
int hold_alloc(struct net_iface *iface, size_t frame_len);
void hold_free(struct net_iface *iface, int slot);
uint8_t *hold_frame(const struct net_iface *iface, int slot);

/* iface/tx.c */
enum net_tx_result tx_raw_frame(struct net_iface *iface, uint64_t now, const uint8_t *frame,
                                size_t len);
void tx_commit_frame(struct net_iface *iface, uint8_t *frame, size_t len);
bool tx_device_frame(struct net_iface *iface, uint64_t now, size_t len, uint8_t **frame);
enum net_drop_reason tx_drop_reason(enum net_tx_result r);
/* Fragmentation, for iface->ip_fragment (see there). */
enum net_tx_result iface_ip_fragment(struct net_iface *iface, uint64_t now, net_ip4 dst,
                                     uint8_t protocol, const uint8_t *payload, size_t len);

/* Parts of the stack that the interface reaches only through a table of functions, installed
 * by the call that starts using the part: an image that never binds a UDP or ICMP socket, or
 * never enables reassembly, links none of their code (docs/net.md, "Pay for what you use"). */

/* iface/reasm.c, installed by net_iface_enable_reasm(). */
struct iface_reasm_ops {
    /* Takes a fragment; true when it completed a datagram: *whole describes it, in slot *slot
     * until free(slot). */
    bool (*input)(struct net_iface *iface, uint64_t now, const struct net_ipv4_repr *frag,
                  struct net_ipv4_repr *whole, int *slot);
    void (*free)(struct net_iface *iface, int slot);
    bool (*poll)(struct net_iface *iface, uint64_t now);
    uint64_t (*poll_at)(const struct net_iface *iface);
    void (*flush)(struct net_iface *iface);
};

/* socket/udp.c and socket/icmp.c, installed by their bind. */
struct iface_socket_ops {
    /* A datagram for the layer's sockets, its header already checked: hdr is the parsed
     * struct net_udp_repr (UDP) or struct net_icmpv4_repr (an echo reply). for_us false: dst was
     * accepted only for any_dst UDP sockets. False when no socket takes it. */
    bool (*input)(struct net_iface *iface, uint64_t now, const struct net_ipv4_repr *ip,
                  const void *hdr, bool for_us);
    /* Sends what the sockets queued, at most *budget datagrams (decremented). */
    bool (*poll)(struct net_iface *iface, uint64_t now, unsigned *budget);
    bool (*wants_poll)(const struct net_iface *iface); /* queued output that may go now */
};

/* iface/icmp.c. `unicast`: the packet was addressed to us alone (errors and echo replies are
 * never sent for broadcast or multicast packets). */
void icmp_input(struct net_iface *iface, uint64_t now, const struct net_ipv4_repr *ip,
                bool unicast);
void icmp_send_error(struct net_iface *iface, uint64_t now, const struct net_ipv4_repr *ip,
                     uint8_t type, uint8_t code);

#endif
