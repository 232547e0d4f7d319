/* The TCP protocol on one interface: the handler the interface calls (input, poll, poll_at), the
 * list of sockets that are not CLOSED, demultiplexing, the LISTEN state, and the answers to
 * segments no connection takes. */
#include "net/wire/checksum.h"
#include "tcp_internal.h"

void net_tcp_config_default(struct net_tcp_config *cfg)
{
    *cfg = (struct net_tcp_config){
        .msl_us = 30u * 1000000u,
        .rto_initial_us = 1000000u,
        .rto_min_us = 200000u,
        .rto_max_us = 60u * 1000000u,
        .delayed_ack_us = 40000u,
        .user_timeout_us = 300u * 1000000u,
        .keepalive_idle_us = 7200u * 1000000u,
        .keepalive_interval_us = 75u * 1000000u,
        .keepalive_probes = 9,
        .syn_retries = 6,
        .synack_retries = 4,
        .challenge_acks_per_s = 1000,
    };
}

void tcp_link(struct net_tcp *tcp, struct net_tcp_socket *s)
{
    for (struct net_tcp_socket *it = tcp->sockets; it; it = it->next)
        if (it == s)
            return;
    s->next = tcp->sockets;
    tcp->sockets = s;
}

void tcp_unlink(struct net_tcp *tcp, struct net_tcp_socket *s)
{
    if (tcp->last_hit == s)
        tcp->last_hit = NULL;
    for (struct net_tcp_socket **it = &tcp->sockets; *it; it = &(*it)->next) {
        if (*it == s) {
            *it = s->next;
            s->next = NULL;
            return;
        }
    }
}

bool tcp_port_in_use(const struct net_tcp *tcp, uint16_t port)
{
    for (const struct net_tcp_socket *s = tcp->sockets; s; s = s->next)
        if (s->local.port == port)
            return true;
    return false;
}

bool tcp_tuple_in_use(const struct net_tcp *tcp, const struct net_endpoint *local,
                      const struct net_endpoint *remote)
{
    for (const struct net_tcp_socket *s = tcp->sockets; s; s = s->next)
        if (s->state != NET_TCP_LISTEN && s->local.port == local->port &&
            s->remote.port == remote->port && s->remote.addr == remote->addr)
            return true;
    return false;
}

bool tcp_challenge_allowed(struct net_tcp *tcp, uint64_t now)
{
    /* RFC 5961 7: a global budget per second, so an attacker cannot turn us into a reflector
     * nor learn anything from the rate */
    if (now >= tcp->challenge_refill_at) {
        tcp->challenge_tokens = tcp->cfg.challenge_acks_per_s;
        tcp->challenge_refill_at = now + 1000000u;
    }
    if (tcp->challenge_tokens == 0) {
        tcp->counters.challenge_acks_limited++;
        return false;
    }
    tcp->challenge_tokens--;
    tcp->counters.challenge_acks++;
    return true;
}

void tcp_reply_rst(struct net_tcp *tcp, uint64_t now, net_ip4 remote,
                   const struct net_tcp_repr *seg)
{
    if (seg->flags & NET_TCP_RST)
        return; /* never answer a RST */
    struct net_tcp_repr r = {.src_port = seg->dst_port, .dst_port = seg->src_port};
    if (seg->flags & NET_TCP_ACK) {
        r.seq = seg->ack;
        r.flags = NET_TCP_RST;
    } else {
        r.ack = seg->seq + net_tcp_seq_len(seg);
        r.flags = NET_TCP_RST | NET_TCP_ACK;
    }
    (void)tcp_xmit(tcp, now, remote, &r, NULL, 0);
}

enum net_tx_result tcp_xmit(struct net_tcp *tcp, uint64_t now, net_ip4 remote,
                            const struct net_tcp_repr *r, const struct net_tcp_socket *s,
                            uint32_t off)
{
    struct net_iface *iface = tcp->iface;
    size_t hlen = net_tcp_header_len(r);
    size_t len = hlen + r->payload_len;
    struct net_ip_tx tx;
    enum net_tx_result res = net_iface_ip_begin(iface, now, remote, NET_IP_PROTO_TCP, len, &tx);
    if (res != NET_TX_OK)
        return res;
    if (r->payload_len)
        tcp_tx_read(s, off, tx.payload + hlen, (uint32_t)r->payload_len);
    net_tcp_emit(r, tx.payload, tx.cap, tx.src, tx.dst,
                 net_iface_sw_cksum(iface, NET_CKSUM_TX_TCP));
    tx.dont_frag = true; /* segments fit the MSS: TCP never fragments (RFC 9293 3.7.1) */
    net_iface_ip_commit(iface, &tx, len);
    iface->counters.tcp.tx++;
    tcp->counters.tx_segs++;
    if (r->flags & NET_TCP_RST)
        tcp->counters.rst_tx++;
    return NET_TX_OK;
}

