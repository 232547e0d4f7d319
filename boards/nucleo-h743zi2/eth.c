/* The NUCLEO-H743ZI2's Ethernet as the stack's device: DWC Ethernet QoS + LAN8742A at MDIO
 * address 0 (UM2407), descriptors and buffers in non-cacheable SRAM3. */
#include <string.h>

#include "board.h"
#include "chip.h"
#include "clocks.h"
#include "eth_hw.h"
#include "log/log.h"
#include "stm32_eth_board.h"
#include "stm32h7_eth.h"

#define PHY_ADDR 0

static struct stm32h7_eth eth;
/* Everything the DMA touches: where it reaches (not DTCM) and the D-cache stays out (SRAM3). */
static struct stm32h7_eth_dma eth_dma KIT_SECTION_DMA_NOCACHE;
static bool eth_open;

struct net_device *board_eth_open(const char *ifname, const uint8_t mac[6])
{
    (void)ifname;
    eth_hw_init();
    struct stm32_eth_config cfg = {.base = ETH_BASE, .hclk_hz = clocks_hclk_hz(),
                                   .phy_addr = PHY_ADDR};
    memcpy(cfg.mac, mac, sizeof cfg.mac);
    enum lan8742_err perr = LAN8742_OK;
    if (!stm32_eth_board_opened(stm32h7_eth_open(&eth, &eth_dma, &cfg, &perr), perr, PHY_ADDR))
        return NULL;
    LOG_INFO("eth: DWC Ethernet QoS, LAN8742A rev %u, MDC from %lu MHz AHB, %u+%u descriptors "
             "in SRAM3 (non-cacheable)",
             eth.phy.revision, (unsigned long)(cfg.hclk_hz / 1000000u), STM32H7_ETH_RX_DESC,
             STM32H7_ETH_TX_DESC);
    eth_open = true;
    return &eth.dev;
}

bool board_eth_irq(void)
{
    return eth_open && stm32_eth_board_events(stm32h7_eth_irq(&eth), NULL);
}

void board_eth_stats(struct board_eth_stats *out)
{
    if (eth_open)
        stm32h7_eth_update_stats(&eth);
    stm32_eth_board_stats(eth_open ? &eth.stats : NULL, out);
}
