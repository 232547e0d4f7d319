/* Unit tests of the scheduler on the native port: the same semantics as on Cortex-M (priority
 * order, run to completion, preemption, ceilings, queues, timers), observed through the trace the
 * test application's tasks write (app.c). Tests run in thread mode, like idle. */
#include <setjmp.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stddef.h>
#include <unistd.h>

#include <cmocka.h>

#include "app.def.h"
#include "sched_native.h"
#include "test_app.h"

/* Ceilings are integer constant expressions, fixed by who declared what. */
_Static_assert(SCHED_CEILING(shared) == 2, "low 1, mid 2, hw_mid 2");
_Static_assert(SCHED_CEILING(top) == 3, "low 1, high 3");
_Static_assert(SCHED_CEILING(own) == 1, "low only");
_Static_assert(SCHED_CEILING(unused) == 0, "nobody");
_Static_assert(SCHED_PRIO(hw_mid) == 2 && SCHED_PRIO(high) == 3, "priorities as declared");

static void expect_trace(const uint32_t *expected, unsigned n)
{
    unsigned len = trace_len;
    for (unsigned i = 0; i < n && i < len; i++) {
        if (trace[i] != expected[i])
            print_error("trace[%u] = %u:%u, expected %u:%u\n", i, trace[i] >> 16,
                        trace[i] & 0xFFFF, expected[i] >> 16, expected[i] & 0xFFFF);
        assert_int_equal(trace[i], expected[i]);
    }
    assert_int_equal(len, n);
}
#define EXPECT_TRACE(...)                                                                          \
    do {                                                                                           \
        static const uint32_t expected[] = {__VA_ARGS__};                                          \
        expect_trace(expected, sizeof expected / sizeof expected[0]);                              \
    } while (0)

static int setup(void **state)
{
    (void)state;
    trace_reset();
    return 0;
}

/* A timed spawn made in init, before the clock started, counts from the end of init and runs. */
static void test_spawn_after_from_init(void **state)
{
    (void)state;
    uint64_t end = sched_now_us() + 2000000;
    while (!timed_ran_at[INIT_TIMED_MSG] && sched_now_us() < end)
        usleep(500);
    assert_true(timed_ran_at[INIT_TIMED_MSG] >= INIT_DELAY_US);
    trace_reset();
}

/* Queued while "interrupts are off", released at once: most urgent first, then spawn order
 * within a level, across tasks. */
static void test_priority_order_and_fifo(void **state)
{
    (void)state;
    uint32_t cs = sched_port_cs_enter();
    assert_int_equal(sched_spawn(low, 1), SCHED_OK);
    assert_int_equal(sched_spawn(low_b, 2), SCHED_OK);
    assert_int_equal(sched_spawn(mid, 3), SCHED_OK);
    assert_int_equal(sched_spawn(high, 4), SCHED_OK);
    assert_int_equal(sched_spawn(low, 5), SCHED_OK);
    assert_int_equal(sched_spawn(low_b, 6), SCHED_OK);
    assert_int_equal(trace_len, 0);
    sched_port_cs_exit(cs);
    EXPECT_TRACE(EV(EV_HIGH, 4), EV(EV_MID, 3), EV(EV_LOW, 1), EV(EV_LOW_B, 2), EV(EV_LOW, 5),
                 EV(EV_LOW_B, 6));
}

/* From thread mode a spawn runs the task before it returns (it is more urgent than idle). */
static void test_spawn_from_idle_runs_at_once(void **state)
{
    (void)state;
    assert_int_equal(sched_spawn(mid, 7), SCHED_OK);
    EXPECT_TRACE(EV(EV_MID, 7));
}

/* low spawns high: high runs inside the spawn call. low spawns low_b: same level, it waits
 * until low has finished. */
static void test_preemption_by_spawn(void **state)
{
    (void)state;
    scenario = SC_PREEMPT;
    sched_spawn(low, 9);
    EXPECT_TRACE(EV(EV_LOW, 9), EV(EV_HIGH, 9), EV(EV_LOW_AFTER_HIGH, 9),
                 EV(EV_LOW_AFTER_LOW_B, 9), EV(EV_LOW_END, 9), EV(EV_LOW_B, 9));
}

/* A POSIX timer's signal, bound to a hardware task at 3, interrupts low (1) mid-computation. */
static void test_preemption_by_async_interrupt(void **state)
{
    (void)state;
    scenario = SC_ASYNC;
    sched_spawn(low, 1);
    EXPECT_TRACE(EV(EV_LOW, 1), EV(EV_ASYNC, 0), EV(EV_LOW_END, 1));
}

