#include "bridge.h"

#include <string.h>

void bridge_init(struct bridge *b, const struct options *o, uint64_t seed,
                 struct endpoint *ep_a, struct endpoint *ep_b, uint8_t *queue_storage)
{
    static const char *const names[DIR_COUNT] = {"a2b", "b2a"};
    struct endpoint *dst[DIR_COUNT] = {ep_b, ep_a};
    b->reorder_hold_us = o->reorder_hold_us;
    for (int d = 0; d < DIR_COUNT; d++) {
        struct direction_state *s = &b->dir[d];
        s->name = names[d];
        s->dst = dst[d];
        s->im = o->dir[d];
        rng_init(&s->rng, seed, (unsigned)d);
        delay_queue_init(&s->queue, queue_storage + (size_t)d * DELAY_QUEUE_BYTES,
                         DELAY_QUEUE_BYTES);
        s->last_release_us = 0;
        s->holding = false;
        s->stats = (struct direction_stats){0};
    }
}

static void drop(struct bridge *b, const uint8_t *frame, size_t len)
{
    pcap_write(&b->dropped, frame, len);
}

static void enqueue(struct bridge *b, struct direction_state *s, const uint8_t *frame, size_t len,
                    uint64_t release_us)
{
    if (release_us < s->last_release_us)
        release_us = s->last_release_us;
    if (!delay_queue_push(&s->queue, release_us, frame, len)) {
        s->stats.queue_full++;
        drop(b, frame, len);
        return;
    }
    s->last_release_us = release_us;
}

static void enqueue_copies(struct bridge *b, struct direction_state *s, const uint8_t *frame,
                           size_t len, const struct verdict *v, uint64_t now_us)
{
    for (unsigned i = 0; i < v->copies; i++)
        enqueue(b, s, frame, len, now_us + v->delay_us[i]);
}

static void release_hold(struct bridge *b, struct direction_state *s, uint64_t now_us)
{
    s->holding = false;
    enqueue_copies(b, s, s->held, s->held_len, &s->held_verdict, now_us);
}

void bridge_receive(struct bridge *b, enum direction d, uint8_t *frame, int len, uint64_t now_us)
{
    struct direction_state *s = &b->dir[d];
    if (len <= 0) {
        if (len == EP_READ_OVERSIZE) {
            s->stats.rx++;
            s->stats.oversize++;
        }
        return;
    }
    size_t n = (size_t)len;
    s->stats.rx++;
    s->stats.rx_bytes += n;
    if (n < ETH_HEADER_LEN) {
        s->stats.runt++;
        drop(b, frame, n);
        return;
    }

    struct verdict v;
    verdict_decide(&s->im, &s->rng, n, &v);
    if (v.lost) {
        s->stats.lost++;
        drop(b, frame, n);
        return;
    }
    if (v.corrupted) {
        verdict_corrupt(&v, frame);
        s->stats.corrupted++;
    }
    if (v.copies > 1)
        s->stats.duplicated += v.copies - 1;
    if (v.reorder && !s->holding) {
        /* Only one frame is held at a time: a reorder verdict while holding is ignored. */
        s->holding = true;
        s->held_len = n;
        s->held_verdict = v;
        s->held_until_us = now_us + b->reorder_hold_us;
        memcpy(s->held, frame, n);
        return;
    }
    enqueue_copies(b, s, frame, n, &v, now_us);
    if (s->holding) {
        s->stats.reordered++;
        release_hold(b, s, now_us);
    }
}

void bridge_release(struct bridge *b, uint64_t now_us)
{
    for (int d = 0; d < DIR_COUNT; d++) {
        struct direction_state *s = &b->dir[d];
        if (s->holding && now_us >= s->held_until_us) {
            s->stats.reorder_expired++;
            release_hold(b, s, now_us);
        }
        struct delayed_frame f;
        while (delay_queue_peek(&s->queue, &f) && f.release_us <= now_us) {
            if (endpoint_write(s->dst, f.data, f.len)) {
                s->stats.tx++;
                s->stats.tx_bytes += f.len;
                pcap_write(&b->forwarded, f.data, f.len);
            } else {
                s->stats.tx_error++;
                drop(b, f.data, f.len);
            }
            delay_queue_pop(&s->queue);
        }
    }
}

uint64_t bridge_deadline(const struct bridge *b)
{
    uint64_t next = UINT64_MAX;
    for (int d = 0; d < DIR_COUNT; d++) {
        const struct direction_state *s = &b->dir[d];
        struct delayed_frame f;
        if (delay_queue_peek(&s->queue, &f) && f.release_us < next)
            next = f.release_us;
        if (s->holding && s->held_until_us < next)
            next = s->held_until_us;
    }
    return next;
}

void bridge_finish(struct bridge *b)
{
    for (int d = 0; d < DIR_COUNT; d++) {
        struct direction_state *s = &b->dir[d];
        s->stats.pending += s->queue.count;
        if (s->holding)
            s->stats.pending += s->held_verdict.copies;
        s->holding = false;
    }
}
