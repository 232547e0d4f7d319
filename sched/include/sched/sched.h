/* The scheduler's run-time API: time, timer handles, pending an interrupt.
 *
 * An application is declared in one place (its app.def.h, see docs/scheduler.md); sched/app.h
 * turns that declaration into tasks, queues, priority ceilings and the spawn/lock API. This
 * header holds what does not depend on an application. */
#ifndef SCHED_SCHED_H
#define SCHED_SCHED_H

#include <stdint.h>

#include "sched_port.h"

/* Results of spawn, cancel and reschedule. Spawning never blocks: a full queue is an error. */
enum {
    SCHED_OK = 0,
    SCHED_EFULL = -1,  /* the task's message queue (its capacity) is full */
    SCHED_ENOENT = -2, /* the timer handle no longer names a pending spawn (ran or cancelled) */
};

#define SCHED_NEVER UINT64_MAX

/* Names one pending spawn_at/spawn_after: the timer-queue node and which use of it. */
typedef struct {
    uint16_t node;
    uint16_t gen;
} sched_handle_t;

/* Microseconds since boot on the monotonic clock (64 bits: no wrap in practice). */
uint64_t sched_now_us(void);

/* Removes a pending timed spawn; its message is dropped and its queue slot freed. */
int sched_cancel(sched_handle_t handle);

/* Moves a pending timed spawn to a new deadline (behind spawns already due at that instant). */
int sched_reschedule(sched_handle_t handle, uint64_t at_us);

/* Sets an interrupt pending, as its hardware would (tests, and software-raised hardware tasks). */
static inline void sched_pend_irq(unsigned irq)
{
    sched_port_pend(irq);
}

#endif