/* The connection a segment belongs to (listening sockets take no segment here: listen.c). */
static struct net_tcp_socket *lookup(struct net_tcp *tcp, net_ip4 local, net_ip4 remote,
                                     const struct net_tcp_repr *seg)
{
    struct net_tcp_socket *s = tcp->last_hit;
    if (!s || s->local.port != seg->dst_port || s->remote.port != seg->src_port ||
        s->remote.addr != remote || s->local.addr != local || s->state == NET_TCP_LISTEN) {
        for (s = tcp->sockets; s; s = s->next)
            if (s->state != NET_TCP_LISTEN && s->local.port == seg->dst_port &&
                s->remote.port == seg->src_port && s->remote.addr == remote &&
                s->local.addr == local)
                break;
        if (s)
            tcp->last_hit = s;
    }
    return s;
}

static void input(struct net_handler *h, struct net_iface *iface, uint64_t now,
                  const struct net_ipv4_repr *ip)
{
    struct net_tcp *tcp = (struct net_tcp *)(void *)h;
    tcp->last_now = now;
    tcp->counters.rx_segs++;
    if (iface->addr == 0 || ip->dst != iface->addr) {
        /* TCP is unicast only: never answer a broadcast or multicast segment */
        tcp->counters.rx_not_unicast++;
        iface->counters.tcp.drop++;
        return;
    }
    struct net_tcp_repr seg;
    enum net_wire_err err = net_tcp_parse(ip->payload, ip->payload_len, ip->src, ip->dst,
                                          net_iface_rx_sw_cksum(iface, ip, NET_CKSUM_RX_TCP), &seg);
    if (err != NET_WIRE_OK) {
        if (err == NET_WIRE_BAD_CHECKSUM)
            tcp->counters.rx_bad_checksum++;
        else
            tcp->counters.rx_malformed++;
        iface->counters.tcp.drop++;
        return;
    }
    iface->counters.tcp.rx++;
    if (seg.flags & NET_TCP_RST)
        tcp->counters.rst_rx++;
    for (int round = 0; round < 2; round++) {
        struct net_tcp_socket *s = lookup(tcp, ip->dst, ip->src, &seg);
        if (s) {
            bool again = tcp_socket_input(s, now, &seg);
            tcp_flush_wake(s);
            if (again)
                continue; /* a SYN ended TIME_WAIT: a listening socket may take it */
            return;
        }
        if (tcp->listen) {
            tcp->listen->input(tcp, now, ip->dst, ip->src, &seg);
            return;
        }
        /* RFC 9293 3.10.7.1: nothing listens in this image, every port is closed */
        tcp->counters.rx_no_socket++;
        tcp_reply_rst(tcp, now, ip->src, &seg);
        return;
    }
}

static bool poll(struct net_handler *h, struct net_iface *iface, uint64_t now)
{
    (void)iface;
    struct net_tcp *tcp = (struct net_tcp *)(void *)h;
    tcp->last_now = now;
    bool changed = false;
    struct net_tcp_socket *next;
    for (struct net_tcp_socket *s = tcp->sockets; s; s = next) {
        next = s->next;
        if (s->state == NET_TCP_LISTEN)
            continue; /* no timers, nothing to send: a server's spare sockets cost nothing */
        s->tx_blocked = false;
        if (tcp_socket_deadline(s) <= now && tcp_timers(s, now))
            changed = true;
        if (tcp_output(s, now))
            changed = true;
        tcp_flush_wake(s);
    }
    return changed;
}

static uint64_t poll_at(const struct net_handler *h, const struct net_iface *iface, uint64_t now)
{
    (void)iface;
    const struct net_tcp *tcp = (const struct net_tcp *)(const void *)h;
    uint64_t t = UINT64_MAX;
    for (const struct net_tcp_socket *s = tcp->sockets; s; s = s->next) {
        if (s->state == NET_TCP_LISTEN)
            continue;
        if (!s->tx_blocked && tcp_wants_output(s))
            return now;
        uint64_t d = tcp_socket_deadline(s);
        if (d < t)
            t = d;
    }
    return t;
}

void net_tcp_init(struct net_tcp *tcp, struct net_iface *iface, const struct net_tcp_config *cfg)
{
    *tcp = (struct net_tcp){0};
    tcp->handler.ip_protocol = NET_IP_PROTO_TCP;
    tcp->handler.input = input;
    tcp->handler.poll = poll;
    tcp->handler.poll_at = poll_at;
    tcp->iface = iface;
    if (cfg)
        tcp->cfg = *cfg;
    else
        net_tcp_config_default(&tcp->cfg);
    for (int i = 0; i < 4; i++)
        tcp->secret[i] = net_iface_random(iface);
    net_iface_add_handler(iface, &tcp->handler);
}

void net_tcp_deinit(struct net_tcp *tcp)
{
    net_iface_remove_handler(tcp->iface, &tcp->handler);
    while (tcp->sockets) {
        struct net_tcp_socket *s = tcp->sockets;
        tcp->sockets = s->next;
        s->next = NULL;
        s->state = NET_TCP_CLOSED;
    }
    tcp->last_hit = NULL;
}

const struct net_tcp_counters *net_tcp_counters(const struct net_tcp *tcp)
{
    return &tcp->counters;
}
