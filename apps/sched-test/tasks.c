/* The tasks of sched-test (app.def.h): each records in the trace what it sees. The scenario the
 * idle task is running decides what `low` does. */
#include "app.def.h"
#include "trace.h"

static volatile int async_ran;

/* Busy-waits, keeping the CPU as a long computation would, until *flag or the timeout. */
static void spin_until(volatile int *flag, unsigned timeout_us)
{
    uint64_t end = sched_now_us() + timeout_us;
    while (!*flag && sched_now_us() < end)
        ;
}

static void spin_for(unsigned us)
{
    uint64_t end = sched_now_us() + us;
    while (sched_now_us() < end)
        ;
}

/* low (1) holds `shared` (ceiling 2). Work at 2 arrives by spawn, by software pend and by a timer
 * interrupt: it must wait for the unlock. Work at 3 (spawn, timer interrupt) preempts the lock. */
static void low_ceiling(low_ctx_t *ctx)
{
    async_ran = 0;
    sched_lock(ctx, shared, s) {
        in_lock = 1;
        trace_add(EV_LOCKED, 0);
        sched_spawn(mid, 1);
        sched_pend_irq(ASYNC_IRQ_MID);
        sched_spawn(high, 1);
        async_source_arm(ASYNC_MID, 1000);
        async_source_arm(ASYNC_HIGH, 2000);
        spin_until(&async_ran, 2000000);
        spin_for(5000); /* the mid-priority timer interrupt has long fired: it must not run */
        (*s)++;
        trace_add(EV_UNLOCKED, 0);
        in_lock = 0;
    }
}

/* Inside `top` (ceiling 3) even high waits; it runs when `top` drops, while `shared` holds mid. */
static void low_nested(low_ctx_t *ctx)
{
    sched_lock(ctx, shared, s) {
        sched_lock(ctx, top, t) {
            in_lock = 1;
            trace_add(EV_LOCKED, 3);
            sched_spawn(high, 2);
            (*t)++;
            in_lock = 0;
        }
        trace_add(EV_UNLOCKED, 3);
        sched_spawn(mid, 2);
        (*s)++;
    }
}

/* A lock at the task's own priority leaves BASEPRI alone; one above raises it to the ceiling. */
static void low_elision(low_ctx_t *ctx)
{
    sched_lock(ctx, own, o) {
        trace_add(EV_BASEPRI, (int32_t)async_source_basepri());
        (*o)++;
    }
    sched_res(ctx, own)++;
    sched_lock(ctx, shared, s) {
        trace_add(EV_BASEPRI, (int32_t)async_source_basepri());
        (*s)++;
    }
    trace_add(EV_BASEPRI, (int32_t)async_source_basepri());
    sched_spawn(mid, 0);
}

static int leave_by_return(low_ctx_t *ctx)
{
    sched_lock(ctx, top, t) {
        if (*t < 0xFFFFFFFFu)
            return 1;
    }
    return 0;
}

/* return and break inside a lock block release it; break leaves only the lock block. */
static void low_early_exit(low_ctx_t *ctx)
{
    trace_add(EV_LOW, leave_by_return(ctx));
    trace_add(EV_BASEPRI, (int32_t)async_source_basepri());
    for (int i = 0; i < 3; i++) {
        sched_lock(ctx, shared, s) {
            (*s)++;
            break;
        }
        trace_add(EV_BASEPRI, (int32_t)async_source_basepri());
    }
}

void low(low_ctx_t *ctx, uint32_t msg)
{
    switch (scenario) {
    case SC_PREEMPT:
        trace_add(EV_LOW, (int32_t)msg);
        sched_spawn(high, msg); /* more urgent: runs before spawn returns */
        trace_add(EV_LOW_AFTER_HIGH, (int32_t)msg);
        sched_spawn(low_b, msg); /* same level: runs after this task */
        trace_add(EV_LOW_AFTER_LOW_B, (int32_t)msg);
        break;
    case SC_ASYNC:
        trace_add(EV_LOW, (int32_t)msg);
        async_ran = 0;
        async_source_arm(ASYNC_HIGH, 1000);
        spin_until(&async_ran, 2000000);
        break;
    case SC_CEILING:
        low_ceiling(ctx);
        break;
    case SC_NESTED:
        low_nested(ctx);
        break;
    case SC_ELISION:
        low_elision(ctx);
        break;
    case SC_EARLY_EXIT:
        low_early_exit(ctx);
        break;
    default:
        trace_add(EV_LOW, (int32_t)msg);
        return;
    }
    trace_add(EV_LOW_END, (int32_t)msg);
}

void low_b(low_b_ctx_t *ctx, uint32_t msg)
{
    (void)ctx;
    trace_add(EV_LOW_B, (int32_t)msg);
}

void queue(queue_ctx_t *ctx, uint32_t msg)
{
    (void)ctx;
    trace_add(EV_QUEUE, (int32_t)msg);
}

void mid(mid_ctx_t *ctx, uint32_t msg)
{
    if (scenario == SC_ELISION) {
        sched_lock(ctx, shared, s) { /* ceiling 2 == our priority: elided */
            trace_add(EV_BASEPRI, (int32_t)async_source_basepri());
            (*s)++;
        }
        return;
    }
    trace_add(EV_MID, (int32_t)msg);
}

void timed(timed_ctx_t *ctx, uint32_t msg)
{
    (void)ctx;
    if (msg < 16)
        timed_ran_at[msg] = sched_now_us();
    trace_add(EV_TIMED, (int32_t)msg);
}

void high(high_ctx_t *ctx, uint32_t msg)
{
    sched_lock(ctx, top, t) { /* ceiling 3 == our priority */
        (*t)++;
    }
    trace_add(EV_HIGH, (int32_t)msg);
}

void async_high(async_high_ctx_t *ctx)
{
    (void)ctx;
    async_source_ack(ASYNC_HIGH);
    async_ran = 1;
    trace_add(EV_ASYNC, 0);
}

void hw_mid(hw_mid_ctx_t *ctx)
{
    async_source_ack(ASYNC_MID);
    sched_lock(ctx, shared, s) {
        (*s)++;
    }
    trace_add(EV_HW_MID, 0);
}
