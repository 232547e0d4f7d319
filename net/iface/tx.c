/* Sending IPv4: route, neighbour, device buffer (or hold slot), headers, fragmentation. */
#include <string.h>

#include "internal.h"

bool tx_device_frame(struct net_iface *iface, uint64_t now, size_t len, uint8_t **frame)
{
    if (len < NET_ETH_MIN_FRAME)
        len = NET_ETH_MIN_FRAME;
    if (!net_device_tx_acquire(iface->dev, len, frame)) {
        iface->tx_retry_at = now + NET_TX_RETRY_US;
        return false;
    }
    return true;
}

/* A frame shorter than NET_ETH_MIN_FRAME goes out padded with zeros here (hardware may not pad,
 * and padding must not leak what the buffer held before). */
void tx_commit_frame(struct net_iface *iface, uint8_t *frame, size_t len)
{
    if (len < NET_ETH_MIN_FRAME) {
        memset(frame + len, 0, NET_ETH_MIN_FRAME - len);
        len = NET_ETH_MIN_FRAME;
    }
    net_device_tx_commit(iface->dev, len);
    iface->counters.eth.tx++;
    iface->counters.tx_bytes += (uint32_t)len;
}

enum net_tx_result tx_raw_frame(struct net_iface *iface, uint64_t now, const uint8_t *frame,
                                size_t len)
{
    uint8_t *f;
    if (!tx_device_frame(iface, now, len, &f))
        return NET_TX_DEVICE_FULL;
    memcpy(f, frame, len);
    tx_commit_frame(iface, f, len);
    return NET_TX_OK;
}

enum net_drop_reason tx_drop_reason(enum net_tx_result r)
{
    switch (r) {
    case NET_TX_DEVICE_FULL: return NET_DROP_TX_DEVICE_FULL;
    case NET_TX_ARP_PENDING: return NET_DROP_TX_ARP_PENDING;
    case NET_TX_ARP_FAILED: return NET_DROP_TX_ARP_FAILED;
    case NET_TX_TOO_BIG: return NET_DROP_TX_TOO_BIG;
    case NET_TX_NO_ROUTE:
    case NET_TX_OK: break;
    }
    return NET_DROP_TX_NO_ROUTE;
}

static enum net_tx_result resolve(struct net_iface *iface, uint64_t now, net_ip4 dst,
                                  struct net_mac *mac, int *arp_index)
{
    net_ip4 hop;
    bool need_arp;
    *arp_index = -1;
    if (!route_next_hop(iface, dst, &hop, mac, &need_arp))
        return NET_TX_NO_ROUTE;
    if (!need_arp)
        return NET_TX_OK;
    return arp_resolve(iface, now, hop, mac, arp_index);
}

static void write_eth(const struct net_iface *iface, uint8_t *frame, const struct net_mac *dst)
{
    struct net_eth_repr eth = {.dst = *dst, .src = iface->mac, .ethertype = NET_ETHERTYPE_IPV4};
    net_eth_emit(&eth, frame, NET_ETH_HDR_LEN);
}

/* RFC 1112 6.1: multicast goes out with TTL 1 unless asked otherwise (it stays on the link). */
static uint8_t ttl_for(net_ip4 dst)
{
    return net_ip4_is_multicast(dst) ? 1 : NET_IP_TTL;
}

static void write_ipv4(struct net_iface *iface, uint8_t *at, const struct net_ipv4_repr *ip)
{
    net_ipv4_emit(ip, at, NET_IPV4_HDR_LEN, net_iface_sw_cksum(iface, NET_CKSUM_TX_IPV4));
}

enum net_tx_result net_iface_ip_begin(struct net_iface *iface, uint64_t now, net_ip4 dst,
                                      uint8_t protocol, size_t len, struct net_ip_tx *tx)
{
    if (len > net_iface_ip_mtu(iface))
        return NET_TX_TOO_BIG;
    struct net_mac mac;
    int arp_index;
    enum net_tx_result r = resolve(iface, now, dst, &mac, &arp_index);
    *tx = (struct net_ip_tx){.src = iface->addr, .dst = dst, .protocol = protocol, .hold = -1,
                             .arp_index = (int8_t)arp_index};
    size_t frame_len = NET_IP_PAYLOAD_OFFSET + len;
    if (r == NET_TX_ARP_PENDING) {
        /* hold one packet per pending neighbour; anything more waits where it is */
        if (arp_index < 0 || iface->arp[arp_index].hold >= 0)
            return NET_TX_ARP_PENDING;
        int slot = hold_alloc(iface, frame_len);
        if (slot < 0)
            return NET_TX_ARP_PENDING;
        tx->hold = (int8_t)slot;
        tx->frame = hold_frame(iface, slot);
        memset(&mac, 0, sizeof mac); /* filled in when the neighbour answers */
    } else if (r != NET_TX_OK) {
        return r;
    } else if (!tx_device_frame(iface, now, frame_len, &tx->frame)) {
        return NET_TX_DEVICE_FULL;
    }
    write_eth(iface, tx->frame, &mac);
    tx->payload = tx->frame + NET_IP_PAYLOAD_OFFSET;
    tx->cap = len;
    return NET_TX_OK;
}