/* low holds `shared` (ceiling 2). Inside: high (3) and the async hardware task (3) run; mid (2),
 * the hardware task hw_mid (2) pended by software and again by an async signal do not. When the
 * lock drops, the waiting work runs before low goes on (hw_mid first: same priority, lower IRQ). */
static void test_lock_ceiling(void **state)
{
    (void)state;
    scenario = SC_CEILING;
    sched_spawn(low, 1);
    EXPECT_TRACE(EV(EV_LOW_LOCKED, 0), EV(EV_HIGH, 1 | 1 << 8), EV(EV_ASYNC, 1 << 8),
                 EV(EV_LOW_UNLOCKED, 0), EV(EV_HW_MID, 0), EV(EV_MID, 1), EV(EV_LOW_END, 1));
}

/* Nested locks: inside `top` (ceiling 3) even high waits; it runs as soon as `top` is released,
 * while `shared` still holds mid back. */
static void test_nested_locks(void **state)
{
    (void)state;
    scenario = SC_NESTED;
    sched_spawn(low, 1);
    EXPECT_TRACE(EV(EV_LOW_LOCKED, 3), EV(EV_HIGH, 2), EV(EV_LOW_UNLOCKED, 3), EV(EV_MID, 2),
                 EV(EV_LOW_END, 1));
}

/* A lock whose ceiling is the task's own priority does nothing; one above raises BASEPRI. */
static void test_lock_elision(void **state)
{
    (void)state;
    scenario = SC_ELISION;
    sched_spawn(low, 1);
    EXPECT_TRACE(EV(EV_BASEPRI, 0), EV(EV_BASEPRI, 2), EV(EV_BASEPRI, 0), EV(EV_BASEPRI, 0),
                 EV(EV_LOW_END, 1));
}

/* return and break inside a lock block release the lock; break leaves only the lock block. */
static void test_lock_released_on_early_exit(void **state)
{
    (void)state;
    scenario = SC_EARLY_EXIT;
    sched_spawn(low, 1);
    EXPECT_TRACE(EV(EV_LOW, 1), EV(EV_BASEPRI, 0), EV(EV_BASEPRI, 0), EV(EV_BASEPRI, 0),
                 EV(EV_BASEPRI, 0), EV(EV_LOW_END, 1));
    assert_int_equal(native_basepri, 0);
}

/* Capacity 3: the fourth spawn fails at once; the three queued messages all arrive, in order. */
static void test_queue_full(void **state)
{
    (void)state;
    uint32_t cs = sched_port_cs_enter();
    assert_int_equal(sched_spawn(queue, 1), SCHED_OK);
    assert_int_equal(sched_spawn(queue, 2), SCHED_OK);
    assert_int_equal(sched_spawn(queue, 3), SCHED_OK);
    assert_int_equal(sched_spawn(queue, 4), SCHED_EFULL);
    assert_int_equal(sched_spawn_after(queue, 10, 5, NULL), SCHED_EFULL);
    sched_port_cs_exit(cs);
    EXPECT_TRACE(EV(EV_QUEUE, 1), EV(EV_QUEUE, 2), EV(EV_QUEUE, 3));
    /* The slots came back. */
    assert_int_equal(sched_spawn(queue, 6), SCHED_OK);
}

static void wait_for_trace(unsigned n, unsigned timeout_us)
{
    uint64_t end = sched_now_us() + timeout_us;
    while (trace_len < n && sched_now_us() < end)
        usleep(500); /* a signal ends it early: the timer's tasks ran */
}

/* Earlier deadlines first; equal deadlines in spawn order; never before the deadline. */
static void test_timer_order(void **state)
{
    (void)state;
    static const struct {
        uint32_t msg;
        uint32_t delay_us;
    } spawns[] = {{0, 30000}, {1, 10000}, {2, 20000}, {3, 20000}, {4, 10000}, {5, 0}};
    uint64_t at[6];
    uint32_t cs = sched_port_cs_enter(); /* one base time for all of them */
    uint64_t t0 = sched_now_us();
    for (unsigned i = 0; i < 6; i++) {
        at[i] = t0 + spawns[i].delay_us;
        assert_int_equal(sched_spawn_at(timed, at[i], spawns[i].msg, NULL), SCHED_OK);
    }
    sched_port_cs_exit(cs);
    wait_for_trace(6, 2000000);
    EXPECT_TRACE(EV(EV_TIMED, 5), EV(EV_TIMED, 1), EV(EV_TIMED, 4), EV(EV_TIMED, 2),
                 EV(EV_TIMED, 3), EV(EV_TIMED, 0));
    for (unsigned i = 0; i < 6; i++)
        assert_true(timed_ran_at[spawns[i].msg] >= at[i]);
}

