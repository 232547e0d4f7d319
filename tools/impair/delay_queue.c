#include "delay_queue.h"

#include <string.h>

struct record {
    uint64_t release_us;
    uint64_t len;
};

static size_t record_size(size_t len)
{
    return (sizeof(struct record) + len + 7u) & ~(size_t)7u;
}

void delay_queue_init(struct delay_queue *q, uint8_t *buf, size_t size)
{
    *q = (struct delay_queue){.buf = buf, .size = size & ~(size_t)7u};
}

bool delay_queue_push(struct delay_queue *q, uint64_t release_us, const uint8_t *frame, size_t len)
{
    size_t need = record_size(len);
    size_t at;
    if (q->count == 0) {
        q->head = q->tail = 0;
        q->wrapped = false;
    }
    if (!q->wrapped) {
        if (q->size - q->tail >= need) {
            at = q->tail;
        } else if (q->head >= need) {
            /* Does not fit before the end: start over at 0; the reader follows at wrap_at. */
            q->wrap_at = q->tail;
            q->wrapped = true;
            at = 0;
        } else {
            return false;
        }
    } else if (q->head - q->tail >= need) {
        at = q->tail;
    } else {
        return false;
    }
    struct record r = {.release_us = release_us, .len = len};
    memcpy(q->buf + at, &r, sizeof r);
    memcpy(q->buf + at + sizeof r, frame, len);
    q->tail = at + need;
    q->count++;
    return true;
}

bool delay_queue_peek(const struct delay_queue *q, struct delayed_frame *f)
{
    if (q->count == 0)
        return false;
    struct record r;
    memcpy(&r, q->buf + q->head, sizeof r);
    f->release_us = r.release_us;
    f->len = (size_t)r.len;
    f->data = q->buf + q->head + sizeof r;
    return true;
}

void delay_queue_pop(struct delay_queue *q)
{
    if (q->count == 0)
        return;
    struct record r;
    memcpy(&r, q->buf + q->head, sizeof r);
    q->head += record_size((size_t)r.len);
    q->count--;
    if (q->wrapped && q->head == q->wrap_at) {
        q->head = 0;
        q->wrapped = false;
    }
}
