/* The scheduler in a Linux process: an emulated NVIC gives the same semantics as the Cortex-M port
 * (priority order, run to completion, preemption by higher priority).
 *
 * Interrupts are emulated: a pending bitmap, a priority per IRQ, the current execution priority,
 * PRIMASK and BASEPRI as plain variables. Pending from a task runs more urgent work at once, inside
 * the call (preemption). Asynchronous sources (the monotonic's timer, a bound fd or signal) arrive
 * as POSIX signals whose handler runs the emulated NVIC: tasks run inside the handler, nested like
 * exception entries (SA_NODEFER). Masking is a store, never a syscall; unmasking runs what the
 * lower mask now lets through, as the hardware does when BASEPRI drops. */
#ifndef SCHED_PORT_H
#define SCHED_PORT_H

#include <stdint.h>

/* The hot paths are a handful of instructions each: inline them even at -Os. */
#define SCHED_INLINE static inline __attribute__((always_inline))

#define SCHED_PORT_LEVELS 16u
#define NATIVE_IRQ_COUNT 64u
#define NATIVE_TIMER_IRQ 63u /* the monotonic's alarm */

/* Software-task dispatchers: levels 1..15 on IRQs 48..62. IRQs 0..47 are free for hardware tasks
 * (the native board binds its TAP fd to one of them). */
#define SCHED_PORT_DISPATCHERS(X)                                                                  \
    X(1, 48) X(2, 49) X(3, 50) X(4, 51) X(5, 52) X(6, 53) X(7, 54) X(8, 55) X(9, 56) X(10, 57)    \
    X(11, 58) X(12, 59) X(13, 60) X(14, 61) X(15, 62)

extern int native_argc;
extern char **native_argv;
#define SCHED_PORT_MAIN_SIGNATURE int main(int argc, char **argv)
#define SCHED_PORT_MAIN_PROLOGUE() (native_argc = argc, native_argv = argv)

/* The emulated core. Written from signal handlers too: every handler restores what it changed
 * before it returns, exactly like exception return, except `pending` (atomic bit operations). */
extern volatile uint8_t native_primask;
extern volatile uint8_t native_basepri; /* a logical priority: tasks at or below it are masked */
extern uint64_t native_pending;

/* Runs every pending IRQ the current masks and execution priority let through. */
void native_nvic_run(void);

SCHED_INLINE void native_nvic_poll(void)
{
    if (__atomic_load_n(&native_pending, __ATOMIC_RELAXED))
        native_nvic_run();
}

SCHED_INLINE uint32_t sched_port_cs_enter(void)
{
    uint32_t old = native_primask;
    native_primask = 1;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    return old;
}

SCHED_INLINE void sched_port_cs_exit(uint32_t state)
{
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    native_primask = (uint8_t)state;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    if (!state)
        native_nvic_poll();
}

/* BASEPRI_MAX: only ever raises. */
SCHED_INLINE uint32_t sched_port_lock(unsigned ceiling)
{
    uint32_t old = native_basepri;
    if (ceiling > old)
        native_basepri = (uint8_t)ceiling;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    return old;
}

SCHED_INLINE void sched_port_unlock(unsigned ceiling, uint32_t old)
{
    (void)ceiling;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    native_basepri = (uint8_t)old;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    native_nvic_poll();
}

SCHED_INLINE void sched_port_pend(unsigned irq)
{
    __atomic_fetch_or(&native_pending, 1ull << irq, __ATOMIC_SEQ_CST);
    native_nvic_run();
}

void sched_port_irq_setup(unsigned irq, unsigned prio);
void sched_port_start(void);
void sched_port_idle(void);

#endif
