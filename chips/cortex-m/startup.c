/* ARMv7-M startup: the vector table, .data/.bss initialisation, FPU and caches on, then main().
 * The chip header (chip.h, found through the board's include path) says how many IRQs there are
 * through CHIP_FOR_EACH_IRQ(X). */
#include <stdint.h>
#include <string.h>

#include "chip.h"
#include "cortex_m.h"
#include "irq_names.h"

extern uint32_t __stack_top[];
extern uint32_t __data_load[], __data_start[], __data_end[];
extern uint32_t __bss_start[], __bss_end[];
extern void (*__init_array_start[])(void);
extern void (*__init_array_end[])(void);

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
/* Chip-level hook run before .data/.bss exist (clocks, memories). Default: nothing. */
void chip_early_init(void) __attribute__((weak));
void chip_early_init(void) {}

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

__attribute__((noreturn)) void reset_handler(void)
{
    SCB->VTOR = (uint32_t)vector_table;
    chip_early_init();

    /* Word copies: the linker script aligns these sections to 4 bytes. */
    for (uint32_t *src = __data_load, *dst = __data_start; dst < __data_end;)
        *dst++ = *src++;
    for (uint32_t *dst = __bss_start; dst < __bss_end;)
        *dst++ = 0;

#if defined(__ARM_FP)
    /* CP10/CP11 full access: the compiler may use the FPU anywhere from here on. */
    SCB->CPACR |= (0xFu << 20);
    __asm__ volatile("dsb\n isb" ::: "memory");
#endif
    cortex_m_caches_enable();

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
