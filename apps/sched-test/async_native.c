/* The asynchronous sources on native: POSIX timers whose signals the port binds to the IRQs. */
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "async_source.h"
#include "sched_native.h"

static timer_t timers[2];
static const int signals[2] = {SIGUSR1, SIGUSR2};

void async_source_init(void)
{
    for (unsigned i = 0; i < 2; i++) {
        struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = signals[i]};
        timer_create(CLOCK_MONOTONIC, &ev, &timers[i]);
    }
    native_irq_bind_signal(SIGUSR1, ASYNC_IRQ_HIGH);
    native_irq_bind_signal(SIGUSR2, ASYNC_IRQ_MID);
}

void async_source_arm(enum async_line line, unsigned delay_us)
{
    struct itimerspec its = {.it_value = {.tv_sec = delay_us / 1000000u,
                                          .tv_nsec = (long)(delay_us % 1000000u) * 1000}};
    timer_settime(timers[line], 0, &its, 0);
}

void async_source_ack(enum async_line line)
{
    (void)line; /* a signal is an edge: nothing to clear */
}

unsigned async_source_basepri(void)
{
    return native_basepri;
}

void async_source_wait(void)
{
    usleep(1000);
}
