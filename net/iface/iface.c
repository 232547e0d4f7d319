/* The interface object: configuration, the poll loop and its deadline. */
#include "net/iface.h"

#include <string.h>

#include "internal.h"
#include "log/log.h"

void net_iface_init(struct net_iface *iface, const struct net_iface_config *cfg)
{
    memset(iface, 0, sizeof *iface);
    iface->dev = cfg->dev;
    iface->mac = cfg->mac;
    iface->entropy = cfg->entropy;
    iface->entropy_ctx = cfg->entropy_ctx;
    /* Without an entropy source: a fixed xorshift seed from the MAC (good enough for tests; a
     * board always passes its RNG). */
    iface->prng = 0x9E3779B9u ^ ((uint32_t)cfg->mac.b[2] << 24 | (uint32_t)cfg->mac.b[3] << 16 |
                                 (uint32_t)cfg->mac.b[4] << 8 | cfg->mac.b[5]);
    if (cfg->hold_storage && cfg->hold_size >= NET_ARP_HOLD_SLOTS * 64) {
        iface->hold_storage = cfg->hold_storage;
        iface->hold_slot_size = cfg->hold_size / NET_ARP_HOLD_SLOTS;
    }
    for (size_t i = 0; i < NET_ARP_CACHE_SIZE; i++)
        iface->arp[i].hold = -1;
    iface->next_ident = (uint16_t)net_iface_random(iface);
    if (iface->dev->ops->set_mac)
        iface->dev->ops->set_mac(iface->dev, &iface->mac);
}

uint32_t net_iface_random(struct net_iface *iface)
{
    if (iface->entropy)
        return iface->entropy(iface->entropy_ctx);
    uint32_t x = iface->prng;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    iface->prng = x;
    return x;
}

void net_iface_set_ipv4(struct net_iface *iface, net_ip4 addr, uint8_t prefix_len)
{
    if (prefix_len > 32)
        prefix_len = 32;
    bool changed = addr != iface->addr || prefix_len != iface->prefix_len;
    if (addr != iface->addr)
        arp_flush(iface); /* neighbours of the old subnet mean nothing now */
    iface->addr = addr;
    iface->prefix_len = addr ? prefix_len : 0;
    if (changed && addr)
        iface->garp_pending = true;
    if (changed) {
        char a[NET_IP4_STR_MAX];
        LOG_INFO("net: address %s/%u", net_ip4_format(addr, a, sizeof a), iface->prefix_len);
    }
}

void net_iface_set_gateway(struct net_iface *iface, net_ip4 gateway)
{
    iface->gateway = gateway;
}

net_ip4 net_iface_ipv4(const struct net_iface *iface)
{
    return iface->addr;
}

uint8_t net_iface_prefix_len(const struct net_iface *iface)
{
    return iface->prefix_len;
}

net_ip4 net_iface_gateway(const struct net_iface *iface)
{
    return iface->gateway;
}

const struct net_counters *net_iface_counters(const struct net_iface *iface)
{
    return &iface->counters;
}

bool net_iface_link_up(const struct net_iface *iface)
{
    return net_device_link_up(iface->dev);
}

void net_iface_drop(struct net_iface *iface, struct net_layer_counters *layer,
                    enum net_drop_reason reason)
{
    if (layer)
        layer->drop++;
    iface->counters.drops[reason]++;
    LOG_DEBUG("net: drop %s", net_drop_reason_str(reason));
}

void net_iface_flush(struct net_iface *iface)
{
    arp_flush(iface);
    if (iface->reasm_ops)
        iface->reasm_ops->flush(iface);
    iface->tx_retry_at = 0;
}

void net_iface_add_handler(struct net_iface *iface, struct net_handler *h)
{
    for (struct net_handler *it = iface->handlers; it; it = it->next)
        if (it == h)
            return;
    h->next = iface->handlers;
    iface->handlers = h;
}

void net_iface_remove_handler(struct net_iface *iface, struct net_handler *h)
{
    for (struct net_handler **it = &iface->handlers; *it; it = &(*it)->next) {
        if (*it == h) {
            *it = h->next;
            h->next = NULL;
            return;
        }
    }
}

bool net_iface_poll(struct net_iface *iface, uint64_t now)
{
    iface->changed = false;
    if (iface->tx_retry_at && iface->tx_retry_at <= now)
        iface->tx_retry_at = 0;
    unsigned burst = iface->dev->caps.max_burst ? iface->dev->caps.max_burst : NET_RX_BURST;

    iface->rx_more = false;
    for (unsigned i = 0;; i++) {
        if (i == burst) {
            iface->rx_more = true;
            break;
        }
        uint8_t *frame;
        size_t len;
        if (!net_device_rx_acquire(iface->dev, &frame, &len))
            break;
        iface_input_frame(iface, now, frame, len);
        net_device_rx_release(iface->dev);
        iface->changed = true;
    }

    if (arp_poll(iface, now))
        iface->changed = true;
    if (iface->reasm_ops && iface->reasm_ops->poll(iface, now))
        iface->changed = true;
    for (struct net_handler *h = iface->handlers; h; h = h->next)
        if (h->poll && h->poll(h, iface, now))
            iface->changed = true;
    unsigned budget = burst;
    if (iface->udp_ops && iface->udp_ops->poll(iface, now, &budget))
        iface->changed = true;
    if (iface->icmp_ops && iface->icmp_ops->poll(iface, now, &budget))
        iface->changed = true;
    return iface->changed;
}

static uint64_t earlier(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

uint64_t net_iface_poll_at(const struct net_iface *iface, uint64_t now)
{
    if (iface->rx_more || iface->garp_pending)
        return now;
    uint64_t t = UINT64_MAX;
    t = earlier(t, arp_poll_at(iface, now));
    if (iface->reasm_ops)
        t = earlier(t, iface->reasm_ops->poll_at(iface));
    for (const struct net_handler *h = iface->handlers; h; h = h->next)
        if (h->poll_at)
            t = earlier(t, h->poll_at(h, iface, now));
    if (iface->tx_retry_at)
        t = earlier(t, iface->tx_retry_at);
    else if ((iface->udp_ops && iface->udp_ops->wants_poll(iface)) ||
             (iface->icmp_ops && iface->icmp_ops->wants_poll(iface)))
        t = now;
    return t < now ? now : t;
}
