/* The scheduler on ARMv7-M: NVIC priorities for tasks, BASEPRI for resource locks, PRIMASK for the
 * scheduler's own short critical sections, the chip's free vectors as dispatchers.
 *
 * Logical priorities are 1..SCHED_PORT_LEVELS, higher = more urgent; 0 is thread mode (idle).
 * The NVIC wants the opposite (0 = most urgent) in the top CHIP_NVIC_PRIO_BITS bits of a byte. */
#ifndef SCHED_PORT_H
#define SCHED_PORT_H

#include <stdint.h>

#include "chip.h"
#include "cortex_m.h"
#include "sched/pp.h"

/* The hot paths are a handful of instructions each: inline them even at -Os. */
#define SCHED_INLINE static inline __attribute__((always_inline))

#define SCHED_PORT_LEVELS (1u << CHIP_NVIC_PRIO_BITS)
#define SCHED_PORT_NVIC_PRIO(p) ((uint8_t)((SCHED_PORT_LEVELS - (p)) << (8 - CHIP_NVIC_PRIO_BITS)))

/* X(level, irq): the interrupt that dispatches the software tasks of each priority level, levels
 * 1..K in order, K <= SCHED_PORT_LEVELS. A chip whose free vectors are scattered lists them as
 * CHIP_DISPATCHER_IRQS(X); otherwise levels 1, 2, ... take consecutive vectors from
 * CHIP_FREE_IRQ_FIRST (CHIP_FREE_IRQ_COUNT of them, plain literals: they are pasted into the
 * names irqN_handler of startup.c's vector table). */
#if defined(CHIP_DISPATCHER_IRQS)
#define SCHED_PORT_DISPATCHERS(X) CHIP_DISPATCHER_IRQS(X)
#elif defined(CHIP_FREE_IRQ_FIRST) && defined(CHIP_FREE_IRQ_COUNT)
#if CHIP_FREE_IRQ_COUNT <= (1 << CHIP_NVIC_PRIO_BITS)
#define SCHED__DISPATCH_COUNT CHIP_FREE_IRQ_COUNT
#elif CHIP_NVIC_PRIO_BITS == 3
#define SCHED__DISPATCH_COUNT 8
#else
#define SCHED__DISPATCH_COUNT 16
#endif
#define SCHED_PORT_DISPATCHERS(X)                                                                  \
    SCHED_PP_CAT(SCHED_PP_SEQ_, SCHED__DISPATCH_COUNT)(X, CHIP_FREE_IRQ_FIRST)
#else
#error "chip.h names no free vectors for the scheduler's dispatchers (CHIP_FREE_IRQ_FIRST/COUNT)"
#endif

/* The generated main(): startup.c calls it with no arguments. */
#define SCHED_PORT_MAIN_SIGNATURE int main(void)
#define SCHED_PORT_MAIN_PROLOGUE() ((void)0)

SCHED_INLINE uint32_t sched_port_cs_enter(void)
{
    return cortex_m_primask_save_disable();
}

SCHED_INLINE void sched_port_cs_exit(uint32_t state)
{
    cortex_m_primask_restore(state);
}

/* Raises the running priority to `ceiling`. BASEPRI_MAX only ever raises, so a lock taken inside a
 * higher one is harmless. BASEPRI cannot mask the most urgent NVIC level (value 0 means "off"),
 * so a ceiling at the top level masks everything with PRIMASK instead; the choice folds away,
 * ceilings being constants. */
SCHED_INLINE uint32_t sched_port_lock(unsigned ceiling)
{
    if (ceiling >= SCHED_PORT_LEVELS)
        return cortex_m_primask_save_disable();
    uint32_t old;
    __asm__ volatile("mrs %0, basepri" : "=r"(old));
    uint32_t mask = SCHED_PORT_NVIC_PRIO(ceiling);
    __asm__ volatile("msr basepri_max, %0" ::"r"(mask) : "memory");
    return old;
}

/* Lowering BASEPRI lets the NVIC take whatever became pending meanwhile: nothing else to do. */
SCHED_INLINE void sched_port_unlock(unsigned ceiling, uint32_t old)
{
    if (ceiling >= SCHED_PORT_LEVELS)
        cortex_m_primask_restore(old);
    else
        __asm__ volatile("msr basepri, %0" ::"r"(old) : "memory");
}

SCHED_INLINE void sched_port_pend(unsigned irq)
{
    NVIC->ISPR[irq >> 5] = 1u << (irq & 31u);
}

/* Priority and enable of one interrupt; called before interrupts are turned on. */
void sched_port_irq_setup(unsigned irq, unsigned prio);

/* Interrupts on: the end of init. */
void sched_port_start(void);

/* Nothing to run: sleep until an interrupt. */
void sched_port_idle(void);

#endif
