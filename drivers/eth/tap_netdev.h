/* The native TAP device as the stack's net_device (net/device.h).
 *
 * One receive buffer and one transmit buffer, distinct (the stack holds both at once while it
 * answers a request in place). A received frame is read straight into the receive buffer and
 * handed to the stack there; a frame to send is built in the transmit buffer and written whole.
 * The receive buffer is larger than any Ethernet frame so that an oversized frame (the Linux side
 * may have a larger MTU) is seen whole, counted and dropped instead of reaching the stack cut. */
#ifndef TAP_NETDEV_H
#define TAP_NETDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/device.h"
#include "tap.h"

#define TAP_NETDEV_MTU 1500
#define TAP_NETDEV_FRAME_MAX (TAP_NETDEV_MTU + 14) /* Ethernet II without the FCS */
#define TAP_NETDEV_RX_BUF 65536                    /* any frame the kernel can hand us */

struct tap_netdev_stats {
    uint32_t rx_frames, tx_frames;
    uint32_t rx_oversize; /* longer than TAP_NETDEV_FRAME_MAX: dropped here */
    uint32_t rx_errors;   /* read() failed */
    uint32_t tx_errors;   /* write() failed or the kernel queue was full: frame lost */
};

struct tap_netdev {
    struct net_device dev;
    int fd;
    char name[TAP_NAME_MAX];
    bool rx_held, tx_held;
    size_t rx_len;
    struct tap_netdev_stats stats;
    uint8_t tx_buf[TAP_NETDEV_FRAME_MAX];
    uint8_t rx_buf[TAP_NETDEV_RX_BUF];
};

/* Attaches to (or creates) the TAP interface `name`. The MAC address is the stack's: a TAP
 * filters nothing, so it is only logged. Returns 0, or -1 (reason logged by tap_open). */
int tap_netdev_open(struct tap_netdev *t, const char *name);

/* The file descriptor to watch for received frames (the native port binds it to an IRQ). */
static inline int tap_netdev_fd(const struct tap_netdev *t)
{
    return t->fd;
}

static inline struct tap_netdev *tap_netdev_of(struct net_device *dev)
{
    return NET_CONTAINER_OF(dev, struct tap_netdev, dev);
}

#endif
