/* Everything an application's code needs, derived from its one declaration (apps/<app>/app.def.h,
 * which defines the lists below and then includes this header). docs/scheduler.md has the model
 * and a worked example.
 *
 *   #define SCHED_APP_INIT app_init             void app_init(sched_init_ctx_t *ctx)
 *   #define SCHED_APP_RESOURCES(RES)             shared state, each with its type and initial value
 *       RES(counter, uint32_t, 0)
 *       RES(config, struct config, {.rate = 5, .name = "x"})
 *   #define SCHED_APP_TASKS(SW, HW, IDLE)
 *       SW(name, priority, capacity, message type, resources...)   software task
 *       HW(name, priority, irq, resources...)                      hardware task on irqN
 *       IDLE(name, resources...)                                    optional, priority 0
 *
 * From that it declares, for each task:
 *   void name(name_ctx_t *ctx, type msg);     (HW and IDLE tasks: no msg) - the app defines it
 *   sched_spawn(name, msg)                     -> SCHED_OK, or SCHED_EFULL (never blocks)
 *   sched_spawn_at(name, at_us, msg, &handle)  handle may be NULL
 *   sched_spawn_after(name, delay_us, msg, &handle)
 * and, for resources, the priority ceilings (integer constant expressions) and:
 *   sched_lock(ctx, res, p) { ... *p ... }     p points at the resource inside the block
 *   sched_res(ctx, res)                        the resource itself, when no lock is needed
 *
 * A task's context type has one member per resource it declared, so naming another resource in
 * sched_lock/sched_res does not compile. Types must be single names (use typedefs); resource
 * initial values may contain commas. IRQ numbers must be plain literals (or macros of one). */
#ifndef SCHED_APP_H
#define SCHED_APP_H

#include <stdint.h>

#include "sched/pp.h"
#include "sched/sched.h"

#if !defined(SCHED_APP_INIT) || !defined(SCHED_APP_TASKS)
#error "define SCHED_APP_INIT and SCHED_APP_TASKS (app.def.h) before including sched/app.h"
#endif
#ifndef SCHED_APP_RESOURCES
#define SCHED_APP_RESOURCES(RES)
#endif

#define SCHED__NONE(...)

/* ---- Resources: an index each, and the masks of who uses them ---------------------------- */

#define SCHED__RID(name, ...) SCHED__RID_##name,
enum { SCHED_APP_RESOURCES(SCHED__RID) SCHED_RESOURCE_COUNT };

/* A task's resource set as two 31-bit masks (enumerators must fit an int): 62 resources at most. */
#define SCHED__RESBIT(word, r) | (SCHED__RID_##r / 31 == (word) ? 1 << (SCHED__RID_##r % 31) : 0)
#define SCHED__MASKS(name, ...)                                                                    \
    SCHED__MASK0_##name = 0 SCHED_PP_FOR_EACH(SCHED__RESBIT, 0, __VA_ARGS__),                      \
    SCHED__MASK1_##name = 0 SCHED_PP_FOR_EACH(SCHED__RESBIT, 1, __VA_ARGS__)

/* ---- Per-task constants ------------------------------------------------------------------- */

#define SCHED__CONST_SW(name, prio, cap, type, ...)                                                \
    enum {                                                                                         \
        SCHED__PRIO_##name = (prio),                                                               \
        SCHED__CAP_##name = (cap),                                                                 \
        SCHED__MASKS(name, __VA_ARGS__)                                                            \
    };
