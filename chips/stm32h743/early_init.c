/* Before the startup's zero table writes SRAM1..3: allocate them to the CPU. These D2 SRAMs keep
 * their contents either way, but with SRAMxEN clear the D2 domain may enter a low-power state while
 * the CPU still uses them (RM0433, RCC_AHB2ENR). ITCM, DTCM, AXI SRAM and SRAM4 need nothing. */
#include "chip.h"

void chip_early_init(void)
{
    RCC_AHB2ENR |= RCC_AHB2ENR_SRAM1EN | RCC_AHB2ENR_SRAM2EN | RCC_AHB2ENR_SRAM3EN;
    (void)RCC_AHB2ENR; /* read back: the enable takes effect before the first access */
}
