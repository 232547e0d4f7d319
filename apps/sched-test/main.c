/* sched-test: runs the scheduler's scenarios from the idle task, prints each trace, prints the
 * measured spawn_after delays, then ends the run (semihosting on QEMU, exit() on native). */
#include "app.def.h"
#include "bench.h"
#include "board.h"
#include "log/log.h"
#include "sched/exit.h"
#include "trace.h"

#include "sched/app_impl.h"

#if defined(KIT_CROSS)
#include "cortex_m.h"
#endif

void test_init(sched_init_ctx_t *ctx)
{
    board_init();
    log_banner("sched-test");
#if defined(KIT_CROSS)
    cortex_m_fault_exit_via_semihosting(true); /* a fault ends the run at once, status 1 */
#endif
    async_source_init();
    sched_res(ctx, shared) = 0;
}

static void wait_for_trace(unsigned n, unsigned timeout_us)
{
    uint64_t end = sched_now_us() + timeout_us;
    while (trace_len < n && sched_now_us() < end)
        async_source_wait();
}

static void run(enum scenario s, uint32_t msg, const char *name)
{
    scenario = s;
    sched_spawn(low, msg); /* more urgent than idle: has run when this returns */
    scenario = SC_PLAIN;
    trace_print(name);
}

/* Queued while idle holds `top` (ceiling 3, everything masked), released at once: most urgent
 * first, spawn order within a level. */
static void order(test_idle_ctx_t *ctx)
{
    sched_lock(ctx, top, t) {
        sched_spawn(low, 1);
        sched_spawn(low_b, 2);
        sched_spawn(mid, 3);
        sched_spawn(high, 4);
        sched_spawn(low, 5);
        sched_spawn(low_b, 6);
        (*t)++;
    }
    trace_print("order");
}

/* Capacity 3: the fourth spawn fails at once; the three queued all run, in order. */
static void queue_full(test_idle_ctx_t *ctx)
{
    int rc[4];
    sched_lock(ctx, top, t) {
        for (unsigned i = 0; i < 4; i++)
            rc[i] = sched_spawn(queue, i + 1);
        (*t)++;
    }
    for (unsigned i = 0; i < 4; i++)
        trace_add(EV_RC, rc[i]);
    trace_print("queue_full");
}

/* Earlier deadlines first, equal deadlines in spawn order. */
static void timer_order(void)
{
    static const uint32_t delay_us[] = {30000, 10000, 20000, 20000, 10000, 0};
    uint64_t t0 = sched_now_us();
    for (unsigned i = 0; i < 6; i++)
        sched_spawn_at(timed, t0 + delay_us[i], i, NULL);
    wait_for_trace(6, 2000000);
    trace_print("timer_order");
    for (unsigned i = 0; i < 6; i++)
        if (timed_ran_at[i] < t0 + delay_us[i])
            LOG_ERROR("timed %u ran early", i);
}

/* spawn_after measured on the monotonic clock: never early, at most one tick late. */
static void delays(void)
{
    static const uint32_t requested[] = {1000, 2500, 10000, 33333};
    for (unsigned i = 0; i < 4; i++) {
        unsigned id = 10 + i;
        uint64_t t0 = sched_now_us();
        sched_spawn_after(timed, requested[i], id, NULL);
        wait_for_trace(1, 2000000);
        trace_len = 0;
        LOG_INFO("DELAY requested=%lu measured=%lu", (unsigned long)requested[i],
                 (unsigned long)(timed_ran_at[id] - t0));
    }
}

/* cancel frees the slot and the spawn never runs; reschedule moves one; a handle whose spawn ran
 * is dead for both. */
static void cancel(void)
{
    sched_handle_t h1, h2;
    uint64_t t0 = sched_now_us();
    sched_spawn_at(timed, t0 + 20000, 8, &h1);
    sched_spawn_at(timed, t0 + 400000, 9, &h2);
    trace_add(EV_RC, sched_cancel(h1));
    trace_add(EV_RC, sched_cancel(h1));
    trace_add(EV_RC, sched_reschedule(h2, t0 + 5000));
    wait_for_trace(4, 2000000);
    uint64_t until = t0 + 30000; /* past the cancelled deadline */
    while (sched_now_us() < until)
        async_source_wait();
    trace_add(EV_RC, sched_cancel(h2));
    trace_add(EV_RC, sched_reschedule(h2, t0));
    trace_print("cancel");
    if (timed_ran_at[9] >= t0 + 400000)
        LOG_ERROR("rescheduled spawn ran at its old deadline");
}

void test_idle(test_idle_ctx_t *ctx)
{
    order(ctx);
    run(SC_PREEMPT, 9, "preempt");
    run(SC_ASYNC, 1, "async");
    run(SC_CEILING, 1, "ceiling");
    run(SC_NESTED, 1, "nested");
    run(SC_ELISION, 1, "elision");
    run(SC_EARLY_EXIT, 1, "early_exit");
    queue_full(ctx);
    timer_order();
    delays();
    cancel();
    bench_run();
    LOG_INFO("DONE");
    sched_exit(0);
}
