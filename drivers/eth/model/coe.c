/* Checksum offload engine, FCS and filter hash of the Synopsys MACs (see coe.h). */
#include "coe.h"

#include <string.h>

#define ETH_HDR 14u
#define ETHERTYPE_IPV4 0x0800u
#define ETHERTYPE_IPV6 0x86DDu
#define ETHERTYPE_VLAN 0x8100u
#define PROTO_ICMP 1u
#define PROTO_TCP 6u
#define PROTO_UDP 17u

static uint16_t be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t sum_bytes(uint32_t sum, const uint8_t *p, size_t len)
{
    for (size_t i = 0; i + 1 < len; i += 2)
        sum += be16(p + i);
    if (len & 1u)
        sum += (uint32_t)p[len - 1] << 8;
    return sum;
}

static uint16_t fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xFFFFu) + (sum >> 16);
    return (uint16_t)sum;
}

/* Where the IPv4 packet starts in the frame, 0 if it is not IPv4. */
static size_t ip_offset(const uint8_t *frame, size_t len, bool *v6)
{
    *v6 = false;
    if (len < ETH_HDR)
        return 0;
    size_t off = 12;
    uint16_t type = be16(frame + off);
    if (type == ETHERTYPE_VLAN) {
        if (len < ETH_HDR + 4)
            return 0;
        off += 4;
        type = be16(frame + off);
    }
    if (type == ETHERTYPE_IPV6)
        *v6 = true;
    return type == ETHERTYPE_IPV4 ? off + 2 : 0;
}

struct ip4 {
    size_t off, hlen, total;
    uint8_t proto;
    bool fragment;
};

static bool ip4_parse(const uint8_t *frame, size_t len, size_t off, struct ip4 *ip)
{
    if (len < off + 20)
        return false;
    const uint8_t *h = frame + off;
    ip->off = off;
    ip->hlen = (size_t)(h[0] & 0x0Fu) * 4u;
    ip->total = be16(h + 2);
    if ((h[0] >> 4) != 4 || ip->hlen < 20 || ip->total < ip->hlen || off + ip->total > len)
        return false;
    ip->proto = h[9];
    ip->fragment = (be16(h + 6) & 0x3FFFu) != 0; /* MF or an offset */
    return true;
}

static uint32_t pseudo_sum(const uint8_t *h, uint8_t proto, size_t l4len)
{
    uint32_t sum = sum_bytes(0, h + 12, 8);
    return sum + proto + (uint32_t)l4len;
}

static size_t l4_cksum_offset(uint8_t proto)
{
    switch (proto) {
    case PROTO_TCP: return 16;
    case PROTO_UDP: return 6;
    case PROTO_ICMP: return 2;
    default: return 0;
    }
}

void coe_rx_check(const uint8_t *frame, size_t len, struct coe_rx *st)
{
    memset(st, 0, sizeof *st);
    bool v6;
    size_t off = ip_offset(frame, len, &v6);
    st->ipv6 = v6;
    if (v6) {
        st->payload_bypassed = true; /* IPv6 payloads: not modelled, left to software */
        return;
    }
    if (!off)
        return;
    st->ipv4 = true;
    struct ip4 ip;
    if (!ip4_parse(frame, len, off, &ip)) {
        st->header_error = true;
        return;
    }
    const uint8_t *h = frame + off;
    if (fold(sum_bytes(0, h, ip.hlen)) != 0xFFFFu)
        st->header_error = true;
    size_t l4len = ip.total - ip.hlen;
    size_t coff = l4_cksum_offset(ip.proto);
    if (ip.fragment || !coff || l4len < coff + 2) {
        st->payload_bypassed = true;
        return;
    }
    st->payload_type = ip.proto == PROTO_UDP ? COE_PT_UDP
                     : ip.proto == PROTO_TCP ? COE_PT_TCP : COE_PT_ICMP;
    const uint8_t *l4 = h + ip.hlen;
    if (ip.proto == PROTO_UDP && be16(l4 + 6) == 0)
        return; /* UDP without a checksum */
    uint32_t sum = sum_bytes(ip.proto == PROTO_ICMP ? 0 : pseudo_sum(h, ip.proto, l4len), l4,
                             l4len);
    if (fold(sum) != 0xFFFFu)
        st->payload_error = true;
}

bool coe_tx_insert(uint8_t *frame, size_t len, unsigned cic, bool *payload_error)
{
    *payload_error = false;
    if (cic == 0)
        return true;
    bool v6;
    size_t off = ip_offset(frame, len, &v6);
    if (!off)
        return true; /* not IPv4 (ARP...): nothing to insert */
    struct ip4 ip;
    if (!ip4_parse(frame, len, off, &ip))
        return false;
    uint8_t *h = frame + off;
    h[10] = h[11] = 0;
    uint16_t hs = (uint16_t)~fold(sum_bytes(0, h, ip.hlen));
    h[10] = (uint8_t)(hs >> 8);
    h[11] = (uint8_t)hs;
    size_t coff = l4_cksum_offset(ip.proto);
    size_t l4len = ip.total - ip.hlen;
    if (cic == 1 || ip.fragment || !coff)
        return true;
    if (l4len < coff + 2) {
        *payload_error = true;
        return true;
    }
    uint8_t *l4 = h + ip.hlen;
    uint32_t sum;
    if (cic == 3) {
        l4[coff] = l4[coff + 1] = 0;
        sum = sum_bytes(ip.proto == PROTO_ICMP ? 0 : pseudo_sum(h, ip.proto, l4len), l4, l4len);
    } else {
        sum = sum_bytes(0, l4, l4len); /* the field holds the pseudo-header sum: the seed */
    }
    uint16_t c = (uint16_t)~fold(sum);
    if (ip.proto == PROTO_UDP && c == 0)
        c = 0xFFFFu;
    l4[coff] = (uint8_t)(c >> 8);
    l4[coff + 1] = (uint8_t)c;
    return true;
}

uint32_t coe_crc32(const uint8_t *p, size_t len)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < len; i++) {
        crc ^= p[i];
        for (int b = 0; b < 8; b++)
            crc = (crc & 1u) ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
    }
    return ~crc;
}

unsigned coe_hash_bit(const uint8_t mac[6])
{
    uint32_t crc = coe_crc32(mac, 6);
    uint32_t rev = 0;
    for (int b = 0; b < 32; b++)
        if (crc & (1u << b))
            rev |= 1u << (31 - b);
    return rev >> 26;
}
