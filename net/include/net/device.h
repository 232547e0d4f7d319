/* The device interface: what an Ethernet driver implements so the stack can move frames.
 *
 * Zero-copy tokens, as smoltcp's Device::receive/transmit:
 *
 *   receive:   rx_acquire(dev, &frame, &len)  -> the stack parses (and may rewrite) the frame in
 *              place -> rx_release(dev) gives the buffer back to the driver's ring.
 *   transmit:  tx_acquire(dev, len, &frame)   -> the stack writes one whole frame there ->
 *              tx_commit(dev, len) hands it to the hardware (len <= the acquired length;
 *              len 0 abandons the buffer unsent).
 *
 * Both acquires return false when there is nothing to receive / no room to transmit; the stack
 * then stops and comes back on its next poll (the driver's interrupt wakes the poll task).
 *
 * Rules a driver can rely on, and must allow:
 *   - Every call comes from the one task that polls the interface, never from an interrupt.
 *   - At most one rx frame and one tx frame are held at a time, and they may be held TOGETHER:
 *     a reply (ICMP echo, ARP) is built while the request still sits in the rx buffer, so rx and
 *     tx buffers must be distinct memory.
 *   - Frames are Ethernet II without the FCS (the MAC appends it). The stack pads what it sends to
 *     60 bytes and never asks for more than caps.mtu + NET_ETH_HDR_LEN bytes.
 *   - Received frames may be shorter than 60 bytes and may carry trailing padding.
 *
 * A driver embeds `struct net_device` in its own state and recovers it with NET_CONTAINER_OF. */
#ifndef NET_DEVICE_H
#define NET_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/addr.h"

#define NET_CONTAINER_OF(ptr, type, member) ((type *)(void *)((char *)(ptr)-offsetof(type, member)))

/* Checksum offload. An RX flag means the hardware verified that checksum and dropped frames where
 * it was wrong, so the stack does not look again. A TX flag means the hardware fills that checksum
 * in: the stack writes 0 in the field and leaves the rest to it. */
#define NET_CKSUM_RX_IPV4 (1u << 0)
#define NET_CKSUM_RX_ICMP (1u << 1)
#define NET_CKSUM_RX_UDP (1u << 2)
#define NET_CKSUM_RX_TCP (1u << 3)
#define NET_CKSUM_TX_IPV4 (1u << 8)
#define NET_CKSUM_TX_ICMP (1u << 9)
#define NET_CKSUM_TX_UDP (1u << 10)
#define NET_CKSUM_TX_TCP (1u << 11)

struct net_device_caps {
    uint16_t mtu;      /* largest IPv4 packet carried (1500 on Ethernet); frames are 14 bytes more */
    uint8_t max_burst; /* frames to move per direction in one poll, 0 = the stack's NET_RX_BURST */
    uint32_t checksum; /* NET_CKSUM_* flags */
};

struct net_device;

struct net_device_ops {
    bool (*rx_acquire)(struct net_device *dev, uint8_t **frame, size_t *len);
    void (*rx_release)(struct net_device *dev);
    bool (*tx_acquire)(struct net_device *dev, size_t len, uint8_t **frame);
    void (*tx_commit)(struct net_device *dev, size_t len);
    /* Carrier present? */
    bool (*link_up)(struct net_device *dev);
    /* Optional (NULL when the hardware filters nothing): program the unicast address to accept. */
    void (*set_mac)(struct net_device *dev, const struct net_mac *mac);
    /* Optional: the complete list of multicast groups to accept (replaces the previous one, so a
     * hash filter can be recomputed). The stack still filters in software. */
    void (*set_multicast)(struct net_device *dev, const struct net_mac *groups, size_t count);
};

struct net_device {
    const struct net_device_ops *ops;
    struct net_device_caps caps;
};

static inline bool net_device_rx_acquire(struct net_device *dev, uint8_t **frame, size_t *len)
{
    return dev->ops->rx_acquire(dev, frame, len);
}

static inline void net_device_rx_release(struct net_device *dev)
{
    dev->ops->rx_release(dev);
}

static inline bool net_device_tx_acquire(struct net_device *dev, size_t len, uint8_t **frame)
{
    return dev->ops->tx_acquire(dev, len, frame);
}

static inline void net_device_tx_commit(struct net_device *dev, size_t len)
{
    dev->ops->tx_commit(dev, len);
}

static inline bool net_device_link_up(struct net_device *dev)
{
    return dev->ops->link_up ? dev->ops->link_up(dev) : true;
}

#endif
