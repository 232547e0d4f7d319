/* STM32H7 Ethernet (Synopsys DWC Ethernet QoS, RM0433 section 58) with a LAN8742A on RMII, as the
 * stack's net_device (net/device.h).
 *
 * Rings (RM0433 58.10 "Descriptors"): one receive and one transmit ring of 16-byte descriptors,
 * each descriptor with its own 1536-byte buffer, so every frame of a standard MTU is one
 * descriptor. The DMA owns the descriptors between its current pointer and the tail pointer the
 * driver writes; a write to a tail pointer is also what wakes a suspended DMA. The tail pointer
 * never equals the current pointer while the DMA has work (that means "nothing to do"), so each
 * ring keeps one descriptor back: at most N-1 are in the DMA's hands.
 *
 * Zero copy: rx_acquire hands the stack the receive buffer of the next completed descriptor;
 * rx_release gives it back to the DMA. tx_acquire hands out the buffer of the next free transmit
 * descriptor; tx_commit fills the descriptor (first and last segment, length, checksum
 * insertion) and moves the tail pointer. Completed transmit descriptors are reclaimed lazily.
 *
 * Interrupts: receive and transmit completion, receive buffer unavailable, fatal bus error.
 * stm32h7_eth_irq() acknowledges them (which drops the line) and says what happened; the rings
 * are only touched by the task that polls the interface.
 *
 * Memory: struct stm32h7_eth_dma is everything the DMA reads or writes. It must live where the
 * Ethernet DMA reaches and the D-cache does not interfere: on the H743, SRAM3 through
 * KIT_SECTION_DMA_NOCACHE (never DTCM: the DMA cannot reach it). The rest of the driver's state
 * is CPU-only and may live anywhere.
 *
 * Link: lan8742 polling from the link_up op (called about once a second); when the link comes
 * up, the MAC is set to the negotiated speed and duplex. Link loss needs nothing else: the MAC
 * keeps running, and frames sent meanwhile are lost as on any unplugged cable. */
#ifndef STM32H7_ETH_H
#define STM32H7_ETH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lan8742.h"
#include "stm32_eth.h"
#include "net/device.h"

#ifndef STM32H7_ETH_RX_DESC
#define STM32H7_ETH_RX_DESC 8
#endif
#ifndef STM32H7_ETH_TX_DESC
#define STM32H7_ETH_TX_DESC 4
#endif
#define STM32H7_ETH_BUF_SIZE 1536 /* a multiple of 4 (RBSZ), >= a VLAN-tagged 1518-byte frame */
#define STM32H7_ETH_MTU 1500
#define STM32H7_ETH_FRAME_MAX (STM32H7_ETH_MTU + 14 + 4) /* without FCS; +4: a VLAN tag */

struct stm32h7_eth_desc {
    volatile uint32_t des0, des1, des2, des3;
};

struct stm32h7_eth_dma {
    struct stm32h7_eth_desc rx[STM32H7_ETH_RX_DESC];
    struct stm32h7_eth_desc tx[STM32H7_ETH_TX_DESC];
    uint8_t rx_buf[STM32H7_ETH_RX_DESC][STM32H7_ETH_BUF_SIZE] __attribute__((aligned(32)));
    uint8_t tx_buf[STM32H7_ETH_TX_DESC][STM32H7_ETH_BUF_SIZE] __attribute__((aligned(32)));
};

struct stm32h7_eth {
    struct net_device dev;
    uintptr_t base;
    struct stm32h7_eth_dma *dma;
    struct lan8742 phy;
    uint32_t mdio_cr; /* MACMDIOAR clock range bits for hclk */
    unsigned rx_next;  /* next receive descriptor to look at */
    unsigned tx_head;  /* next transmit descriptor to fill */
    unsigned tx_clean; /* oldest transmit descriptor not yet reclaimed */
    bool rx_held, tx_held;
    bool rx_dropping;  /* inside a frame spread over several descriptors: skip to its last */
    bool link_up;
    struct stm32_eth_stats stats;
};

/* Resets the MAC's DMA, brings the PHY up, programs rings, filter, checksum offload and
 * interrupts, and starts both directions. The MAC's clocks, RMII pins and SYSCFG interface
 * select are the board's job, before this. On ERR_PHY, *phy_err (if not NULL) says why. */
enum stm32_eth_err stm32h7_eth_open(struct stm32h7_eth *e, struct stm32h7_eth_dma *dma,
                                    const struct stm32_eth_config *cfg,
                                    enum lan8742_err *phy_err);

/* From the Ethernet interrupt's hardware task: acknowledges every pending cause (the line
 * drops) and returns STM32H7_ETH_EV_* bits. The rings are not touched here. */
uint32_t stm32h7_eth_irq(struct stm32h7_eth *e);

/* Brings rx_missed up to date from the receive queue's counters (cleared when read). */
void stm32h7_eth_update_stats(struct stm32h7_eth *e);

/* MDIO access (clause 22), bounded: false when the MAC stays busy. */
bool stm32h7_eth_mdio_read(void *eth, uint8_t phy, uint8_t reg, uint16_t *value);
bool stm32h7_eth_mdio_write(void *eth, uint8_t phy, uint8_t reg, uint16_t value);

static inline struct stm32h7_eth *stm32h7_eth_of(struct net_device *dev)
{
    return NET_CONTAINER_OF(dev, struct stm32h7_eth, dev);
}

#endif
