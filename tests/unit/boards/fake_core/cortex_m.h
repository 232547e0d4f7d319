/* Host stand-in for chips/cortex-m/cortex_m.h, for compiling a Cortex-M port file (the TIM2
 * monotonic) in a test: PRIMASK is a variable, the NVIC enable is recorded. */
#ifndef CORTEX_M_H
#define CORTEX_M_H

#include <stdbool.h>
#include <stdint.h>

extern uint32_t fake_primask;
extern int fake_nvic_irq, fake_nvic_priority;

static inline uint32_t cortex_m_primask_save_disable(void)
{
    uint32_t old = fake_primask;
    fake_primask = 1;
    return old;
}

static inline void cortex_m_primask_restore(uint32_t primask)
{
    fake_primask = primask;
}

static inline void cortex_m_nvic_enable(unsigned irq, uint8_t priority)
{
    fake_nvic_irq = (int)irq;
    fake_nvic_priority = priority;
}

#endif
