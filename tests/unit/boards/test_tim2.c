/* The tickless TIM2 monotonic (sched/port/cortex-m/monotonic_tim2.c) against a model of the
 * timer as RM0090/RM0433 describe it: a prescaled up-counter to ARR, the update flag on overflow,
 * compare channel 1's flag when the counter reaches CCR1, flags cleared by writing 0, and the
 * interrupt pending while an enabled flag is set. The test is the NVIC: it takes the interrupt
 * whenever it is pending and not masked, as time advances. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "mmio_bus.h"
#include "sched/core.h"

uint32_t fake_primask;
int fake_nvic_irq = -1, fake_nvic_priority = -1;

#define TIM2_ADDR 0x40000000u
#define NVIC_ISPR0 0xE000E200u
#define IRQ 28
#define CLOCK_HZ 200000000u

static struct {
    uint32_t cr1, dier, sr, psc, arr, ccr1;
    uint64_t ticks; /* timer-clock ticks since the counter started */
    uint32_t psc_active;
    bool pended; /* NVIC pending bit, set by software */
} tim;

static uint32_t cnt(void)
{
    return (uint32_t)(tim.ticks / (tim.psc_active + 1u));
}

static uint32_t tim_read(void *ctx, uint32_t off)
{
    (void)ctx;
    switch (off) {
    case 0x00: return tim.cr1;
    case 0x0C: return tim.dier;
    case 0x10: return tim.sr;
    case 0x24: return cnt();
    case 0x28: return tim.psc;
    case 0x2C: return tim.arr;
    case 0x34: return tim.ccr1;
    default: fail_msg("TIM2 read of %#x", off); return 0;
    }
}

static void tim_write(void *ctx, uint32_t off, uint32_t v)
{
    (void)ctx;
    switch (off) {
    case 0x00: tim.cr1 = v; return;
    case 0x0C: tim.dier = v; return;
    case 0x10: tim.sr &= v; return; /* rc_w0 */
    case 0x14:
        if (v & 1u) { /* UG: reload the prescaler, counter to 0; no UIF with URS */
            tim.psc_active = tim.psc;
            tim.ticks = 0;
            if (!(tim.cr1 & 4u))
                tim.sr |= 1u;
        }
        return;
    case 0x24: tim.ticks = (uint64_t)v * (tim.psc_active + 1u); return;
    case 0x28: tim.psc = v; return;
    case 0x2C: tim.arr = v; return;
    case 0x34: tim.ccr1 = v; return;
    default: fail_msg("TIM2 write of %#x", off);
    }
}

static uint32_t nvic_read(void *ctx, uint32_t off)
{
    (void)ctx;
    (void)off;
    return 0;
}

static void nvic_write(void *ctx, uint32_t off, uint32_t v)
{
    (void)ctx;
    assert_int_equal(off, 4u * (IRQ / 32));
    if (v & (1u << (IRQ % 32)))
        tim.pended = true;
}

static const struct mmio_region_ops tim_ops = {tim_read, tim_write};
static const struct mmio_region_ops nvic_ops = {nvic_read, nvic_write};

void irq28_handler(void);
uint32_t board_tim2_clock_hz(void);
uint32_t board_tim2_clock_hz(void)
{
    return CLOCK_HZ;
}

/* sched__timer_isr as the scheduler has it: run what is due, arm the next deadline. */
static uint64_t deadlines[8];
static unsigned ndeadlines, fired;
static uint64_t fired_at[8];

void sched__timer_isr(void)
{
    uint64_t now = sched_port_mono_now();
    while (ndeadlines && deadlines[0] <= now) {
        fired_at[fired++] = now;
        for (unsigned i = 1; i < ndeadlines; i++)
            deadlines[i - 1] = deadlines[i];
        ndeadlines--;
    }
    sched_port_mono_set_alarm(ndeadlines ? deadlines[0] : SCHED_NEVER);
}

static bool irq_pending(void)
{
    return tim.pended || (tim.sr & tim.dier & 3u);
}

static void take_interrupts(void)
{
    for (int guard = 0; guard < 10 && !fake_primask && irq_pending(); guard++) {
        tim.pended = false;
        irq28_handler();
    }
    assert_false(!fake_primask && irq_pending()); /* no interrupt storm */
}

/* Time passes one microsecond at a time where it matters, in big steps elsewhere. */
static void advance_us(uint64_t us)
{
    assert_true(tim.cr1 & 1u);
    uint64_t per_us = tim.psc_active + 1u;
    while (us) {
        uint32_t c = cnt();
        uint64_t to_wrap = (uint64_t)tim.arr - c + 1u;
        uint64_t to_match = tim.ccr1 > c ? (uint64_t)tim.ccr1 - c : to_wrap + tim.ccr1;
        uint64_t step = us;
        if (step > to_wrap)
            step = to_wrap;
        if (step > to_match)
            step = to_match;
        tim.ticks += step * per_us;
        us -= step;
        if (step == to_wrap) {
            tim.ticks = 0;
            tim.sr |= 1u;
        }
        if (cnt() == tim.ccr1)
            tim.sr |= 2u;
        take_interrupts();
    }
}

