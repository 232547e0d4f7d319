/* The in-memory pipe device (see net/pipe.h). */
#include "net/pipe.h"

#include <string.h>

static struct net_pipe_end *end_of(struct net_device *dev)
{
    return NET_CONTAINER_OF(dev, struct net_pipe_end, dev);
}

static bool rx_acquire(struct net_device *dev, uint8_t **frame, size_t *len)
{
    struct net_pipe_end *e = end_of(dev);
    if (e->len == 0 || e->rx_held)
        return false;
    struct net_pipe_frame *f = &e->slots[e->head];
    *frame = f->data;
    *len = f->len;
    e->rx_held = true;
    return true;
}

static void rx_release(struct net_device *dev)
{
    struct net_pipe_end *e = end_of(dev);
    if (!e->rx_held)
        return;
    e->rx_held = false;
    e->head = (uint16_t)((e->head + 1) % e->count);
    e->len--;
    e->rx_frames++;
}

/* The slot of the peer's queue our next frame goes to (zero copy: we write into it directly). */
static struct net_pipe_frame *peer_tail(struct net_pipe_end *e)
{
    struct net_pipe_end *p = e->peer;
    if (!p || p->len >= p->count)
        return NULL;
    return &p->slots[(p->head + p->len) % p->count];
}

static bool tx_acquire(struct net_device *dev, size_t len, uint8_t **frame)
{
    struct net_pipe_end *e = end_of(dev);
    struct net_pipe_frame *f = peer_tail(e);
    if (e->tx_refuse || e->tx_held || !f || len > NET_PIPE_FRAME_MAX)
        return false;
    e->tx_held = true;
    *frame = f->data;
    return true;
}

static void tx_commit(struct net_device *dev, size_t len)
{
    struct net_pipe_end *e = end_of(dev);
    if (!e->tx_held)
        return;
    e->tx_held = false;
    if (len == 0 || !e->link || !e->peer->link)
        return; /* abandoned, or the cable is out: the frame is lost */
    struct net_pipe_frame *f = peer_tail(e);
    f->len = (uint16_t)len;
    e->peer->len++;
    e->tx_frames++;
}

static bool link_up(struct net_device *dev)
{
    struct net_pipe_end *e = end_of(dev);
    return e->link && e->peer && e->peer->link;
}

static const struct net_device_ops pipe_ops = {
    .rx_acquire = rx_acquire,
    .rx_release = rx_release,
    .tx_acquire = tx_acquire,
    .tx_commit = tx_commit,
    .link_up = link_up,
};

static void init_end(struct net_pipe_end *e, struct net_pipe_end *peer,
                     struct net_pipe_frame *slots, size_t count, uint16_t mtu)
{
    memset(e, 0, sizeof *e);
    e->dev.ops = &pipe_ops;
    e->dev.caps.mtu = mtu;
    e->peer = peer;
    e->slots = slots;
    e->count = (uint16_t)count;
    e->link = true;
}

void net_pipe_init(struct net_pipe_end *a, struct net_pipe_frame *a_slots, size_t a_count,
                   struct net_pipe_end *b, struct net_pipe_frame *b_slots, size_t b_count,
                   uint16_t mtu)
{
    init_end(a, b, a_slots, a_count, mtu);
    init_end(b, a, b_slots, b_count, mtu);
}

bool net_pipe_send(struct net_pipe_end *end, const void *frame, size_t len)
{
    struct net_pipe_frame *f = peer_tail(end);
    if (!f || len > NET_PIPE_FRAME_MAX || end->tx_held)
        return false;
    memcpy(f->data, frame, len);
    f->len = (uint16_t)len;
    end->peer->len++;
    end->tx_frames++;
    return true;
}

size_t net_pipe_recv(struct net_pipe_end *end, void *buf, size_t cap)
{
    if (end->len == 0 || end->rx_held)
        return 0;
    struct net_pipe_frame *f = &end->slots[end->head];
    size_t n = f->len <= cap ? f->len : 0;
    if (n)
        memcpy(buf, f->data, n);
    end->head = (uint16_t)((end->head + 1) % end->count);
    end->len--;
    end->rx_frames++;
    return n;
}

size_t net_pipe_pending(const struct net_pipe_end *end)
{
    return end->len;
}

void net_pipe_set_link(struct net_pipe_end *end, bool up)
{
    end->link = up;
}
