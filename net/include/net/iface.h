/* A network interface: one Ethernet device, its IPv4 configuration, the ARP cache, fragment
 * reassembly, ICMP, the sockets bound to it, and the handlers (TCP, DHCP, DNS) that hook into it.
 *
 *   static uint8_t hold[2 * 1536], reasm[2 * 4608];
 *   struct net_iface_config cfg = {.dev = &eth.dev, .mac = mac, .entropy = rng,
 *                                  .hold_storage = hold, .hold_size = sizeof hold};
 *   net_iface_init(&iface, &cfg);
 *   net_iface_enable_reasm(&iface, reasm, sizeof reasm); // only if fragments must be accepted
 *   net_iface_set_ipv4(&iface, NET_IP4(10,0,0,2), 24);
 *   for (;;) { net_iface_poll(&iface, now()); sleep_until(net_iface_poll_at(&iface, now())); }
 *
 * Everything happens inside net_iface_poll(): received frames are processed in place, timers run,
 * and the sockets' queued data is sent. Nothing here blocks, allocates or keeps time itself. */
#ifndef NET_IFACE_H
#define NET_IFACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/addr.h"
#include "net/config.h"
#include "net/counters.h"
#include "net/device.h"
#include "net/err.h"
#include "net/wire/ipv4.h"

struct net_iface;
struct net_udp_socket;
struct net_icmp_socket;
struct iface_reasm_ops;
struct iface_socket_ops;

/* 32 random bits (the board's RNG). Used for DHCP xids, DNS ids, ephemeral ports, jitter, and
 * TCP's initial sequence numbers. */
typedef uint32_t (*net_entropy_fn)(void *ctx);

/* A module that hooks into the interface: TCP (ip_protocol 6), the DHCP and DNS clients (0: they
 * receive through UDP sockets). Registered with net_iface_add_handler(); the interface calls
 *   input   for every IPv4 packet to us with this protocol (reassembled, header checked; the
 *           payload is not: the handler parses its own header and checksum),
 *   poll    on every net_iface_poll() after the received frames: timers and transmission
 *           (through net_iface_ip_begin/commit); returns whether anything changed,
 *   poll_at for the earliest time it needs poll again (UINT64_MAX: only when something arrives).
 * Any of the three may be NULL. */
struct net_handler {
    struct net_handler *next;
    uint8_t ip_protocol;
    void (*input)(struct net_handler *h, struct net_iface *iface, uint64_t now_us,
                  const struct net_ipv4_repr *ip);
    bool (*poll)(struct net_handler *h, struct net_iface *iface, uint64_t now_us);
    uint64_t (*poll_at)(const struct net_handler *h, const struct net_iface *iface,
                        uint64_t now_us);
};

struct net_iface_config {
    struct net_device *dev;
    struct net_mac mac;
    net_entropy_fn entropy; /* NULL: a fixed pseudo-random sequence (tests only) */
    void *entropy_ctx;
    /* Packets waiting for ARP to resolve their next hop: NET_ARP_HOLD_SLOTS equal slots, each
     * holding one frame (1514 bytes per slot holds any). NULL: such packets stay in their socket
     * until the neighbour answers, or are dropped when they have no socket (replies). */
    uint8_t *hold_storage;
    size_t hold_size;
    /* IPv4 reassembly is not configured here but by net_iface_enable_reasm(), so that an image
     * that never calls it has none of its code. */
};

/* ---- the state, public so the caller can allocate it; use the functions below ---- */

enum net_arp_state { NET_ARP_FREE, NET_ARP_PENDING, NET_ARP_RESOLVED, NET_ARP_FAILED };

struct net_arp_entry {
    net_ip4 ip;
    struct net_mac mac;
    uint8_t state; /* enum net_arp_state */
    uint8_t tries; /* requests sent while pending */
    int8_t hold;   /* hold slot with a packet for it, -1 none */
    bool refreshing;
    uint64_t deadline; /* resolved: expiry; pending: next request; failed: end of hold-off */
    /* resolved: in use until then (a packet went out through it less than NET_ARP_IN_USE_US
     * ago), so a new lookup does not evict it; pending: when the lookup began */
    uint64_t stamp;
};

struct net_route {
    net_ip4 net;
    uint8_t prefix_len;
    bool used;
    net_ip4 via;
};

struct net_reasm_range {
    uint16_t start, end; /* [start, end) bytes of payload received */
};

struct net_reasm_slot {
    bool used;
    uint8_t protocol;
    uint8_t range_count;
    uint16_t ident;
    uint16_t total_len; /* payload length, known once the last fragment arrived (0 before) */
    net_ip4 src, dst;
    uint8_t ttl, tos;
    uint64_t deadline;
    struct net_reasm_range ranges[NET_REASM_RANGES];
};

