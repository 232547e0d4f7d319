/* Start-up of the scheduler's queues and the clock every module reads. */
#include "log/log.h"
#include "sched/core.h"

/* Every slot free, every timer node bound to its (task, slot) for good. Runs before init(). */
void sched__runtime_init(void)
{
    for (unsigned t = 0; t < sched_app.task_count; t++) {
        const struct sched_task_rt *task = &sched_app.tasks[t];
        task->free[0] = task->cap;
        for (unsigned slot = 0; slot < task->cap; slot++) {
            task->free[1 + slot] = (uint8_t)slot;
            struct sched_tq_node *node = &sched_app.nodes[task->node_base + slot];
            node->task = (uint8_t)t;
            node->slot = (uint8_t)slot;
            node->armed = 0;
            node->next = SCHED_NODE_NONE;
        }
    }
}

uint64_t sched_now_us(void)
{
    return sched_port_mono_now();
}

/* The log's timestamps come from the same clock (log.h's weak default says 0). */
uint64_t log_timestamp_us(void)
{
    return sched_port_mono_now();
}
