/* A FIFO of frames waiting for their release time, in a caller-provided byte ring.
 *
 * Release times in one direction never decrease (the bridge keeps order unless told to reorder),
 * so a FIFO is all the "scheduler" a delay line needs: the head is always the next frame due.
 * Records are stored contiguously; when one does not fit before the end of the buffer it starts
 * again at offset 0 and the reader jumps there at `wrap_at`. Bounded: a push that does not fit
 * fails and the caller counts the frame as dropped. */
#ifndef IMPAIR_DELAY_QUEUE_H
#define IMPAIR_DELAY_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct delay_queue {
    uint8_t *buf;
    size_t size;
    size_t head, tail;      /* byte offsets of the oldest record and of the next free byte */
    size_t wrap_at;         /* where the reader jumps back to 0, while `wrapped` */
    bool wrapped;           /* tail is below head */
    size_t count;
};

struct delayed_frame {
    uint64_t release_us;
    size_t len;
    const uint8_t *data;
};

/* buf must be 8-byte aligned. */
void delay_queue_init(struct delay_queue *q, uint8_t *buf, size_t size);

/* Returns false (and stores nothing) when the frame does not fit. */
bool delay_queue_push(struct delay_queue *q, uint64_t release_us, const uint8_t *frame, size_t len);

/* The oldest frame, valid until the next pop; false when empty. */
bool delay_queue_peek(const struct delay_queue *q, struct delayed_frame *f);

void delay_queue_pop(struct delay_queue *q);

#endif
