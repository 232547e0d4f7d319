/* ARM CMSDK APB UART (MPS2 boards, QEMU's cmsdk-apb-uart): polled transmit for the log. */
#ifndef CMSDK_UART_H
#define CMSDK_UART_H

#include <stddef.h>
#include <stdint.h>

void cmsdk_uart_init(uintptr_t base, uint32_t pclk_hz, uint32_t baud);
/* Writes what fits in the transmitter; never waits (the log must not block). */
void cmsdk_uart_write(uintptr_t base, const char *s, size_t len);

#endif
