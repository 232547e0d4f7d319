/* Reset clock of the STM32F429 (RM0090 section 6): HSI 16 MHz drives SYSCLK, AHB and APB
 * prescalers are 1, flash has 0 wait states (right for 16 MHz). The main PLL is off, so PLL48CLK
 * is too. */
#include "clocks.h"

#include "chip.h"

void clocks_init(void)
{
}

uint32_t clocks_cpu_hz(void)
{
    return CHIP_HSI_HZ;
}

uint32_t clocks_pclk1_hz(void)
{
    return CHIP_HSI_HZ;
}

bool clocks_pll48_ready(void)
{
    return (RCC_CR & RCC_CR_PLLRDY) != 0;
}
