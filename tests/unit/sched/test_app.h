/* What the unit tests and the test application's tasks share: the scenario being run and the
 * trace of what ran, in order, with whether the lock under test was held at that moment. */
#ifndef TEST_SCHED_TEST_APP_H
#define TEST_SCHED_TEST_APP_H

#include <stdint.h>

enum scenario {
    SC_PLAIN,      /* tasks only record that they ran */
    SC_PREEMPT,    /* low spawns high and low_b */
    SC_ASYNC,      /* low waits for an asynchronous signal's hardware task */
    SC_CEILING,    /* low holds `shared` (ceiling 2) while more and less urgent work arrives */
    SC_NESTED,     /* low holds `top` (ceiling 3): even high waits */
    SC_ELISION,    /* tasks record the emulated BASEPRI inside locks */
    SC_EARLY_EXIT, /* low leaves locks by return and break */
};

/* Trace entries: who ran, with a value. */
enum who {
    EV_LOW = 1,
    EV_LOW_B,
    EV_QUEUE,
    EV_MID,
    EV_TIMED,
    EV_HIGH,
    EV_ASYNC,
    EV_HW_MID,
    EV_LOW_AFTER_HIGH,
    EV_LOW_AFTER_LOW_B,
    EV_LOW_END,
    EV_LOW_LOCKED,
    EV_LOW_UNLOCKED,
    EV_BASEPRI,
    EV_FD,
};
#define EV(who, value) ((uint32_t)(who) << 16 | (uint16_t)(value))

#define TRACE_MAX 64
extern volatile enum scenario scenario;
extern uint32_t trace[TRACE_MAX];
extern volatile unsigned trace_len;
extern volatile int in_lock; /* set by low while it holds the lock under test */
extern uint64_t timed_ran_at[16];
extern int test_fd;
#define INIT_TIMED_MSG 15 /* init's spawn_after(timed, INIT_DELAY_US) */
#define INIT_DELAY_US 2000 /* read by fd_ready when its IRQ fires */

void trace_add(uint32_t event);
void trace_reset(void);

/* Raises `signo` after `delay_us` from a POSIX timer: an interrupt from outside the process's
 * control flow, like hardware. */
void raise_later(int signo, unsigned delay_us);

#endif
