/* ARMv7-M startup: the vector table, stack painting, the copy/zero tables (.data, .bss and any
 * section a chip adds), FPU and caches on, fault reporting armed (MPU stack guard, MemManage,
 * BusFault, UsageFault, divide-by-zero trap), then main().
 * The chip header (chip.h, found through the board's include path) says how many IRQs there are
 * through CHIP_FOR_EACH_IRQ(X). */
#include <stdint.h>

#include "chip.h"
#include "cortex_m.h"
#include "init_table.h"
#include "irq_names.h"
#include "stack.h"

extern uint32_t __stack_top[];
extern const uint32_t __data_load[];
extern uint32_t __data_start[], __data_end[];
extern uint32_t __bss_start[], __bss_end[];
extern void (*__init_array_start[])(void);
extern void (*__init_array_end[])(void);

/* .data and .bss are entries like any other; chips add theirs in chips/<chip>/sections.c. */
INIT_TABLE_COPY(data_copy, __data_load, __data_start, __data_end);
INIT_TABLE_ZERO(bss_zero, __bss_start, __bss_end);

int main(void);
void reset_handler(void);
void default_handler(void);
void nmi_handler(void) __attribute__((weak, alias("default_handler")));
void hardfault_handler(void) __attribute__((weak, alias("default_handler")));
void memmanage_handler(void) __attribute__((weak, alias("default_handler")));
void busfault_handler(void) __attribute__((weak, alias("default_handler")));
void usagefault_handler(void) __attribute__((weak, alias("default_handler")));
void svc_handler(void) __attribute__((weak, alias("default_handler")));
void debugmon_handler(void) __attribute__((weak, alias("default_handler")));
void pendsv_handler(void) __attribute__((weak, alias("default_handler")));
void systick_handler(void) __attribute__((weak, alias("default_handler")));
/* Declared in cortex_m.h; also must not call code placed in RAM, which is not copied yet. */
__attribute__((weak)) void chip_early_init(void) {}

#define DECLARE_IRQ(n) void irq##n##_handler(void) __attribute__((weak, alias("default_handler")));
CHIP_FOR_EACH_IRQ(DECLARE_IRQ)

typedef void (*vector_t)(void);
#define IRQ_VECTOR(n) irq##n##_handler,

__attribute__((section(".vectors"), used)) const vector_t vector_table[] = {
    (vector_t)__stack_top,
    reset_handler,
    nmi_handler,
    hardfault_handler,
    memmanage_handler,
    busfault_handler,
    usagefault_handler,
    0, 0, 0, 0,
    svc_handler,
    debugmon_handler,
    0,
    pendsv_handler,
    systick_handler,
    CHIP_FOR_EACH_IRQ(IRQ_VECTOR)
};

/* Whole words: the linker script aligns every table bound to 4 bytes. */
static void run_init_tables(void)
{
    for (const struct init_copy *c = __copy_table_start; c < __copy_table_end; c++) {
        const uint32_t *src = c->load;
        for (uint32_t *dst = c->start; dst < c->end;)
            *dst++ = *src++;
    }
    for (const struct init_zero *z = __zero_table_start; z < __zero_table_end; z++)
        for (uint32_t *dst = z->start; dst < z->end;)
            *dst++ = 0;
}

/* Faults get their own handlers (chips/cortex-m/fault.c) instead of all escalating to HardFault,
 * so the report names the cause; integer division by zero traps instead of yielding 0. */
static void faults_arm(void)
{
    SCB->SHCSR |= SCB_SHCSR_MEMFAULTENA | SCB_SHCSR_BUSFAULTENA | SCB_SHCSR_USGFAULTENA;
    SCB->CCR |= SCB_CCR_DIV_0_TRP;
    stack_guard_enable();
}

__attribute__((noreturn)) void reset_handler(void)
{
    SCB->VTOR = (uint32_t)vector_table;
    stack_paint();
    chip_early_init();
    run_init_tables();

#if defined(__ARM_FP)
    /* CP10/CP11 full access: the compiler may use the FPU anywhere from here on. */
    SCB->CPACR |= (0xFu << 20);
    cortex_m_dsb();
    cortex_m_isb();
#endif
    if (CHIP_HAS_L1_CACHE) /* a Cortex-M7 (chip.h); the M4 has none, nor the code for them */
        cortex_m_caches_enable();
    faults_arm();

    for (void (**f)(void) = __init_array_start; f < __init_array_end; f++)
        (*f)();
    main();
    for (;;)
        __asm__ volatile("wfi");
}

/* An exception nobody claimed: treat it as a fault so it is reported, not silently spun on. */
void default_handler(void)
{
    cortex_m_fault_report(0);
}