static void test_spawn_after_waits_at_least_the_delay(void **state)
{
    (void)state;
    uint64_t t0 = sched_now_us();
    assert_int_equal(sched_spawn_after(timed, 15000, 7, NULL), SCHED_OK);
    assert_int_equal(trace_len, 0);
    wait_for_trace(1, 2000000);
    EXPECT_TRACE(EV(EV_TIMED, 7));
    assert_true(timed_ran_at[7] >= t0 + 15000);
}

/* cancel drops a pending spawn and frees its slot; reschedule moves one; neither works on a
 * handle whose spawn already ran. */
static void test_cancel_and_reschedule(void **state)
{
    (void)state;
    sched_handle_t h1, h2;
    uint64_t t0 = sched_now_us();
    assert_int_equal(sched_spawn_at(timed, t0 + 20000, 8, &h1), SCHED_OK);
    assert_int_equal(sched_spawn_at(timed, t0 + 400000, 9, &h2), SCHED_OK);
    assert_int_equal(sched_cancel(h1), SCHED_OK);
    assert_int_equal(sched_cancel(h1), SCHED_ENOENT);
    assert_int_equal(sched_reschedule(h2, t0 + 5000), SCHED_OK);
    wait_for_trace(1, 2000000);
    usleep(30000); /* past the cancelled deadline: it must not run */
    EXPECT_TRACE(EV(EV_TIMED, 9));
    assert_true(timed_ran_at[9] >= t0 + 5000 && timed_ran_at[9] < t0 + 400000);
    assert_int_equal(sched_cancel(h2), SCHED_ENOENT);
    assert_int_equal(sched_reschedule(h2, t0), SCHED_ENOENT);
    assert_int_equal(sched_cancel((sched_handle_t){0xFFF0, 0}), SCHED_ENOENT);

    /* Every slot is free again: capacity 8 timed spawns fit, a ninth does not; cancel them all. */
    sched_handle_t h[8];
    for (unsigned i = 0; i < 8; i++)
        assert_int_equal(sched_spawn_at(timed, t0 + 10000000, 10, &h[i]), SCHED_OK);
    assert_int_equal(sched_spawn(timed, 11), SCHED_EFULL);
    for (unsigned i = 0; i < 8; i++)
        assert_int_equal(sched_cancel(h[i]), SCHED_OK);
    assert_int_equal(sched_spawn(timed, 12), SCHED_OK);
    EXPECT_TRACE(EV(EV_TIMED, 9), EV(EV_TIMED, 12));
}

/* Data on a bound fd raises its IRQ through SIGIO: data there before binding, then each write. */
static void test_fd_interrupt(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe2(fds, O_NONBLOCK), 0);
    test_fd = fds[0];
    assert_int_equal(write(fds[1], "abc", 3), 3);
    assert_int_equal(trace_len, 0); /* not bound yet: nothing runs */
    assert_int_equal(native_irq_bind_fd(fds[0], TEST_IRQ_FD), 0);
    EXPECT_TRACE(EV(EV_FD, 3));
    assert_int_equal(write(fds[1], "de", 2), 2);
    wait_for_trace(2, 2000000); /* SIGIO is asynchronous */
    EXPECT_TRACE(EV(EV_FD, 3), EV(EV_FD, 2));
    assert_int_equal(native_irq_bind_fd(-1, 64), -1); /* out-of-range IRQ */
}

static int group_setup(void **state)
{
    (void)state;
    sched_app_start();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_spawn_after_from_init, setup),
        cmocka_unit_test_setup(test_priority_order_and_fifo, setup),
        cmocka_unit_test_setup(test_spawn_from_idle_runs_at_once, setup),
        cmocka_unit_test_setup(test_preemption_by_spawn, setup),
        cmocka_unit_test_setup(test_preemption_by_async_interrupt, setup),
        cmocka_unit_test_setup(test_lock_ceiling, setup),
        cmocka_unit_test_setup(test_nested_locks, setup),
        cmocka_unit_test_setup(test_lock_elision, setup),
        cmocka_unit_test_setup(test_lock_released_on_early_exit, setup),
        cmocka_unit_test_setup(test_queue_full, setup),
        cmocka_unit_test_setup(test_timer_order, setup),
        cmocka_unit_test_setup(test_spawn_after_waits_at_least_the_delay, setup),
        cmocka_unit_test_setup(test_cancel_and_reschedule, setup),
        cmocka_unit_test_setup(test_fd_interrupt, setup),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
