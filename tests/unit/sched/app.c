/* The test application's tasks (app.def.h): each records what it sees in the trace. */
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "app.def.h"
#include "sched_native.h"
#include "test_app.h"

#define SCHED_APP_NO_MAIN
#include "sched/app_impl.h"

volatile enum scenario scenario;
uint32_t trace[TRACE_MAX];
volatile unsigned trace_len;
volatile int in_lock;
uint64_t timed_ran_at[16];
int test_fd = -1;

/* Tasks preempt each other: claim the index atomically so nested appends never collide. */
void trace_add(uint32_t event)
{
    unsigned i = __atomic_fetch_add(&trace_len, 1, __ATOMIC_SEQ_CST);
    if (i < TRACE_MAX)
        trace[i] = event;
}

void trace_reset(void)
{
    trace_len = 0;
    in_lock = 0;
    scenario = SC_PLAIN;
}

void raise_later(int signo, unsigned delay_us)
{
    static timer_t timers[65];
    static int created[65];
    if (!created[signo]) {
        struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = signo};
        if (timer_create(CLOCK_MONOTONIC, &ev, &timers[signo]) != 0)
            return;
        created[signo] = 1;
    }
    struct itimerspec its = {.it_value = {.tv_sec = delay_us / 1000000u,
                                          .tv_nsec = (long)(delay_us % 1000000u) * 1000}};
    timer_settime(timers[signo], 0, &its, 0);
}

/* Busy-waits (the task keeps the CPU, as a long computation would) until *flag or timeout. */
static void spin_until(volatile int *flag, unsigned timeout_us)
{
    uint64_t end = sched_now_us() + timeout_us;
    while (!*flag && sched_now_us() < end)
        ;
}

void test_init(sched_init_ctx_t *ctx)
{
    sched_res(ctx, shared) = 0; /* init sees every resource, lock-free */
    native_irq_bind_signal(SIGUSR1, TEST_IRQ_ASYNC_HIGH);
    native_irq_bind_signal(SIGUSR2, TEST_IRQ_HW_MID);
    sched_spawn_after(timed, INIT_DELAY_US, INIT_TIMED_MSG, NULL); /* before the clock runs */
}

static volatile int async_ran, hw_mid_ran;

static void low_ceiling(low_ctx_t *ctx)
{
    async_ran = hw_mid_ran = 0;
    sched_lock(ctx, shared, s) {
        in_lock = 1;
        trace_add(EV(EV_LOW_LOCKED, 0));
        sched_spawn(mid, 1);                      /* at the ceiling: must wait */
        sched_pend_irq(TEST_IRQ_HW_MID);          /* at the ceiling: must wait */
        sched_spawn(high, 1);                     /* above: runs now */
        raise_later(SIGUSR2, 1000);               /* async, at the ceiling: must wait */
        raise_later(SIGUSR1, 2000);               /* async, above: preempts the lock */
        spin_until(&async_ran, 2000000);
        uint64_t until = sched_now_us() + 20000; /* give SIGUSR2 every chance to sneak in */
        while (sched_now_us() < until)
            ;
        (*s)++;
        trace_add(EV(EV_LOW_UNLOCKED, 0));
        in_lock = 0;
    }
}

static void low_nested(low_ctx_t *ctx)
{
    sched_lock(ctx, shared, s) {
        sched_lock(ctx, top, t) {
            in_lock = 1;
            trace_add(EV(EV_LOW_LOCKED, 3));
            sched_spawn(high, 2); /* ceiling 3: even the most urgent task waits */
            (*t)++;
            in_lock = 0;
        }
        trace_add(EV(EV_LOW_UNLOCKED, 3)); /* high ran as `top` was released: before this */
        sched_spawn(mid, 2);               /* `shared` still held: mid waits */
        (*s)++;
    }
}

static void low_elision(low_ctx_t *ctx)
{
    sched_lock(ctx, own, o) { /* ceiling 1 == our priority: no lock at all */
        trace_add(EV(EV_BASEPRI, native_basepri));
        (*o)++;
    }
    sched_res(ctx, own)++; /* task-local: direct access compiles */
    sched_lock(ctx, shared, s) {
        trace_add(EV(EV_BASEPRI, native_basepri)); /* raised to 2 */
        (*s)++;
    }
    trace_add(EV(EV_BASEPRI, native_basepri)); /* back to 0 */
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

static void low_early_exit(low_ctx_t *ctx)
{
    trace_add(EV(EV_LOW, leave_by_return(ctx)));
    trace_add(EV(EV_BASEPRI, native_basepri));
    for (int i = 0; i < 3; i++) {
        sched_lock(ctx, shared, s) {
            (*s)++;
            break; /* leaves the lock block */
        }
        trace_add(EV(EV_BASEPRI, native_basepri));
    }
}

void low(low_ctx_t *ctx, uint32_t msg)
{
    switch (scenario) {
    case SC_PREEMPT:
        trace_add(EV(EV_LOW, msg));
        sched_spawn(high, msg);
        trace_add(EV(EV_LOW_AFTER_HIGH, msg));
        sched_spawn(low_b, msg);
        trace_add(EV(EV_LOW_AFTER_LOW_B, msg));
        break;
    case SC_ASYNC:
        trace_add(EV(EV_LOW, msg));
        async_ran = 0;
        raise_later(SIGUSR1, 1000);
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
        trace_add(EV(EV_LOW, msg));
        return;
    }
    trace_add(EV(EV_LOW_END, msg));
}

void low_b(low_b_ctx_t *ctx, uint32_t msg)
{
    (void)ctx;
    trace_add(EV(EV_LOW_B, msg));
}

void queue(queue_ctx_t *ctx, uint32_t msg)
{
    (void)ctx;
    trace_add(EV(EV_QUEUE, msg));
}

void mid(mid_ctx_t *ctx, uint32_t msg)
{
    if (scenario == SC_ELISION) {
        sched_lock(ctx, shared, s) { /* ceiling 2 == our priority: elided */
            trace_add(EV(EV_BASEPRI, native_basepri));
            (*s)++;
        }
        return;
    }
    trace_add(EV(EV_MID, msg | (uint32_t)in_lock << 8));
}

void timed(timed_ctx_t *ctx, uint32_t msg)
{
    (void)ctx;
    if (msg < 16)
        timed_ran_at[msg] = sched_now_us();
    trace_add(EV(EV_TIMED, msg));
}

void high(high_ctx_t *ctx, uint32_t msg)
{
    sched_lock(ctx, top, t) { /* ceiling 3 == our priority */
        (*t)++;
    }
    trace_add(EV(EV_HIGH, msg | (uint32_t)in_lock << 8));
}

void async_high(async_high_ctx_t *ctx)
{
    (void)ctx;
    async_ran = 1;
    trace_add(EV(EV_ASYNC, (uint32_t)in_lock << 8));
}

void hw_mid(hw_mid_ctx_t *ctx)
{
    sched_lock(ctx, shared, s) {
        (*s)++;
    }
    hw_mid_ran = 1;
    trace_add(EV(EV_HW_MID, (uint32_t)in_lock << 8));
}

/* Like a receive interrupt: drain everything that is there (a new signal needs new data). */
void fd_ready(fd_ready_ctx_t *ctx)
{
    (void)ctx;
    char buf[16];
    ssize_t total = 0, n;
    while ((n = read(test_fd, buf, sizeof buf)) > 0)
        total += n;
    trace_add(EV(EV_FD, total));
}
