/* Bring-up on a real board (no test host): the same non-fatal checks as under QEMU (init tables,
 * ITCM code, stack, MPU guard, RTT block), logged; LEDs chase once; then the red/user LED blinks at
 * 1 Hz and a line with the stack high-water mark is logged every second, through every sink the
 * board registered (RTT, UART, ITM). Delays poll SysTick: no interrupt or scheduler involved. */
#include "board.h"
#include "cortex_m.h"
#include "log/log.h"
#include "platform_test.h"
#include "stack.h"

static void delay_ms(uint32_t ms)
{
    uint32_t hz = board_cpu_hz();
    SYSTICK->CTRL = 0;
    SYSTICK->LOAD = hz / 1000u - 1u;
    SYSTICK->VAL = 0;
    SYSTICK->CTRL = SYSTICK_CTRL_CLKSOURCE | SYSTICK_CTRL_ENABLE;
    while (ms--)
        while (!(SYSTICK->CTRL & SYSTICK_CTRL_COUNTFLAG))
            ;
    SYSTICK->CTRL = 0;
}

void platform_bringup_loop(void)
{
    unsigned failures = platform_checks_run();
    LOG_INFO("%s: %u failure(s)", failures ? "FAIL" : "PASS", failures);
    for (int led = 0; led < BOARD_LED_COUNT; led++) {
        board_led_set((enum board_led)led, true);
        delay_ms(200);
        board_led_set((enum board_led)led, false);
    }
    for (uint32_t seconds = 0;; seconds++) {
        LOG_INFO("alive %lus, random %08lx, stack high-water %lu of %lu bytes, %lu lines dropped",
                 (unsigned long)seconds, (unsigned long)board_random(),
                 (unsigned long)stack_high_water_bytes(), (unsigned long)stack_size_bytes(),
                 (unsigned long)log_dropped);
        board_led_toggle(BOARD_LED_USER);
        delay_ms(500);
        board_led_toggle(BOARD_LED_USER);
        delay_ms(500);
    }
}
