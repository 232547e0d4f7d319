/* The ARP cache (RFC 826): learning, answering, resolving with retries, aging, the packets held
 * while a neighbour is resolved, and the gratuitous ARP announcing a new address. */
#include <string.h>

#include "internal.h"
#include "log/log.h"
#include "net/wire/arp.h"

#define STATIC_DEADLINE UINT64_MAX /* a static entry never expires */

static int find(const struct net_iface *iface, net_ip4 ip)
{
    for (int i = 0; i < NET_ARP_CACHE_SIZE; i++)
        if (iface->arp[i].state != NET_ARP_FREE && iface->arp[i].ip == ip)
            return i;
    return -1;
}

/* A neighbour we are talking to: static, or resolved and sent to lately. */
static bool in_use(const struct net_arp_entry *e, uint64_t now)
{
    return e->state == NET_ARP_RESOLVED &&
           (e->deadline == STATIC_DEADLINE || (e->deadline > now && now < e->stamp));
}

/* An entry for a new neighbour, emptied: a free one, else a failed one, else the resolved one
 * closest to expiry that is not in use, else (for a lookup: evict_pending) the oldest pending
 * one. Never a static entry or one in use: a flood of lookups for new addresses (a spoofed SYN
 * flood makes one per SYN-ACK) neither pushes out the neighbours we are talking to nor blocks
 * new lookups; its pending entries push out each other. -1 when every entry is in use. */
static int alloc_entry(struct net_iface *iface, uint64_t now, bool evict_pending)
{
    /* each candidate's key, the lower the better victim: its kind in the top bits (failed,
     * resolved, pending), below them the time that orders one kind (expiry, age) */
    int pick = -1;
    uint64_t pick_key = UINT64_MAX;
    for (int i = 0; i < NET_ARP_CACHE_SIZE; i++) {
        const struct net_arp_entry *e = &iface->arp[i];
        uint64_t key;
        if (e->state == NET_ARP_FREE)
            return i;
        if (e->state == NET_ARP_FAILED)
            key = 0;
        else if (e->state == NET_ARP_RESOLVED && !in_use(e, now))
            key = 1ull << 62 | (e->deadline & ((1ull << 62) - 1));
        else if (e->state == NET_ARP_PENDING && evict_pending)
            key = 2ull << 62 | (e->stamp & ((1ull << 62) - 1));
        else
            continue;
        if (key < pick_key) {
            pick = i;
            pick_key = key;
        }
    }
    if (pick >= 0) {
        struct net_arp_entry *e = &iface->arp[pick];
        if (e->hold >= 0) {
            hold_free(iface, e->hold);
            net_iface_drop(iface, &iface->counters.ipv4, NET_DROP_TX_ARP_EVICTED);
        }
        *e = (struct net_arp_entry){.hold = -1};
    }
    return pick;
}

int hold_alloc(struct net_iface *iface, size_t frame_len)
{
    if (!iface->hold_storage || frame_len > iface->hold_slot_size)
        return -1;
    for (int i = 0; i < NET_ARP_HOLD_SLOTS; i++) {
        if (iface->hold_len[i] == 0) {
            iface->hold_len[i] = (uint16_t)frame_len; /* reserved until commit or abandon */
            return i;
        }
    }
    return -1;
}

void hold_free(struct net_iface *iface, int slot)
{
    iface->hold_len[slot] = 0;
}

uint8_t *hold_frame(const struct net_iface *iface, int slot)
{
    return iface->hold_storage + (size_t)slot * iface->hold_slot_size;
}

static bool send_arp(struct net_iface *iface, uint64_t now, uint16_t op,
                     const struct net_mac *eth_dst, const struct net_mac *target_mac,
                     net_ip4 target_ip)
{
    uint8_t *f;
    if (!tx_device_frame(iface, now, NET_ETH_MIN_FRAME, &f))
        return false;
    struct net_eth_repr eth = {.dst = *eth_dst, .src = iface->mac, .ethertype = NET_ETHERTYPE_ARP};
    struct net_arp_repr arp = {.op = op,
                               .sender_mac = iface->mac,
                               .sender_ip = iface->addr,
                               .target_mac = *target_mac,
                               .target_ip = target_ip};
    net_eth_emit(&eth, f, NET_ETH_HDR_LEN);
    net_arp_emit(&arp, f + NET_ETH_HDR_LEN, NET_ARP_LEN);
    tx_commit_frame(iface, f, NET_ETH_HDR_LEN + NET_ARP_LEN);
    iface->counters.arp.tx++;
    return true;
}

