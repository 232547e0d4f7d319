/* TCP header (RFC 9293) with the options a modern TCP uses: MSS, window scale (RFC 7323),
 * SACK-permitted and SACK blocks (RFC 2018), timestamps (RFC 7323). Parse and emit only: the
 * state machine lives in the TCP module and reuses these. */
#ifndef NET_WIRE_TCP_H
#define NET_WIRE_TCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/addr.h"
#include "net/wire/error.h"

#define NET_TCP_HDR_LEN 20
#define NET_TCP_MAX_HDR_LEN 60
#define NET_TCP_MAX_SACK 4   /* blocks one option can carry (3 beside timestamps) */
#define NET_TCP_MAX_WSCALE 14 /* RFC 7323 2.3: larger shifts are treated as 14 */

#define NET_TCP_FIN 0x01
#define NET_TCP_SYN 0x02
#define NET_TCP_RST 0x04
#define NET_TCP_PSH 0x08
#define NET_TCP_ACK 0x10
#define NET_TCP_URG 0x20
#define NET_TCP_ECE 0x40
#define NET_TCP_CWR 0x80

/* Option kinds */
#define NET_TCP_OPT_EOL 0
#define NET_TCP_OPT_NOP 1
#define NET_TCP_OPT_MSS 2
#define NET_TCP_OPT_WSCALE 3
#define NET_TCP_OPT_SACK_PERM 4
#define NET_TCP_OPT_SACK 5
#define NET_TCP_OPT_TIMESTAMP 8

struct net_tcp_sack_block {
    uint32_t left, right; /* [left, right): the first and one past the last sequence number */
};

struct net_tcp_repr {
    uint16_t src_port, dst_port;
    uint32_t seq, ack;
    uint8_t flags; /* NET_TCP_* */
    uint16_t window;
    uint16_t urgent;
    /* Options. Absent ones: mss 0, has_* false, sack_count 0. */
    uint16_t mss;
    bool has_wscale;
    uint8_t wscale; /* clamped to NET_TCP_MAX_WSCALE on parse */
    bool sack_permitted;
    bool has_timestamp;
    uint32_t ts_val, ts_ecr;
    uint8_t sack_count;
    struct net_tcp_sack_block sack[NET_TCP_MAX_SACK];
    uint8_t *payload;   /* parse only */
    size_t payload_len; /* parse and emit */
};

/* Checks data offset (5..15, within len), the checksum over the pseudo-header (unless
 * verify_checksum is false), ports (0 is NET_WIRE_BAD_FIELD) and every option: each needs its
 * length byte, the length right for its kind and inside the header (NET_WIRE_BAD_OPTION);
 * unknown kinds are skipped by their length. */
enum net_wire_err net_tcp_parse(uint8_t *buf, size_t len, net_ip4 src, net_ip4 dst,
                                bool verify_checksum, struct net_tcp_repr *out);

/* Header length emit will write for repr: 20 + options, padded to 4 (may exceed 60 when too
 * many options are asked for: emit then fails with NET_WIRE_BAD_OPTION). */
size_t net_tcp_header_len(const struct net_tcp_repr *repr);

/* Writes header and options at buf; the payload (repr->payload_len bytes) must already be at
 * buf + net_tcp_header_len(repr). */
enum net_wire_err net_tcp_emit(const struct net_tcp_repr *repr, uint8_t *buf, size_t cap,
                               net_ip4 src, net_ip4 dst, bool fill_checksum);

/* Segment length in sequence space: payload plus one each for SYN and FIN. */
static inline uint32_t net_tcp_seq_len(const struct net_tcp_repr *r)
{
    return (uint32_t)r->payload_len + ((r->flags & NET_TCP_SYN) ? 1u : 0u) +
           ((r->flags & NET_TCP_FIN) ? 1u : 0u);
}

#endif
