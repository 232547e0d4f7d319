/* ICMP echo sockets: queue echo requests out, echo replies with our identifier in. The interface
 * reaches this file through icmp_ops, installed by net_icmp_bind(). */
#include "net/socket/icmp.h"

#include <string.h>

#include "internal.h"
#include "net/wire/bytes.h"
#include "net/wire/checksum.h"
#include "net/wire/icmpv4.h"

#define ICMP_MAX_DATA (NET_IPV4_MAX_DATAGRAM - NET_IPV4_HDR_LEN - NET_ICMP_HDR_LEN)

static const struct net_ring_storage no_storage;

void net_icmp_init(struct net_icmp_socket *s, const struct net_ring_storage *rx,
                   const struct net_ring_storage *tx)
{
    memset(s, 0, sizeof *s);
    net_ring_init(&s->rx, rx ? rx : &no_storage);
    net_ring_init(&s->tx, tx ? tx : &no_storage);
}

static bool ident_in_use(const struct net_iface *iface, uint16_t ident)
{
    for (const struct net_icmp_socket *s = iface->icmp; s; s = s->next)
        if (s->ident == ident)
            return true;
    return false;
}

static bool icmp_socket_input(struct net_iface *iface, uint64_t now,
                              const struct net_ipv4_repr *ip, const void *hdr, bool for_us);
static bool icmp_socket_poll(struct net_iface *iface, uint64_t now, unsigned *budget);
static bool icmp_socket_wants_poll(const struct net_iface *iface);

/* How the interface reaches this file: installed by the first bind (net/internal.h). */
static const struct iface_socket_ops icmp_ops = {icmp_socket_input, icmp_socket_poll,
                                                 icmp_socket_wants_poll};

enum net_err net_icmp_bind(struct net_iface *iface, struct net_icmp_socket *s, uint16_t ident)
{
    if (s->iface)
        return NET_ERR_INVALID;
    for (int i = 0; ident == 0 && i < 64; i++) {
        uint16_t pick = (uint16_t)net_iface_random(iface);
        if (pick && !ident_in_use(iface, pick))
            ident = pick;
    }
    if (ident == 0)
        return NET_ERR_FULL;
    if (ident_in_use(iface, ident))
        return NET_ERR_IN_USE;
    s->ident = ident;
    s->iface = iface;
    s->next = iface->icmp;
    iface->icmp = s;
    iface->icmp_ops = &icmp_ops;
    iface->ip_fragment = iface_ip_fragment;
    return NET_OK;
}

void net_icmp_close(struct net_icmp_socket *s)
{
    if (!s->iface)
        return;
    for (struct net_icmp_socket **it = &s->iface->icmp; *it; it = &(*it)->next) {
        if (*it == s) {
            *it = s->next;
            break;
        }
    }
    s->iface = NULL;
    s->next = NULL;
    s->ident = 0;
    net_ring_clear(&s->rx);
    net_ring_clear(&s->tx);
}

uint16_t net_icmp_ident(const struct net_icmp_socket *s)
{
    return s->ident;
}

void net_icmp_set_waker(struct net_icmp_socket *s, net_waker_fn fn, void *ctx)
{
    s->waker = (struct net_waker){fn, ctx};
}

enum net_err net_icmp_send_echo(struct net_icmp_socket *s, net_ip4 dst, uint16_t seq,
                                const void *data, size_t len)
{
    if (!s->iface)
        return NET_ERR_NOT_BOUND;
    if (dst == 0)
        return NET_ERR_INVALID;
    if (len > ICMP_MAX_DATA || !net_ring_fits(&s->tx, NET_ICMP_HDR_LEN + len))
        return NET_ERR_TOO_BIG;
    struct net_endpoint to = {dst, 0};
    uint8_t *p = net_ring_push(&s->tx, &to, NET_ICMP_HDR_LEN + len);
    if (!p)
        return NET_ERR_FULL;
    if (len)
        memcpy(p + NET_ICMP_HDR_LEN, data, len);
    /* the checksum is filled at send time, when we know whether hardware does it */
    struct net_icmpv4_repr icmp = {.type = NET_ICMP_ECHO_REQUEST, .ident = s->ident, .seq = seq,
                                   .data_len = len};
    net_icmpv4_emit(&icmp, p, NET_ICMP_HDR_LEN + len, false);
    return NET_OK;
}

