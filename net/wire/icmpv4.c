#include "net/wire/icmpv4.h"

#include "net/wire/bytes.h"
#include "net/wire/checksum.h"

enum net_wire_err net_icmpv4_parse(uint8_t *buf, size_t len, bool verify_checksum,
                                   struct net_icmpv4_repr *out)
{
    if (len < NET_ICMP_HDR_LEN)
        return NET_WIRE_TRUNCATED;
    if (verify_checksum && net_cksum(buf, len) != 0)
        return NET_WIRE_BAD_CHECKSUM;
    out->type = buf[0];
    out->code = buf[1];
    if ((out->type == NET_ICMP_ECHO_REQUEST || out->type == NET_ICMP_ECHO_REPLY) && out->code != 0)
        return NET_WIRE_BAD_FIELD;
    out->ident = net_get16(buf + 4);
    out->seq = net_get16(buf + 6);
    out->data = buf + NET_ICMP_HDR_LEN;
    out->data_len = len - NET_ICMP_HDR_LEN;
    return NET_WIRE_OK;
}

enum net_wire_err net_icmpv4_emit(const struct net_icmpv4_repr *repr, uint8_t *buf, size_t cap,
                                  bool fill_checksum)
{
    if (cap < NET_ICMP_HDR_LEN || cap - NET_ICMP_HDR_LEN < repr->data_len)
        return NET_WIRE_NO_SPACE;
    buf[0] = repr->type;
    buf[1] = repr->code;
    net_put16(buf + 2, 0);
    net_put16(buf + 4, repr->ident);
    net_put16(buf + 6, repr->seq);
    if (fill_checksum)
        net_put16(buf + 2, net_cksum(buf, NET_ICMP_HDR_LEN + repr->data_len));
    return NET_WIRE_OK;
}
