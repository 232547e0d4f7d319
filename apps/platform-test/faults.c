/* Deliberate faults. Each phase logs what it is about to do, then does it; the fault handler's
 * report must follow and the image must stop there (the test checks the line after the fault
 * never appears). */
#include <string.h>

#include "cortex_m.h"
#include "log/log.h"
#include "platform_test.h"

extern uint32_t __stack_guard_start[];

/* Nothing is mapped at 0x50000000 on QEMU's mps2-an500 or mps2-an386 (`info mtree`): a load
 * there is a precise BusFault. */
#define UNMAPPED_ADDRESS 0x50000000u

static void overflow(void)
{
    LOG_INFO("overflow: recursing without end");
    platform_recurse(UINT32_MAX);
}

static void divide_by_zero(void)
{
    volatile uint32_t dividend = 1, divisor = 0;
    LOG_INFO("divzero: dividing by zero");
    volatile uint32_t quotient = dividend / divisor; /* UDIV traps: startup sets CCR.DIV_0_TRP */
    (void)quotient;
}

static void bad_read(void)
{
    LOG_INFO("badread: loading from %08lx", (unsigned long)UNMAPPED_ADDRESS);
    volatile uint32_t value = *(volatile uint32_t *)UNMAPPED_ADDRESS;
    (void)value;
}

static void guard_read(void)
{
    LOG_INFO("guardread: loading from the stack guard at %08lx",
             (unsigned long)(uintptr_t)__stack_guard_start);
    volatile uint32_t value = *(volatile uint32_t *)__stack_guard_start;
    (void)value;
}

static void undefined_instruction(void)
{
    LOG_INFO("undef: executing a permanently undefined instruction");
    __asm__ volatile("udf #0");
}

struct fault_phase {
    const char *name;
    void (*run)(void);
};

static const struct fault_phase phases[] = {
    {"overflow", overflow},     {"divzero", divide_by_zero},          {"badread", bad_read},
    {"guardread", guard_read},  {"undef", undefined_instruction},
};

bool platform_fault_run(const char *name)
{
    for (size_t i = 0; i < sizeof phases / sizeof phases[0]; i++) {
        if (strcmp(name, phases[i].name) == 0) {
            phases[i].run();
            LOG_ERROR("%s: still running after the fault", name);
            return true;
        }
    }
    return false;
}
