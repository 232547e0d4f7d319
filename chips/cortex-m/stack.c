/* Stack painting and the high-water mark of the main stack. */
#include "stack.h"

#define STACK_PAINT_WORD 0x5EA5C0DEu
/* Words right below the live SP that stack_paint() leaves alone: its own frame and anything the
 * compiler keeps just below SP. */
#define STACK_PAINT_MARGIN_BYTES 64u

extern uint32_t __stack_bottom[], __stack_top[];

size_t stack_size_bytes(void)
{
    return (size_t)((uintptr_t)__stack_top - (uintptr_t)__stack_bottom);
}

size_t stack_high_water_bytes(void)
{
    const volatile uint32_t *p = __stack_bottom;
    while (p < __stack_top && *p == STACK_PAINT_WORD)
        p++;
    return (size_t)((uintptr_t)__stack_top - (uintptr_t)p);
}

void stack_paint(void)
{
    uintptr_t sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    volatile uint32_t *end = (volatile uint32_t *)((sp - STACK_PAINT_MARGIN_BYTES) & ~(uintptr_t)3);
    for (volatile uint32_t *p = __stack_bottom; p < end; p++)
        *p = STACK_PAINT_WORD;
}
