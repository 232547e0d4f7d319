/* UDP sockets: demultiplexing received datagrams into rings, and sending queued ones. The
 * interface reaches this file through udp_ops, installed by net_udp_bind(): an image without a
 * UDP socket (a static address, no DNS) has none of it, and closed ports are still answered. */
#include "net/socket/udp.h"

#include <string.h>

#include "internal.h"
#include "net/wire/udp.h"

#define UDP_MAX_PAYLOAD (NET_IPV4_MAX_DATAGRAM - NET_IPV4_HDR_LEN - NET_UDP_HDR_LEN)

static const struct net_ring_storage no_storage;

void net_udp_init(struct net_udp_socket *s, const struct net_ring_storage *rx,
                  const struct net_ring_storage *tx)
{
    memset(s, 0, sizeof *s);
    net_ring_init(&s->rx, rx ? rx : &no_storage);
    net_ring_init(&s->tx, tx ? tx : &no_storage);
}

static bool udp_port_in_use(const struct net_iface *iface, uint16_t port)
{
    for (const struct net_udp_socket *s = iface->udp; s; s = s->next)
        if (s->port == port)
            return true;
    return false;
}

static uint16_t pick_ephemeral(struct net_iface *iface)
{
    const uint32_t span = 65536u - NET_EPHEMERAL_FIRST;
    for (int i = 0; i < 32; i++) {
        uint16_t p = (uint16_t)(NET_EPHEMERAL_FIRST + net_iface_random(iface) % span);
        if (!udp_port_in_use(iface, p))
            return p;
    }
    for (uint32_t p = NET_EPHEMERAL_FIRST; p <= 65535u; p++)
        if (!udp_port_in_use(iface, (uint16_t)p))
            return (uint16_t)p;
    return 0;
}

static bool udp_input(struct net_iface *iface, uint64_t now, const struct net_ipv4_repr *ip,
                      const void *hdr, bool for_us);
static bool udp_poll(struct net_iface *iface, uint64_t now, unsigned *budget);
static bool udp_wants_poll(const struct net_iface *iface);

/* How the interface reaches this file: installed by the first bind (net/internal.h). */
static const struct iface_socket_ops udp_ops = {udp_input, udp_poll, udp_wants_poll};

enum net_err net_udp_bind(struct net_iface *iface, struct net_udp_socket *s, uint16_t port)
{
    if (s->iface)
        return NET_ERR_INVALID;
    if (port == 0 && (port = pick_ephemeral(iface)) == 0)
        return NET_ERR_FULL;
    if (udp_port_in_use(iface, port))
        return NET_ERR_IN_USE;
    s->port = port;
    s->iface = iface;
    s->next = iface->udp;
    iface->udp = s;
    iface->udp_ops = &udp_ops;
    iface->ip_fragment = iface_ip_fragment;
    return NET_OK;
}

void net_udp_close(struct net_udp_socket *s)
{
    if (!s->iface)
        return;
    for (struct net_udp_socket **it = &s->iface->udp; *it; it = &(*it)->next) {
        if (*it == s) {
            *it = s->next;
            break;
        }
    }
    s->iface = NULL;
    s->next = NULL;
    s->port = 0;
    net_ring_clear(&s->rx);
    net_ring_clear(&s->tx);
}

uint16_t net_udp_local_port(const struct net_udp_socket *s)
{
    return s->port;
}

void net_udp_set_waker(struct net_udp_socket *s, net_waker_fn fn, void *ctx)
{
    s->waker = (struct net_waker){fn, ctx};
}

uint8_t *net_udp_send_buffer(struct net_udp_socket *s, const struct net_endpoint *to, size_t len)
{
    if (!s->iface || to->port == 0 || to->addr == 0 || len > UDP_MAX_PAYLOAD)
        return NULL;
    /* the ring keeps room for the UDP header in front, so a datagram that must be fragmented
     * is sent straight from the ring */
    uint8_t *p = net_ring_push(&s->tx, to, NET_UDP_HDR_LEN + len);
    return p ? p + NET_UDP_HDR_LEN : NULL;
}

enum net_err net_udp_send_to(struct net_udp_socket *s, const struct net_endpoint *to,
                             const void *data, size_t len)
{
    if (!s->iface)
        return NET_ERR_NOT_BOUND;
    if (to->port == 0 || to->addr == 0)
        return NET_ERR_INVALID;
    if (len > UDP_MAX_PAYLOAD || !net_ring_fits(&s->tx, NET_UDP_HDR_LEN + len))
        return NET_ERR_TOO_BIG;
    uint8_t *p = net_udp_send_buffer(s, to, len);
    if (!p)
        return NET_ERR_FULL;
    if (len)
        memcpy(p, data, len);
    return NET_OK;
}

enum net_err net_udp_recv_from(struct net_udp_socket *s, struct net_endpoint *from, void *buf,
                               size_t cap, size_t *len)
{
    size_t n;
    const uint8_t *p = net_ring_peek(&s->rx, from, &n);
    if (!p)
        return NET_ERR_EMPTY;
    size_t copy = MIN(n, cap);
    if (copy)
        memcpy(buf, p, copy);
    *len = copy;
    net_ring_pop(&s->rx);
    return copy < n ? NET_ERR_TRUNCATED : NET_OK;
}

const uint8_t *net_udp_peek(const struct net_udp_socket *s, struct net_endpoint *from,
                            size_t *len)
{
    return net_ring_peek(&s->rx, from, len);
}

