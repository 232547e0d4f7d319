/* IPv4 fragment reassembly (RFC 791, RFC 815's idea of tracking what is still missing) into the
 * caller's buffer, split in NET_REASM_SLOTS slots. Opt-in (net_iface_enable_reasm): the interface
 * reaches this file only through reasm_ops. Overlapping fragments drop the datagram
 * (as Linux does since 2018: overlaps are an attack, not a real network). */
#include <string.h>

#include "internal.h"

static uint8_t *slot_buffer(const struct net_iface *iface, int slot)
{
    return iface->reasm_storage + (size_t)slot * iface->reasm_slot_size;
}

static void reasm_free(struct net_iface *iface, int slot)
{
    iface->reasm[slot].used = false;
}

static void drop_slot(struct net_iface *iface, int slot, enum net_drop_reason reason)
{
    reasm_free(iface, slot);
    net_iface_drop(iface, &iface->counters.ipv4, reason);
}

static int find_or_claim(struct net_iface *iface, uint64_t now, const struct net_ipv4_repr *f)
{
    int free_slot = -1, oldest = -1;
    for (int i = 0; i < NET_REASM_SLOTS; i++) {
        struct net_reasm_slot *s = &iface->reasm[i];
        if (s->used && s->deadline <= now)
            drop_slot(iface, i, NET_DROP_FRAG_TIMEOUT);
        if (!s->used) {
            if (free_slot < 0)
                free_slot = i;
            continue;
        }
        if (s->src == f->src && s->dst == f->dst && s->ident == f->ident &&
            s->protocol == f->protocol)
            return i;
        if (oldest < 0 || s->deadline < iface->reasm[oldest].deadline)
            oldest = i;
    }
    if (free_slot < 0) {
        free_slot = oldest;
        drop_slot(iface, oldest, NET_DROP_FRAG_EVICTED);
    }
    struct net_reasm_slot *s = &iface->reasm[free_slot];
    *s = (struct net_reasm_slot){.used = true,
                                 .protocol = f->protocol,
                                 .ident = f->ident,
                                 .src = f->src,
                                 .dst = f->dst,
                                 .deadline = now + NET_REASM_TIMEOUT_US};
    return free_slot;
}

/* Records [start, end) in the slot's sorted, disjoint ranges, merging neighbours. Returns the
 * drop reason, or NET_DROP_REASON_COUNT when it was added. */
static enum net_drop_reason add_range(struct net_reasm_slot *s, uint16_t start, uint16_t end)
{
    size_t i = 0;
    while (i < s->range_count && s->ranges[i].end < start)
        i++;
    /* ranges[i] is the first that ends at or after start: it may touch, contain or overlap */
    if (i < s->range_count) {
        struct net_reasm_range *r = &s->ranges[i];
        if (start >= r->start && end <= r->end)
            return NET_DROP_FRAG_DUPLICATE;
        if (start < r->end && end > r->start)
            return NET_DROP_FRAG_OVERLAP;
    }
    bool join_prev = i < s->range_count && s->ranges[i].end == start;
    size_t next = join_prev ? i + 1 : i;
    if (next < s->range_count && end > s->ranges[next].start)
        return NET_DROP_FRAG_OVERLAP;
    bool join_next = next < s->range_count && s->ranges[next].start == end;
    if (join_prev && join_next) {
        s->ranges[i].end = s->ranges[next].end;
        memmove(&s->ranges[next], &s->ranges[next + 1],
                (s->range_count - next - 1) * sizeof s->ranges[0]);
        s->range_count--;
    } else if (join_prev) {
        s->ranges[i].end = end;
    } else if (join_next) {
        s->ranges[next].start = start;
    } else {
        if (s->range_count == NET_REASM_RANGES)
            return NET_DROP_FRAG_TOO_MANY_HOLES;
        memmove(&s->ranges[i + 1], &s->ranges[i], (s->range_count - i) * sizeof s->ranges[0]);
        s->ranges[i] = (struct net_reasm_range){start, end};
        s->range_count++;
    }
    return NET_DROP_REASON_COUNT;
}