#define SCHED__CONST_HW(name, prio, irq, ...)                                                      \
    enum { SCHED__PRIO_##name = (prio), SCHED__CAP_##name = 0, SCHED__MASKS(name, __VA_ARGS__) };
#define SCHED__CONST_IDLE(name, ...)                                                               \
    enum { SCHED__PRIO_##name = 0, SCHED__CAP_##name = 0, SCHED__MASKS(name, __VA_ARGS__) };
SCHED_APP_TASKS(SCHED__CONST_SW, SCHED__CONST_HW, SCHED__CONST_IDLE)

/* Software tasks are numbered (ready-queue entries name them) and own consecutive timer nodes. */
#define SCHED__ID(name, ...) SCHED__ID_##name,
enum { SCHED_APP_TASKS(SCHED__ID, SCHED__NONE, SCHED__NONE) SCHED__SW_COUNT };
#define SCHED__NODE_BASE(name, prio, cap, ...)                                                     \
    SCHED__NB_##name, SCHED__NB_LAST_##name = SCHED__NB_##name + (cap) - 1,
enum { SCHED_APP_TASKS(SCHED__NODE_BASE, SCHED__NONE, SCHED__NONE) SCHED__NODE_COUNT };

/* `, name` for every task (every kind): a list to fold over. */
#define SCHED__NAME(name, ...) , name
#define SCHED__ALL_TASKS SCHED_APP_TASKS(SCHED__NAME, SCHED__NAME, SCHED__NAME)
#define SCHED__SW_TASKS SCHED_APP_TASKS(SCHED__NAME, SCHED__NONE, SCHED__NONE)

/* ---- Ceilings: highest set bit of the OR over tasks of (uses(task, res) << prio(task)) ----- */

#define SCHED__USES(rid, t)                                                                        \
    ((((rid) / 31 == 0 ? (int)SCHED__MASK0_##t : (int)SCHED__MASK1_##t) >> ((rid) % 31)) & 1)
#define SCHED__CEILBIT(rid, t) | (SCHED__USES(rid, t) << SCHED__PRIO_##t)
#define SCHED__CEILING_DEF(name, ...)                                                              \
    SCHED__CEILBITS_##name =                                                                       \
        0 SCHED_PP_CALL(SCHED_PP_FOR_EACH, SCHED__CEILBIT, SCHED__RID_##name SCHED__ALL_TASKS),    \
    SCHED__CEIL_##name = SCHED_PP_HIGHBIT(SCHED__CEILBITS_##name),
enum { SCHED_APP_RESOURCES(SCHED__CEILING_DEF) SCHED__CEILINGS_END };

/* Integer constant expressions, for _Static_assert and #if-free configuration. */
#define SCHED_CEILING(res) SCHED__CEIL_##res
#define SCHED_PRIO(task) SCHED__PRIO_##task

/* ---- Contexts, task prototypes, spawn ----------------------------------------------------- */

/* A resource as a context member: only a name to check, never read. */
typedef struct {
    char unused;
} sched_resource_t;
#define SCHED__MEMBER(unused, r) sched_resource_t r;

/* The context carries its task's static priority in its type (the size of the array its first
 * member points to), so lock elision is decided at compile time with no run-time cost. */
#define SCHED__CTX(name, prio, ...)                                                                \
    typedef const struct name##_ctx {                                                              \
        char (*sched__prio)[(prio) + 1];                                                           \
        SCHED_PP_FOR_EACH(SCHED__MEMBER, _, __VA_ARGS__)                                           \
    } name##_ctx_t;

#define SCHED__DECL_SW(name, prio, cap, type, ...)                                                 \
    SCHED__CTX(name, prio, __VA_ARGS__)                                                            \
    void name(name##_ctx_t *ctx, type msg);                                                        \
    int sched__spawn_##name(type msg);                                                             \
    int sched__spawn_at_##name(uint64_t at_us, type msg, sched_handle_t *handle);
#define SCHED__DECL_HW(name, prio, irq, ...)                                                       \
    SCHED__CTX(name, prio, __VA_ARGS__)                                                            \
    void name(name##_ctx_t *ctx);
#define SCHED__DECL_IDLE(name, ...)                                                                \
    SCHED__CTX(name, 0, __VA_ARGS__)                                                               \
    void name(name##_ctx_t *ctx);
SCHED_APP_TASKS(SCHED__DECL_SW, SCHED__DECL_HW, SCHED__DECL_IDLE)

/* init runs with interrupts off, above every ceiling: every resource, no lock ever taken. */
#define SCHED__PRIO_INIT 255
#define SCHED__INIT_MEMBER(name, ...) sched_resource_t name;
typedef const struct sched_init_ctx {
    char (*sched__prio)[SCHED__PRIO_INIT + 1];
    SCHED_APP_RESOURCES(SCHED__INIT_MEMBER)
} sched_init_ctx_t;
void SCHED_APP_INIT(sched_init_ctx_t *ctx);

#define sched_spawn(task, msg) sched__spawn_##task(msg)
#define sched_spawn_at(task, at_us, msg, handle) sched__spawn_at_##task((at_us), msg, handle)
#define sched_spawn_after(task, delay_us, msg, handle)                                             \
    sched__spawn_at_##task(sched_now_us() + (delay_us), msg, handle)

/* Runs init with interrupts off, then turns them on (the generated main calls it; a test harness
 * defining SCHED_APP_NO_MAIN calls it itself and drives the app from thread mode). */
void sched_app_start(void);

/* ---- Resources: storage and locks --------------------------------------------------------- */

#define SCHED__RES_EXTERN(name, type, ...) extern type sched__res_##name;
SCHED_APP_RESOURCES(SCHED__RES_EXTERN)

#define SCHED__CTX_PRIO(ctx) (sizeof(*(ctx)->sched__prio) - 1u)
/* The sizeof is the "declared?" check: no member of that name, no compilation. */
#define SCHED__CEILING(ctx, res) (SCHED__CEIL_##res + 0u * sizeof((ctx)->res))

struct sched_guard {
    uint32_t prev;
    uint8_t ceiling;
    uint8_t active;
    uint8_t once;
};

/* ceiling and prio are constants: after inlining, an elided lock leaves no instruction. */
SCHED_INLINE struct sched_guard sched__guard_take(unsigned ceiling, unsigned prio)
{
    struct sched_guard g = {0, (uint8_t)ceiling, ceiling > prio, 1};
    if (ceiling > prio)
        g.prev = sched_port_lock(ceiling);
    return g;
}

SCHED_INLINE void sched__guard_release(struct sched_guard *g)
{
    if (g->active)
        sched_port_unlock(g->ceiling, g->prev);
}

/* sched_lock(ctx, res, p) { body }: the body runs with the running priority raised to the
 * resource's ceiling (nothing that shares it can preempt) and p pointing at it. The lock is
 * released by the cleanup attribute when the block is left in any way: the end of the block,
 * return, goto, break or continue (break and continue leave the lock block itself, not an
 * enclosing loop). When the task's priority already is the ceiling the lock costs nothing. */
#define sched_lock(ctx, res, ptr)                                                                  \
    SCHED__LOCK(ctx, res, ptr, SCHED_PP_CAT(sched__guard_, __COUNTER__))
#define SCHED__LOCK(ctx, res, ptr, g)                                                              \
    for (struct sched_guard g __attribute__((cleanup(sched__guard_release))) =                     \
             sched__guard_take(SCHED__CEILING(ctx, res), SCHED__CTX_PRIO(ctx));                    \
         g.once; g.once = 0)                                                                       \
        for (__typeof__(sched__res_##res) *ptr = &sched__res_##res; ptr; ptr = 0)

/* The resource itself, for a task that needs no lock for it: nothing more urgent uses it (a
 * task-local resource, or init). Anywhere else it does not compile. */
#define sched_res(ctx, res)                                                                        \
    (*(&sched__res_##res + 0 * sizeof(struct {                                                     \
          _Static_assert(SCHED__CTX_PRIO(ctx) >= SCHED__CEILING(ctx, res),                         \
                         "resource '" #res "' is shared with more urgent tasks: use sched_lock");  \
          char c;                                                                                  \
      })))

#endif
