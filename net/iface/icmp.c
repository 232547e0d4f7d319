/* ICMPv4 handled by the interface itself: echo replies, and the errors it sends
 * (destination unreachable: port, protocol), rate limited like Linux's icmp_ratelimit. */
#include <string.h>

#include "internal.h"
#include "log/log.h"
#include "net/wire/bytes.h"
#include "net/wire/checksum.h"
#include "net/wire/icmpv4.h"

#define ICMP_ERROR_MAX 576 /* RFC 1812 4.3.2.3: an error datagram stays within 576 bytes */

static void answer_echo(struct net_iface *iface, uint64_t now, const struct net_ipv4_repr *ip)
{
    /* Turn the request into the reply where it lies: the type byte changes from 8 to 0, and the
     * checksum is adjusted for that one word (RFC 1624) instead of summed again. */
    uint8_t *msg = ip->payload;
    msg[0] = NET_ICMP_ECHO_REPLY;
    /* hardware cannot checksum a message spread over fragments: software does those */
    if (net_iface_sw_cksum(iface, NET_CKSUM_TX_ICMP) || ip->payload_len > net_iface_ip_mtu(iface))
        net_put16(msg + 2, net_cksum_adjust(net_get16(msg + 2), NET_ICMP_ECHO_REQUEST << 8,
                                            NET_ICMP_ECHO_REPLY << 8));
    else
        net_put16(msg + 2, 0);
    enum net_tx_result r =
        net_iface_ip_send(iface, now, ip->src, NET_IP_PROTO_ICMP, msg, ip->payload_len);
    if (r == NET_TX_OK)
        iface->counters.icmp.tx++;
    else
        net_iface_drop(iface, &iface->counters.icmp, tx_drop_reason(r));
}

void icmp_input(struct net_iface *iface, uint64_t now, const struct net_ipv4_repr *ip,
                bool unicast)
{
    struct net_counters *c = &iface->counters;
    struct net_icmpv4_repr icmp;
    enum net_wire_err err = net_icmpv4_parse(ip->payload, ip->payload_len,
                                             net_iface_rx_sw_cksum(iface, ip, NET_CKSUM_RX_ICMP),
                                             &icmp);
    if (err != NET_WIRE_OK) {
        net_iface_drop(iface, &c->icmp,
                       err == NET_WIRE_BAD_CHECKSUM ? NET_DROP_ICMP_BAD_CHECKSUM
                                                    : NET_DROP_ICMP_MALFORMED);
        return;
    }
    c->icmp.rx++;
    switch (icmp.type) {
    case NET_ICMP_ECHO_REQUEST:
        /* echo to a broadcast or group is ignored (Linux: icmp_echo_ignore_broadcasts) */
        if (unicast)
            answer_echo(iface, now, ip);
        else
            net_iface_drop(iface, &c->icmp, NET_DROP_ICMP_IGNORED);
        return;
    case NET_ICMP_ECHO_REPLY:
        if (iface->icmp_ops && iface->icmp_ops->input(iface, now, ip, &icmp, true))
            return;
        break;
    default:
        break;
    }
    net_iface_drop(iface, &c->icmp, NET_DROP_ICMP_IGNORED);
}

/* The rate limit as a token bucket of NET_ICMP_ERR_BURST, one token back every
 * NET_ICMP_ERR_REFILL_US, kept as one time (GCRA): the bucket is full once icmp_tat is past,
 * each error moves it one refill later, and an error is held back while it is more than
 * BURST - 1 refills ahead. No division, no token count. */
static bool take_token(struct net_iface *iface, uint64_t now)
{
    uint64_t tat = iface->icmp_tat > now ? iface->icmp_tat : now;
    if (tat - now > (uint64_t)(NET_ICMP_ERR_BURST - 1) * NET_ICMP_ERR_REFILL_US)
        return false;
    iface->icmp_tat = tat + NET_ICMP_ERR_REFILL_US;
    return true;
}

void icmp_send_error(struct net_iface *iface, uint64_t now, const struct net_ipv4_repr *ip,
                     uint8_t type, uint8_t code)
{
    /* RFC 1122 3.2.2: never about a packet from an address that does not name one host (the
     * receive path already dropped broadcast and multicast sources: only 0 is left) */
    if (ip->src == 0)
        return;
    if (!take_token(iface, now)) {
        net_iface_drop(iface, &iface->counters.icmp, NET_DROP_ICMP_RATE_LIMITED);
        return;
    }
    size_t hdr = ip->header_len ? ip->header_len : NET_IPV4_HDR_LEN;
    size_t quote = MIN(ip->payload_len, ICMP_ERROR_MAX - NET_IPV4_HDR_LEN - NET_ICMP_HDR_LEN - hdr);
    struct net_ip_tx tx;
    enum net_tx_result r = net_iface_ip_begin(iface, now, ip->src, NET_IP_PROTO_ICMP,
                                              NET_ICMP_HDR_LEN + hdr + quote, &tx);
    if (r != NET_TX_OK) {
        net_iface_drop(iface, &iface->counters.icmp, tx_drop_reason(r));
        return;
    }
    uint8_t *q = tx.payload + NET_ICMP_HDR_LEN;
    if (ip->header_len) {
        memcpy(q, ip->payload - ip->header_len, hdr);
    } else {
        /* a reassembled datagram has no single original header: quote an equivalent one */
        struct net_ipv4_repr orig = *ip;
        orig.payload_len = ip->payload_len;
        net_ipv4_emit(&orig, q, hdr, true);
    }
    memcpy(q + hdr, ip->payload, quote);
    struct net_icmpv4_repr icmp = {.type = type, .code = code, .data_len = hdr + quote};
    net_icmpv4_emit(&icmp, tx.payload, tx.cap, net_iface_sw_cksum(iface, NET_CKSUM_TX_ICMP));
    net_iface_ip_commit(iface, &tx, tx.cap);
    iface->counters.icmp.tx++;
}
