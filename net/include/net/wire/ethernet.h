/* Ethernet II header: parse and emit (no VLAN tags: those frames are refused as unsupported). */
#ifndef NET_WIRE_ETHERNET_H
#define NET_WIRE_ETHERNET_H

#include <stddef.h>
#include <stdint.h>

#include "net/addr.h"
#include "net/wire/error.h"

#define NET_ETH_HDR_LEN 14
#define NET_ETH_MIN_FRAME 60 /* without the FCS: shorter frames are padded */
#define NET_ETHERTYPE_IPV4 0x0800
#define NET_ETHERTYPE_ARP 0x0806
#define NET_ETHERTYPE_VLAN 0x8100

struct net_eth_repr {
    struct net_mac dst, src;
    uint16_t ethertype;
    /* parse only: what follows the header */
    uint8_t *payload;
    size_t payload_len;
};

/* Checks the length and that the EtherType is a type (>= 0x0600, not an 802.3 length); VLAN
 * tagged frames give NET_WIRE_UNSUPPORTED. */
enum net_wire_err net_eth_parse(uint8_t *frame, size_t len, struct net_eth_repr *out);

/* Writes the 14-byte header; NET_WIRE_NO_SPACE if cap is smaller. */
enum net_wire_err net_eth_emit(const struct net_eth_repr *repr, uint8_t *buf, size_t cap);

#endif
