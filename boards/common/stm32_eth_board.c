/* Board glue shared by the STM32 Ethernet drivers (stm32_eth_board.h). */
#include "stm32_eth_board.h"

#include "log/log.h"

bool stm32_eth_board_opened(enum stm32_eth_err err, enum lan8742_err phy_err, uint8_t phy_addr)
{
    switch (err) {
    case STM32_ETH_OK:
        return true;
    case STM32_ETH_ERR_RESET:
        LOG_ERROR("eth: MAC reset did not complete: no 50 MHz REF_CLK from the PHY (PA1)?");
        break;
    case STM32_ETH_ERR_PHY:
        LOG_ERROR("eth: PHY at MDIO %u: %s", phy_addr, lan8742_err_str(phy_err));
        break;
    default:
        LOG_ERROR("eth: open failed (%d)", (int)err);
        break;
    }
    return false;
}

bool stm32_eth_board_events(uint32_t events, const char *why)
{
    if (events & STM32_ETH_EV_FATAL)
        LOG_ERROR("eth: fatal bus error: the DMA stopped%s%s%s", why ? " (" : "", why ? why : "",
                  why ? ")" : "");
    return events != 0;
}

void stm32_eth_board_stats(const struct stm32_eth_stats *s, struct board_eth_stats *out)
{
    *out = (struct board_eth_stats){0};
    if (!s)
        return;
    out->rx_frames = s->rx_frames;
    out->tx_frames = s->tx_frames;
    out->rx_errors = s->rx_errors;
    out->rx_oversize = s->rx_oversize;
    out->rx_missed = s->rx_missed;
    out->tx_errors = s->tx_errors;
    out->irqs = s->irqs;
}
