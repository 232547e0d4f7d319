/* The short critical section log sinks take around their ring updates, so a line written from
 * one interrupt priority is never interleaved with one from another. Cortex-M: PRIMASK for a few
 * microseconds. Native: sinks that need one are not registered there (the host tests are single
 * threaded), so it is empty. */
#ifndef LOG_CRITICAL_H
#define LOG_CRITICAL_H

#include <stdint.h>

#if defined(KIT_CROSS)
#include "cortex_m.h"

static inline uint32_t log_critical_enter(void)
{
    return cortex_m_primask_save_disable();
}

static inline void log_critical_exit(uint32_t state)
{
    cortex_m_primask_restore(state);
}
#else
static inline uint32_t log_critical_enter(void)
{
    return 0;
}

static inline void log_critical_exit(uint32_t state)
{
    (void)state;
}
#endif

#endif
