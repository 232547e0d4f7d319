/* Addresses the whole stack shares: IPv4 addresses, Ethernet (MAC) addresses, endpoints.
 *
 * An IPv4 address is a uint32_t in HOST byte order (192.168.1.2 is 0xC0A80102): prefixes, masks
 * and comparisons are then plain integer operations, and only the wire layer converts. */
#ifndef NET_ADDR_H
#define NET_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint32_t net_ip4;

#define NET_IP4(a, b, c, d)                                                                        \
    ((net_ip4)(((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (uint32_t)(d)))
#define NET_IP4_ANY ((net_ip4)0)
#define NET_IP4_BROADCAST ((net_ip4)0xFFFFFFFFu)

struct net_mac {
    uint8_t b[6];
};

#define NET_MAC_BROADCAST ((struct net_mac){{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}})

/* An IPv4 address and port: where a datagram comes from or goes to. */
struct net_endpoint {
    net_ip4 addr;
    uint16_t port;
};

/* Longest text of an address, with its NUL: "255.255.255.255" and "aa:bb:cc:dd:ee:ff". */
#define NET_IP4_STR_MAX 16
#define NET_MAC_STR_MAX 18

static inline net_ip4 net_ip4_mask(uint8_t prefix_len)
{
    return prefix_len == 0 ? 0 : prefix_len >= 32 ? 0xFFFFFFFFu : ~((1u << (32 - prefix_len)) - 1);
}

static inline bool net_ip4_is_multicast(net_ip4 a)
{
    return (a & 0xF0000000u) == 0xE0000000u;
}

static inline bool net_ip4_same_subnet(net_ip4 a, net_ip4 b, uint8_t prefix_len)
{
    return ((a ^ b) & net_ip4_mask(prefix_len)) == 0;
}

static inline bool net_mac_equal(const struct net_mac *a, const struct net_mac *b)
{
    for (int i = 0; i < 6; i++)
        if (a->b[i] != b->b[i])
            return false;
    return true;
}

static inline bool net_mac_is_broadcast(const struct net_mac *m)
{
    return (m->b[0] & m->b[1] & m->b[2] & m->b[3] & m->b[4] & m->b[5]) == 0xff;
}

/* Group bit: multicast and broadcast both have it. */
static inline bool net_mac_is_multicast(const struct net_mac *m)
{
    return (m->b[0] & 1) != 0;
}

static inline bool net_mac_is_zero(const struct net_mac *m)
{
    return (m->b[0] | m->b[1] | m->b[2] | m->b[3] | m->b[4] | m->b[5]) == 0;
}

/* The Ethernet group address an IPv4 multicast group maps to (RFC 1112: 01:00:5e + low 23 bits). */
struct net_mac net_mac_from_ip4_multicast(net_ip4 group);

/* "a.b.c.d" (each 0..255, no leading '+'/'-', no extra characters). Returns true when valid. */
bool net_ip4_parse(const char *text, net_ip4 *out);
/* "a.b.c.d/n" with n 0..32. */
bool net_ip4_parse_cidr(const char *text, net_ip4 *addr, uint8_t *prefix_len);
/* "aa:bb:cc:dd:ee:ff" (hex digits in either case; '-' also accepted as separator). */
bool net_mac_parse(const char *text, struct net_mac *out);

/* Writes the dotted/colon form into buf (NUL-terminated, truncated to cap); returns buf so it can
 * be used inside a log call. */
char *net_ip4_format(net_ip4 a, char *buf, size_t cap);
char *net_mac_format(const struct net_mac *m, char *buf, size_t cap);

#endif
