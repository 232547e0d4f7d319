/* Test harness for the interface tests: one interface on a pipe whose other end the test plays
 * (it sends frames in with h_send and reads what the stack sent with h_recv), and builders for
 * the frames a peer would send. Frames are built by hand here (not with the stack's emitters)
 * where the test is about parsing them. */
#ifndef NET_TEST_HARNESS_H
#define NET_TEST_HARNESS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs these first */
#include <setjmp.h>
#include <cmocka.h>

#include "net/iface.h"
#include "net/pipe.h"
#include "net/wire/arp.h"
#include "net/wire/ethernet.h"
#include "net/wire/icmpv4.h"
#include "net/wire/ipv4.h"
#include "net/wire/udp.h"

#define H_MAC_US ((struct net_mac){{0x02, 0x00, 0x00, 0x00, 0x00, 0x10}})
#define H_MAC_PEER ((struct net_mac){{0x02, 0x00, 0x00, 0x00, 0x00, 0x20}})
#define H_IP_US NET_IP4(10, 0, 0, 2)
#define H_IP_PEER NET_IP4(10, 0, 0, 1)
#define H_IP_GW NET_IP4(10, 0, 0, 254)
#define H_FRAME_MAX 1600
#define SEC 1000000ull

extern struct net_pipe_end h_dev, h_peer;
extern struct net_iface h_iface;
extern uint64_t h_now;

/* Fresh pipe and interface (hold and reassembly storage given); with an address 10.0.0.2/24
 * and gateway 10.0.0.254 when configured is true. Every frame the setup sends (gratuitous ARP)
 * is drained. */
void h_setup(bool configured);

/* Polls at h_now. */
bool h_poll(void);
/* Sends a frame to the interface and polls. */
void h_send(const void *frame, size_t len);
/* The next frame the interface sent (0: none). */
size_t h_recv(uint8_t *buf, size_t cap);
size_t h_pending(void);
void h_drain(void);

/* Makes the interface know the peer's MAC (as if it had answered ARP). */
void h_learn_peer(void);

/* Frame builders (Ethernet II + IPv4 with a correct header checksum). */
size_t h_ipv4_frame(uint8_t *buf, const struct net_mac *dst_mac, net_ip4 src, net_ip4 dst,
                    uint8_t proto, const void *payload, size_t len, uint16_t ident,
                    uint16_t frag_offset, bool more_frags);
size_t h_udp_frame(uint8_t *buf, net_ip4 src, uint16_t sport, net_ip4 dst, uint16_t dport,
                   const void *payload, size_t len);
size_t h_icmp_echo_frame(uint8_t *buf, net_ip4 src, net_ip4 dst, uint8_t type, uint16_t ident,
                         uint16_t seq, const void *data, size_t len);
size_t h_arp_frame(uint8_t *buf, uint16_t op, const struct net_mac *eth_dst,
                   const struct net_mac *sha, net_ip4 spa, const struct net_mac *tha,
                   net_ip4 tpa);

/* Parses a frame the stack sent down to its IPv4 header (asserting it is well formed). */
void h_parse_ipv4(uint8_t *frame, size_t len, struct net_eth_repr *eth, struct net_ipv4_repr *ip);

/* Ones' complement checksum written independently of the stack's (16-bit loop). */
uint16_t h_cksum(const uint8_t *data, size_t len, uint32_t sum);
uint32_t h_pseudo(net_ip4 src, net_ip4 dst, uint8_t proto, size_t len);

uint32_t h_drops(enum net_drop_reason r);

#endif
