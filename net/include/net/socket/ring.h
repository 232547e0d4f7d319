/* A ring of whole packets in caller-provided storage: a ring of metadata entries (who, how long)
 * beside a byte ring holding the packets. Each packet is contiguous: when it does not fit before
 * the end of the byte ring, the tail is skipped (and accounted to that packet) and the packet
 * starts at offset 0, as smoltcp's PacketBuffer does. No state outside the caller's storage. */
#ifndef NET_SOCKET_RING_H
#define NET_SOCKET_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/addr.h"

struct net_pkt_meta {
    net_ip4 addr;  /* remote end (ICMP: port unused) */
    uint16_t port;
    uint16_t len;  /* packet bytes */
    uint32_t skip; /* bytes skipped before it at the end of the byte ring */
};

/* Storage for one ring: `count` metadata entries and `size` bytes. */
struct net_ring_storage {
    struct net_pkt_meta *meta;
    size_t count;
    uint8_t *data;
    size_t size;
};

#define NET_RING_STORAGE(meta_array, data_array)                                                   \
    ((struct net_ring_storage){(meta_array), sizeof(meta_array) / sizeof((meta_array)[0]),         \
                               (data_array), sizeof(data_array)})

struct net_pkt_ring {
    struct net_pkt_meta *meta;
    uint16_t meta_cap, meta_head, meta_len; /* head: oldest packet */
    uint8_t *data;
    size_t data_cap, data_head, data_len;   /* data_head: oldest packet's first byte (with skip) */
};

void net_ring_init(struct net_pkt_ring *r, const struct net_ring_storage *s);
void net_ring_clear(struct net_pkt_ring *r);

/* Room for a packet of len bytes right now? */
bool net_ring_can_push(const struct net_pkt_ring *r, size_t len);
/* Could a packet of len bytes ever fit (the ring empty)? */
bool net_ring_fits(const struct net_pkt_ring *r, size_t len);

/* Reserves len contiguous bytes for a new packet from ep and returns where to write them, or NULL
 * when there is no room now. The packet is queued at once (write it before anything pops). */
uint8_t *net_ring_push(struct net_pkt_ring *r, const struct net_endpoint *ep, size_t len);

/* The oldest packet (NULL when empty): its bytes, length and endpoint. */
uint8_t *net_ring_peek(const struct net_pkt_ring *r, struct net_endpoint *ep, size_t *len);
void net_ring_pop(struct net_pkt_ring *r);

static inline bool net_ring_empty(const struct net_pkt_ring *r)
{
    return r->meta_len == 0;
}

#endif
