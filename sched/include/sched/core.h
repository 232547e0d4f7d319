/* The scheduler's data structures, shared by the code sched/app_impl.h generates for an application
 * and the library's generic parts (timer queue, start-up). Not for application code.
 *
 * Per software task: an array of message slots and a stack of the free slot indices.
 * Per software priority level: a ready queue of (task, slot) in spawn order, drained by that
 * level's dispatcher interrupt. Per message slot: one timer-queue node, so a timed spawn never
 * needs storage beyond the slot it already reserved. */
#ifndef SCHED_CORE_H
#define SCHED_CORE_H

#include <stdint.h>

#include "sched/sched.h"

#define SCHED_NODE_NONE 0xFFFFu

struct sched_rq_entry {
    uint8_t task;
    uint8_t slot;
};

/* Free-running counts of entries taken and added: head is written only by the level's dispatcher
 * (single consumer, never preempted by itself), tail only by spawners inside a critical section.
 * The ring is a power of two at least the level's total capacity, and a message slot is taken
 * before its entry is added, so the ring never overflows; head == tail means empty. Entry i is
 * buf[i & mask]: no compare-and-wrap on the dispatch path. */
struct sched_rq_state {
    volatile uint32_t head;
    volatile uint32_t tail;
};

struct sched_level {
    struct sched_rq_state *state;
    struct sched_rq_entry *buf;
    uint16_t mask; /* ring size - 1 */
    uint8_t irq;   /* the dispatcher's interrupt */
};

struct sched_task_rt {
    uint8_t *free; /* [0] = number of free slots, [1..count] = their indices */
    uint8_t cap;
    uint8_t level;
    uint16_t node_base; /* this task's first node in the timer queue */
};

struct sched_tq_node {
    uint64_t at;
    uint16_t next;
    uint16_t gen; /* bumped on every arming: a handle from an earlier use no longer matches */
    uint8_t task;
    uint8_t slot;
    uint8_t armed;
};

/* What the library needs to know about the application; app_impl.h defines `sched_app`. */
struct sched_app_rt {
    const struct sched_task_rt *tasks;
    const struct sched_level *levels;
    struct sched_tq_node *nodes;
    uint16_t node_count;
    uint8_t task_count;
};
extern const struct sched_app_rt sched_app;

/* Slot stack, always used inside a critical section. */
SCHED_INLINE int sched__free_pop(uint8_t *free)
{
    unsigned n = free[0];
    if (n == 0)
        return -1;
    free[0] = (uint8_t)(n - 1);
    return free[n];
}

SCHED_INLINE void sched__free_push(uint8_t *free, unsigned slot)
{
    unsigned n = free[0] + 1u;
    free[n] = (uint8_t)slot;
    free[0] = (uint8_t)n;
}

/* Inside a critical section (there may be several producers at different priorities). */
SCHED_INLINE void sched__rq_push(const struct sched_level *level, unsigned task, unsigned slot)
{
    uint32_t t = level->state->tail;
    level->buf[t & level->mask] = (struct sched_rq_entry){(uint8_t)task, (uint8_t)slot};
    level->state->tail = t + 1;
}

/* Library entry points used by generated code. */
void sched__runtime_init(void);
/* In a critical section: */
void sched__tq_insert(unsigned node, uint64_t at, sched_handle_t *handle);
void sched__timer_isr(void); /* the monotonic's alarm interrupt calls this */

/* The monotonic timer a port provides: microseconds since sched_port_mono_init() (0 before, and
 * set_alarm is ignored before); the alarm interrupt (at the highest priority) calls
 * sched__timer_isr() once now >= the last deadline set. set_alarm(SCHED_NEVER) disarms. Called
 * inside critical sections. */
void sched_port_mono_init(void);
uint64_t sched_port_mono_now(void);
void sched_port_mono_set_alarm(uint64_t at_us);

#endif
