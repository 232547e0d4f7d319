/* The RTT ring and control block, with this test playing the debugger: it finds the block by its
 * ID, drains the up buffer from RdOff to WrOff and writes RdOff back, as OpenOCD's and pyOCD's
 * RTT readers do. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "log/log.h"
#include "log/rtt.h"
#include "rtt_ring.h"

#define GUARD 16
#define GUARD_BYTE 0xA5

/* A ring with guard bytes on both sides, to catch any write outside [buf, buf + size). */
struct guarded_ring {
    struct rtt_buffer b;
    unsigned char mem[GUARD + 64 + GUARD];
};

static void ring_setup(struct guarded_ring *r, uint32_t size)
{
    assert_true(size <= 64);
    memset(r->mem, GUARD_BYTE, sizeof r->mem);
    r->b = (struct rtt_buffer){.name = "Terminal", .buf = (char *)r->mem + GUARD, .size = size};
}

static void assert_guards_intact(const struct guarded_ring *r)
{
    for (size_t i = 0; i < GUARD; i++)
        assert_int_equal(r->mem[i], GUARD_BYTE);
    for (size_t i = GUARD + r->b.size; i < sizeof r->mem; i++)
        assert_int_equal(r->mem[i], GUARD_BYTE);
}

/* The debugger's side: everything between RdOff and WrOff, then RdOff = WrOff. */
static size_t host_drain(struct rtt_buffer *b, char *out, size_t max)
{
    size_t n = 0;
    uint32_t rd = b->rd, wr = b->wr;
    while (rd != wr && n < max) {
        out[n++] = b->buf[rd];
        rd = rd + 1 == b->size ? 0 : rd + 1;
    }
    b->rd = rd;
    return n;
}

static void test_control_block_layout_and_id(void **state)
{
    (void)state;
    struct rtt_control_block cb;
    memset(&cb, 0x55, sizeof cb);
    char up[32], down[8];
    rtt_control_block_init(&cb, up, sizeof up, down, sizeof down);

    static const char id[16] = "SEGGER RTT";
    assert_memory_equal(cb.id, id, sizeof id); /* NUL-padded to 16 bytes */
    assert_int_equal(offsetof(struct rtt_control_block, max_up), 16);
    assert_int_equal(offsetof(struct rtt_control_block, max_down), 20);
    assert_int_equal(offsetof(struct rtt_control_block, up), 24);
    assert_int_equal(cb.max_up, 1);
    assert_int_equal(cb.max_down, 1);
    assert_string_equal(cb.up[0].name, "Terminal");
    assert_ptr_equal(cb.up[0].buf, up);
    assert_int_equal(cb.up[0].size, sizeof up);
    assert_int_equal(cb.up[0].wr, 0);
    assert_int_equal(cb.up[0].rd, 0);
    assert_int_equal(cb.up[0].flags & 3u, RTT_MODE_NO_BLOCK_SKIP);
    assert_int_equal(cb.down[0].size, sizeof down);
    /* Field order of a descriptor: name, buf, size, WrOff, RdOff, flags (24 bytes on the 32-bit
     * target, checked there at compile time in rtt_ring.h). */
    size_t after_pointers = 2 * sizeof(void *);
    assert_int_equal(offsetof(struct rtt_buffer, size), after_pointers);
    assert_int_equal(offsetof(struct rtt_buffer, wr), after_pointers + 4);
    assert_int_equal(offsetof(struct rtt_buffer, rd), after_pointers + 8);
    assert_int_equal(offsetof(struct rtt_buffer, flags), after_pointers + 12);
}

static void test_empty_ring_has_size_minus_one_free(void **state)
{
    (void)state;
    struct guarded_ring r;
    ring_setup(&r, 16);
    assert_int_equal(rtt_ring_free(&r.b), 15);
}

static void test_exact_fit_then_full_drops_whole_line(void **state)
{
    (void)state;
    struct guarded_ring r;
    ring_setup(&r, 16);
    assert_true(rtt_ring_write_skip(&r.b, "0123456789abcde", 15));
    assert_int_equal(rtt_ring_free(&r.b), 0);
    assert_false(rtt_ring_write_skip(&r.b, "x", 1));
    assert_int_equal(r.b.wr, 15);
    char out[32];
    assert_int_equal(host_drain(&r.b, out, sizeof out), 15);
    assert_memory_equal(out, "0123456789abcde", 15);
    assert_guards_intact(&r);
}

static void test_line_too_big_for_free_space_is_not_split(void **state)
{
    (void)state;
    struct guarded_ring r;
    ring_setup(&r, 16);
    assert_true(rtt_ring_write_skip(&r.b, "12345678", 8));
    assert_false(rtt_ring_write_skip(&r.b, "abcdefgh", 8)); /* 7 free: nothing of it goes in */
    assert_int_equal(r.b.wr, 8);
    char out[32];
    assert_int_equal(host_drain(&r.b, out, sizeof out), 8);
    assert_memory_equal(out, "12345678", 8);
}

