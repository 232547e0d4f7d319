/* The asynchronous sources on mps2: CMSDK APB timers 0 and 1 (a 32-bit down-counter each, on the
 * 25 MHz APB clock), used one-shot. Registers from the CMSDK technical reference: CTRL (bit 0
 * enable, bit 3 interrupt enable), VALUE, RELOAD, INTSTATUS/INTCLEAR. */
#include "async_source.h"
#include "chip.h"
#include "cortex_m.h"
#include "sched_port.h"

#define TIMER_BASE(line) ((line) == ASYNC_HIGH ? 0x40000000u : 0x40001000u)
#define TIMER_CTRL(line) REG32(TIMER_BASE(line) + 0x00)
#define TIMER_VALUE(line) REG32(TIMER_BASE(line) + 0x04)
#define TIMER_RELOAD(line) REG32(TIMER_BASE(line) + 0x08)
#define TIMER_INTCLEAR(line) REG32(TIMER_BASE(line) + 0x0C)
#define CTRL_ENABLE (1u << 0)
#define CTRL_IRQ_ENABLE (1u << 3)

void async_source_init(void)
{
    TIMER_CTRL(ASYNC_HIGH) = 0;
    TIMER_CTRL(ASYNC_MID) = 0;
}

void async_source_arm(enum async_line line, unsigned delay_us)
{
    uint32_t ticks = delay_us * (CHIP_SYSCLK_HZ / 1000000u);
    TIMER_CTRL(line) = 0;
    TIMER_INTCLEAR(line) = 1;
    TIMER_RELOAD(line) = ticks;
    TIMER_VALUE(line) = ticks;
    TIMER_CTRL(line) = CTRL_ENABLE | CTRL_IRQ_ENABLE;
}

void async_source_ack(enum async_line line)
{
    TIMER_CTRL(line) = 0;
    TIMER_INTCLEAR(line) = 1;
}

unsigned async_source_basepri(void)
{
    uint32_t basepri;
    __asm__ volatile("mrs %0, basepri" : "=r"(basepri));
    return basepri ? SCHED_PORT_LEVELS - (basepri >> (8 - CHIP_NVIC_PRIO_BITS)) : 0;
}

void async_source_wait(void)
{
    __asm__ volatile("wfi"); /* SysTick wakes us every millisecond at the latest */
}
