/* SMSC LAN9118 Ethernet controller (MPS2 boards; QEMU's lan9118 model).
 *
 * The chip has no DMA: frames move through its TX/RX data FIFOs by programmed I/O. This file is
 * the register level only (reset, MAC address, PHY, moving one frame in or out of the FIFOs,
 * interrupt status); drivers/eth/lan9118_netdev.c adapts it to the stack's device interface. */
#ifndef LAN9118_H
#define LAN9118_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Interrupt status bits the driver enables (INT_STS / INT_EN). */
#define LAN9118_INT_RSFL (1u << 3)   /* RX status FIFO level: a frame is waiting */
#define LAN9118_INT_RXDF (1u << 6)   /* RX dropped frame (FIFO full) */
#define LAN9118_INT_TSFL (1u << 7)   /* TX status FIFO level */
#define LAN9118_INT_TDFA (1u << 9)   /* TX data FIFO available: room again */
#define LAN9118_INT_RXE (1u << 14)   /* RX error */
#define LAN9118_INT_TXE (1u << 13)   /* TX error */
#define LAN9118_INT_PHY (1u << 18)   /* PHY: link change */

enum lan9118_rx_result {
    LAN9118_RX_NONE = 0,     /* no frame waiting */
    LAN9118_RX_ERROR = -1,   /* frame had an error status: skipped */
    LAN9118_RX_TOO_BIG = -2, /* frame larger than the caller's buffer: skipped */
};

/* Resets the chip, checks its identity, programs the MAC address, enables TX/RX with broadcast
 * and exact-match unicast filtering, and the RX/PHY interrupts (active-high, push-pull).
 * Returns 0, or -1 if no LAN9118 answers at base (BYTE_TEST / ID_REV mismatch or reset timeout). */
int lan9118_init(uintptr_t base, const uint8_t mac[6]);

/* Moves the next received frame (without its CRC) into buf. Returns its length,
 * LAN9118_RX_NONE, or a negative lan9118_rx_result when a bad frame was skipped. */
int lan9118_rx_frame(uintptr_t base, uint8_t *buf, size_t cap);

/* Room in the TX data FIFO for a frame of len bytes (plus the two command words)? */
bool lan9118_tx_ready(uintptr_t base, size_t len);

/* Writes one whole frame into the TX FIFO (the MAC pads short frames and appends the CRC).
 * Returns 0, or -1 if it does not fit (call lan9118_tx_ready first). */
int lan9118_tx_frame(uintptr_t base, const uint8_t *frame, size_t len);

/* Reads and acknowledges the pending interrupt causes (INT_STS), returning them. A PHY cause also
 * reads (and so clears) the PHY's own interrupt source register. */
uint32_t lan9118_irq_ack(uintptr_t base);

/* Link state from the PHY's basic status register. */
bool lan9118_link_up(uintptr_t base);

/* Frames the chip dropped because its RX FIFO was full (RX_DROP counter; clears on read). */
uint32_t lan9118_rx_dropped(uintptr_t base);

/* Accept every multicast frame (for IPv6 / mDNS later) or only exact matches. */
void lan9118_set_multicast_all(uintptr_t base, bool all);

#endif
