/* sched-demo: the whole application, declared in one place (docs/scheduler.md).
 *
 *   heartbeat  priority 1, every second: toggles the user LED, reads the counter, logs
 *   ticker     priority 2, every 100 ms: counts up
 *
 * Both use `counter`, so its ceiling is 2: heartbeat must lock it (BASEPRI up to 2 while it reads),
 * ticker runs at the ceiling and its lock costs nothing. No idle task: the core sleeps (WFI). */
#ifndef SCHED_DEMO_APP_DEF_H
#define SCHED_DEMO_APP_DEF_H

#include <stdint.h>

#define SCHED_APP_INIT demo_init
#define SCHED_APP_RESOURCES(RES) RES(counter, uint32_t, 0)
#define SCHED_APP_TASKS(SW, HW, IDLE)                                                              \
    SW(heartbeat, 1, 1, uint32_t, counter)                                                         \
    SW(ticker, 2, 1, uint32_t, counter)

#include "sched/app.h"

#endif
