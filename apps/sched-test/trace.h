/* What ran, in order: each task appends (who, value, whether the lock under test was held); the
 * idle task prints a scenario's trace as one line, "TRACE <scenario> who:value[@lock] ...", which
 * tests/target/test_sched.py compares with the expected order. */
#ifndef SCHED_TEST_TRACE_H
#define SCHED_TEST_TRACE_H

#include <stdint.h>

enum who {
    EV_LOW,
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
    EV_LOCKED,
    EV_UNLOCKED,
    EV_BASEPRI,
    EV_RC, /* a return code, recorded by the idle task */
};

enum scenario {
    SC_PLAIN,
    SC_PREEMPT,
    SC_ASYNC,
    SC_CEILING,
    SC_NESTED,
    SC_ELISION,
    SC_EARLY_EXIT,
};

extern volatile enum scenario scenario;
extern volatile int in_lock;
extern volatile unsigned trace_len;
extern uint64_t timed_ran_at[16];

void trace_add(enum who who, int32_t value);
void trace_print(const char *scenario_name); /* prints, then empties the trace */

#endif