static bool reasm_input(struct net_iface *iface, uint64_t now, const struct net_ipv4_repr *f,
                        struct net_ipv4_repr *whole, int *slot_out)
{
    int slot = find_or_claim(iface, now, f);
    struct net_reasm_slot *s = &iface->reasm[slot];
    size_t start = f->frag_offset, end = start + f->payload_len;
    if (end > iface->reasm_slot_size) {
        drop_slot(iface, slot, NET_DROP_FRAG_TOO_BIG);
        return false;
    }
    /* every fragment but the last carries a multiple of 8 bytes (RFC 791) */
    if (f->more_frags && (f->payload_len == 0 || f->payload_len % 8 != 0)) {
        drop_slot(iface, slot, NET_DROP_IPV4_MALFORMED);
        return false;
    }
    if (!f->more_frags) {
        if ((s->total_len && s->total_len != end) ||
            (s->range_count && s->ranges[s->range_count - 1].end > end)) {
            drop_slot(iface, slot, NET_DROP_FRAG_OVERLAP);
            return false;
        }
        s->total_len = (uint16_t)end;
    } else if (s->total_len && end > s->total_len) {
        drop_slot(iface, slot, NET_DROP_FRAG_OVERLAP);
        return false;
    }
    if (f->payload_len) {
        enum net_drop_reason why = add_range(s, (uint16_t)start, (uint16_t)end);
        if (why == NET_DROP_FRAG_DUPLICATE) {
            net_iface_drop(iface, &iface->counters.ipv4, why);
            return false;
        }
        if (why != NET_DROP_REASON_COUNT) {
            drop_slot(iface, slot, why);
            return false;
        }
        memcpy(slot_buffer(iface, slot) + start, f->payload, f->payload_len);
    }
    if (start == 0) {
        s->ttl = f->ttl;
        s->tos = f->tos;
    }
    if (!s->total_len || s->range_count != 1 || s->ranges[0].start != 0 ||
        s->ranges[0].end != s->total_len)
        return false;
    *whole = (struct net_ipv4_repr){.src = s->src,
                                    .dst = s->dst,
                                    .protocol = s->protocol,
                                    .ttl = s->ttl,
                                    .tos = s->tos,
                                    .ident = s->ident,
                                    .header_len = 0, /* no original header bytes to quote */
                                    .payload = slot_buffer(iface, slot),
                                    .payload_len = s->total_len,
                                    .reassembled = true};
    *slot_out = slot;
    return true;
}

static bool reasm_poll(struct net_iface *iface, uint64_t now)
{
    bool changed = false;
    for (int i = 0; i < NET_REASM_SLOTS; i++) {
        if (iface->reasm[i].used && iface->reasm[i].deadline <= now) {
            drop_slot(iface, i, NET_DROP_FRAG_TIMEOUT);
            changed = true;
        }
    }
    return changed;
}

static uint64_t reasm_poll_at(const struct net_iface *iface)
{
    uint64_t t = UINT64_MAX;
    for (int i = 0; i < NET_REASM_SLOTS; i++)
        if (iface->reasm[i].used && iface->reasm[i].deadline < t)
            t = iface->reasm[i].deadline;
    return t;
}

static void reasm_flush(struct net_iface *iface)
{
    for (int i = 0; i < NET_REASM_SLOTS; i++)
        iface->reasm[i].used = false;
}

static const struct iface_reasm_ops reasm_ops = {
    .input = reasm_input,
    .free = reasm_free,
    .poll = reasm_poll,
    .poll_at = reasm_poll_at,
    .flush = reasm_flush,
};

void net_iface_enable_reasm(struct net_iface *iface, uint8_t *storage, size_t size)
{
    if (!storage || size < NET_REASM_SLOTS * 8)
        return;
    reasm_flush(iface);
    iface->reasm_storage = storage;
    iface->reasm_slot_size = size / NET_REASM_SLOTS;
    if (iface->reasm_slot_size > NET_IPV4_MAX_DATAGRAM)
        iface->reasm_slot_size = NET_IPV4_MAX_DATAGRAM;
    iface->reasm_ops = &reasm_ops;
    iface->ip_fragment = iface_ip_fragment; /* a reassembled echo request is answered in pieces */
}
