#include "net/socket/ring.h"

void net_ring_init(struct net_pkt_ring *r, const struct net_ring_storage *s)
{
    r->meta = s->meta;
    r->meta_cap = (uint16_t)(s->count > UINT16_MAX ? UINT16_MAX : s->count);
    r->data = s->data;
    r->data_cap = s->size;
    net_ring_clear(r);
}

void net_ring_clear(struct net_pkt_ring *r)
{
    r->meta_head = r->meta_len = 0;
    r->data_head = r->data_len = 0;
}

/* Where a packet of len bytes would go: its skip, or false when it does not fit now. */
static bool place(const struct net_pkt_ring *r, size_t len, size_t *skip)
{
    if (r->meta_len >= r->meta_cap || len > UINT16_MAX)
        return false;
    if (r->data_len == 0) {
        *skip = 0;
        return len <= r->data_cap;
    }
    if (r->data_len == r->data_cap)
        return false;
    size_t end = r->data_head + r->data_len;
    if (end < r->data_cap) {
        /* used region [head, end) does not wrap: room at the end, else at the start */
        size_t end_room = r->data_cap - end;
        if (len <= end_room) {
            *skip = 0;
            return true;
        }
        *skip = end_room;
        return len <= r->data_head;
    }
    /* wrapped (or ending exactly at the end): the free room is [end - cap, head) */
    *skip = 0;
    return len <= r->data_head - (end - r->data_cap);
}

bool net_ring_can_push(const struct net_pkt_ring *r, size_t len)
{
    size_t skip;
    return place(r, len, &skip);
}

bool net_ring_fits(const struct net_pkt_ring *r, size_t len)
{
    return r->meta_cap > 0 && len <= r->data_cap && len <= UINT16_MAX;
}

uint8_t *net_ring_push(struct net_pkt_ring *r, const struct net_endpoint *ep, size_t len)
{
    size_t skip;
    if (!place(r, len, &skip))
        return NULL;
    if (r->data_len == 0)
        r->data_head = 0; /* empty: start over at 0 for the largest contiguous room */
    size_t at = (r->data_head + r->data_len + skip) % r->data_cap;
    struct net_pkt_meta *m = &r->meta[(r->meta_head + r->meta_len) % r->meta_cap];
    m->addr = ep->addr;
    m->port = ep->port;
    m->len = (uint16_t)len;
    m->skip = (uint32_t)skip;
    r->meta_len++;
    r->data_len += skip + len;
    return r->data + at;
}

uint8_t *net_ring_peek(const struct net_pkt_ring *r, struct net_endpoint *ep, size_t *len)
{
    if (r->meta_len == 0)
        return NULL;
    const struct net_pkt_meta *m = &r->meta[r->meta_head];
    if (ep) {
        ep->addr = m->addr;
        ep->port = m->port;
    }
    *len = m->len;
    return r->data + (r->data_head + m->skip) % r->data_cap;
}

void net_ring_pop(struct net_pkt_ring *r)
{
    if (r->meta_len == 0)
        return;
    const struct net_pkt_meta *m = &r->meta[r->meta_head];
    r->data_head = (r->data_head + m->skip + m->len) % r->data_cap;
    r->data_len -= m->skip + m->len;
    r->meta_head = (uint16_t)((r->meta_head + 1) % r->meta_cap);
    r->meta_len--;
    if (r->data_len == 0)
        r->data_head = 0;
}
