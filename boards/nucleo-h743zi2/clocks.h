/* The NUCLEO-H743ZI2's clock tree, apart from the rest of the board so issue 8 can replace the
 * setup (HSE bypass from the ST-LINK MCO, PLL1 to 400/480 MHz, voltage scaling, flash wait states)
 * behind the same functions. */
#ifndef NUCLEO_H743ZI2_CLOCKS_H
#define NUCLEO_H743ZI2_CLOCKS_H

#include <stdbool.h>
#include <stdint.h>

/* Today: stays on the reset clock, HSI at 64 MHz for the core and every bus, and starts HSI48,
 * the RNG's kernel clock. Returns false if HSI48 did not come up (bounded wait): the RNG is then
 * unusable and board_random() falls back. */
bool clocks_init(void);

uint32_t clocks_cpu_hz(void);
/* APB1 clock: USART2/3/4/5/7/8's kernel clock (their reset kernel-clock selection). */
uint32_t clocks_pclk1_hz(void);

#endif
