#include "net/wire/arp.h"

#include <string.h>

#include "net/wire/bytes.h"

#define HTYPE_ETHERNET 1

enum net_wire_err net_arp_parse(const uint8_t *buf, size_t len, struct net_arp_repr *out)
{
    if (len < 8)
        return NET_WIRE_TRUNCATED;
    if (net_get16(buf) != HTYPE_ETHERNET || net_get16(buf + 2) != 0x0800 || buf[4] != 6 ||
        buf[5] != 4)
        return NET_WIRE_UNSUPPORTED;
    if (len < NET_ARP_LEN)
        return NET_WIRE_TRUNCATED;
    out->op = net_get16(buf + 6);
    if (out->op != NET_ARP_OP_REQUEST && out->op != NET_ARP_OP_REPLY)
        return NET_WIRE_BAD_FIELD;
    memcpy(out->sender_mac.b, buf + 8, 6);
    out->sender_ip = net_get32(buf + 14);
    memcpy(out->target_mac.b, buf + 18, 6);
    out->target_ip = net_get32(buf + 24);
    return NET_WIRE_OK;
}

enum net_wire_err net_arp_emit(const struct net_arp_repr *repr, uint8_t *buf, size_t cap)
{
    if (cap < NET_ARP_LEN)
        return NET_WIRE_NO_SPACE;
    net_put16(buf, HTYPE_ETHERNET);
    net_put16(buf + 2, 0x0800);
    buf[4] = 6;
    buf[5] = 4;
    net_put16(buf + 6, repr->op);
    memcpy(buf + 8, repr->sender_mac.b, 6);
    net_put32(buf + 14, repr->sender_ip);
    memcpy(buf + 18, repr->target_mac.b, 6);
    net_put32(buf + 24, repr->target_ip);
    return NET_WIRE_OK;
}