void net_iface_ip_commit(struct net_iface *iface, struct net_ip_tx *tx, size_t len)
{
    if (len > tx->cap)
        len = tx->cap;
    if (len == 0) {
        if (tx->hold >= 0)
            hold_free(iface, tx->hold);
        else
            net_device_tx_commit(iface->dev, 0);
        return;
    }
    struct net_ipv4_repr ip = {.src = tx->src,
                               .dst = tx->dst,
                               .protocol = tx->protocol,
                               .ttl = ttl_for(tx->dst),
                               .tos = tx->tos,
                               .ident = iface->next_ident++,
                               .dont_frag = tx->dont_frag,
                               .payload_len = len};
    write_ipv4(iface, tx->frame + NET_ETH_HDR_LEN, &ip);
    size_t frame_len = NET_IP_PAYLOAD_OFFSET + len;
    iface->counters.ipv4.tx++;
    if (tx->hold >= 0) {
        iface->hold_len[tx->hold] = (uint16_t)frame_len;
        iface->arp[tx->arp_index].hold = tx->hold;
        return;
    }
    tx_commit_frame(iface, tx->frame, frame_len);
}

enum net_tx_result net_iface_ip_send(struct net_iface *iface, uint64_t now, net_ip4 dst,
                                     uint8_t protocol, const uint8_t *payload, size_t len)
{
    if (len > net_iface_ip_mtu(iface))
        return iface->ip_fragment ? iface->ip_fragment(iface, now, dst, protocol, payload, len)
                                  : NET_TX_TOO_BIG;
    struct net_ip_tx tx;
    enum net_tx_result r = net_iface_ip_begin(iface, now, dst, protocol, len, &tx);
    if (r == NET_TX_OK) {
        memcpy(tx.payload, payload, len);
        net_iface_ip_commit(iface, &tx, len);
    }
    return r;
}

/* Sends a datagram larger than the MTU as fragments. Reached through iface->ip_fragment, which
 * the parts that can make such datagrams install (reassembly: an echo reply as large as the
 * request; UDP and ICMP sockets): TCP never fragments, so an image with TCP alone has none of
 * this. */
enum net_tx_result iface_ip_fragment(struct net_iface *iface, uint64_t now, net_ip4 dst,
                                     uint8_t protocol, const uint8_t *payload, size_t len)
{
    size_t mtu = net_iface_ip_mtu(iface);
    if (len > NET_IPV4_MAX_DATAGRAM - NET_IPV4_HDR_LEN)
        return NET_TX_TOO_BIG;
    struct net_mac mac;
    int arp_index;
    enum net_tx_result r = resolve(iface, now, dst, &mac, &arp_index);
    if (r != NET_TX_OK)
        return r;
    struct net_ipv4_repr ip = {.src = iface->addr,
                               .dst = dst,
                               .protocol = protocol,
                               .ttl = ttl_for(dst),
                               .ident = iface->next_ident++};
    size_t chunk_max = mtu & ~(size_t)7; /* every fragment but the last: a multiple of 8 */
    for (size_t off = 0; off < len;) {
        size_t chunk = MIN(chunk_max, len - off);
        uint8_t *f;
        if (!tx_device_frame(iface, now, NET_IP_PAYLOAD_OFFSET + chunk, &f))
            return NET_TX_DEVICE_FULL;
        write_eth(iface, f, &mac);
        ip.frag_offset = (uint16_t)off;
        ip.more_frags = off + chunk < len;
        ip.payload_len = chunk;
        write_ipv4(iface, f + NET_ETH_HDR_LEN, &ip);
        memcpy(f + NET_IP_PAYLOAD_OFFSET, payload + off, chunk);
        tx_commit_frame(iface, f, NET_IP_PAYLOAD_OFFSET + chunk);
        iface->counters.frag_tx++;
        off += chunk;
    }
    iface->counters.ipv4.tx++;
    return NET_TX_OK;
}
