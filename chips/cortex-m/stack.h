/* The main stack: painting at reset for a run-time high-water mark, and the MPU guard below it.
 * The linker script (cortex-m-sections.ld) places the stack at the bottom of its RAM region:
 * [__stack_guard_start, __stack_guard_end) is the guard, [__stack_bottom, __stack_top) the stack. */
#ifndef CORTEX_M_STACK_H
#define CORTEX_M_STACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Size of the main stack in bytes (excluding the guard). */
size_t stack_size_bytes(void);

/* Deepest main-stack use since reset, in bytes: the paint is scanned from the bottom up to the
 * first word that was overwritten. Exceptions run on the main stack, so their use counts too.
 * Costs a scan of the unused part: call it from a status report, not a hot path. */
size_t stack_high_water_bytes(void);

/* Called by the startup only. Paints the stack from its bottom up to a margin below the live SP. */
void stack_paint(void);

/* Called by the startup only. Makes the guard a no-access MPU region (the highest-numbered one, so
 * regions added later cannot override it) and turns the MPU on with the default map for
 * everything else (PRIVDEFENA). */
void stack_guard_enable(void);

/* True when addr lies in the guard (such an address must not be read: it faults). */
bool stack_guard_contains(uintptr_t addr);

#endif
