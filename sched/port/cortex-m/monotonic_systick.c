/* Monotonic clock on SysTick: a fixed tick (SCHED_SYSTICK_HZ, 1 kHz) counts whole ticks, the
 * counter's current value gives the microseconds inside the tick. SysTick is only 24 bits and
 * reloading it loses counts, so a tickless SysTick would drift; chips with a 32-bit timer plug a
 * tickless compare in instead (SCHED_MONOTONIC in board.cmake, same three functions).
 *
 * Alarms are checked on every tick: a timed spawn runs at the first tick at or after its deadline,
 * at most one tick late. SysTick runs at the most urgent priority, above every task. */
#include "board.h"
#include "sched/core.h"

#ifndef SCHED_SYSTICK_HZ
#define SCHED_SYSTICK_HZ 1000u
#endif
#define TICK_US (1000000u / SCHED_SYSTICK_HZ)

#define SCB_ICSR_PENDSTSET (1u << 26)

static volatile uint64_t tick_start_us; /* time at the last tick: advanced by the tick handler */
static uint64_t alarm_at = SCHED_NEVER;
static uint32_t reload;
static uint32_t cycles_per_us;

void systick_handler(void);

void sched_port_mono_init(void)
{
    uint32_t hz = board_cpu_hz();
    cycles_per_us = hz / 1000000u;
    reload = hz / SCHED_SYSTICK_HZ - 1u;
    SCB->SHPR[11] = 0; /* SysTick: the most urgent level */
    SYSTICK->LOAD = reload;
    SYSTICK->VAL = 0;
    SYSTICK->CTRL = SYSTICK_CTRL_CLKSOURCE | SYSTICK_CTRL_TICKINT | SYSTICK_CTRL_ENABLE;
}

uint64_t sched_port_mono_now(void)
{
    if (!cycles_per_us)
        return 0; /* not started: init is still running */
    uint32_t pm = cortex_m_primask_save_disable();
    uint64_t start = tick_start_us;
    uint32_t val = SYSTICK->VAL;
    /* The counter wrapped but its handler has not run yet (we are masking it, or run above it):
     * the tick is not counted in tick_start_us, and val may be from either side of the wrap. */
    if (SCB->ICSR & SCB_ICSR_PENDSTSET) {
        val = SYSTICK->VAL;
        start += TICK_US;
    }
    cortex_m_primask_restore(pm);
    return start + (reload - val) / cycles_per_us;
}

void sched_port_mono_set_alarm(uint64_t at_us)
{
    alarm_at = at_us;
}

void systick_handler(void)
{
    tick_start_us += TICK_US;
    if (alarm_at <= sched_port_mono_now())
        sched__timer_isr();
}