static void test_write_wraps_around_the_end(void **state)
{
    (void)state;
    struct guarded_ring r;
    ring_setup(&r, 16);
    char out[32];
    assert_true(rtt_ring_write_skip(&r.b, "0123456789", 10));
    assert_int_equal(host_drain(&r.b, out, sizeof out), 10);
    assert_true(rtt_ring_write_skip(&r.b, "ABCDEFGHIJKL", 12)); /* 6 at the end, 6 at the start */
    assert_int_equal(r.b.wr, 6);
    assert_int_equal(host_drain(&r.b, out, sizeof out), 12);
    assert_memory_equal(out, "ABCDEFGHIJKL", 12);
    assert_guards_intact(&r);
}

static void test_bad_indices_from_a_confused_host_are_refused(void **state)
{
    (void)state;
    struct guarded_ring r;
    ring_setup(&r, 16);
    r.b.rd = 16; /* out of range */
    assert_int_equal(rtt_ring_free(&r.b), 0);
    assert_false(rtt_ring_write_skip(&r.b, "x", 1));
    r.b.rd = 0;
    r.b.wr = 99;
    assert_false(rtt_ring_write_skip(&r.b, "x", 1));
    assert_guards_intact(&r);
}

/* Random writes and drains against a reference FIFO: every accepted byte comes out once, in order,
 * every refused write leaves no trace, nothing lands outside the buffer. */
static void test_random_traffic_matches_a_fifo(void **state)
{
    (void)state;
    struct guarded_ring r;
    ring_setup(&r, 37);
    char model[4096];
    size_t model_head = 0, model_tail = 0;
    srand(12345);
    for (int step = 0; step < 20000; step++) {
        if (rand() % 3) {
            char data[40];
            size_t len = (size_t)(rand() % 40);
            for (size_t i = 0; i < len; i++)
                data[i] = (char)('a' + rand() % 26);
            size_t queued = model_head - model_tail;
            bool fits = len <= 36 - queued;
            assert_int_equal(rtt_ring_write_skip(&r.b, data, len), fits);
            if (fits)
                for (size_t i = 0; i < len; i++)
                    model[model_head++ % sizeof model] = data[i];
        } else {
            char out[64];
            size_t n = host_drain(&r.b, out, (size_t)(rand() % 64));
            for (size_t i = 0; i < n; i++)
                assert_int_equal(out[i], model[model_tail++ % sizeof model]);
        }
        assert_guards_intact(&r);
    }
}

static void test_sink_publishes_log_lines_and_counts_drops(void **state)
{
    (void)state;
    log_rtt_init();
    log_rtt_init(); /* idempotent */
    assert_int_equal(log_add_sink(log_rtt_sink), 0);

    /* Found the way a debugger finds it: by the ID, at the symbol _SEGGER_RTT. */
    struct rtt_control_block *cb = &log_rtt_control_block;
    assert_memory_equal(cb->id, "SEGGER RTT", 11);
    struct rtt_buffer *up = &cb->up[0];
    assert_int_equal(up->size, LOG_RTT_UP_SIZE);

    LOG_INFO("hello %s %d", "rtt", 42);
    char out[LOG_RTT_UP_SIZE];
    size_t n = host_drain(up, out, sizeof out);
    out[n] = '\0';
    assert_non_null(strstr(out, " I hello rtt 42\n"));

    /* Nobody reads: lines keep going in until the next one does not fit, then are counted. */
    uint32_t dropped_before = log_dropped;
    for (int i = 0; i < 100; i++)
        LOG_INFO("filler line %03d ----------------------------------------", i);
    assert_true(log_dropped > dropped_before);
    uint32_t free_bytes = rtt_ring_free(up);
    assert_true(free_bytes < 80); /* full up to less than one line */

    n = host_drain(up, out, sizeof out); /* the debugger catches up... */
    out[n] = '\0';
    assert_non_null(strstr(out, "filler line 000"));
    assert_null(strstr(out, "filler line 099"));
    char *last = strrchr(out, '\n');
    assert_true(last && last[1] == '\0'); /* only whole lines went in */
    LOG_INFO("after the drain");          /* ...and new lines fit again */
    n = host_drain(up, out, sizeof out);
    out[n] = '\0';
    assert_non_null(strstr(out, "after the drain\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_control_block_layout_and_id),
        cmocka_unit_test(test_empty_ring_has_size_minus_one_free),
        cmocka_unit_test(test_exact_fit_then_full_drops_whole_line),
        cmocka_unit_test(test_line_too_big_for_free_space_is_not_split),
        cmocka_unit_test(test_write_wraps_around_the_end),
        cmocka_unit_test(test_bad_indices_from_a_confused_host_are_refused),
        cmocka_unit_test(test_random_traffic_matches_a_fifo),
        cmocka_unit_test(test_sink_publishes_log_lines_and_counts_drops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
