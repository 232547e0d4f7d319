/* UDP header (RFC 768): parse and emit, checksum over the IPv4 pseudo-header. */
#ifndef NET_WIRE_UDP_H
#define NET_WIRE_UDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/addr.h"
#include "net/wire/error.h"

#define NET_UDP_HDR_LEN 8

struct net_udp_repr {
    uint16_t src_port;
    uint16_t dst_port;
    uint8_t *payload;   /* parse only */
    size_t payload_len; /* parse and emit */
};

/* Checks the length field (8 <= length <= len; bytes past it are ignored), destination port
 * not 0, and the checksum unless it is 0 (sender did not compute one, allowed over IPv4) or
 * verify_checksum is false. src/dst are the IPv4 addresses for the pseudo-header. */
enum net_wire_err net_udp_parse(uint8_t *buf, size_t len, net_ip4 src, net_ip4 dst,
                                bool verify_checksum, struct net_udp_repr *out);

/* Writes the header at buf; the payload (repr->payload_len bytes) must already be at buf + 8.
 * A computed checksum of 0 is sent as 0xFFFF (0 means "none"). */
enum net_wire_err net_udp_emit(const struct net_udp_repr *repr, uint8_t *buf, size_t cap,
                               net_ip4 src, net_ip4 dst, bool fill_checksum);

#endif