struct net_iface {
    struct net_device *dev;
    struct net_mac mac;
    net_ip4 addr;
    uint8_t prefix_len;
    net_ip4 gateway;
    struct net_route routes[NET_ROUTE_MAX];
    net_ip4 mcast[NET_MCAST_MAX];
    uint8_t mcast_count;

    struct net_arp_entry arp[NET_ARP_CACHE_SIZE];
    uint8_t *hold_storage;
    size_t hold_slot_size;
    uint16_t hold_len[NET_ARP_HOLD_SLOTS]; /* frame length held, 0 = free */

    uint8_t *reasm_storage;
    size_t reasm_slot_size;
    struct net_reasm_slot reasm[NET_REASM_SLOTS];

    struct net_udp_socket *udp;
    struct net_icmp_socket *icmp;
    struct net_handler *handlers;
    /* The parts reached only through these (net/internal.h), set by the call that starts using
     * them (net_iface_enable_reasm, net_udp_bind, net_icmp_bind); NULL: not used, not linked. */
    const struct iface_reasm_ops *reasm_ops;
    const struct iface_socket_ops *udp_ops, *icmp_ops;
    /* static routes' gateway for a destination (0: none), set by net_iface_add_route */
    net_ip4 (*route_lookup)(const struct net_iface *iface, net_ip4 dst);
    /* Fragmentation: set with the parts that can send datagrams larger than the MTU (reassembly,
     * UDP and ICMP sockets); NULL: such a datagram is NET_TX_TOO_BIG (TCP never makes one). */
    enum net_tx_result (*ip_fragment)(struct net_iface *iface, uint64_t now_us, net_ip4 dst,
                                      uint8_t protocol, const uint8_t *payload, size_t len);

    net_entropy_fn entropy;
    void *entropy_ctx;
    uint32_t prng;
    uint16_t next_ident;
    uint64_t icmp_tat; /* ICMP errors' rate limit (iface/icmp.c) */
    bool garp_pending;
    bool changed;
    bool rx_more;         /* the last poll stopped at its burst limit: frames may be waiting */
    uint64_t tx_retry_at; /* device was full: when to try again (0: not waiting) */
    struct net_counters counters;
};

void net_iface_init(struct net_iface *iface, const struct net_iface_config *cfg);

/* IPv4 reassembly (RFC 791) into storage split in NET_REASM_SLOTS equal slots, each the largest
 * datagram payload accepted (ping -s 4000 needs 4008 bytes). Without it (the default) fragments
 * are dropped and counted as NET_DROP_FRAG_NO_BUFFER, and the reassembly code is not linked:
 * TCP never needs it (its segments fit the MSS). After net_iface_init; storage too small for
 * NET_REASM_SLOTS slots of 8 bytes leaves reassembly off. */
void net_iface_enable_reasm(struct net_iface *iface, uint8_t *storage, size_t size);

/* Sets (addr != 0) or removes (addr == 0) the IPv4 address. A new address is announced by a
 * gratuitous ARP on the next poll. Neighbours learnt under the old address are forgotten. */
void net_iface_set_ipv4(struct net_iface *iface, net_ip4 addr, uint8_t prefix_len);
void net_iface_set_gateway(struct net_iface *iface, net_ip4 gateway); /* 0: none */
net_ip4 net_iface_ipv4(const struct net_iface *iface);
uint8_t net_iface_prefix_len(const struct net_iface *iface);
net_ip4 net_iface_gateway(const struct net_iface *iface);

/* Static routes: net/prefix_len via a gateway on the connected subnet. Longest prefix wins;
 * the connected subnet is always direct, the default gateway is the last resort. */
enum net_err net_iface_add_route(struct net_iface *iface, net_ip4 net, uint8_t prefix_len,
                                 net_ip4 via);
enum net_err net_iface_remove_route(struct net_iface *iface, net_ip4 net, uint8_t prefix_len);

/* Multicast groups to accept (224.0.0.1 always is); tells the device its filter. */
enum net_err net_iface_join_multicast(struct net_iface *iface, net_ip4 group);
enum net_err net_iface_leave_multicast(struct net_iface *iface, net_ip4 group);

/* Static ARP entry (never ages), e.g. for tests or a fixed gateway. */
enum net_err net_iface_add_neighbor(struct net_iface *iface, net_ip4 ip, const struct net_mac *mac);

/* Forgets what depends on the link: neighbours, held packets, partial datagrams, queued socket
 * output is kept. For link loss (the app's link watch calls it when the cable comes back). */
