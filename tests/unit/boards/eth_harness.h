/* Shared by the Ethernet driver tests: the model's cable is one end of a SOCK_SEQPACKET pair,
 * the test is the host at the other end. Frames are built here by hand, checksums computed
 * here (not with the model's or the stack's code) so the three stay independent. */
#ifndef ETH_HARNESS_H
#define ETH_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "wire.h"

#define ETH_BASE_ADDR 0x40028000u
#define PEER_MAC {0x02, 0x00, 0x00, 0x00, 0x00, 0x20}
#define OUR_MAC {0x02, 0x00, 0x00, 0x00, 0x00, 0x10}

extern struct model_wire h_wire;
extern bool h_carrier;
extern unsigned h_irqs; /* times the model raised its interrupt line */

/* A fresh cable (carrier on) and an empty mmio bus. */
void h_wire_setup(void);
void h_wire_teardown(void);
void h_raise_irq(void *ctx);

/* The peer sends a frame onto the cable / takes the next one off (0: none waiting). */
void h_peer_send(const uint8_t *frame, size_t len);
size_t h_peer_recv(uint8_t *buf, size_t cap);

/* Ethernet II frame to `dst` from the peer, EtherType 0x88B5 (local experimental), payload
 * bytes counting from seed. Returns its length (14 + payload). */
size_t h_frame(uint8_t *f, const uint8_t dst[6], size_t payload, uint8_t seed);
/* IPv4/UDP frame from the peer (10.0.0.1:4000 -> 10.0.0.2:7) with correct checksums unless
 * corrupt; zero_cksums leaves both checksum fields 0 (what a stack sends with offload on). */
size_t h_udp_frame(uint8_t *f, const uint8_t dst[6], size_t payload, bool zero_cksums);
/* Internet checksum helpers, independent of the model's. */
uint16_t h_cksum(const uint8_t *p, size_t len, uint32_t seed);
bool h_ipv4_udp_cksums_ok(const uint8_t *f, size_t len);

#endif
