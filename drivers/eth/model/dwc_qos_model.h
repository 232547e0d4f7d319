/* Behavioural model of the STM32H7's Ethernet peripheral (Synopsys DWC Ethernet QoS: MAC, MTL,
 * DMA channel 0; RM0433 section 58) on the host, so the real driver (drivers/eth/stm32h7_eth.c)
 * runs its ring code against something that behaves as the manual says, under real traffic.
 *
 * Registers are reached through chips/cortex-m/mmio.h's hooks (mmio_bus). Descriptors and
 * buffers are real memory, addressed by 32-bit bus addresses (mmio_bus_ptr).
 *
 * What is modelled (and checked: a driver that breaks a rule is reported as a violation):
 *  - DMA: software reset (never completes without the PHY's REF_CLK: knob no_ref_clk), start and
 *    stop of each direction, descriptor list address, ring length, tail pointers. A direction
 *    processes descriptors from its current pointer while that differs from the tail pointer
 *    and the descriptor's OWN bit is set; it wraps after the last descriptor of the ring; it
 *    suspends otherwise (TBU/RBU) and resumes on a tail pointer write.
 *  - Transmit descriptors, read format: buffer 1 and 2 addresses and lengths, FD/LD (a frame may
 *    span descriptors), frame length (checked against the buffers), IOC, checksum insertion
 *    control. Write-back: OWN cleared, status in TDES3 (IHE, PCE, ES), TDES0..2 scribbled (they
 *    hold an invalid timestamp then: a driver must not read them back).
 *  - Receive descriptors, read format: buffer 1/2 address and BUF1V/BUF2V, IOC, OWN. A frame
 *    longer than the buffer (RBSZ) spans descriptors (FD on the first, LD on the last, the
 *    packet length in the last). Write-back: RDES0 and RDES2 cleared, RDES1 checksum status
 *    (RS1V), RDES3 length, FD/LD and errors (GP for giants, ES).
 *  - Status and interrupts: DMACSR bits set by the engines, write 1 to clear, NIS/AIS sticky
 *    summaries, the interrupt line = (NIS & NIE) | (AIS & AIE) with DMACIER. The line is a level:
 *    the glue re-raises it while it stays high.
 *  - MTL receive queue of 2 KiB in store-and-forward mode: frames with errors (watchdog cut,
 *    checksum errors unless DIS_TCP_EF) are dropped before the DMA; frames arriving while it is
 *    full are dropped and counted (MTLRxQMPOCR). With `pace_wire`, frames instead wait on the
 *    wire until there is room: a host's burst then behaves like frames spaced at wire speed.
 *  - MAC: TE/RE (nothing moves while off), FCS stripping (CST, ACS) or the FCS delivered, pad to
 *    60 bytes on transmit, receive checksum offload (IPC), the destination filter (perfect
 *    address 0, hash table for multicast/unicast, promiscuous, pass-all-multicast, broadcast),
 *    giant frames (> 1518, 1522 tagged) flagged GP, frames beyond 2048 cut (watchdog).
 *  - MDIO: clause 22 read/write to the LAN8742A model, busy for a few reads; MDC above 2.5 MHz for
 *    the configured AHB clock is a violation.
 * Not modelled: timestamps, VLAN insertion, TSO, loopback, MMC counters (masks kept), power
 * management, multiple queues. */
#ifndef DWC_QOS_MODEL_H
#define DWC_QOS_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lan8742_model.h"
#include "wire.h"

#define DWC_QOS_MODEL_SIZE 0x1200u /* register block size mapped on the bus */
#define DWC_QOS_RX_FIFO 2048u
#define DWC_QOS_FIFO_SLOTS 8

struct dwc_qos_model_stats {
    uint32_t tx_frames, rx_frames;    /* moved between the wire and descriptors */
    uint32_t rx_filtered;             /* failed the destination filter */
    uint32_t rx_cksum_dropped;        /* dropped by the MTL for a checksum error */
    uint32_t rx_error_dropped;        /* dropped by the MTL for another error (watchdog) */
    uint32_t rx_overflow;             /* the receive queue was full */
    uint32_t rx_not_receiving;        /* arrived while RE was off or the link down */
    uint32_t tx_no_carrier;           /* sent while the link was down: lost */
    uint32_t irqs_raised;
    uint32_t violations;              /* rules of RM0433 the driver broke */
};

struct dwc_qos_fifo_frame {
    uint16_t len;
    uint32_t rdes1;      /* checksum status for the write-back */
    uint32_t rdes3_err;  /* error bits for the last descriptor's write-back */
    uint8_t data[MODEL_WIRE_FRAME_MAX + 4];
};

struct dwc_qos_model {
    struct model_wire *wire;
    struct lan8742_model phy;
    uint32_t hclk_hz; /* to check the MDC divider; 0 = unchecked */
    bool no_ref_clk;  /* knob: the software reset never completes */
    bool pace_wire;   /* knob: frames wait on the wire instead of overflowing the queue */

    void (*raise_irq)(void *ctx);
    void *irq_ctx;

    /* registers */
    uint32_t maccr, macpfr, macht[2], maca0hr, maca0lr, macier;
    uint32_t mdioar, mdiodr;
    unsigned mdio_busy_reads;
    uint32_t mmc_masks[2];
    uint32_t mtl_txqomr, mtl_rxqomr, mtl_ovf, mtl_mis;
    uint32_t dmamr, dmasbmr, dmaccr, txcr, rxcr, txdlar, rxdlar, txdtpr, rxdtpr, txrlr, rxrlr;
    uint32_t dmacier;
    uint32_t csr; /* DMACSR: atomic, the engines and the driver's acknowledgements race */
    uint32_t dropped; /* DMACMFCR */
    bool swr_stuck;

    /* engines */
    uint32_t tx_cur, rx_cur;
    bool tx_suspended, rx_suspended;
    size_t rx_partial; /* bytes of the head frame already in descriptors */
    struct dwc_qos_fifo_frame fifo[DWC_QOS_FIFO_SLOTS];
    unsigned fifo_head, fifo_count;
    size_t fifo_bytes;
    int busy, pending;

    struct dwc_qos_model_stats stats;
    char last_violation[160];
    uint8_t scratch[MODEL_WIRE_FRAME_MAX + 64];
};

/* Puts the model in its reset state, with its PHY at phy_addr on `wire`. */
void dwc_qos_model_init(struct dwc_qos_model *m, struct model_wire *wire, uint8_t phy_addr);

/* Maps the register block at base on the mmio bus. */
bool dwc_qos_model_map(struct dwc_qos_model *m, uintptr_t base);

/* The wire has frames (its fd is readable): take them in, as the MAC does on its own. */
void dwc_qos_model_wire_event(struct dwc_qos_model *m);

/* The interrupt line's level now. */
bool dwc_qos_model_irq_line(struct dwc_qos_model *m);

uint32_t dwc_qos_model_read(void *model, uint32_t offset);
void dwc_qos_model_write(void *model, uint32_t offset, uint32_t value);

#endif
