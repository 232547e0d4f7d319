/* The bridge proper: what happens to a frame between the endpoint it came from and the one it
 * goes to. Two independent directions (a2b, b2a), each with its impairments, random stream,
 * delay queue, reorder hold and counters. No I/O waiting here: main.c runs the event loop. */
#ifndef IMPAIR_BRIDGE_H
#define IMPAIR_BRIDGE_H

#include <stdbool.h>
#include <stdint.h>

#include "delay_queue.h"
#include "endpoint.h"
#include "options.h"
#include "pcap.h"
#include "rng.h"
#include "stats.h"
#include "verdict.h"

/* Delay line per direction: 8 MiB holds ~5500 full-size frames, i.e. 60 ms at 1 Gbit/s. */
#define DELAY_QUEUE_BYTES (8u << 20)

struct direction_state {
    const char *name;
    struct endpoint *dst;
    struct impairment im;
    struct rng rng;
    struct delay_queue queue;
    uint64_t last_release_us;       /* release times never go backwards: order is kept */
    /* The frame --reorder holds back until the next frame of this direction has been queued. */
    bool holding;
    size_t held_len;
    struct verdict held_verdict;
    uint64_t held_until_us;
    uint8_t held[FRAME_MAX];
    struct direction_stats stats;
};

struct bridge {
    struct direction_state dir[DIR_COUNT];
    uint64_t reorder_hold_us;
    struct pcap_writer forwarded, dropped;
};

/* queue_storage: DIR_COUNT areas of DELAY_QUEUE_BYTES, 8-byte aligned. */
void bridge_init(struct bridge *b, const struct options *o, uint64_t seed,
                 struct endpoint *ep_a, struct endpoint *ep_b, uint8_t *queue_storage);

/* A frame (or an endpoint_read() error code in len) arrived for direction d. May modify frame. */
void bridge_receive(struct bridge *b, enum direction d, uint8_t *frame, int len, uint64_t now_us);

/* Sends every frame that is due and releases expired reorder holds. */
void bridge_release(struct bridge *b, uint64_t now_us);

/* When bridge_release next has work, or UINT64_MAX. */
uint64_t bridge_deadline(const struct bridge *b);

/* Counts what is still queued or held as pending (call once, when stopping). */
void bridge_finish(struct bridge *b);

#endif
