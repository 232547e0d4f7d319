#include "net/wire/ipv4.h"

#include "net/wire/bytes.h"
#include "net/wire/checksum.h"

#define FLAG_DF 0x4000
#define FLAG_MF 0x2000
#define OFFSET_MASK 0x1FFF

enum net_wire_err net_ipv4_parse(uint8_t *buf, size_t len, bool verify_checksum,
                                 struct net_ipv4_repr *out)
{
    if (len < NET_IPV4_HDR_LEN)
        return NET_WIRE_TRUNCATED;
    if ((buf[0] >> 4) != 4)
        return NET_WIRE_BAD_VERSION;
    size_t hlen = (size_t)(buf[0] & 0x0F) * 4;
    if (hlen < NET_IPV4_HDR_LEN)
        return NET_WIRE_BAD_HEADER_LEN;
    if (hlen > len)
        return NET_WIRE_TRUNCATED;
    size_t total = net_get16(buf + 2);
    if (total < hlen)
        return NET_WIRE_BAD_LENGTH;
    if (total > len)
        return NET_WIRE_TRUNCATED;
    if (verify_checksum && net_cksum(buf, hlen) != 0)
        return NET_WIRE_BAD_CHECKSUM;
    uint16_t frag = net_get16(buf + 6);
    out->frag_offset = (uint16_t)((frag & OFFSET_MASK) * 8);
    /* A fragment whose end lies past the largest datagram is the "ping of death": refuse it
     * here so reassembly never has to think about it. */
    if (out->frag_offset + (total - hlen) > NET_IPV4_MAX_DATAGRAM - NET_IPV4_HDR_LEN)
        return NET_WIRE_BAD_LENGTH;
    out->tos = buf[1];
    out->ident = net_get16(buf + 4);
    out->reassembled = false;
    out->dont_frag = (frag & FLAG_DF) != 0;
    out->more_frags = (frag & FLAG_MF) != 0;
    out->ttl = buf[8];
    out->protocol = buf[9];
    out->src = net_get32(buf + 12);
    out->dst = net_get32(buf + 16);
    out->header_len = (uint8_t)hlen;
    out->payload = buf + hlen;
    out->payload_len = total - hlen;
    return NET_WIRE_OK;
}

enum net_wire_err net_ipv4_emit(const struct net_ipv4_repr *repr, uint8_t *buf, size_t cap,
                                bool fill_checksum)
{
    if (cap < NET_IPV4_HDR_LEN)
        return NET_WIRE_NO_SPACE;
    if (repr->payload_len > NET_IPV4_MAX_DATAGRAM - NET_IPV4_HDR_LEN || (repr->frag_offset & 7))
        return NET_WIRE_BAD_LENGTH;
    buf[0] = 0x45;
    buf[1] = repr->tos;
    net_put16(buf + 2, (uint16_t)(NET_IPV4_HDR_LEN + repr->payload_len));
    net_put16(buf + 4, repr->ident);
    uint16_t frag = (uint16_t)(repr->frag_offset / 8);
    if (repr->dont_frag)
        frag |= FLAG_DF;
    if (repr->more_frags)
        frag |= FLAG_MF;
    net_put16(buf + 6, frag);
    buf[8] = repr->ttl;
    buf[9] = repr->protocol;
    net_put16(buf + 10, 0);
    net_put32(buf + 12, repr->src);
    net_put32(buf + 16, repr->dst);
    if (fill_checksum)
        net_put16(buf + 10, net_cksum(buf, NET_IPV4_HDR_LEN));
    return NET_WIRE_OK;
}
