/* Monotonic clock on CLOCK_MONOTONIC, alarm on a one-shot POSIX timer at an absolute time (so a
 * deadline already past fires at once). Its signal pends NATIVE_TIMER_IRQ, which runs the timer
 * queue at the most urgent level. clock_gettime and timer_settime are async-signal-safe. */
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "sched/core.h"
#include "sched_native.h"

static uint64_t boot_ns;
static timer_t alarm_timer;

static uint64_t clock_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void die(const char *what)
{
    (void)!write(STDERR_FILENO, what, __builtin_strlen(what));
    abort();
}

void irq63_handler(void);
void irq63_handler(void)
{
    sched__timer_isr();
}

void sched_port_mono_init(void)
{
    boot_ns = clock_ns();
    struct sigevent ev = {0};
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGALRM;
    if (timer_create(CLOCK_MONOTONIC, &ev, &alarm_timer) != 0)
        die("sched native: timer_create failed\n");
    if (native_irq_bind_signal(SIGALRM, NATIVE_TIMER_IRQ) != 0)
        die("sched native: cannot bind SIGALRM\n");
    sched_port_irq_setup(NATIVE_TIMER_IRQ, SCHED_PORT_LEVELS);
}

uint64_t sched_port_mono_now(void)
{
    if (!boot_ns)
        return 0;
    return (clock_ns() - boot_ns) / 1000u;
}

void sched_port_mono_set_alarm(uint64_t at_us)
{
    if (!boot_ns)
        return; /* not started; sched_app_start arms the first alarm after init */
    struct itimerspec its = {0}; /* all zero: disarm */
    if (at_us != SCHED_NEVER) {
        uint64_t ns = boot_ns + at_us * 1000u;
        its.it_value.tv_sec = (time_t)(ns / 1000000000u);
        its.it_value.tv_nsec = (long)(ns % 1000000000u);
    }
    timer_settime(alarm_timer, TIMER_ABSTIME, &its, 0);
}
