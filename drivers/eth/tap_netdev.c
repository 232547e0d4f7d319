/* TAP adapter: the register-level tap.c driver behind the stack's device tokens. */
#include "tap_netdev.h"

#include <string.h>

static bool rx_acquire(struct net_device *dev, uint8_t **frame, size_t *len)
{
    struct tap_netdev *t = tap_netdev_of(dev);
    if (t->rx_held)
        return false;
    /* Oversized frames and read errors are skipped here, so one bad frame does not stop the
     * stack from reading the good ones behind it. Bounded: a burst's worth, then yield. */
    for (unsigned tries = 0; tries < 64; tries++) {
        ssize_t n = tap_read(t->fd, t->rx_buf, sizeof t->rx_buf);
        if (n == 0)
            return false;
        if (n < 0) {
            t->stats.rx_errors++;
            return false;
        }
        if ((size_t)n > TAP_NETDEV_FRAME_MAX) {
            t->stats.rx_oversize++;
            continue;
        }
        t->rx_len = (size_t)n;
        t->rx_held = true;
        t->stats.rx_frames++;
        *frame = t->rx_buf;
        *len = t->rx_len;
        return true;
    }
    return false;
}

static void rx_release(struct net_device *dev)
{
    tap_netdev_of(dev)->rx_held = false;
}

static bool tx_acquire(struct net_device *dev, size_t len, uint8_t **frame)
{
    struct tap_netdev *t = tap_netdev_of(dev);
    if (t->tx_held || len > sizeof t->tx_buf)
        return false;
    t->tx_held = true;
    *frame = t->tx_buf;
    return true;
}

static void tx_commit(struct net_device *dev, size_t len)
{
    struct tap_netdev *t = tap_netdev_of(dev);
    if (!t->tx_held)
        return;
    t->tx_held = false;
    if (len == 0)
        return;
    /* The stack pads to 60 bytes itself; the kernel queue being full loses the frame, as a
     * real MAC's full ring would (the kernel's tap queue is deep, so this is rare). */
    if (tap_write(t->fd, t->tx_buf, len) == 0)
        t->stats.tx_frames++;
    else
        t->stats.tx_errors++;
}

static bool link_up(struct net_device *dev)
{
    return tap_link_up(tap_netdev_of(dev)->name);
}

static const struct net_device_ops tap_ops = {
    .rx_acquire = rx_acquire,
    .rx_release = rx_release,
    .tx_acquire = tx_acquire,
    .tx_commit = tx_commit,
    .link_up = link_up,
};

int tap_netdev_open(struct tap_netdev *t, const char *name)
{
    memset(&t->dev, 0, sizeof t->dev);
    memset(&t->stats, 0, sizeof t->stats);
    t->rx_held = t->tx_held = false;
    t->rx_len = 0;
    t->fd = tap_open(name);
    if (t->fd < 0)
        return -1;
    strncpy(t->name, name, sizeof t->name - 1);
    t->name[sizeof t->name - 1] = '\0';
    t->dev.ops = &tap_ops;
    t->dev.caps.mtu = TAP_NETDEV_MTU;
    return 0;
}