void net_iface_flush(struct net_iface *iface);

void net_iface_add_handler(struct net_iface *iface, struct net_handler *h);
void net_iface_remove_handler(struct net_iface *iface, struct net_handler *h);

/* Processes what is pending: frames from the device, timers, socket output. Returns whether
 * anything changed (a frame moved or a state advanced). */
bool net_iface_poll(struct net_iface *iface, uint64_t now_us);

/* When poll must run next at the latest, without any interrupt: now_us or later, or UINT64_MAX
 * when only a received frame (the device's interrupt) can give it work. */
uint64_t net_iface_poll_at(const struct net_iface *iface, uint64_t now_us);

const struct net_counters *net_iface_counters(const struct net_iface *iface);
bool net_iface_link_up(const struct net_iface *iface);

/* 32 bits from the configured entropy source. */
uint32_t net_iface_random(struct net_iface *iface);

/* ---- sending IPv4: used by the sockets, and the seam for TCP ----
 *
 *   struct net_ip_tx tx;
 *   if (net_iface_ip_begin(iface, now, dst, NET_IP_PROTO_TCP, max_len, &tx) == NET_TX_OK) {
 *       ... write the segment at tx.payload (up to tx.cap bytes), checksum with tx.src ...
 *       net_iface_ip_commit(iface, &tx, seg_len);
 *   }
 *
 * begin picks the route and source address and resolves the next hop: the buffer is the device's
 * own transmit buffer (zero copy), or a hold slot when the neighbour is still being resolved (the
 * packet then leaves when ARP answers: for the caller it is sent). */
enum net_tx_result {
    NET_TX_OK,
    NET_TX_DEVICE_FULL, /* no transmit buffer now: try again on a later poll */
    NET_TX_ARP_PENDING, /* neighbour being resolved and nothing can be held: try again later */
    NET_TX_NO_ROUTE,    /* no address, or no route */
    NET_TX_ARP_FAILED, /* the next hop does not answer ARP */
    NET_TX_TOO_BIG,    /* len > MTU - 20: use net_iface_ip_send() which fragments */
};

struct net_ip_tx {
    uint8_t *payload; /* write the IP payload here */
    size_t cap;       /* bytes reserved at payload */
    net_ip4 src, dst; /* for the pseudo-header checksum */
    uint8_t protocol;
    bool dont_frag;   /* may be set before commit (TCP does) */
    uint8_t tos;
    /* private */
    uint8_t *frame;
    int8_t hold;
    int8_t arp_index;
};

static inline bool net_tx_retry_later(enum net_tx_result r)
{
    return r == NET_TX_DEVICE_FULL || r == NET_TX_ARP_PENDING;
}

enum net_tx_result net_iface_ip_begin(struct net_iface *iface, uint64_t now_us, net_ip4 dst,
                                      uint8_t protocol, size_t len, struct net_ip_tx *tx);
/* Sends len (<= tx->cap) bytes of payload; 0 abandons. */
void net_iface_ip_commit(struct net_iface *iface, struct net_ip_tx *tx, size_t len);

/* Copies payload into as many frames as needed (fragments past the MTU). A packet that needs
 * fragments cannot be held: with its neighbour unresolved it gives NET_TX_ARP_PENDING. Past
 * the MTU only in an image that can make such datagrams (reassembly enabled, or a UDP or ICMP
 * socket bound: they install the fragmentation); else NET_TX_TOO_BIG. */
enum net_tx_result net_iface_ip_send(struct net_iface *iface, uint64_t now_us, net_ip4 dst,
                                     uint8_t protocol, const uint8_t *payload, size_t len);

/* Must software fill / verify this checksum (NET_CKSUM_TX_* / NET_CKSUM_RX_* flag)? */
static inline bool net_iface_sw_cksum(const struct net_iface *iface, uint32_t flag)
{
    return (iface->dev->caps.checksum & flag) == 0;
}

/* Must software verify this received transport checksum? Checksum offload engines check single
 * frames only: a datagram reassembled from fragments is always verified in software. */
static inline bool net_iface_rx_sw_cksum(const struct net_iface *iface,
                                         const struct net_ipv4_repr *ip, uint32_t flag)
{
    return ip->reassembled || net_iface_sw_cksum(iface, flag);
}

/* The largest IP payload in one frame: MTU - 20. */
static inline size_t net_iface_ip_mtu(const struct net_iface *iface)
{
    return (size_t)iface->dev->caps.mtu - NET_IPV4_HDR_LEN;
}

/* For handlers: count a drop at a layer. */
void net_iface_drop(struct net_iface *iface, struct net_layer_counters *layer,
                    enum net_drop_reason reason);

#endif