static int setup(void **state)
{
    (void)state;
    mmio_bus_unmap_all();
    assert_true(mmio_bus_map(TIM2_ADDR, 0x400, &tim_ops, 0));
    assert_true(mmio_bus_map(0xE000E200u, 0x40, &nvic_ops, 0));
    tim = (__typeof__(tim)){0};
    tim.arr = 0xFFFFFFFFu;
    ndeadlines = fired = 0;
    fake_primask = 0;
    sched_port_mono_init();
    return 0;
}

static void at(uint64_t when)
{
    deadlines[ndeadlines++] = when;
    sched_port_mono_set_alarm(deadlines[0]);
    take_interrupts();
}

static void test_init(void **state)
{
    (void)state;
    assert_int_equal(tim.psc, CLOCK_HZ / 1000000u - 1u); /* counts microseconds */
    assert_int_equal(tim.arr, 0xFFFFFFFFu);
    assert_int_equal(tim.cr1, 1u | 4u);  /* CEN, URS */
    assert_int_equal(tim.dier, 1u);      /* overflow interrupt only: no alarm yet */
    assert_int_equal(tim.sr, 0);
    assert_int_equal(fake_nvic_irq, IRQ);
    assert_int_equal(fake_nvic_priority, 0);
    assert_int_equal(sched_port_mono_now(), 0);
    advance_us(1234);
    assert_int_equal(sched_port_mono_now(), 1234);
}

static void test_time_runs_through_overflows(void **state)
{
    (void)state;
    advance_us(0xFFFFFFF0ull);
    assert_int_equal(sched_port_mono_now(), 0xFFFFFFF0ull);
    advance_us(0x20);
    assert_int_equal(sched_port_mono_now(), 0x100000010ull);
    advance_us(3ull << 32);
    assert_int_equal(sched_port_mono_now(), 0x400000010ull);
}

/* The overflow happened but its interrupt is masked: time must not jump back. */
static void test_overflow_not_yet_taken(void **state)
{
    (void)state;
    advance_us(0xFFFFFFFEull);
    fake_primask = 1;
    tim.ticks += 5ull * (tim.psc_active + 1u); /* 3 past the wrap */
    tim.ticks -= (uint64_t)(0xFFFFFFFFull + 1u) * (tim.psc_active + 1u);
    tim.sr |= 1u;
    assert_int_equal(sched_port_mono_now(), 0x100000003ull);
    fake_primask = 0;
    take_interrupts();
    assert_int_equal(sched_port_mono_now(), 0x100000003ull);
}

static void test_alarm_fires_at_the_deadline(void **state)
{
    (void)state;
    advance_us(100);
    at(5000);
    assert_true(tim.dier & 2u);
    assert_int_equal(tim.ccr1, 5000);
    advance_us(4899);
    assert_int_equal(fired, 0);
    advance_us(1);
    assert_int_equal(fired, 1);
    assert_int_equal(fired_at[0], 5000); /* to the microsecond */
    assert_false(tim.dier & 2u);         /* nothing left: disarmed */
}

static void test_alarm_in_the_past_fires_at_once(void **state)
{
    (void)state;
    advance_us(10000);
    at(9000);
    assert_int_equal(fired, 1);
    assert_int_equal(fired_at[0], 10000);
}

static void test_alarm_across_the_wrap(void **state)
{
    (void)state;
    advance_us(0xFFFFF000ull);
    at(0x100000800ull); /* 6 ms ahead, past the wrap: CCR1 = its low half, no early match */
    assert_int_equal(tim.ccr1, 0x800u);
    advance_us(0x17FF);
    assert_int_equal(fired, 0);
    advance_us(1);
    assert_int_equal(fired, 1);
    assert_int_equal(fired_at[0], 0x100000800ull);
}

static void test_far_alarm_waits_for_overflows(void **state)
{
    (void)state;
    uint64_t when = (5ull << 32) + 77;
    at(when);
    assert_false(tim.dier & 2u); /* more than 2^32 us away: no compare yet */
    advance_us(when - 1);
    assert_int_equal(fired, 0);
    advance_us(1);
    assert_int_equal(fired, 1);
    assert_int_equal(fired_at[0], when);
}

static void test_several_deadlines_and_never(void **state)
{
    (void)state;
    at(300);
    at(700);
    at(701);
    advance_us(1000);
    assert_int_equal(fired, 3);
    assert_int_equal(fired_at[0], 300);
    assert_int_equal(fired_at[1], 700);
    assert_int_equal(fired_at[2], 701);
    sched_port_mono_set_alarm(2000);
    sched_port_mono_set_alarm(SCHED_NEVER);
    assert_false(tim.dier & 2u);
    advance_us(5000);
    assert_int_equal(fired, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_init, setup),
        cmocka_unit_test_setup(test_time_runs_through_overflows, setup),
        cmocka_unit_test_setup(test_overflow_not_yet_taken, setup),
        cmocka_unit_test_setup(test_alarm_fires_at_the_deadline, setup),
        cmocka_unit_test_setup(test_alarm_in_the_past_fires_at_once, setup),
        cmocka_unit_test_setup(test_alarm_across_the_wrap, setup),
        cmocka_unit_test_setup(test_far_alarm_waits_for_overflows, setup),
        cmocka_unit_test_setup(test_several_deadlines_and_never, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
