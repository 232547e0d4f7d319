/* Before the startup's zero table writes SRAM1..3: allocate them to the CPU, and make SRAM3 the
 * non-cacheable home of DMA descriptors and buffers.
 *
 * SRAM1..3: these D2 SRAMs keep their contents either way, but with SRAMxEN clear the D2 domain
 * may enter a low-power state while the CPU still uses them (RM0433, RCC_AHB2ENR). ITCM, DTCM,
 * AXI SRAM and SRAM4 need nothing. */
#include "chip.h"
#include "cortex_m.h"
#include "mpu_nocache.h"

void chip_early_init(void)
{
    mmio_modify32(RCC_AHB2ENR, 0,
                  RCC_AHB2ENR_SRAM1EN | RCC_AHB2ENR_SRAM2EN | RCC_AHB2ENR_SRAM3EN);
    (void)mmio_read32(RCC_AHB2ENR); /* read back: the enable takes effect before the first access */
    /* Before the caches come on (startup step 5): no line of SRAM3 is ever cached. */
    mpu_nocache_init();
}
