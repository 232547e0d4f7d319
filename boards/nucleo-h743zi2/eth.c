/* The NUCLEO-H743ZI2's Ethernet as the stack's device: DWC Ethernet QoS + LAN8742A at MDIO
 * address 0 (UM2407), descriptors and buffers in non-cacheable SRAM3. */
#include <string.h>

#include "board.h"
#include "chip.h"
#include "clocks.h"
#include "eth_hw.h"
#include "log/log.h"
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
    struct stm32h7_eth_config cfg = {.base = ETH_BASE, .hclk_hz = clocks_hclk_hz(),
                                     .phy_addr = PHY_ADDR};
    memcpy(cfg.mac, mac, sizeof cfg.mac);
    enum lan8742_err perr = LAN8742_OK;
    enum stm32h7_eth_err err = stm32h7_eth_open(&eth, &eth_dma, &cfg, &perr);
    switch (err) {
    case STM32H7_ETH_OK:
        break;
    case STM32H7_ETH_ERR_RESET:
        LOG_ERROR("eth: MAC reset did not complete: no 50 MHz REF_CLK from the PHY (PA1)?");
        return NULL;
    case STM32H7_ETH_ERR_PHY:
        LOG_ERROR("eth: PHY at MDIO %u: %s", PHY_ADDR, lan8742_err_str(perr));
        return NULL;
    default:
        LOG_ERROR("eth: open failed (%d)", (int)err);
        return NULL;
    }
    LOG_INFO("eth: DWC Ethernet QoS, LAN8742A rev %u, MDC from %lu MHz AHB, %u+%u descriptors "
             "in SRAM3 (non-cacheable)",
             eth.phy.revision, (unsigned long)(cfg.hclk_hz / 1000000u), STM32H7_ETH_RX_DESC,
             STM32H7_ETH_TX_DESC);
    eth_open = true;
    return &eth.dev;
}

bool board_eth_irq(void)
{
    if (!eth_open)
        return false;
    uint32_t ev = stm32h7_eth_irq(&eth);
    if (ev & STM32H7_ETH_EV_FATAL)
        LOG_ERROR("eth: fatal bus error: the DMA stopped");
    return ev != 0;
}

void board_eth_stats(struct board_eth_stats *out)
{
    *out = (struct board_eth_stats){0};
    if (!eth_open)
        return;
    stm32h7_eth_update_stats(&eth);
    out->rx_frames = eth.stats.rx_frames;
    out->tx_frames = eth.stats.tx_frames;
    out->rx_errors = eth.stats.rx_errors;
    out->rx_oversize = eth.stats.rx_oversize;
    out->rx_missed = eth.stats.rx_missed;
    out->tx_errors = eth.stats.tx_errors;
    out->irqs = eth.stats.irqs;
}
