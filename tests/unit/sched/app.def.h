/* The application the scheduler's unit tests run: one declaration covering every behaviour under
 * test. Priorities: low/low_b/queue 1, mid/timed 2, high/async_high 3; hw_mid and fd_ready
 * (data on a bound fd) are hardware tasks at 2. Ceilings that follow: shared 2 (low, mid, hw_mid),
 * top 3 (low, high), own 1 (low only), unused 0 (nobody). */
#ifndef TEST_SCHED_APP_DEF_H
#define TEST_SCHED_APP_DEF_H

#include <stdint.h>

#define TEST_IRQ_ASYNC_HIGH 5
#define TEST_IRQ_HW_MID 6
#define TEST_IRQ_FD 7

#define SCHED_APP_INIT test_init
#define SCHED_APP_RESOURCES(RES)                                                                   \
    RES(shared, uint32_t, 0)                                                                       \
    RES(top, uint32_t, 0)                                                                          \
    RES(own, uint32_t, 0)                                                                          \
    RES(unused, uint32_t, 0)
#define SCHED_APP_TASKS(SW, HW, IDLE)                                                              \
    SW(low, 1, 4, uint32_t, shared, top, own)                                                      \
    SW(low_b, 1, 4, uint32_t)                                                                      \
    SW(queue, 1, 3, uint32_t)                                                                      \
    SW(mid, 2, 4, uint32_t, shared)                                                                \
    SW(timed, 2, 8, uint32_t)                                                                      \
    SW(high, 3, 4, uint32_t, top)                                                                  \
    HW(async_high, 3, TEST_IRQ_ASYNC_HIGH)                                                         \
    HW(hw_mid, 2, TEST_IRQ_HW_MID, shared)                                                         \
    HW(fd_ready, 2, TEST_IRQ_FD)

#include "sched/app.h"

#endif
