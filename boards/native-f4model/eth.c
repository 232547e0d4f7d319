/* native-f4model's Ethernet: the STM32F4 driver, unchanged, against the DWC MAC 10/100 model
 * mapped where the MAC lives on the H743, with the TAP as its cable. The driver sees what it
 * sees on the board: registers (through the mmio hooks), descriptors and buffers in static
 * memory, the interrupt line. */
#include <string.h>

#include "board.h"
#include "dwc_mac_model.h"
#include "log/log.h"
#include "model_glue.h"
#include "stm32_eth_board.h"
#include "stm32f4_eth.h"

#define ETH_BASE 0x40028000u  /* RM0090 memory map */
#define HCLK_HZ 180000000u    /* AHB at 180 MHz: the MDC divider the board would use */
#define PHY_ADDR 0

static struct model_wire wire;
static struct dwc_mac_model model;
static struct stm32f4_eth eth;
static struct stm32f4_eth_dma eth_dma; /* static: the model reaches it through bus addresses */
static bool eth_open;

struct net_device *board_eth_open(const char *ifname, const uint8_t mac[6])
{
    if (!model_glue_wire(&wire, ifname))
        return NULL;
    dwc_mac_model_init(&model, &wire, PHY_ADDR);
    model.hclk_hz = HCLK_HZ;
    model.pace_wire = true; /* a host's bursts arrive as if spaced at wire speed */
    model.raise_irq = model_glue_raise;
    if (!dwc_mac_model_map(&model, ETH_BASE) || !model_glue_bind_irq(&wire))
        return NULL;

    struct stm32_eth_config cfg = {.base = ETH_BASE, .hclk_hz = HCLK_HZ, .phy_addr = PHY_ADDR};
    memcpy(cfg.mac, mac, sizeof cfg.mac);
    enum lan8742_err perr = LAN8742_OK;
    if (!stm32_eth_board_opened(stm32f4_eth_open(&eth, &eth_dma, &cfg, &perr), perr, PHY_ADDR))
        return NULL;
    LOG_INFO("eth: STM32F4 driver on the modelled DWC MAC 10/100, LAN8742A rev %u, %u+%u "
             "descriptors, cable = TAP",
             eth.phy.revision, STM32F4_ETH_RX_DESC, STM32F4_ETH_TX_DESC);
    eth_open = true;
    return &eth.dev;
}

/* The MAC takes frames off the cable on its own; here that happens when the TAP has some, in
 * the interrupt (the model holds them on the wire while it has no descriptor). Then the
 * driver's handler, as on the board; a line still high after it is raised again (a level). */
bool board_eth_irq(void)
{
    if (!eth_open)
        return false;
    dwc_mac_model_wire_event(&model);
    (void)stm32_eth_board_events(stm32f4_eth_irq(&eth), model.last_violation);
    if (dwc_mac_model_irq_line(&model))
        model_glue_raise(0);
    return true;
}

void board_eth_stats(struct board_eth_stats *out)
{
    if (eth_open)
        stm32f4_eth_update_stats(&eth);
    stm32_eth_board_stats(eth_open ? &eth.stats : NULL, out);
    out->tx_errors += model.stats.violations; /* never expected: visible */
}
