/* STM32 GPIO port (same register layout on F4 and H7: RM0090 section 8, RM0433 section 11).
 * The port's clock must be on (RCC) before these are used: that is the board's job. */
#ifndef STM32_GPIO_H
#define STM32_GPIO_H

#include <stdbool.h>
#include <stdint.h>

void stm32_gpio_output(uintptr_t port, unsigned pin);
/* Alternate function af (0..15), push-pull, high speed: UART, Ethernet RMII... */
void stm32_gpio_alternate(uintptr_t port, unsigned pin, unsigned af);
void stm32_gpio_write(uintptr_t port, unsigned pin, bool high);
bool stm32_gpio_output_level(uintptr_t port, unsigned pin);

#endif
