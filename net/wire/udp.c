#include "net/wire/udp.h"

#include "net/wire/bytes.h"
#include "net/wire/checksum.h"
#include "net/wire/ipv4.h"

enum net_wire_err net_udp_parse(uint8_t *buf, size_t len, net_ip4 src, net_ip4 dst,
                                bool verify_checksum, struct net_udp_repr *out)
{
    if (len < NET_UDP_HDR_LEN)
        return NET_WIRE_TRUNCATED;
    size_t ulen = net_get16(buf + 4);
    if (ulen < NET_UDP_HDR_LEN)
        return NET_WIRE_BAD_LENGTH;
    if (ulen > len)
        return NET_WIRE_TRUNCATED;
    if (verify_checksum && net_get16(buf + 6) != 0) {
        uint32_t sum = net_cksum_pseudo_ip4(src, dst, NET_IP_PROTO_UDP, (uint16_t)ulen);
        if (net_cksum_finish(net_cksum_add(sum, buf, ulen)) != 0)
            return NET_WIRE_BAD_CHECKSUM;
    }
    out->src_port = net_get16(buf);
    out->dst_port = net_get16(buf + 2);
    if (out->dst_port == 0)
        return NET_WIRE_BAD_FIELD;
    out->payload = buf + NET_UDP_HDR_LEN;
    out->payload_len = ulen - NET_UDP_HDR_LEN;
    return NET_WIRE_OK;
}

enum net_wire_err net_udp_emit(const struct net_udp_repr *repr, uint8_t *buf, size_t cap,
                               net_ip4 src, net_ip4 dst, bool fill_checksum)
{
    if (cap < NET_UDP_HDR_LEN || cap - NET_UDP_HDR_LEN < repr->payload_len)
        return NET_WIRE_NO_SPACE;
    if (repr->payload_len > 0xFFFF - NET_UDP_HDR_LEN)
        return NET_WIRE_BAD_LENGTH;
    uint16_t ulen = (uint16_t)(NET_UDP_HDR_LEN + repr->payload_len);
    net_put16(buf, repr->src_port);
    net_put16(buf + 2, repr->dst_port);
    net_put16(buf + 4, ulen);
    net_put16(buf + 6, 0);
    if (fill_checksum) {
        uint32_t sum = net_cksum_pseudo_ip4(src, dst, NET_IP_PROTO_UDP, ulen);
        uint16_t c = net_cksum_finish(net_cksum_add(sum, buf, ulen));
        net_put16(buf + 6, c == 0 ? 0xFFFF : c);
    }
    return NET_WIRE_OK;
}