static bool send_request(struct net_iface *iface, uint64_t now, net_ip4 ip)
{
    static const struct net_mac unknown = {{0}};
    struct net_mac bcast = NET_MAC_BROADCAST;
    return send_arp(iface, now, NET_ARP_OP_REQUEST, &bcast, &unknown, ip);
}

/* Sends the packet held for entry i now that its MAC is known (kept when the device is full:
 * arp_poll tries again). */
static bool send_held(struct net_iface *iface, uint64_t now, int i)
{
    struct net_arp_entry *e = &iface->arp[i];
    uint8_t *frame = hold_frame(iface, e->hold);
    memcpy(frame, e->mac.b, 6);
    if (tx_raw_frame(iface, now, frame, iface->hold_len[e->hold]) != NET_TX_OK)
        return false;
    hold_free(iface, e->hold);
    e->hold = -1;
    return true;
}

static void learn(struct net_iface *iface, uint64_t now, net_ip4 ip, const struct net_mac *mac,
                  bool create)
{
    int i = find(iface, ip);
    /* a request to us does not push out a pending lookup: it is answered anyway */
    if (i < 0 && (!create || (i = alloc_entry(iface, now, false)) < 0))
        return;
    struct net_arp_entry *e = &iface->arp[i];
    if (e->state == NET_ARP_RESOLVED && e->deadline == STATIC_DEADLINE)
        return; /* configured by hand: the network does not override it */
    if (e->state == NET_ARP_PENDING)
        e->stamp = now + NET_ARP_IN_USE_US; /* we asked: a packet is waiting for it */
    e->ip = ip;
    e->mac = *mac;
    e->state = NET_ARP_RESOLVED;
    e->tries = 0;
    e->refreshing = false;
    e->deadline = now + NET_ARP_TTL_US;
    if (e->hold >= 0)
        send_held(iface, now, i);
}

void arp_input(struct net_iface *iface, uint64_t now, const uint8_t *data, size_t len)
{
    struct net_counters *c = &iface->counters;
    struct net_arp_repr arp;
    enum net_wire_err err = net_arp_parse(data, len, &arp);
    if (err != NET_WIRE_OK) {
        LOG_DEBUG("net: arp %s", net_wire_err_str(err));
        net_iface_drop(iface, &c->arp, NET_DROP_ARP_MALFORMED);
        return;
    }
    c->arp.rx++;
    if (net_mac_is_multicast(&arp.sender_mac) || net_mac_is_zero(&arp.sender_mac) ||
        net_ip4_is_multicast(arp.sender_ip) || arp.sender_ip == NET_IP4_BROADCAST) {
        net_iface_drop(iface, &c->arp, NET_DROP_ARP_BAD_SENDER);
        return;
    }
    if (iface->addr && arp.sender_ip == iface->addr) {
        char m[NET_MAC_STR_MAX];
        LOG_WARN("net: %s claims our address", net_mac_format(&arp.sender_mac, m, sizeof m));
        net_iface_drop(iface, &c->arp, NET_DROP_ARP_CONFLICT);
        return;
    }
    bool for_us = iface->addr && arp.target_ip == iface->addr;
    /* RFC 826: update a known sender always, add it only when it talks to us. A sender of 0
     * (an RFC 5227 probe) has no address to learn. */
    if (arp.sender_ip)
        learn(iface, now, arp.sender_ip, &arp.sender_mac, for_us);
    if (!for_us) {
        if (arp.op == NET_ARP_OP_REQUEST)
            net_iface_drop(iface, &c->arp, NET_DROP_ARP_NOT_FOR_US);
        return;
    }
    if (arp.op == NET_ARP_OP_REQUEST)
        send_arp(iface, now, NET_ARP_OP_REPLY, &arp.sender_mac, &arp.sender_mac, arp.sender_ip);
}

