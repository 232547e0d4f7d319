/* LAN9118 adapter: the register-level lan9118.c driver behind the stack's device tokens. */
#include "lan9118_netdev.h"

#include <string.h>

#include "cortex_m.h"

/* Frames skipped in one rx_acquire at most, so a flood of bad frames cannot hold the poll task. */
#define RX_SKIP_MAX 32

static bool rx_acquire(struct net_device *dev, uint8_t **frame, size_t *len)
{
    struct lan9118_netdev *e = lan9118_netdev_of(dev);
    if (e->rx_held)
        return false;
    for (unsigned skipped = 0; skipped < RX_SKIP_MAX; skipped++) {
        int n = lan9118_rx_frame(e->base, e->rx_buf, sizeof e->rx_buf);
        if (n == LAN9118_RX_NONE)
            return false;
        if (n == LAN9118_RX_ERROR) {
            e->stats.rx_errors++;
            continue;
        }
        if (n == LAN9118_RX_TOO_BIG) {
            e->stats.rx_oversize++;
            continue;
        }
        e->rx_len = (size_t)n;
        e->rx_held = true;
        e->stats.rx_frames++;
        *frame = e->rx_buf;
        *len = e->rx_len;
        return true;
    }
    return false;
}

static void rx_release(struct net_device *dev)
{
    lan9118_netdev_of(dev)->rx_held = false;
}

static bool tx_acquire(struct net_device *dev, size_t len, uint8_t **frame)
{
    struct lan9118_netdev *e = lan9118_netdev_of(dev);
    if (e->tx_held || len > sizeof e->tx_buf)
        return false;
    /* Refuse now rather than fail at commit: the stack keeps the packet and comes back. */
    if (!lan9118_tx_ready(e->base, len)) {
        e->stats.tx_full++;
        return false;
    }
    e->tx_held = true;
    *frame = e->tx_buf;
    return true;
}

static void tx_commit(struct net_device *dev, size_t len)
{
    struct lan9118_netdev *e = lan9118_netdev_of(dev);
    if (!e->tx_held)
        return;
    e->tx_held = false;
    /* Room was checked for the acquired length, and len is never more. */
    if (len && lan9118_tx_frame(e->base, e->tx_buf, len) == 0)
        e->stats.tx_frames++;
}

/* MAC and PHY registers are reached through one shared pair of indirect registers (MAC_CSR_CMD
 * and MAC_CSR_DATA), and the interrupt's acknowledgement uses them too (it reads the PHY's
 * interrupt source on a link change). A task's access must not be cut in two by it: short
 * critical sections, a few register round trips each (a PHY read is tens of microseconds on
 * the real chip's MDIO). */
static bool link_up(struct net_device *dev)
{
    uint32_t primask = cortex_m_primask_save_disable();
    bool up = lan9118_link_up(lan9118_netdev_of(dev)->base);
    cortex_m_primask_restore(primask);
    return up;
}

/* The chip's filter has one unicast address and all-or-nothing multicast here (its hash filter
 * is not programmed): accept every group as soon as one is wanted; the stack filters exactly. */
static void set_multicast(struct net_device *dev, const struct net_mac *groups, size_t count)
{
    (void)groups;
    uint32_t primask = cortex_m_primask_save_disable();
    lan9118_set_multicast_all(lan9118_netdev_of(dev)->base, count > 0);
    cortex_m_primask_restore(primask);
}

static const struct net_device_ops lan9118_ops = {
    .rx_acquire = rx_acquire,
    .rx_release = rx_release,
    .tx_acquire = tx_acquire,
    .tx_commit = tx_commit,
    .link_up = link_up,
    .set_multicast = set_multicast,
};

int lan9118_netdev_open(struct lan9118_netdev *e, uintptr_t base, const uint8_t mac[6])
{
    memset(&e->dev, 0, sizeof e->dev);
    memset(&e->stats, 0, sizeof e->stats);
    e->base = base;
    e->rx_held = e->tx_held = false;
    e->rx_len = 0;
    if (lan9118_init(base, mac) != 0)
        return -1;
    e->dev.ops = &lan9118_ops;
    e->dev.caps.mtu = LAN9118_NETDEV_MTU;
    return 0;
}

uint32_t lan9118_netdev_irq(struct lan9118_netdev *e)
{
    uint32_t causes = lan9118_irq_ack(e->base);
    e->stats.irqs++;
    if (causes & LAN9118_INT_PHY)
        e->stats.link_changes++;
    return causes;
}

void lan9118_netdev_update_stats(struct lan9118_netdev *e)
{
    e->stats.rx_missed += lan9118_rx_dropped(e->base);
}
