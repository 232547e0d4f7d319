/* The delay queue against a plain reference FIFO: random pushes and pops of random sizes, so the
 * wrap-around, the exact-fit and the full cases all happen many times. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "delay_queue.h"

#define QUEUE_BYTES 4096
#define MODEL_MAX 1024

struct model_frame {
    uint64_t release_us;
    size_t len;
    uint8_t fill;
};

static uint64_t storage[QUEUE_BYTES / 8];
static struct model_frame model[MODEL_MAX];
static size_t model_head, model_count;
static uint8_t frame[QUEUE_BYTES];

static uint32_t lcg(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

static void check_head(const struct delay_queue *q)
{
    struct delayed_frame f;
    if (model_count == 0) {
        assert_false(delay_queue_peek(q, &f));
        return;
    }
    const struct model_frame *m = &model[model_head % MODEL_MAX];
    assert_true(delay_queue_peek(q, &f));
    assert_int_equal(f.release_us, m->release_us);
    assert_int_equal(f.len, m->len);
    for (size_t i = 0; i < f.len; i++)
        assert_int_equal(f.data[i], (uint8_t)(m->fill + i));
    /* The record lies wholly inside the buffer: no frame is ever split by the wrap. */
    assert_true(f.data >= (const uint8_t *)storage);
    assert_true(f.data + f.len <= (const uint8_t *)storage + QUEUE_BYTES);
}

static void random_traffic(void **state)
{
    (void)state;
    struct delay_queue q;
    delay_queue_init(&q, (uint8_t *)storage, sizeof storage);
    model_head = model_count = 0;
    uint32_t seed = 12345;
    unsigned fulls = 0, wraps = 0;
    size_t last_tail = 0;
    for (uint64_t step = 0; step < 200000; step++) {
        bool push = (lcg(&seed) % 100) < 55;
        if (push) {
            size_t len = 1 + lcg(&seed) % (lcg(&seed) % 8 ? 200 : 1600);
            uint8_t fill = (uint8_t)lcg(&seed);
            for (size_t i = 0; i < len; i++)
                frame[i] = (uint8_t)(fill + i);
            if (delay_queue_push(&q, step, frame, len)) {
                assert_true(model_count < MODEL_MAX);
                model[(model_head + model_count++) % MODEL_MAX] =
                    (struct model_frame){step, len, fill};
                if (q.tail < last_tail)
                    wraps++;
                last_tail = q.tail;
            } else {
                fulls++;
                /* Refusing is only allowed when the queue holds a fair share of the buffer. */
                assert_true(model_count > 0);
            }
        } else if (model_count) {
            check_head(&q);
            delay_queue_pop(&q);
            model_head++;
            model_count--;
        }
        assert_int_equal(q.count, model_count);
        check_head(&q);
    }
    assert_true(fulls > 100);
    assert_true(wraps > 100);
}

static void empty_queue_takes_the_largest_frame(void **state)
{
    (void)state;
    struct delay_queue q;
    delay_queue_init(&q, (uint8_t *)storage, sizeof storage);
    memset(frame, 7, sizeof frame);
    assert_true(delay_queue_push(&q, 1, frame, QUEUE_BYTES - 16));
    assert_false(delay_queue_push(&q, 2, frame, 1));
    delay_queue_pop(&q);
    assert_true(delay_queue_push(&q, 3, frame, QUEUE_BYTES - 16));
    assert_false(delay_queue_push(&q, 4, frame, QUEUE_BYTES));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_traffic),
        cmocka_unit_test(empty_queue_takes_the_largest_frame),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
