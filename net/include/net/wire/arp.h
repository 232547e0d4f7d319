/* ARP for IPv4 over Ethernet (RFC 826): parse and emit the 28-byte packet. */
#ifndef NET_WIRE_ARP_H
#define NET_WIRE_ARP_H

#include <stddef.h>
#include <stdint.h>

#include "net/addr.h"
#include "net/wire/error.h"

#define NET_ARP_LEN 28
#define NET_ARP_OP_REQUEST 1
#define NET_ARP_OP_REPLY 2

struct net_arp_repr {
    uint16_t op;
    struct net_mac sender_mac;
    net_ip4 sender_ip;
    struct net_mac target_mac;
    net_ip4 target_ip;
};

/* Accepts only hardware type 1 (Ethernet), protocol 0x0800, lengths 6 and 4 (otherwise
 * NET_WIRE_UNSUPPORTED) and operations request/reply (otherwise NET_WIRE_BAD_FIELD). */
enum net_wire_err net_arp_parse(const uint8_t *buf, size_t len, struct net_arp_repr *out);
enum net_wire_err net_arp_emit(const struct net_arp_repr *repr, uint8_t *buf, size_t cap);

#endif
