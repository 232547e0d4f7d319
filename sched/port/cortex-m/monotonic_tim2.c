/* Tickless monotonic clock on an STM32's TIM2 (SCHED_MONOTONIC tim2 in board.cmake): a 32-bit
 * general-purpose timer, the same block at the same address on the F4 and the H7 (RM0090 and
 * RM0433, "General-purpose timers (TIM2 to TIM5)"). It counts microseconds (the prescaler
 * divides its clock down to 1 MHz); its overflows, every 71.6 minutes, count the upper 32 bits. The alarm is compare
 * channel 1, set to the next deadline when that falls within the next 2^32 us, so there is no
 * tick: the interrupt comes at the deadline (to the microsecond, against SysTick's 1 ms), and an
 * idle system sleeps between timed spawns.
 *
 * The board starts the timer's bus clock and says at what rate it counts
 * (board_tim2_clock_hz(): APB1's timer clock). TIM2's interrupt runs at the most urgent priority,
 * like SysTick's, above every task. */
#include <stdbool.h>

#include "chip.h"
#include "cortex_m.h"
#include "mmio.h"
#include "sched/core.h"

#define TIM2_ADDR 0x40000000u
#define TIM_CR1 (TIM2_ADDR + 0x00u)
#define TIM_CR1_CEN (1u << 0)
#define TIM_CR1_URS (1u << 2) /* only an overflow is an update event, not a UG write */
#define TIM_DIER (TIM2_ADDR + 0x0Cu)
#define TIM_DIER_UIE (1u << 0)
#define TIM_DIER_CC1IE (1u << 1)
#define TIM_SR (TIM2_ADDR + 0x10u) /* flags clear by writing 0, writing 1 leaves them */
#define TIM_SR_UIF (1u << 0)
#define TIM_SR_CC1IF (1u << 1)
#define TIM_EGR (TIM2_ADDR + 0x14u)
#define TIM_EGR_UG (1u << 0)
#define TIM_CNT (TIM2_ADDR + 0x24u)
#define TIM_PSC (TIM2_ADDR + 0x28u)
#define TIM_ARR (TIM2_ADDR + 0x2Cu)
#define TIM_CCR1 (TIM2_ADDR + 0x34u)
#define NVIC_ISPR(irq) (0xE000E200u + 4u * ((irq) / 32u))

/* The board: enables TIM2's clock, returns the rate it counts at (Hz, a multiple of 1 MHz). */
uint32_t board_tim2_clock_hz(void);

void CORTEX_M_IRQ_HANDLER(CHIP_TIM2_IRQ)(void);

static volatile uint32_t epoch; /* overflows so far: the upper half of the time */
static uint64_t alarm_at = SCHED_NEVER;
static bool started;

void sched_port_mono_init(void)
{
    uint32_t hz = board_tim2_clock_hz();
    epoch = 0;
    mmio_write32(TIM_CR1, TIM_CR1_URS);
    mmio_write32(TIM_PSC, hz / 1000000u - 1u);
    mmio_write32(TIM_ARR, 0xFFFFFFFFu);
    mmio_write32(TIM_CNT, 0);
    mmio_write32(TIM_EGR, TIM_EGR_UG); /* the prescaler is buffered: load it now */
    mmio_write32(TIM_SR, 0);
    mmio_write32(TIM_DIER, TIM_DIER_UIE);
    cortex_m_nvic_enable(CHIP_TIM2_IRQ, 0);
    started = true;
    mmio_write32(TIM_CR1, TIM_CR1_URS | TIM_CR1_CEN);
}

uint64_t sched_port_mono_now(void)
{
    if (!started)
        return 0;
    uint32_t pm = cortex_m_primask_save_disable();
    uint32_t hi = epoch;
    uint32_t lo = mmio_read32(TIM_CNT);
    /* Wrapped, its interrupt not taken yet (masked, or we run above it): lo may be from either
     * side of the wrap, so it is read again, after. */
    if (mmio_read32(TIM_SR) & TIM_SR_UIF) {
        lo = mmio_read32(TIM_CNT);
        hi++;
    }
    cortex_m_primask_restore(pm);
    return (uint64_t)hi << 32 | lo;
}

static void pend_self(void)
{
    mmio_write32(NVIC_ISPR(CHIP_TIM2_IRQ), 1u << (CHIP_TIM2_IRQ % 32u));
}

/* Compare channel 1 on the alarm if it falls within the next 2^32 us: then the counter meets its
 * low half exactly once, at the deadline. Further away, the overflow interrupt comes back here.
 * A deadline already past, or passed while this ran, pends the interrupt at once. */
static void arm(void)
{
    if (alarm_at == SCHED_NEVER) {
        mmio_modify32(TIM_DIER, TIM_DIER_CC1IE, 0);
        return;
    }
    uint64_t now = sched_port_mono_now();
    if (alarm_at <= now) {
        pend_self();
        return;
    }
    if (alarm_at - now > 0xFFFFFFFFull) {
        mmio_modify32(TIM_DIER, TIM_DIER_CC1IE, 0);
        return;
    }
    mmio_write32(TIM_CCR1, (uint32_t)alarm_at);
    mmio_write32(TIM_SR, ~TIM_SR_CC1IF); /* a stale match of the previous value */
    mmio_modify32(TIM_DIER, 0, TIM_DIER_CC1IE);
    if (sched_port_mono_now() >= alarm_at)
        pend_self();
}

void sched_port_mono_set_alarm(uint64_t at_us)
{
    alarm_at = at_us;
    if (started) {
        uint32_t pm = cortex_m_primask_save_disable();
        arm();
        cortex_m_primask_restore(pm);
    }
}

void CORTEX_M_IRQ_HANDLER(CHIP_TIM2_IRQ)(void)
{
    uint32_t sr = mmio_read32(TIM_SR);
    if (sr & TIM_SR_UIF) {
        mmio_write32(TIM_SR, ~TIM_SR_UIF);
        epoch++;
    }
    if (sr & TIM_SR_CC1IF)
        mmio_write32(TIM_SR, ~TIM_SR_CC1IF);
    if (alarm_at != SCHED_NEVER && alarm_at <= sched_port_mono_now())
        sched__timer_isr(); /* sets the next alarm */
    else
        arm(); /* a far deadline, one overflow closer */
}
