/* STM32 USART transmitter for the log: a ring buffer drained by the TXE interrupt, so a caller
 * never waits for the wire. Both register layouts: F4 (SR/DR) and H7 (ISR/TDR, selected by
 * STM32_USART_ISR_LAYOUT in chip.h). Receive is not used here.
 *
 * The board owns the instance and its ring, enables the USART's clock and pins, calls
 * stm32_usart_irq() from the USART's vector and enables that IRQ in the NVIC. */
#ifndef STM32_USART_H
#define STM32_USART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct stm32_usart {
    uintptr_t base;
    char *ring;
    uint32_t size;
    volatile uint32_t head; /* next byte to fill: writers only, under PRIMASK */
    volatile uint32_t tail; /* next byte to send: the interrupt (or the polled panic path) */
};

/* 8N1 at baud from a kernel clock of kernel_hz (16x oversampling); ring of ring_size bytes. */
void stm32_usart_init(struct stm32_usart *u, uintptr_t base, uint32_t kernel_hz, uint32_t baud,
                      char *ring, uint32_t ring_size);

/* Queues all of s, or nothing if the ring lacks room (returns false: the caller counts the drop).
 * Safe from any priority. */
bool stm32_usart_write(struct stm32_usart *u, const char *s, size_t len);

/* For fault handlers, when interrupts may never run again: stops the interrupt, sends what the
 * ring holds, then s, polling the transmitter with a bounded wait per byte. */
void stm32_usart_write_polled(struct stm32_usart *u, const char *s, size_t len);

/* The USART's interrupt: moves bytes from the ring to the transmitter. */
void stm32_usart_irq(struct stm32_usart *u);

#endif
