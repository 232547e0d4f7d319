/* Where a packet goes next: broadcast, multicast, the connected subnet, a static route or the
 * default gateway. Also the multicast group list. */
#include <string.h>

#include "internal.h"

#define ALL_HOSTS NET_IP4(224, 0, 0, 1)

bool iface_is_broadcast(const struct net_iface *iface, net_ip4 a)
{
    if (a == NET_IP4_BROADCAST)
        return true;
    /* the subnet-directed broadcast (not for /31 and /32, RFC 3021) */
    return iface->addr && iface->prefix_len < 31 &&
           net_ip4_same_subnet(a, iface->addr, iface->prefix_len) &&
           (a | net_ip4_mask(iface->prefix_len)) == NET_IP4_BROADCAST;
}

bool iface_accepts_ipv4(const struct net_iface *iface, net_ip4 dst)
{
    if (iface->addr && dst == iface->addr)
        return true;
    if (iface_is_broadcast(iface, dst))
        return true;
    if (net_ip4_is_multicast(dst)) {
        if (dst == ALL_HOSTS)
            return true;
        for (size_t i = 0; i < iface->mcast_count; i++)
            if (iface->mcast[i] == dst)
                return true;
    }
    return false;
}

bool route_next_hop(const struct net_iface *iface, net_ip4 dst, net_ip4 *hop,
                    struct net_mac *mac, bool *need_arp)
{
    *need_arp = false;
    if (iface_is_broadcast(iface, dst)) {
        *mac = NET_MAC_BROADCAST;
        *hop = dst;
        return true;
    }
    if (net_ip4_is_multicast(dst)) {
        *mac = net_mac_from_ip4_multicast(dst);
        *hop = dst;
        return true;
    }
    /* unicast needs an address of our own; sending to ourselves is not supported (no loopback) */
    if (!iface->addr || dst == iface->addr || dst == 0)
        return false;
    *need_arp = true;
    if (net_ip4_same_subnet(dst, iface->addr, iface->prefix_len)) {
        *hop = dst;
        return true;
    }
    net_ip4 via = iface->route_lookup ? iface->route_lookup(iface, dst) : 0;
    if (!via)
        via = iface->gateway;
    *hop = via;
    return via != 0;
}

/* The longest static route's gateway for dst, 0 when none matches. Reached through
 * iface->route_lookup, which net_iface_add_route installs: an image with no static route has no
 * table walk. */
static net_ip4 static_route(const struct net_iface *iface, net_ip4 dst)
{
    int best = -1;
    for (size_t i = 0; i < NET_ROUTE_MAX; i++) {
        const struct net_route *r = &iface->routes[i];
        if (r->used && net_ip4_same_subnet(dst, r->net, r->prefix_len) &&
            (best < 0 || r->prefix_len > iface->routes[best].prefix_len))
            best = (int)i;
    }
    return best >= 0 ? iface->routes[best].via : 0;
}

enum net_err net_iface_add_route(struct net_iface *iface, net_ip4 net, uint8_t prefix_len,
                                 net_ip4 via)
{
    if (prefix_len > 32 || via == 0)
        return NET_ERR_INVALID;
    net &= net_ip4_mask(prefix_len);
    struct net_route *free_slot = NULL;
    for (size_t i = 0; i < NET_ROUTE_MAX; i++) {
        struct net_route *r = &iface->routes[i];
        if (r->used && r->net == net && r->prefix_len == prefix_len) {
            r->via = via;
            return NET_OK;
        }
        if (!r->used && !free_slot)
            free_slot = r;
    }
    if (!free_slot)
        return NET_ERR_FULL;
    iface->route_lookup = static_route;
    *free_slot = (struct net_route){.net = net, .prefix_len = prefix_len, .used = true, .via = via};
    return NET_OK;
}

enum net_err net_iface_remove_route(struct net_iface *iface, net_ip4 net, uint8_t prefix_len)
{
    if (prefix_len > 32)
        return NET_ERR_INVALID;
    net &= net_ip4_mask(prefix_len);
    for (size_t i = 0; i < NET_ROUTE_MAX; i++) {
        struct net_route *r = &iface->routes[i];
        if (r->used && r->net == net && r->prefix_len == prefix_len) {
            r->used = false;
            return NET_OK;
        }
    }
    return NET_ERR_NOT_FOUND;
}

static void push_multicast_filter(struct net_iface *iface)
{
    if (!iface->dev->ops->set_multicast)
        return;
    struct net_mac macs[NET_MCAST_MAX + 1];
    size_t n = 0;
    macs[n++] = net_mac_from_ip4_multicast(ALL_HOSTS);
    for (size_t i = 0; i < iface->mcast_count; i++)
        macs[n++] = net_mac_from_ip4_multicast(iface->mcast[i]);
    iface->dev->ops->set_multicast(iface->dev, macs, n);
}

enum net_err net_iface_join_multicast(struct net_iface *iface, net_ip4 group)
{
    if (!net_ip4_is_multicast(group))
        return NET_ERR_INVALID;
    for (size_t i = 0; i < iface->mcast_count; i++)
        if (iface->mcast[i] == group)
            return NET_OK;
    if (iface->mcast_count >= NET_MCAST_MAX)
        return NET_ERR_FULL;
    iface->mcast[iface->mcast_count++] = group;
    push_multicast_filter(iface);
    return NET_OK;
}

enum net_err net_iface_leave_multicast(struct net_iface *iface, net_ip4 group)
{
    for (size_t i = 0; i < iface->mcast_count; i++) {
        if (iface->mcast[i] == group) {
            iface->mcast[i] = iface->mcast[--iface->mcast_count];
            push_multicast_filter(iface);
            return NET_OK;
        }
    }
    return NET_ERR_NOT_FOUND;
}