enum net_err net_icmp_recv_echo(struct net_icmp_socket *s, net_ip4 *from, uint16_t *seq,
                                void *data, size_t cap, size_t *len)
{
    struct net_endpoint ep;
    size_t n;
    const uint8_t *p = net_ring_peek(&s->rx, &ep, &n);
    if (!p)
        return NET_ERR_EMPTY;
    size_t data_len = n - NET_ICMP_HDR_LEN;
    size_t copy = MIN(data_len, cap);
    if (from)
        *from = ep.addr;
    if (seq)
        *seq = net_get16(p + 6);
    if (copy)
        memcpy(data, p + NET_ICMP_HDR_LEN, copy);
    *len = copy;
    net_ring_pop(&s->rx);
    return copy < data_len ? NET_ERR_TRUNCATED : NET_OK;
}

bool net_icmp_can_recv(const struct net_icmp_socket *s)
{
    return !net_ring_empty(&s->rx);
}

bool net_icmp_can_send(const struct net_icmp_socket *s, size_t len)
{
    return s->iface && net_ring_can_push(&s->tx, NET_ICMP_HDR_LEN + len);
}

/* An echo reply (checked by iface/icmp.c) into the socket with its identifier; false when none. */
static bool icmp_socket_input(struct net_iface *iface, uint64_t now,
                              const struct net_ipv4_repr *ip, const void *hdr, bool for_us)
{
    (void)now;
    (void)for_us;
    const struct net_icmpv4_repr *icmp = hdr;
    const uint8_t *msg = ip->payload;
    size_t len = ip->payload_len;
    struct net_icmp_socket *s = iface->icmp;
    while (s && s->ident != icmp->ident)
        s = s->next;
    if (!s)
        return false;
    struct net_endpoint from = {ip->src, 0};
    uint8_t *p = net_ring_push(&s->rx, &from, len);
    if (!p) {
        s->rx_dropped++;
        net_iface_drop(iface, &iface->counters.icmp, NET_DROP_ICMP_SOCKET_FULL);
        return true;
    }
    memcpy(p, msg, len);
    net_wake(&s->waker, NET_EV_RX);
    return true;
}

static bool icmp_socket_poll(struct net_iface *iface, uint64_t now, unsigned *budget)
{
    bool changed = false;
    for (struct net_icmp_socket *s = iface->icmp; s; s = s->next) {
        s->tx_blocked = false;
        bool sent = false;
        while (*budget && !net_ring_empty(&s->tx)) {
            struct net_endpoint to;
            size_t len;
            uint8_t *p = net_ring_peek(&s->tx, &to, &len);
            /* fragments cannot use hardware checksums: fill it in software then */
            bool sw = net_iface_sw_cksum(iface, NET_CKSUM_TX_ICMP) || len > net_iface_ip_mtu(iface);
            net_put16(p + 2, 0);
            if (sw)
                net_put16(p + 2, net_cksum(p, len));
            enum net_tx_result r = net_iface_ip_send(iface, now, to.addr, NET_IP_PROTO_ICMP, p, len);
            if (net_tx_retry_later(r)) {
                s->tx_blocked = true;
                break;
            }
            if (r == NET_TX_OK) {
                iface->counters.icmp.tx++;
                (*budget)--;
            } else {
                net_iface_drop(iface, &iface->counters.icmp, tx_drop_reason(r));
            }
            net_ring_pop(&s->tx);
            sent = true;
        }
        if (sent) {
            changed = true;
            net_wake(&s->waker, NET_EV_TX);
        }
    }
    return changed;
}

static bool icmp_socket_wants_poll(const struct net_iface *iface)
{
    for (const struct net_icmp_socket *s = iface->icmp; s; s = s->next)
        if (!s->tx_blocked && !net_ring_empty(&s->tx))
            return true;
    return false;
}
