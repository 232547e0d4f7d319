/* The NUCLEO-F429ZI's Ethernet as the stack's device: DWC MAC 10/100 + LAN8742A at MDIO
 * address 0 (UM1974), descriptors and buffers in SRAM (.bss: every DMA master reaches it, and
 * the F4 has no data cache). */
#include <string.h>

#include "board.h"
#include "chip.h"
#include "clocks.h"
#include "eth_hw.h"
#include "log/log.h"
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
    struct stm32f4_eth_config cfg = {.base = ETH_BASE, .hclk_hz = clocks_hclk_hz(),
                                     .phy_addr = PHY_ADDR};
    memcpy(cfg.mac, mac, sizeof cfg.mac);
    enum lan8742_err perr = LAN8742_OK;
    enum stm32f4_eth_err err = stm32f4_eth_open(&eth, &eth_dma, &cfg, &perr);
    switch (err) {
    case STM32F4_ETH_OK:
        break;
    case STM32F4_ETH_ERR_RESET:
        LOG_ERROR("eth: MAC reset did not complete: no 50 MHz REF_CLK from the PHY (PA1)?");
        return NULL;
    case STM32F4_ETH_ERR_PHY:
        LOG_ERROR("eth: PHY at MDIO %u: %s", PHY_ADDR, lan8742_err_str(perr));
        return NULL;
    default:
        LOG_ERROR("eth: open failed (%d)", (int)err);
        return NULL;
    }
    LOG_INFO("eth: DWC MAC 10/100, LAN8742A rev %u, MDC from %lu MHz AHB, %u+%u enhanced "
             "descriptors",
             eth.phy.revision, (unsigned long)(cfg.hclk_hz / 1000000u), STM32F4_ETH_RX_DESC,
             STM32F4_ETH_TX_DESC);
    eth_open = true;
    return &eth.dev;
}

bool board_eth_irq(void)
{
    if (!eth_open)
        return false;
    uint32_t ev = stm32f4_eth_irq(&eth);
    if (ev & STM32F4_ETH_EV_FATAL)
        LOG_ERROR("eth: fatal bus error: the DMA stopped");
    return ev != 0;
}

void board_eth_stats(struct board_eth_stats *out)
{
    *out = (struct board_eth_stats){0};
    if (!eth_open)
        return;
    stm32f4_eth_update_stats(&eth);
    out->rx_frames = eth.stats.rx_frames;
    out->tx_frames = eth.stats.tx_frames;
    out->rx_errors = eth.stats.rx_errors;
    out->rx_oversize = eth.stats.rx_oversize;
    out->rx_missed = eth.stats.rx_missed;
    out->tx_errors = eth.stats.tx_errors;
    out->irqs = eth.stats.irqs;
}
