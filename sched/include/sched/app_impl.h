/* The definitions behind an application's declaration: storage for resources and messages, the
 * ready queues and dispatchers, spawn, the vectors of hardware tasks, start-up and main.
 * Include it in exactly one .c file of the application, after its app.def.h:
 *
 *   #include "app.def.h"
 *   #include "sched/app_impl.h"
 *
 * Define SCHED_APP_NO_MAIN first to get sched_app_start() without main() (unit tests). */
#ifndef SCHED_APP_IMPL_H
#define SCHED_APP_IMPL_H

#include "sched/app.h"
#include "sched/core.h"

/* ---- Checks --------------------------------------------------------------------------------- */

#define SCHED__ONE(...) +1
enum { SCHED__DISPATCH_LEVELS = 0 SCHED_PORT_DISPATCHERS(SCHED__ONE) };

#define SCHED__CHECK_SW(name, prio, cap, type, ...)                                                \
    _Static_assert(SCHED__PRIO_##name >= 1 &&                                                      \
                       SCHED__PRIO_##name <= (int)SCHED__DISPATCH_LEVELS,                          \
                   "software task '" #name "': priority must be 1..the chip's dispatcher levels"); \
    _Static_assert(SCHED__CAP_##name >= 1 && SCHED__CAP_##name <= 255,                            \
                   "software task '" #name "': capacity must be 1..255");
#define SCHED__CHECK_HW(name, prio, irq, ...)                                                      \
    _Static_assert(SCHED__PRIO_##name >= 1 && SCHED__PRIO_##name <= (int)SCHED_PORT_LEVELS,        \
                   "hardware task '" #name "': priority must be 1..the chip's levels");
SCHED_APP_TASKS(SCHED__CHECK_SW, SCHED__CHECK_HW, SCHED__NONE)
_Static_assert(SCHED_RESOURCE_COUNT <= 62, "at most 62 resources");
_Static_assert(SCHED__SW_COUNT <= 255, "at most 255 software tasks");
_Static_assert(SCHED__NODE_COUNT < SCHED_NODE_NONE, "too many message slots in total");

/* ---- Resources ------------------------------------------------------------------------------ */

#define SCHED__RES_DEF(name, type, ...) type sched__res_##name __VA_OPT__(= __VA_ARGS__);
SCHED_APP_RESOURCES(SCHED__RES_DEF)

/* ---- Tasks: contexts (never read: constants in their types), messages, free slots ----------- */

#define SCHED__STORE_SW(name, prio, cap, type, ...)                                                \
    static const name##_ctx_t sched__ctx_##name;                                                   \
    static type sched__msgs_##name[cap];                                                           \
    static uint8_t sched__free_##name[(cap) + 1];
#define SCHED__STORE_OTHER(name, ...) static const name##_ctx_t sched__ctx_##name;
SCHED_APP_TASKS(SCHED__STORE_SW, SCHED__STORE_OTHER, SCHED__STORE_OTHER)
static const sched_init_ctx_t sched__init_ctx;

/* ---- Priority levels: a ready queue each, a power of two >= the level's total capacity ----- */

#define SCHED__CAP_AT(level, t) +(SCHED__PRIO_##t == (level) ? SCHED__CAP_##t : 0)
#define SCHED__LEVEL_CAP(level)                                                                    \
    (0 SCHED_PP_CALL(SCHED_PP_FOR_EACH, SCHED__CAP_AT, level SCHED__SW_TASKS))
#define SCHED__RQ_SIZE(level) SCHED_PP_POW2_CEIL(SCHED__LEVEL_CAP(level))
#define SCHED__STORE_LEVEL(level, irq)                                                             \
    _Static_assert((level) >= 1 && (level) <= (int)SCHED_PORT_LEVELS, "dispatcher level range");  \
    _Static_assert(SCHED__LEVEL_CAP(level) <= 256, "over 256 messages at one priority level");     \
    static struct sched_rq_state sched__rqs_##level;                                               \
    static struct sched_rq_entry sched__rqb_##level[SCHED__RQ_SIZE(level)];
SCHED_PORT_DISPATCHERS(SCHED__STORE_LEVEL)

#define SCHED__LEVEL(level, irq)                                                                   \
    [level] = {&sched__rqs_##level, sched__rqb_##level, SCHED__RQ_SIZE(level) - 1, irq},
static const struct sched_level sched__levels[SCHED_PORT_LEVELS + 1] = {
    SCHED_PORT_DISPATCHERS(SCHED__LEVEL)};

/* ---- What the library's generic parts see -------------------------------------------------- */

#define SCHED__TASK_RT(name, prio, cap, type, ...)                                                 \
    [SCHED__ID_##name] = {sched__free_##name, cap, prio, SCHED__NB_##name},
static const struct sched_task_rt sched__tasks[SCHED__SW_COUNT ? SCHED__SW_COUNT : 1] = {
    SCHED_APP_TASKS(SCHED__TASK_RT, SCHED__NONE, SCHED__NONE)};
static struct sched_tq_node sched__nodes[SCHED__NODE_COUNT ? SCHED__NODE_COUNT : 1];
const struct sched_app_rt sched_app = {sched__tasks, sched__levels, sched__nodes,
                                       SCHED__NODE_COUNT, SCHED__SW_COUNT};

/* ---- Spawn: a slot from the free stack, the message in it, (task, slot) on the ready queue, the
 * dispatcher pended. Only the queue work is inside the critical section. --------------------- */

#define SCHED__SPAWN_DEF(name, prio, cap, type, ...)                                               \
    int sched__spawn_##name(type msg)                                                              \
    {                                                                                              \
        const struct sched_level *level = &sched__levels[SCHED__PRIO_##name];                      \
        uint32_t cs = sched_port_cs_enter();                                                       \
        int slot = sched__free_pop(sched__free_##name);                                            \
        if (slot < 0) {                                                                            \
            sched_port_cs_exit(cs);                                                                \
            return SCHED_EFULL;                                                                    \
        }                                                                                          \
        sched__msgs_##name[slot] = msg;                                                            \
        sched__rq_push(level, SCHED__ID_##name, (unsigned)slot);                                   \
        sched_port_cs_exit(cs);                                                                    \
        sched_port_pend(level->irq);                                                               \
        return SCHED_OK;                                                                           \
    }                                                                                              \
    int sched__spawn_at_##name(uint64_t at_us, type msg, sched_handle_t *handle)                   \
    {                                                                                              \
        uint32_t cs = sched_port_cs_enter();                                                       \
        int slot = sched__free_pop(sched__free_##name);                                            \
        if (slot < 0) {                                                                            \
            sched_port_cs_exit(cs);                                                                \
            return SCHED_EFULL;                                                                    \
        }                                                                                          \
        sched__msgs_##name[slot] = msg;                                                            \
        sched__tq_insert(SCHED__NB_##name + (unsigned)slot, at_us, handle);                        \
        sched_port_cs_exit(cs);                                                                    \
        return SCHED_OK;                                                                           \
    }
SCHED_APP_TASKS(SCHED__SPAWN_DEF, SCHED__NONE, SCHED__NONE)

/* ---- Dispatchers: one interrupt per level pops (task, slot) in spawn order, copies the message
 * out, frees the slot and runs the task. The switch over tasks keeps only this level's cases. -- */

#define SCHED__RUN_CASE(name, prio, cap, type, ...)                                                \
    case SCHED__ID_##name:                                                                         \
        if (SCHED__PRIO_##name == level) {                                                         \
            uint32_t cs = sched_port_cs_enter();                                                   \
            type msg = sched__msgs_##name[slot];                                                   \
            sched__free_push(sched__free_##name, slot);                                            \
            sched_port_cs_exit(cs);                                                                \
            name(&sched__ctx_##name, msg);                                                         \
        } else {                                                                                   \
            __builtin_unreachable(); /* only this level's tasks are on its queue */                \
        }                                                                                          \
        break;

SCHED_INLINE void sched__run(unsigned level, unsigned task,
                                                             unsigned slot)
{
    (void)level;
    (void)slot;
    switch (task) {
        SCHED_APP_TASKS(SCHED__RUN_CASE, SCHED__NONE, SCHED__NONE)
    default:
        __builtin_unreachable();
    }
}

/* The queue's head is this dispatcher's alone (an interrupt never preempts itself), so popping
 * needs no critical section; spawns from more urgent code may append meanwhile. */
SCHED_INLINE void sched__dispatch(unsigned level_no)
{
    const struct sched_level *level = &sched__levels[level_no];
    uint32_t head = level->state->head;
    while (head != level->state->tail) {
        struct sched_rq_entry e = level->buf[head & level->mask];
        level->state->head = ++head;
        sched__run(level_no, e.task, e.slot);
    }
}

#define SCHED__DISPATCHER_DEF(level, n)                                                            \
    void SCHED_PP_CAT3(irq, n, _handler)(void);                                                    \
    void SCHED_PP_CAT3(irq, n, _handler)(void)                                                     \
    {                                                                                              \
        sched__dispatch(level);                                                                    \
    }
SCHED_PORT_DISPATCHERS(SCHED__DISPATCHER_DEF)

/* ---- Hardware tasks: the task is the interrupt's handler ------------------------------------ */

#define SCHED__VECTOR_DEF(name, prio, n, ...)                                                      \
    void SCHED_PP_CAT3(irq, n, _handler)(void);                                                    \
    void SCHED_PP_CAT3(irq, n, _handler)(void)                                                     \
    {                                                                                              \
        name(&sched__ctx_##name);                                                                  \
    }
SCHED_APP_TASKS(SCHED__NONE, SCHED__VECTOR_DEF, SCHED__NONE)

/* ---- Start-up and main ---------------------------------------------------------------------- */

#define SCHED__SETUP_LEVEL(level, n) sched_port_irq_setup(n, level);
#define SCHED__SETUP_HW(name, prio, n, ...) sched_port_irq_setup(n, SCHED__PRIO_##name);
#define SCHED__CALL_IDLE(name, ...) name(&sched__ctx_##name);

void sched_app_start(void)
{
    (void)sched_port_cs_enter(); /* init runs with interrupts off */
    sched__runtime_init();
    SCHED_APP_INIT(&sched__init_ctx);
    /* Time starts now: after init, which sets the clocks the timer counts (board_init). During
     * init sched_now_us() reads 0, so spawn_after from init counts from the end of init. */
    sched_port_mono_init();
    sched__timer_isr(); /* arms the alarm for timed spawns init made (and releases due ones) */
    SCHED_PORT_DISPATCHERS(SCHED__SETUP_LEVEL)
    SCHED_APP_TASKS(SCHED__NONE, SCHED__SETUP_HW, SCHED__NONE)
    sched_port_start();
}

#ifndef SCHED_APP_NO_MAIN
SCHED_PORT_MAIN_SIGNATURE
{
    SCHED_PORT_MAIN_PROLOGUE();
    sched_app_start();
    SCHED_APP_TASKS(SCHED__NONE, SCHED__NONE, SCHED__CALL_IDLE)
    for (;;) /* no idle task, or it returned: sleep until the next interrupt */
        sched_port_idle();
}
#endif

#endif
