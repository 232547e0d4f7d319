/* DNS messages (RFC 1035): header, names (with compression), questions and resource records,
 * building a query, and reading the A records of an answer.
 *
 * Names are walked in place, never copied to a scratch buffer. Compression pointers must point
 * strictly backwards (RFC 1035 4.1.4 "a prior occurrence"), which makes loops impossible; a name
 * is also refused past NET_DNS_NAME_WIRE_MAX bytes or NET_DNS_MAX_JUMPS pointers (NET_WIRE_LOOP). */
#ifndef NET_WIRE_DNS_H
#define NET_WIRE_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/addr.h"
#include "net/wire/error.h"

#define NET_DNS_HDR_LEN 12
#define NET_DNS_PORT 53
#define NET_DNS_UDP_MAX 512       /* classic UDP message limit (no EDNS) */
#define NET_DNS_NAME_WIRE_MAX 255 /* labels, length bytes and the root byte */
#define NET_DNS_NAME_TEXT_MAX 254 /* dotted text with its NUL: 253 characters */
#define NET_DNS_LABEL_MAX 63
#define NET_DNS_MAX_JUMPS 32
#define NET_DNS_MAX_CNAME 8       /* CNAME links followed in an answer */

#define NET_DNS_TYPE_A 1
#define NET_DNS_TYPE_CNAME 5
#define NET_DNS_TYPE_AAAA 28
#define NET_DNS_CLASS_IN 1

#define NET_DNS_FLAG_QR 0x8000
#define NET_DNS_OPCODE_MASK 0x7800
#define NET_DNS_FLAG_AA 0x0400
#define NET_DNS_FLAG_TC 0x0200
#define NET_DNS_FLAG_RD 0x0100
#define NET_DNS_FLAG_RA 0x0080
#define NET_DNS_RCODE_MASK 0x000F

#define NET_DNS_RCODE_NOERROR 0
#define NET_DNS_RCODE_FORMERR 1
#define NET_DNS_RCODE_SERVFAIL 2
#define NET_DNS_RCODE_NXDOMAIN 3
#define NET_DNS_RCODE_REFUSED 5

struct net_dns_header {
    uint16_t id, flags;
    uint16_t qdcount, ancount, nscount, arcount;
};

struct net_dns_question {
    size_t name_offset; /* where the name starts in the message */
    uint16_t type, class_;
};

struct net_dns_record {
    size_t name_offset;
    uint16_t type, class_;
    uint32_t ttl;
    size_t rdata_offset;
    uint16_t rdata_len;
};

enum net_wire_err net_dns_parse_header(const uint8_t *msg, size_t len, struct net_dns_header *out);

/* Validates the name at offset (following pointers) and sets *next to the first byte after it
 * in place (after its first pointer, or its root byte). */
enum net_wire_err net_dns_skip_name(const uint8_t *msg, size_t len, size_t offset, size_t *next);

/* Decodes the name at offset as dotted text ("" for the root). NET_WIRE_NO_SPACE if cap is too
 * small; labels containing '.' or NUL bytes are refused (NET_WIRE_UNSUPPORTED). */
enum net_wire_err net_dns_read_name(const uint8_t *msg, size_t len, size_t offset, char *text,
                                    size_t cap);

/* Compares, ASCII case-insensitively, the names at two offsets of the same message. */
enum net_wire_err net_dns_names_equal(const uint8_t *msg, size_t len, size_t a, size_t b,
                                      bool *equal);

/* Compares the name at offset with dotted text (a trailing '.' in text is allowed). */
enum net_wire_err net_dns_name_equals_text(const uint8_t *msg, size_t len, size_t offset,
                                           const char *text, bool *equal);

/* Encodes dotted text as a wire name: labels 1..63 bytes, total <= 255 (NET_WIRE_BAD_FIELD
 * otherwise; a trailing '.' is allowed, empty labels are not). */
enum net_wire_err net_dns_encode_name(const char *text, uint8_t *buf, size_t cap, size_t *written);

enum net_wire_err net_dns_parse_question(const uint8_t *msg, size_t len, size_t offset,
                                         struct net_dns_question *out, size_t *next);

/* Checks that the rdata lies inside the message. */
enum net_wire_err net_dns_parse_record(const uint8_t *msg, size_t len, size_t offset,
                                       struct net_dns_record *out, size_t *next);

/* A recursive query (RD set) with one question of qtype, class IN. */
enum net_wire_err net_dns_emit_query(uint8_t *buf, size_t cap, uint16_t id, const char *name,
                                     uint16_t qtype, size_t *written);

/* What a response to an A query says. */
struct net_dns_a_answer {
    uint8_t rcode;
    bool truncated;  /* TC: the server had more to say than fits in UDP */
    uint8_t count;   /* addresses stored (up to max) */
    uint32_t ttl;    /* the smallest TTL of the records used */
};

/* Checks that msg answers our query (QR set, id, opcode 0, exactly one question equal to name,
 * type A, class IN), then collects the A records (class IN, rdata 4 bytes) owned by name or by
 * the names a CNAME chain from it leads to, in answer order. Records of other owners are
 * skipped. A response with an error rcode parses fine: its rcode is in *out. */
enum net_wire_err net_dns_parse_a_response(const uint8_t *msg, size_t len, uint16_t id,
                                           const char *name, net_ip4 *addrs, size_t max,
                                           struct net_dns_a_answer *out);

#endif
