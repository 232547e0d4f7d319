/* MPS2 boards under QEMU (AN500 Cortex-M7, AN386 Cortex-M4): UART0 log, FPGAIO LEDs. */
#include "board.h"

#include "chip.h"
#include "cmsdk_uart.h"
#include "cortex_m.h"
#include "log/log.h"

#define FPGAIO_LED REG32(MPS2_FPGAIO_BASE + 0x00)

static void uart0_sink(const char *line, size_t len)
{
    cmsdk_uart_write(MPS2_UART0_BASE, line, len);
}

void board_init(void)
{
    cmsdk_uart_init(MPS2_UART0_BASE, CHIP_SYSCLK_HZ, 115200);
    log_add_sink(uart0_sink);
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
