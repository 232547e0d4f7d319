/* The NUCLEO-F429ZI's Ethernet as the stack's device: DWC MAC 10/100 + LAN8742A at MDIO
 * address 0 (UM1974), descriptors and buffers in SRAM (.bss: every DMA master reaches it, and
 * the F4 has no data cache). */
#include <string.h>

#include "board.h"
#include "chip.h"
#include "clocks.h"
#include "eth_hw.h"
#include "log/log.h"
#include "stm32_eth_board.h"
#include "stm32f4_eth.h"

#define PHY_ADDR 0

static struct stm32f4_eth eth;
/* Everything the DMA touches: plain .bss, never KIT_SECTION_CCM (no DMA reaches CCM). */
static struct stm32f4_eth_dma eth_dma;
static bool eth_open;

struct net_device *board_eth_open(const char *ifname, const uint8_t mac[6])
{
    (void)ifname;
    eth_hw_init();
    struct stm32_eth_config cfg = {.base = ETH_BASE, .hclk_hz = clocks_hclk_hz(),
                                   .phy_addr = PHY_ADDR};
    memcpy(cfg.mac, mac, sizeof cfg.mac);
    enum lan8742_err perr = LAN8742_OK;
    if (!stm32_eth_board_opened(stm32f4_eth_open(&eth, &eth_dma, &cfg, &perr), perr, PHY_ADDR))
        return NULL;
    LOG_INFO("eth: DWC MAC 10/100, LAN8742A rev %u, MDC from %lu MHz AHB, %u+%u enhanced "
             "descriptors",
             eth.phy.revision, (unsigned long)(cfg.hclk_hz / 1000000u), STM32F4_ETH_RX_DESC,
             STM32F4_ETH_TX_DESC);
    eth_open = true;
    return &eth.dev;
}

bool board_eth_irq(void)
{
    return eth_open && stm32_eth_board_events(stm32f4_eth_irq(&eth), NULL);
}

void board_eth_stats(struct board_eth_stats *out)
{
    if (eth_open)
        stm32f4_eth_update_stats(&eth);
    stm32_eth_board_stats(eth_open ? &eth.stats : NULL, out);
}
