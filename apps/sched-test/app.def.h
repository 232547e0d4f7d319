/* sched-test: the on-target test of the scheduler (tests/target/test_sched.py), declared once.
 * The idle task runs the scenarios one after the other and prints what ran, in order.
 *
 *   low 1, low_b 1, queue 1 (capacity 3), mid 2, timed 2 (capacity 8), high 3
 *   hw_mid 2 and async_high 3: hardware tasks on interrupts a timer raises asynchronously
 *   bench 1: the benchmark's spawn/dispatch/lock target (bench/sched_bench.sh)
 * Ceilings: shared 2 (low, mid, hw_mid, bench), top 3 (low, high, idle), own 1 (low),
 * bench_local 1 (bench). */
#ifndef SCHED_TEST_APP_DEF_H
#define SCHED_TEST_APP_DEF_H

#include <stdint.h>

#include "async_source.h"

#define SCHED_APP_INIT test_init
#define SCHED_APP_RESOURCES(RES)                                                                   \
    RES(shared, uint32_t, 0)                                                                       \
    RES(top, uint32_t, 0)                                                                          \
    RES(own, uint32_t, 0)                                                                          \
    RES(bench_local, uint32_t, 0)
#define SCHED_APP_TASKS(SW, HW, IDLE)                                                              \
    SW(low, 1, 4, uint32_t, shared, top, own)                                                      \
    SW(low_b, 1, 4, uint32_t)                                                                      \
    SW(queue, 1, 3, uint32_t)                                                                      \
    SW(mid, 2, 4, uint32_t, shared)                                                                \
    SW(timed, 2, 8, uint32_t)                                                                      \
    SW(high, 3, 4, uint32_t, top)                                                                  \
    SW(bench, 1, 1, uint32_t, shared, bench_local)                                                 \
    HW(hw_mid, 2, ASYNC_IRQ_MID, shared)                                                           \
    HW(async_high, 3, ASYNC_IRQ_HIGH)                                                              \
    IDLE(test_idle, top)

#include "sched/app.h"

#endif
