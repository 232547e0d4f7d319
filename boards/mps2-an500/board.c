/* MPS2 boards under QEMU (AN500 Cortex-M7, AN386 Cortex-M4): UART0 log, FPGAIO LEDs. */
#include "board.h"

#include "chip.h"
#include "cmsdk_uart.h"
#include "cortex_m.h"
#include "log/log.h"
#include "log/rtt.h"

#define FPGAIO_LED REG32(MPS2_FPGAIO_BASE + 0x00)

/* Whole lines under PRIMASK, so lines logged from different priorities never interleave. QEMU's
 * UART never reports a full FIFO, so the section stays short here. */
static void uart0_sink(const char *line, size_t len)
{
    uint32_t primask = cortex_m_primask_save_disable();
    cmsdk_uart_write(MPS2_UART0_BASE, line, len);
    cortex_m_primask_restore(primask);
}

void board_init(void)
{
    cmsdk_uart_init(MPS2_UART0_BASE, CHIP_SYSCLK_HZ, 115200);
    log_add_sink(uart0_sink);
    /* RTT too: harmless without a debugger, and the on-target tests read it from QEMU's memory. */
    log_rtt_init();
    log_add_sink(log_rtt_sink);
}

uint32_t board_cpu_hz(void)
{
    return CHIP_SYSCLK_HZ;
}

static uint8_t led_state;

void board_led_set(enum board_led led, bool on)
{
    uint8_t bit = (uint8_t)(1u << led);
    led_state = on ? (uint8_t)(led_state | bit) : (uint8_t)(led_state & ~bit);
    FPGAIO_LED = led_state; /* the MPS2 has two user LEDs; the third exists only in the log */
}

void board_led_toggle(enum board_led led)
{
    board_led_set(led, !(led_state & (1u << led)));
}

/* No entropy source is modelled: mix the SysTick counter with a fixed-seed xorshift. Good enough
 * for ephemeral ports under QEMU; the real boards use their hardware RNG. */
uint32_t board_random(void)
{
    static uint32_t state = 0x9E3779B9u;
    state ^= SYSTICK->VAL;
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}

void board_reset(int code)
{
    (void)code;
    cortex_m_system_reset();
}
