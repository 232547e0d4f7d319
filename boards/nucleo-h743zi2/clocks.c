/* Reset clock of the STM32H743 (RM0433 section 8): HSI 64 MHz with HSIDIV = 1 drives sys_ck;
 * D1CPRE, HPRE, D2PPRE1 are all 1 after reset, so core, AHB and APB1 run at 64 MHz. The supply
 * configuration (PWR_CR3) and voltage scaling stay at their reset values, which suit this clock;
 * issue 8 sets them before raising it. */
#include "clocks.h"

#include "chip.h"

/* HSI48 starts in a few microseconds; this bound is far beyond that at 64 MHz. */
#define HSI48_READY_SPIN_LIMIT 100000u

bool clocks_init(void)
{
    RCC_CR |= RCC_CR_HSI48ON;
    for (uint32_t spin = 0; spin < HSI48_READY_SPIN_LIMIT; spin++)
        if (RCC_CR & RCC_CR_HSI48RDY)
            return true;
    return false;
}

uint32_t clocks_cpu_hz(void)
{
    return CHIP_HSI_HZ;
}

uint32_t clocks_pclk1_hz(void)
{
    return CHIP_HSI_HZ;
}
