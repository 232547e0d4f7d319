/* The emulated NVIC. Taking an IRQ: find the most urgent enabled pending one above the current
 * execution priority, BASEPRI and PRIMASK (ties: lowest number, as the NVIC does); raise the
 * execution priority to it; claim its pending bit atomically; call its handler; drop back.
 * A signal can land anywhere in here and run more urgent work nested: it leaves every variable as
 * it found it, and the atomic claim stops two levels from taking the same IRQ. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sched_native.h"

volatile uint8_t native_primask;
volatile uint8_t native_basepri;
uint64_t native_pending;

static uint64_t enabled;
static uint8_t irq_prio[NATIVE_IRQ_COUNT];
static volatile uint8_t running_prio; /* 0: thread mode */
static volatile int active_irq = -1;

typedef void (*native_vector_t)(void);
extern const native_vector_t native_vectors[NATIVE_IRQ_COUNT];

void sched_port_irq_setup(unsigned irq, unsigned prio)
{
    if (irq >= NATIVE_IRQ_COUNT || prio == 0 || prio > SCHED_PORT_LEVELS) {
        static const char msg[] = "sched native: bad IRQ or priority in irq_setup\n";
        (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
        abort();
    }
    irq_prio[irq] = (uint8_t)prio;
    __atomic_fetch_or(&enabled, 1ull << irq, __ATOMIC_SEQ_CST);
}

int native_active_irq(void)
{
    return active_irq;
}

/* The most urgent IRQ allowed to run now, or -1. */
static int next_irq(void)
{
    if (native_primask)
        return -1;
    unsigned floor = running_prio > native_basepri ? running_prio : native_basepri;
    uint64_t ready = __atomic_load_n(&native_pending, __ATOMIC_SEQ_CST) &
                     __atomic_load_n(&enabled, __ATOMIC_RELAXED);
    int best = -1;
    while (ready) {
        int irq = __builtin_ctzll(ready);
        ready &= ready - 1;
        if (irq_prio[irq] > floor) {
            floor = irq_prio[irq];
            best = irq;
        }
    }
    return best;
}

void native_nvic_run(void)
{
    for (;;) {
        int irq = next_irq();
        if (irq < 0)
            return;
        uint8_t prev_prio = running_prio;
        int prev_irq = active_irq;
        /* Raise first: from here a nested signal cannot take this IRQ, nor anything at or below
         * its level, before it runs. */
        running_prio = irq_prio[irq];
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        uint64_t bit = 1ull << irq;
        if (__atomic_fetch_and(&native_pending, ~bit, __ATOMIC_SEQ_CST) & bit) {
            active_irq = irq;
            native_vectors[irq]();
            active_irq = prev_irq;
        }
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        running_prio = prev_prio;
    }
}
