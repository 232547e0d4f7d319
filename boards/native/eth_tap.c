/* native's Ethernet: a TAP interface behind drivers/eth/tap_netdev. */
#include "board.h"

#include "tap_netdev.h"

/* Ethernet: a TAP interface. Its fd is bound to BOARD_ETH_IRQ by the application's network
 * bring-up (netapp), through the scheduler's native port: the board does not depend on it. */
static struct tap_netdev eth;
static bool eth_open;
static uint32_t eth_irqs;

#define DEFAULT_TAP "kit0"

struct net_device *board_eth_open(const char *ifname, const uint8_t mac[6])
{
    (void)mac; /* a TAP filters nothing: the stack checks destination addresses itself */
    if (tap_netdev_open(&eth, ifname && ifname[0] ? ifname : DEFAULT_TAP) != 0)
        return NULL;
    eth_open = true;
    return &eth.dev;
}

bool board_eth_irq(void)
{
    /* A readable fd raised it, and there is no line to clear: the frames are the work. */
    eth_irqs++;
    return eth_open;
}

void board_eth_stats(struct board_eth_stats *out)
{
    *out = (struct board_eth_stats){.irqs = eth_irqs};
    if (!eth_open)
        return;
    out->rx_frames = eth.stats.rx_frames;
    out->tx_frames = eth.stats.tx_frames;
    out->rx_errors = eth.stats.rx_errors;
    out->rx_oversize = eth.stats.rx_oversize;
    out->tx_errors = eth.stats.tx_errors;
}
