/* IPv4 header (RFC 791): parse (options skipped by IHL, never interpreted) and emit (no options). */
#ifndef NET_WIRE_IPV4_H
#define NET_WIRE_IPV4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/addr.h"
#include "net/wire/error.h"

#define NET_IPV4_HDR_LEN 20     /* without options */
#define NET_IPV4_MAX_HDR_LEN 60 /* IHL 15 */
#define NET_IPV4_MAX_DATAGRAM 65535

#define NET_IP_PROTO_ICMP 1
#define NET_IP_PROTO_TCP 6
#define NET_IP_PROTO_UDP 17

struct net_ipv4_repr {
    net_ip4 src, dst;
    uint8_t protocol;
    uint8_t ttl;
    uint8_t tos;             /* DSCP and ECN, as one byte */
    uint16_t ident;
    bool dont_frag;
    bool more_frags;
    uint16_t frag_offset;    /* in bytes (the field times 8) */
    uint8_t header_len;      /* parse: 20..60, options included */
    uint8_t *payload;        /* parse: after the header, up to total length */
    size_t payload_len;      /* parse: total length - header length; emit: what follows the header */
    bool reassembled;        /* built from fragments: no hardware checked what it carries */
};

/* Checks version, IHL, total length against the buffer (trailing Ethernet padding is allowed and
 * excluded from payload_len), that a fragment cannot reach past 65535 bytes, and the header
 * checksum unless verify_checksum is false (hardware did it). */
enum net_wire_err net_ipv4_parse(uint8_t *buf, size_t len, bool verify_checksum,
                                 struct net_ipv4_repr *out);

/* Writes a 20-byte header for repr (total length = 20 + payload_len). With fill_checksum false
 * the checksum field is left 0 for the hardware. */
enum net_wire_err net_ipv4_emit(const struct net_ipv4_repr *repr, uint8_t *buf, size_t cap,
                                bool fill_checksum);

static inline bool net_ipv4_is_fragment(const struct net_ipv4_repr *r)
{
    return r->more_frags || r->frag_offset != 0;
}

#endif
