#include "net/wire/ethernet.h"

#include <string.h>

#include "net/wire/bytes.h"

enum net_wire_err net_eth_parse(uint8_t *frame, size_t len, struct net_eth_repr *out)
{
    if (len < NET_ETH_HDR_LEN)
        return NET_WIRE_TRUNCATED;
    memcpy(out->dst.b, frame, 6);
    memcpy(out->src.b, frame + 6, 6);
    out->ethertype = net_get16(frame + 12);
    out->payload = frame + NET_ETH_HDR_LEN;
    out->payload_len = len - NET_ETH_HDR_LEN;
    /* Values below 0x0600 are 802.3 lengths (LLC frames), not EtherTypes. */
    if (out->ethertype < 0x0600)
        return NET_WIRE_UNSUPPORTED;
    if (out->ethertype == NET_ETHERTYPE_VLAN)
        return NET_WIRE_UNSUPPORTED;
    return NET_WIRE_OK;
}

enum net_wire_err net_eth_emit(const struct net_eth_repr *repr, uint8_t *buf, size_t cap)
{
    if (cap < NET_ETH_HDR_LEN)
        return NET_WIRE_NO_SPACE;
    memcpy(buf, repr->dst.b, 6);
    memcpy(buf + 6, repr->src.b, 6);
    net_put16(buf + 12, repr->ethertype);
    return NET_WIRE_OK;
}
