/* Compiled by ctest (CMakeLists.txt), never linked. VARIANT 0 is correct code; each other variant
 * breaks one rule the app declaration enforces at compile time and must be rejected:
 *   1: locking a resource the task did not declare
 *   2: touching a shared resource without a lock, from below its ceiling
 *   3: reading an undeclared resource without a lock */
#include <stdint.h>

#define SCHED_APP_INIT init
#define SCHED_APP_RESOURCES(RES) RES(counter, uint32_t, 0) RES(secret, uint32_t, 0)
#define SCHED_APP_TASKS(SW, HW, IDLE)                                                              \
    SW(reader, 1, 2, uint32_t, counter)                                                            \
    SW(writer, 2, 2, uint32_t, counter, secret)
#include "sched/app.h"

uint32_t peek(reader_ctx_t *ctx);

uint32_t peek(reader_ctx_t *ctx)
{
    uint32_t v = 0;
#if VARIANT == 0
    sched_lock(ctx, counter, c) {
        v = *c;
    }
#elif VARIANT == 1
    sched_lock(ctx, secret, s) {
        v = *s;
    }
#elif VARIANT == 2
    v = sched_res(ctx, counter);
#elif VARIANT == 3
    v = sched_res(ctx, secret);
#endif
    return v;
}
