/* ARMv7-M side of the scheduler's start-up and idle. */
#include "sched_port.h"

void sched_port_irq_setup(unsigned irq, unsigned prio)
{
    NVIC->IPR[irq] = SCHED_PORT_NVIC_PRIO(prio);
    NVIC->ISER[irq >> 5] = 1u << (irq & 31u);
}

void sched_port_start(void)
{
    __asm__ volatile("msr basepri, %0" ::"r"(0u) : "memory");
    cortex_m_dsb();
    cortex_m_isb();
    __asm__ volatile("cpsie i" ::: "memory");
}

void sched_port_idle(void)
{
    __asm__ volatile("wfi");
}
