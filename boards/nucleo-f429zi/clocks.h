/* The NUCLEO-F429ZI's clock tree, apart from the rest of the board so issue 9 can replace the
 * setup (HSE bypass from the ST-LINK MCO, PLL to 180 MHz with over-drive, PLL48 for the RNG,
 * flash wait states and ART) behind the same functions. */
#ifndef NUCLEO_F429ZI_CLOCKS_H
#define NUCLEO_F429ZI_CLOCKS_H

#include <stdbool.h>
#include <stdint.h>

/* Today: stays on the reset clock, HSI at 16 MHz for the core and every bus. */
void clocks_init(void);

uint32_t clocks_cpu_hz(void);
/* APB1 clock: USART2/3, UART4/5/7/8's kernel clock. */
uint32_t clocks_pclk1_hz(void);

/* True once the main PLL runs, and with it PLL48CLK, the RNG's only clock. */
bool clocks_pll48_ready(void);

#endif