enum net_tx_result arp_resolve(struct net_iface *iface, uint64_t now, net_ip4 hop,
                               struct net_mac *mac, int *index)
{
    *index = -1;
    int i = find(iface, hop);
    if (i >= 0) {
        struct net_arp_entry *e = &iface->arp[i];
        if (e->state == NET_ARP_RESOLVED && e->deadline > now) {
            *mac = e->mac;
            e->stamp = now + NET_ARP_IN_USE_US;
            /* in use near its end: ask the neighbour directly so traffic never stalls on it */
            if (e->deadline != STATIC_DEADLINE && e->deadline - now < NET_ARP_REFRESH_US &&
                !e->refreshing) {
                e->refreshing = send_arp(iface, now, NET_ARP_OP_REQUEST, &e->mac, &e->mac, hop);
            }
            return NET_TX_OK;
        }
        if (e->state == NET_ARP_PENDING) {
            *index = i;
            return NET_TX_ARP_PENDING;
        }
        if (e->state == NET_ARP_FAILED && e->deadline > now)
            return NET_TX_ARP_FAILED;
        /* expired or failed long enough ago: resolve afresh in the same entry */
    } else if ((i = alloc_entry(iface, now, true)) < 0) {
        return NET_TX_ARP_PENDING; /* every neighbour is in use: wait for one to fall idle */
    }
    struct net_arp_entry *e = &iface->arp[i];
    if (e->hold >= 0)
        hold_free(iface, e->hold);
    *e = (struct net_arp_entry){.ip = hop, .state = NET_ARP_PENDING, .tries = 1, .hold = -1,
                                .deadline = now + NET_ARP_RETRY_US, .stamp = now};
    send_request(iface, now, hop);
    *index = i;
    iface->changed = true;
    return NET_TX_ARP_PENDING;
}

bool arp_poll(struct net_iface *iface, uint64_t now)
{
    bool changed = false;
    if (iface->garp_pending) {
        /* gratuitous ARP: a request for our own address, so caches update to our MAC */
        if (!iface->addr || send_request(iface, now, iface->addr))
            iface->garp_pending = false;
        changed = true;
    }
    for (int i = 0; i < NET_ARP_CACHE_SIZE; i++) {
        struct net_arp_entry *e = &iface->arp[i];
        switch (e->state) {
        case NET_ARP_PENDING:
            if (e->deadline > now)
                break;
            changed = true;
            if (e->tries < NET_ARP_TRIES) {
                send_request(iface, now, e->ip);
                e->tries++;
                e->deadline = now + NET_ARP_RETRY_US;
                break;
            }
            if (e->hold >= 0) {
                hold_free(iface, e->hold);
                e->hold = -1;
                net_iface_drop(iface, &iface->counters.ipv4, NET_DROP_TX_ARP_FAILED);
            }
            e->state = NET_ARP_FAILED;
            e->deadline = now + NET_ARP_FAIL_HOLDOFF_US;
            break;
        case NET_ARP_RESOLVED:
            if (e->hold >= 0 && send_held(iface, now, i))
                changed = true;
            if (e->deadline <= now)
                e->state = NET_ARP_FREE;
            break;
        case NET_ARP_FAILED:
            if (e->deadline <= now)
                e->state = NET_ARP_FREE;
            break;
        default:
            break;
        }
    }
    return changed;
}

uint64_t arp_poll_at(const struct net_iface *iface, uint64_t now)
{
    uint64_t t = UINT64_MAX;
    for (int i = 0; i < NET_ARP_CACHE_SIZE; i++) {
        const struct net_arp_entry *e = &iface->arp[i];
        if (e->state == NET_ARP_PENDING && e->deadline < t)
            t = e->deadline;
        if (e->state == NET_ARP_RESOLVED && e->hold >= 0) {
            uint64_t retry = iface->tx_retry_at ? iface->tx_retry_at : now;
            if (retry < t)
                t = retry;
        }
    }
    return t;
}

void arp_flush(struct net_iface *iface)
{
    for (int i = 0; i < NET_ARP_CACHE_SIZE; i++) {
        struct net_arp_entry *e = &iface->arp[i];
        if (e->state == NET_ARP_RESOLVED && e->deadline == STATIC_DEADLINE)
            continue;
        if (e->hold >= 0)
            hold_free(iface, e->hold);
        *e = (struct net_arp_entry){.hold = -1};
    }
}

enum net_err net_iface_add_neighbor(struct net_iface *iface, net_ip4 ip, const struct net_mac *mac)
{
    if (!ip || net_mac_is_multicast(mac))
        return NET_ERR_INVALID;
    int i = find(iface, ip);
    /* configured by hand, it may take the place of any learnt entry (as if none were in use) */
    if (i < 0 && (i = alloc_entry(iface, UINT64_MAX, true)) < 0)
        return NET_ERR_FULL;
    struct net_arp_entry *e = &iface->arp[i];
    int8_t hold = e->state == NET_ARP_PENDING ? e->hold : -1;
    *e = (struct net_arp_entry){.ip = ip, .mac = *mac, .state = NET_ARP_RESOLVED, .hold = hold,
                                .deadline = STATIC_DEADLINE};
    return NET_OK;
}