void net_udp_consume(struct net_udp_socket *s)
{
    net_ring_pop(&s->rx);
}

bool net_udp_can_recv(const struct net_udp_socket *s)
{
    return !net_ring_empty(&s->rx);
}

bool net_udp_can_send(const struct net_udp_socket *s, size_t len)
{
    return s->iface && net_ring_can_push(&s->tx, NET_UDP_HDR_LEN + len);
}

/* A checked datagram (iface/rx.c parsed and counted it) into its socket; false when none is
 * bound to its port. */
static bool udp_input(struct net_iface *iface, uint64_t now, const struct net_ipv4_repr *ip,
                      const void *hdr, bool for_us)
{
    const struct net_udp_repr *udp = hdr;
    struct net_udp_socket *s = iface->udp;
    while (s && !(s->port == udp->dst_port && (for_us || s->any_dst)))
        s = s->next;
    if (!s)
        return false;
    struct net_endpoint from = {ip->src, udp->src_port};
    if (s->input) {
        s->input(s, now, &from, ip->dst, udp->payload, udp->payload_len);
        return true;
    }
    uint8_t *p = net_ring_push(&s->rx, &from, udp->payload_len);
    if (!p) {
        s->rx_dropped++;
        net_iface_drop(iface, &iface->counters.udp, NET_DROP_UDP_SOCKET_FULL);
        return true;
    }
    if (udp->payload_len)
        memcpy(p, udp->payload, udp->payload_len);
    net_wake(&s->waker, NET_EV_RX);
    return true;
}

/* Sends one queued datagram (header room included in p, dgram_len bytes). */
static enum net_tx_result send_one(struct net_iface *iface, uint64_t now, uint16_t src_port,
                                   const struct net_endpoint *to, uint8_t *p, size_t dgram_len)
{
    bool sw = net_iface_sw_cksum(iface, NET_CKSUM_TX_UDP);
    struct net_udp_repr repr = {.src_port = src_port,
                                .dst_port = to->port,
                                .payload_len = dgram_len - NET_UDP_HDR_LEN};
    if (dgram_len > net_iface_ip_mtu(iface)) {
        /* fragmented: headers computed in the ring, then copied out piece by piece; hardware
         * cannot checksum a datagram spread over fragments, so software always does */
        net_udp_emit(&repr, p, dgram_len, iface->addr, to->addr, true);
        return net_iface_ip_send(iface, now, to->addr, NET_IP_PROTO_UDP, p, dgram_len);
    }
    struct net_ip_tx tx;
    enum net_tx_result r = net_iface_ip_begin(iface, now, to->addr, NET_IP_PROTO_UDP, dgram_len,
                                              &tx);
    if (r != NET_TX_OK)
        return r;
    memcpy(tx.payload + NET_UDP_HDR_LEN, p + NET_UDP_HDR_LEN, repr.payload_len);
    net_udp_emit(&repr, tx.payload, dgram_len, tx.src, to->addr, sw);
    net_iface_ip_commit(iface, &tx, dgram_len);
    return NET_TX_OK;
}

static bool udp_poll(struct net_iface *iface, uint64_t now, unsigned *budget)
{
    bool changed = false;
    for (struct net_udp_socket *s = iface->udp; s; s = s->next) {
        s->tx_blocked = false;
        bool sent = false;
        while (*budget && !net_ring_empty(&s->tx)) {
            struct net_endpoint to;
            size_t len;
            uint8_t *p = net_ring_peek(&s->tx, &to, &len);
            enum net_tx_result r = send_one(iface, now, s->port, &to, p, len);
            if (net_tx_retry_later(r)) {
                s->tx_blocked = true;
                break;
            }
            if (r == NET_TX_OK) {
                iface->counters.udp.tx++;
                (*budget)--;
            } else {
                net_iface_drop(iface, &iface->counters.udp, tx_drop_reason(r));
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

static bool udp_wants_poll(const struct net_iface *iface)
{
    for (const struct net_udp_socket *s = iface->udp; s; s = s->next)
        if (!s->tx_blocked && !net_ring_empty(&s->tx))
            return true;
    return false;
}

enum net_tx_result net_udp_raw_begin(struct net_iface *iface, uint64_t now,
                                     const struct net_endpoint *to, size_t len,
                                     struct net_ip_tx *tx, uint8_t **data)
{
    enum net_tx_result r =
        net_iface_ip_begin(iface, now, to->addr, NET_IP_PROTO_UDP, NET_UDP_HDR_LEN + len, tx);
    if (r == NET_TX_OK)
        *data = tx->payload + NET_UDP_HDR_LEN;
    return r;
}

void net_udp_raw_commit(struct net_iface *iface, struct net_ip_tx *tx, uint16_t src_port,
                        uint16_t dst_port, size_t len)
{
    if (NET_UDP_HDR_LEN + len > tx->cap)
        len = tx->cap - NET_UDP_HDR_LEN;
    struct net_udp_repr repr = {.src_port = src_port, .dst_port = dst_port, .payload_len = len};
    net_udp_emit(&repr, tx->payload, NET_UDP_HDR_LEN + len, tx->src, tx->dst,
                 net_iface_sw_cksum(iface, NET_CKSUM_TX_UDP));
    net_iface_ip_commit(iface, tx, NET_UDP_HDR_LEN + len);
    iface->counters.udp.tx++;
}
