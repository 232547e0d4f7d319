/* The LAN9118 as the stack's net_device (net/device.h).
 *
 * The chip has no DMA: frames move through its FIFOs by programmed I/O, so each direction has a
 * buffer in RAM (distinct: the stack holds both at once while it answers a request in place).
 * rx_acquire pulls the next good frame out of the RX FIFO into the receive buffer, skipping (and
 * counting) frames the chip flagged or that are too long; tx_commit pushes the transmit buffer
 * into the TX FIFO. tx_acquire refuses while the TX FIFO has no room, and the stack retries.
 *
 * Interrupt: lan9118_netdev_irq() from the Ethernet hardware task acknowledges the causes, which
 * quiets the line; the frames stay in the FIFO for the poll task to read. */
#ifndef LAN9118_NETDEV_H
#define LAN9118_NETDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lan9118.h"
#include "net/device.h"

#define LAN9118_NETDEV_MTU 1500
#define LAN9118_NETDEV_FRAME_MAX (LAN9118_NETDEV_MTU + 14) /* Ethernet II without the FCS */

struct lan9118_netdev_stats {
    uint32_t rx_frames, tx_frames;
    uint32_t rx_errors;   /* the chip flagged the frame (CRC, runt, filter...): skipped */
    uint32_t rx_oversize; /* longer than LAN9118_NETDEV_FRAME_MAX: skipped */
    uint32_t rx_missed;   /* dropped by the chip itself, its RX FIFO full (RX_DROP) */
    uint32_t tx_full;     /* tx_acquire refused: no room in the TX FIFO */
    uint32_t irqs;        /* interrupts acknowledged */
    uint32_t link_changes;/* PHY interrupts */
};

struct lan9118_netdev {
    struct net_device dev;
    uintptr_t base;
    bool rx_held, tx_held;
    size_t rx_len;
    struct lan9118_netdev_stats stats;
    /* Word-aligned: the FIFOs move 32-bit words. */
    uint8_t rx_buf[LAN9118_NETDEV_FRAME_MAX] __attribute__((aligned(4)));
    uint8_t tx_buf[LAN9118_NETDEV_FRAME_MAX] __attribute__((aligned(4)));
};

/* Resets and starts the chip at base with this MAC address. Returns 0, or -1 when no LAN9118
 * answers there. */
int lan9118_netdev_open(struct lan9118_netdev *e, uintptr_t base, const uint8_t mac[6]);

/* From the interrupt's hardware task: acknowledges every pending cause (the line drops) and
 * returns them (LAN9118_INT_*). Nothing is read from the FIFOs here. */
uint32_t lan9118_netdev_irq(struct lan9118_netdev *e);

/* Brings rx_missed up to date from the chip's drop counter (which clears when read). */
void lan9118_netdev_update_stats(struct lan9118_netdev *e);

static inline struct lan9118_netdev *lan9118_netdev_of(struct net_device *dev)
{
    return NET_CONTAINER_OF(dev, struct lan9118_netdev, dev);
}

#endif
