/* ICMPv4 (RFC 792): parse and emit the 8-byte header; the data follows it. */
#ifndef NET_WIRE_ICMPV4_H
#define NET_WIRE_ICMPV4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/wire/error.h"

#define NET_ICMP_HDR_LEN 8
#define NET_ICMP_ECHO_REPLY 0
#define NET_ICMP_DEST_UNREACHABLE 3
#define NET_ICMP_ECHO_REQUEST 8
#define NET_ICMP_TIME_EXCEEDED 11

/* codes of NET_ICMP_DEST_UNREACHABLE */
#define NET_ICMP_UNREACH_NET 0
#define NET_ICMP_UNREACH_HOST 1
#define NET_ICMP_UNREACH_PROTOCOL 2
#define NET_ICMP_UNREACH_PORT 3
#define NET_ICMP_UNREACH_FRAG_NEEDED 4

struct net_icmpv4_repr {
    uint8_t type;
    uint8_t code;
    /* The 4 header bytes after the checksum: ident and sequence for echo, unused (0) for
     * unreachable except next-hop MTU with FRAG_NEEDED. Stored as the two 16-bit halves. */
    uint16_t ident;
    uint16_t seq;
    uint8_t *data;   /* parse: after the 8-byte header */
    size_t data_len; /* parse and emit: bytes after the header */
};

/* Checks the length (>= 8) and the checksum over the whole message (unless verify_checksum is
 * false). Echo types must have code 0 (NET_WIRE_BAD_FIELD otherwise). */
enum net_wire_err net_icmpv4_parse(uint8_t *buf, size_t len, bool verify_checksum,
                                   struct net_icmpv4_repr *out);

/* Writes the header at buf; the repr->data_len data bytes must already be at buf + 8, the
 * checksum covers them. */
enum net_wire_err net_icmpv4_emit(const struct net_icmpv4_repr *repr, uint8_t *buf, size_t cap,
                                  bool fill_checksum);

#endif
