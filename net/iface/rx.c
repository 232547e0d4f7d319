/* The receive path: Ethernet filtering, then ARP or IPv4 (checks, reassembly, dispatch to ICMP,
 * UDP sockets or a registered protocol handler such as TCP). */
#include "internal.h"
#include "log/log.h"
#include "net/socket/udp.h"
#include "net/wire/bytes.h"
#include "net/wire/icmpv4.h"
#include "net/wire/udp.h"

static bool mac_accepted(const struct net_iface *iface, const struct net_mac *dst)
{
    if (net_mac_equal(dst, &iface->mac) || net_mac_is_broadcast(dst))
        return true;
    if (!net_mac_is_multicast(dst))
        return false;
    /* an IPv4 group MAC we joined (the IP layer checks the exact group again: 32 groups share
     * each MAC) */
    struct net_mac all_hosts = net_mac_from_ip4_multicast(NET_IP4(224, 0, 0, 1));
    if (net_mac_equal(dst, &all_hosts))
        return true;
    for (size_t i = 0; i < iface->mcast_count; i++) {
        struct net_mac m = net_mac_from_ip4_multicast(iface->mcast[i]);
        if (net_mac_equal(dst, &m))
            return true;
    }
    return false;
}

/* The UDP header is checked and counted here, so a datagram to a closed port is answered (port
 * unreachable) in an image without UDP sockets too; the sockets' layer takes the rest. */
static void udp_input(struct net_iface *iface, uint64_t now, const struct net_ipv4_repr *ip,
                      bool unicast, bool for_us)
{
    struct net_counters *c = &iface->counters;
    struct net_udp_repr udp;
    enum net_wire_err err = net_udp_parse(ip->payload, ip->payload_len, ip->src, ip->dst,
                                          net_iface_rx_sw_cksum(iface, ip, NET_CKSUM_RX_UDP), &udp);
    if (err != NET_WIRE_OK) {
        net_iface_drop(iface, &c->udp,
                       err == NET_WIRE_BAD_CHECKSUM ? NET_DROP_UDP_BAD_CHECKSUM
                                                    : NET_DROP_UDP_MALFORMED);
        return;
    }
    c->udp.rx++;
    if (iface->udp_ops && iface->udp_ops->input(iface, now, ip, &udp, for_us))
        return;
    net_iface_drop(iface, &c->udp, NET_DROP_UDP_NO_SOCKET);
    if (unicast)
        icmp_send_error(iface, now, ip, NET_ICMP_DEST_UNREACHABLE, NET_ICMP_UNREACH_PORT);
}

/* Is a UDP socket bound to port taking datagrams to any address (DHCP before it has one)? */
static bool udp_any_dst_port(const struct net_iface *iface, uint16_t port)
{
    for (const struct net_udp_socket *s = iface->udp; s; s = s->next)
        if (s->port == port && s->any_dst)
            return true;
    return false;
}

static void deliver(struct net_iface *iface, uint64_t now, const struct net_ipv4_repr *ip,
                    bool unicast, bool for_us)
{
    switch (ip->protocol) {
    case NET_IP_PROTO_ICMP:
        icmp_input(iface, now, ip, unicast);
        return;
    case NET_IP_PROTO_UDP:
        udp_input(iface, now, ip, unicast, for_us);
        return;
    default:
        break;
    }
    for (struct net_handler *h = iface->handlers; h; h = h->next) {
        if (h->ip_protocol == ip->protocol && h->input) {
            h->input(h, iface, now, ip);
            return;
        }
    }
    net_iface_drop(iface, &iface->counters.ipv4, NET_DROP_IPV4_UNKNOWN_PROTO);
    if (unicast)
        icmp_send_error(iface, now, ip, NET_ICMP_DEST_UNREACHABLE, NET_ICMP_UNREACH_PROTOCOL);
}

static void ipv4_input(struct net_iface *iface, uint64_t now, uint8_t *data, size_t len)
{
    struct net_counters *c = &iface->counters;
    struct net_ipv4_repr ip;
    enum net_wire_err err =
        net_ipv4_parse(data, len, net_iface_sw_cksum(iface, NET_CKSUM_RX_IPV4), &ip);
    if (err != NET_WIRE_OK) {
        LOG_DEBUG("net: ipv4 %s", net_wire_err_str(err));
        net_iface_drop(iface, &c->ipv4,
                       err == NET_WIRE_BAD_CHECKSUM ? NET_DROP_IPV4_BAD_CHECKSUM
                                                    : NET_DROP_IPV4_MALFORMED);
        return;
    }
    if (net_ip4_is_multicast(ip.src) || iface_is_broadcast(iface, ip.src)) {
        net_iface_drop(iface, &c->ipv4, NET_DROP_IPV4_BAD_SOURCE);
        return;
    }
    bool for_us = iface_accepts_ipv4(iface, ip.dst);
    bool unicast = for_us && iface->addr && ip.dst == iface->addr;
    if (!for_us) {
        /* DHCP: offers and acks may be sent to the address being offered, before we have it */
        bool dhcp = ip.protocol == NET_IP_PROTO_UDP && !net_ipv4_is_fragment(&ip) &&
                    ip.payload_len >= NET_UDP_HDR_LEN &&
                    udp_any_dst_port(iface, net_get16(ip.payload + 2));
        if (!dhcp) {
            net_iface_drop(iface, &c->ipv4, NET_DROP_IPV4_NOT_FOR_US);
            return;
        }
    }
    c->ipv4.rx++;
    if (!net_ipv4_is_fragment(&ip)) {
        deliver(iface, now, &ip, unicast, for_us);
        return;
    }
    c->frag_rx++;
    const struct iface_reasm_ops *reasm = iface->reasm_ops;
    if (!reasm) {
        net_iface_drop(iface, &c->ipv4, NET_DROP_FRAG_NO_BUFFER);
        return;
    }
    struct net_ipv4_repr whole;
    int slot;
    if (reasm->input(iface, now, &ip, &whole, &slot)) {
        c->reasm_ok++;
        deliver(iface, now, &whole, unicast, for_us);
        reasm->free(iface, slot);
    }
}

void iface_input_frame(struct net_iface *iface, uint64_t now, uint8_t *frame, size_t len)
{
    struct net_counters *c = &iface->counters;
    c->rx_bytes += (uint32_t)len;
    struct net_eth_repr eth;
    enum net_wire_err err = net_eth_parse(frame, len, &eth);
    if (err != NET_WIRE_OK) {
        net_iface_drop(iface, &c->eth,
                       err == NET_WIRE_TRUNCATED ? NET_DROP_ETH_MALFORMED
                                                 : NET_DROP_ETH_UNKNOWN_TYPE);
        return;
    }
    if (!mac_accepted(iface, &eth.dst)) {
        net_iface_drop(iface, &c->eth, NET_DROP_ETH_NOT_FOR_US);
        return;
    }
    if (net_mac_equal(&eth.src, &iface->mac)) {
        net_iface_drop(iface, &c->eth, NET_DROP_ETH_OWN_SOURCE);
        return;
    }
    switch (eth.ethertype) {
    case NET_ETHERTYPE_ARP:
        c->eth.rx++;
        arp_input(iface, now, eth.payload, eth.payload_len);
        break;
    case NET_ETHERTYPE_IPV4:
        c->eth.rx++;
        ipv4_input(iface, now, eth.payload, eth.payload_len);
        break;
    default:
        net_iface_drop(iface, &c->eth, NET_DROP_ETH_UNKNOWN_TYPE);
        break;
    }
}
