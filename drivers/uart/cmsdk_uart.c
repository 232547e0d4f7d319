#include "cmsdk_uart.h"

/* Register offsets and bits (ARM CMSDK technical reference, APB UART). */
#define UART_DATA(b) (*(volatile uint32_t *)((b) + 0x00))
#define UART_STATE(b) (*(volatile uint32_t *)((b) + 0x04))
#define UART_CTRL(b) (*(volatile uint32_t *)((b) + 0x08))
#define UART_BAUDDIV(b) (*(volatile uint32_t *)((b) + 0x10))
#define UART_STATE_TX_FULL (1u << 0)
#define UART_CTRL_TX_EN (1u << 0)
#define UART_CTRL_RX_EN (1u << 1)

/* Bounded spin on a full transmitter: at 115200 baud a character takes ~87 us; beyond this many
 * polls the character is dropped rather than stall the caller. */
#define UART_TX_SPIN_LIMIT 20000u

void cmsdk_uart_init(uintptr_t base, uint32_t pclk_hz, uint32_t baud)
{
    UART_BAUDDIV(base) = pclk_hz / baud;
    UART_CTRL(base) = UART_CTRL_TX_EN | UART_CTRL_RX_EN;
}

void cmsdk_uart_write(uintptr_t base, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned spin = 0;
        while ((UART_STATE(base) & UART_STATE_TX_FULL) && ++spin < UART_TX_SPIN_LIMIT)
            ;
        if (spin >= UART_TX_SPIN_LIMIT)
            return;
        UART_DATA(base) = (uint8_t)s[i];
    }
}
