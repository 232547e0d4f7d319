/* What the two STM32 Ethernet drivers share with the boards that use them: stm32f4_eth (DWC MAC
 * 10/100, RM0090) and stm32h7_eth (DWC Ethernet QoS, RM0433) are different DMA engines behind
 * the same board-facing shape: a configuration, an open that reports why it failed, events
 * from the interrupt handler, and counters. The boards' glue (boards/common/stm32_eth_board.c)
 * is written once against these. */
#ifndef STM32_ETH_H
#define STM32_ETH_H

#include <stdint.h>

#include "lan8742.h"

struct stm32_eth_config {
    uintptr_t base;   /* the MAC's register block (0x40028000 on both) */
    uint32_t hclk_hz; /* AHB clock: sets the MDC divider */
    uint8_t phy_addr; /* 0 on the NUCLEO boards */
    uint8_t mac[6];
};

struct stm32_eth_stats {
    uint32_t rx_frames, tx_frames;
    uint32_t rx_errors;    /* the MAC flagged the frame (CRC, length, checksum...): dropped */
    uint32_t rx_oversize;  /* longer than a buffer or than the driver's FRAME_MAX: dropped */
    uint32_t rx_missed;    /* frames lost for want of a descriptor or to a full receive FIFO */
    uint32_t tx_errors;    /* the MAC reported a transmit error in the descriptor */
    uint32_t tx_ring_full; /* tx_acquire refused: every descriptor still in flight */
    uint32_t irqs;
    uint32_t rx_unavailable; /* the receive ring ran dry (RBUS on the F4, RBU on the H7) */
    uint32_t fatal_bus_errors;
    uint32_t link_changes;
};

/* What the interrupt handler saw (bits). */
#define STM32_ETH_EV_RX (1u << 0)
#define STM32_ETH_EV_TX (1u << 1)
#define STM32_ETH_EV_RX_STALL (1u << 2) /* receive buffer unavailable */
#define STM32_ETH_EV_FATAL (1u << 3)    /* fatal bus error: the DMA stopped */

enum stm32_eth_err {
    STM32_ETH_OK = 0,
    STM32_ETH_ERR_RESET = -1,   /* DMA software reset never completed: no RMII REF_CLK? */
    STM32_ETH_ERR_PHY = -2,     /* the PHY did not answer as a LAN8742A (see phy_err) */
    STM32_ETH_ERR_DMA_MEM = -3, /* descriptors/buffers not aligned as the DMA needs */
};

#endif
