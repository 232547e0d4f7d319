/* Behavioural model of the STM32F4's Ethernet peripheral (Synopsys DWC MAC 10/100 and its DMA;
 * RM0090 section 33) on the host, so the real driver (drivers/eth/stm32f4_eth.c) runs its ring
 * code against something that behaves as the manual says, under real traffic.
 *
 * What is modelled (and checked: a driver that breaks a rule is reported as a violation):
 *  - DMA: software reset (never completes without the PHY's REF_CLK: knob no_ref_clk), start and
 *    stop of each direction (DMAOMR ST/SR), descriptor list addresses, normal (4 words) or
 *    enhanced (8 words, EDFE) descriptors, ring mode (next descriptor = this one + its size +
 *    DSL words; TER/RER return to the list's start) and chained mode (TCH/RCH: the next
 *    descriptor's address in word 3). A direction runs while it owns the current descriptor
 *    (OWN); otherwise it suspends (TBUS/RBUS). A transmit poll demand (DMATPDR) wakes a
 *    suspended transmit DMA, a receive poll demand (DMARPDR) or the next frame a receive DMA.
 *  - Transmit descriptors: FS/LS (a frame may span descriptors), buffer 1 and 2 sizes
 *    (TBS1/TBS2, or TBS1 only when chained), IC, CIC. Write-back: OWN cleared, status in TDES0
 *    (IHE, IPE, ES), the control bits kept.
 *  - Receive descriptors: RBS1/RBS2 (or RBS1 only when chained), DIC. A frame longer than the
 *    buffers spans descriptors (FS first, LS last). Write-back in RDES0: frame length (with the
 *    FCS unless stripped: CSTF, APCS), FS/LS, FT, errors (ES); with enhanced descriptors and
 *    checksum offload, the extended status in RDES4 (ESA set).
 *  - Status and interrupts: DMASR bits 0..16 write 1 to clear, NIS/AIS sticky summaries, the
 *    interrupt line = (NIS & NISE) | (AIS & AISE) with DMAIER.
 *  - The receive FIFO (2 KiB, store and forward with RSF): frames with errors (watchdog cut,
 *    checksum errors unless DTCEFD) are dropped there; frames arriving while it is full are lost
 *    and counted in DMAMFBOCR (MFC while the DMA had no descriptor, MFA otherwise).
 *    `pace_wire`: frames wait on the wire instead (see dwc_qos_model.h), and the one in the FIFO
 *    is held rather than flushed while the DMA has no descriptor.
 *  - MAC: TE/RE, FCS stripping, padding on transmit, checksum offload (IPCO; enhanced
 *    descriptors required), the destination filter (perfect address 0, hash table, promiscuous,
 *    pass-all-multicast, broadcast), giants spanning descriptors, frames beyond 2048 cut
 *    (watchdog).
 *  - MDIO: clause 22 to the LAN8742A model, busy for a few reads; MDC above 2.5 MHz for the
 *    configured AHB clock is a violation. */
#ifndef DWC_MAC_MODEL_H
#define DWC_MAC_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lan8742_model.h"
#include "wire.h"

#define DWC_MAC_MODEL_SIZE 0x1400u
#define DWC_MAC_RX_FIFO 2048u
#define DWC_MAC_FIFO_SLOTS 8

struct dwc_mac_model_stats {
    uint32_t tx_frames, rx_frames;
    uint32_t rx_filtered, rx_cksum_dropped, rx_error_dropped, rx_overflow, rx_not_receiving;
    uint32_t tx_no_carrier;
    uint32_t tx_poll_demands, rx_poll_demands;
    uint32_t irqs_raised;
    uint32_t violations;
};

struct dwc_mac_fifo_frame {
    uint16_t len;
    uint32_t rdes0_status; /* error and type bits for the last descriptor */
    uint32_t rdes4;        /* extended status (0: none) */
    uint8_t data[MODEL_WIRE_FRAME_MAX + 4];
};

struct dwc_mac_model {
    struct model_wire *wire;
    struct lan8742_model phy;
    uint32_t hclk_hz;
    bool no_ref_clk;
    bool pace_wire;

    void (*raise_irq)(void *ctx);
    void *irq_ctx;

    uint32_t maccr, macffr, macht[2] /* low, high */, maca0hr, maca0lr, macimr;
    uint32_t miiar, miidr;
    unsigned mdio_busy_reads;
    uint32_t mmc_masks[2];
    uint32_t dmabmr, dmaomr, dmaier, rdlar, tdlar;
    uint32_t sr; /* DMASR status bits: atomic */
    uint32_t missed_mfc, missed_mfa;

    uint32_t tx_cur, rx_cur;
    bool tx_suspended, rx_suspended;
    size_t rx_partial;
    struct dwc_mac_fifo_frame fifo[DWC_MAC_FIFO_SLOTS];
    unsigned fifo_head, fifo_count;
    size_t fifo_bytes;
    int busy, pending;

    struct dwc_mac_model_stats stats;
    char last_violation[160];
    uint8_t scratch[MODEL_WIRE_FRAME_MAX + 64];
};

void dwc_mac_model_init(struct dwc_mac_model *m, struct model_wire *wire, uint8_t phy_addr);
bool dwc_mac_model_map(struct dwc_mac_model *m, uintptr_t base);
void dwc_mac_model_wire_event(struct dwc_mac_model *m);
bool dwc_mac_model_irq_line(struct dwc_mac_model *m);
uint32_t dwc_mac_model_read(void *model, uint32_t offset);
void dwc_mac_model_write(void *model, uint32_t offset, uint32_t value);

#endif
