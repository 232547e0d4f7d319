/* STM32F4 Ethernet (Synopsys DWC MAC 10/100 with DMA, RM0090 section 33) with a LAN8742A on
 * RMII, as the stack's net_device (net/device.h).
 *
 * Descriptors (RM0090 33.6.7/33.6.8): enhanced format (8 words, needed for checksum offload), in
 * ring mode: back to back, the last one flagged end-of-ring (TER/RER), each with its own
 * 1536-byte buffer. Ownership is the OWN bit alone; a suspended DMA (it found a descriptor it
 * does not own) resumes on a poll demand, which the driver writes after each handover. As on
 * the H7, at most N-1 transmit descriptors are in flight so a full ring differs from an empty one.
 *
 * Zero copy, interrupts, checksum offload, filter and link handling as stm32h7_eth.h describes.
 *
 * Memory: struct stm32f4_eth_dma is everything the DMA reads or writes. On the F429 any static
 * in SRAM (.bss) is reachable and there is no cache; never CCM (KIT_SECTION_CCM), which no DMA
 * master reaches. */
#ifndef STM32F4_ETH_H
#define STM32F4_ETH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lan8742.h"
#include "stm32_eth.h"
#include "net/device.h"

#ifndef STM32F4_ETH_RX_DESC
#define STM32F4_ETH_RX_DESC 8
#endif
#ifndef STM32F4_ETH_TX_DESC
#define STM32F4_ETH_TX_DESC 4
#endif
#define STM32F4_ETH_BUF_SIZE 1536 /* a multiple of 4 (RBS1), >= a VLAN-tagged 1518-byte frame */
#define STM32F4_ETH_MTU 1500
#define STM32F4_ETH_FRAME_MAX (STM32F4_ETH_MTU + 14 + 4) /* without FCS; +4: a VLAN tag */

/* Enhanced descriptor: words 4..7 carry the extended receive status and timestamps. */
struct stm32f4_eth_desc {
    volatile uint32_t des0, des1, des2, des3, des4, des5, des6, des7;
};

struct stm32f4_eth_dma {
    struct stm32f4_eth_desc rx[STM32F4_ETH_RX_DESC];
    struct stm32f4_eth_desc tx[STM32F4_ETH_TX_DESC];
    uint8_t rx_buf[STM32F4_ETH_RX_DESC][STM32F4_ETH_BUF_SIZE] __attribute__((aligned(4)));
    uint8_t tx_buf[STM32F4_ETH_TX_DESC][STM32F4_ETH_BUF_SIZE] __attribute__((aligned(4)));
};

struct stm32f4_eth {
    struct net_device dev;
    uintptr_t base;
    struct stm32f4_eth_dma *dma;
    struct lan8742 phy;
    uint32_t mdio_cr;
    unsigned rx_next, tx_head, tx_clean;
    bool rx_held, tx_held;
    bool rx_dropping;
    bool link_up;
    struct stm32_eth_stats stats;
};

enum stm32_eth_err stm32f4_eth_open(struct stm32f4_eth *e, struct stm32f4_eth_dma *dma,
                                    const struct stm32_eth_config *cfg,
                                    enum lan8742_err *phy_err);
uint32_t stm32f4_eth_irq(struct stm32f4_eth *e);
void stm32f4_eth_update_stats(struct stm32f4_eth *e);
bool stm32f4_eth_mdio_read(void *eth, uint8_t phy, uint8_t reg, uint16_t *value);
bool stm32f4_eth_mdio_write(void *eth, uint8_t phy, uint8_t reg, uint16_t value);

static inline struct stm32f4_eth *stm32f4_eth_of(struct net_device *dev)
{
    return NET_CONTAINER_OF(dev, struct stm32f4_eth, dev);
}

#endif
