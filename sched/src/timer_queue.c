/* The timer queue: pending timed spawns as a linked list sorted by deadline, in the nodes that
 * belong to the message slots they reserved. Equal deadlines keep spawn order (a new node goes
 * after every node due at the same instant), so timed spawns are FIFO like plain ones.
 * Insertion walks the list: O(pending) inside a critical section, fine for the tens of timers
 * a firmware has; the alarm interrupt only ever looks at the head. */
#include "sched/core.h"

static uint16_t head = SCHED_NODE_NONE;

static void link_sorted(unsigned index)
{
    struct sched_tq_node *nodes = sched_app.nodes;
    uint64_t at = nodes[index].at;
    uint16_t *link = &head;
    while (*link != SCHED_NODE_NONE && nodes[*link].at <= at)
        link = &nodes[*link].next;
    nodes[index].next = *link;
    *link = (uint16_t)index;
    if (link == &head)
        sched_port_mono_set_alarm(at);
}

static int unlink(unsigned index)
{
    struct sched_tq_node *nodes = sched_app.nodes;
    for (uint16_t *link = &head; *link != SCHED_NODE_NONE; link = &nodes[*link].next) {
        if (*link == index) {
            *link = nodes[index].next;
            return 0;
        }
    }
    return -1;
}

void sched__tq_insert(unsigned index, uint64_t at, sched_handle_t *handle)
{
    struct sched_tq_node *node = &sched_app.nodes[index];
    node->at = at;
    node->gen++;
    node->armed = 1;
    link_sorted(index);
    if (handle)
        *handle = (sched_handle_t){(uint16_t)index, node->gen};
}

/* The node a handle names, if it is still waiting; inside a critical section. */
static struct sched_tq_node *pending_node(sched_handle_t handle)
{
    if (handle.node >= sched_app.node_count)
        return 0;
    struct sched_tq_node *node = &sched_app.nodes[handle.node];
    return node->armed && node->gen == handle.gen ? node : 0;
}

int sched_cancel(sched_handle_t handle)
{
    uint32_t cs = sched_port_cs_enter();
    struct sched_tq_node *node = pending_node(handle);
    int rc = SCHED_ENOENT;
    if (node && unlink(handle.node) == 0) {
        node->armed = 0;
        sched__free_push(sched_app.tasks[node->task].free, node->slot);
        rc = SCHED_OK;
    }
    /* A removed head leaves the alarm early: harmless, the alarm finds nothing due and re-arms. */
    sched_port_cs_exit(cs);
    return rc;
}

int sched_reschedule(sched_handle_t handle, uint64_t at_us)
{
    uint32_t cs = sched_port_cs_enter();
    struct sched_tq_node *node = pending_node(handle);
    int rc = SCHED_ENOENT;
    if (node && unlink(handle.node) == 0) {
        node->at = at_us;
        link_sorted(handle.node);
        rc = SCHED_OK;
    }
    sched_port_cs_exit(cs);
    return rc;
}

/* Moves every due node to its level's ready queue and pends that level's dispatcher. One node per
 * critical section, so a long burst of due timers does not hold interrupts off for all of it. */
void sched__timer_isr(void)
{
    for (;;) {
        uint32_t cs = sched_port_cs_enter();
        if (head == SCHED_NODE_NONE) {
            sched_port_mono_set_alarm(SCHED_NEVER);
            sched_port_cs_exit(cs);
            return;
        }
        struct sched_tq_node *node = &sched_app.nodes[head];
        if (node->at > sched_port_mono_now()) {
            sched_port_mono_set_alarm(node->at);
            sched_port_cs_exit(cs);
            return;
        }
        head = node->next;
        node->armed = 0;
        const struct sched_level *level = &sched_app.levels[sched_app.tasks[node->task].level];
        sched__rq_push(level, node->task, node->slot);
        sched_port_cs_exit(cs);
        sched_port_pend(level->irq);
    }
}
