/* The parts of apps/platform-test. */
#ifndef PLATFORM_TEST_H
#define PLATFORM_TEST_H

#include <stdbool.h>
#include <stdint.h>

/* Runs every non-fatal check, logs "CHECK <name> ok|FAILED ...", returns the failure count. */
unsigned platform_checks_run(void);

/* Runs the fault phase of that name ("overflow", "divzero", "badread", "guardread", "undef");
 * returns false for an unknown name. A known phase never returns when faults are caught. */
bool platform_fault_run(const char *name);

/* Board bring-up without a test host: blink and log forever. */
__attribute__((noreturn)) void platform_bringup_loop(void);

/* Deep recursion of `depth` frames of at least 128 bytes each; returns a value the compiler
 * cannot fold away. */
uint32_t platform_recurse(uint32_t depth);

#endif
