/* Interrupts from outside the program's flow, for the preemption and ceiling scenarios: two
 * one-shot timers, one per hardware task. mps2: the CMSDK APB timers 0 and 1 (IRQs 8 and 9);
 * native: POSIX timers whose signals are bound to the same IRQ numbers. */
#ifndef SCHED_TEST_ASYNC_SOURCE_H
#define SCHED_TEST_ASYNC_SOURCE_H

#define ASYNC_IRQ_HIGH 8
#define ASYNC_IRQ_MID 9

enum async_line { ASYNC_HIGH, ASYNC_MID };

void async_source_init(void);

/* The line's interrupt fires once, delay_us from now. */
void async_source_arm(enum async_line line, unsigned delay_us);

/* From the interrupt's handler: the line goes quiet (the CMSDK timer's interrupt is a level). */
void async_source_ack(enum async_line line);

/* The running priority the current BASEPRI masks up to, as a logical priority (0: none). */
unsigned async_source_basepri(void);

/* Waits a little for an interrupt (at most about a millisecond). */
void async_source_wait(void);

#endif
