/* The application's side of a socket: open, move bytes, close, options, state. Nothing here
 * sends (except abort's RST): the next poll does, and net_iface_poll_at() says it is due. */
#include <string.h>

#include "tcp_internal.h"

void tcp_flush_wake(struct net_tcp_socket *s)
{
    uint32_t ev = s->wake;
    if (ev) {
        s->wake = 0;
        net_wake(&s->waker, ev);
    }
}

void tcp_set_state(struct net_tcp_socket *s, enum net_tcp_state state)
{
    if (s->state != state) {
        s->state = (uint8_t)state;
        s->wake |= NET_EV_STATE;
    }
}

void tcp_stop_timers(struct net_tcp_socket *s)
{
    s->rtx_at = s->ack_at = s->keep_at = 0;
    s->stall_since = 0;
    s->persist = s->force = s->rexmit = false;
    s->ack_now = false;
    s->tx_blocked = false;
}

void tcp_closed(struct net_tcp_socket *s, enum net_tcp_error err)
{
    tcp_stop_timers(s);
    tcp_unlink(s->tcp, s);
    tcp_set_state(s, NET_TCP_CLOSED);
    if (err != NET_TCP_ERR_NONE) {
        s->error = (uint8_t)err;
        s->wake |= NET_EV_ERROR;
    }
    /* a reader or writer waiting on this socket must look again */
    s->wake |= NET_EV_RX | NET_EV_TX;
    tcp_flush_wake(s);
}

/* The application ended it itself: nothing to tell it. */
static void closed_by_app(struct net_tcp_socket *s, enum net_tcp_error err)
{
    tcp_stop_timers(s);
    tcp_unlink(s->tcp, s);
    s->state = NET_TCP_CLOSED;
    s->error = (uint8_t)err;
    s->wake = 0;
}

void tcp_conn_reset(struct net_tcp_socket *s, uint64_t now)
{
    tcp_stop_timers(s);
    s->error = NET_TCP_ERR_NONE;
    s->snd_una = s->snd_nxt = s->snd_max = s->iss;
    s->tx_seq = s->iss + 1; /* data follows the SYN */
    s->snd_wnd = s->max_snd_wnd = 0;
    s->snd_wl1 = s->snd_wl2 = 0;
    s->rcv_nxt = s->rcv_adv = s->irs = 0;
    s->snd_wscale = s->rcv_wscale = 0;
    s->ts_ok = s->sack_ok = s->ws_ok = false;
    s->sb_count = 0;
    s->high_rxt = s->iss;
    s->ts_recent = 0;
    s->fin_queued = s->rx_fin = s->rx_fin_ooo = false;
    tcp_rx_clear(s);
    s->tx_head = s->tx_len = 0; /* nothing of an earlier connection is left */
    s->backoff = 0;
    s->keep_sent = 0;
    s->segs_unacked = 0;
    s->arp_failed = false;
    s->mss = NET_TCP_DEFAULT_MSS;
    s->opened_at = now;
    tcp_rtt_init(s, &s->tcp->cfg);
    memset(&s->counters, 0, sizeof s->counters);
}

void net_tcp_socket_init(struct net_tcp_socket *s, struct net_tcp *tcp, uint8_t *rx_buf,
                         size_t rx_size, uint8_t *tx_buf, size_t tx_size)
{
    memset(s, 0, sizeof *s);
    s->tcp = tcp;
    s->rx_buf = rx_buf;
    s->rx_size = (uint32_t)(rx_size > (1u << 30) ? (1u << 30) : rx_size);
    s->tx_buf = tx_buf;
    s->tx_size = (uint32_t)(tx_size > (1u << 30) ? (1u << 30) : tx_size);
    s->state = NET_TCP_CLOSED; /* keepalive's values: net_tcp_set_keepalive sets them all */
}

static bool unicast(net_ip4 a)
{
    return a != 0 && a != NET_IP4_BROADCAST && !net_ip4_is_multicast(a) && (a >> 24) != 127;
}

enum net_err net_tcp_connect(struct net_tcp_socket *s, const struct net_endpoint *remote,
                             uint16_t local_port)
{
    struct net_tcp *tcp = s->tcp;
    struct net_iface *iface = tcp->iface;
    if (s->state != NET_TCP_CLOSED || remote->port == 0 || !unicast(remote->addr))
        return NET_ERR_INVALID;
    net_ip4 addr = net_iface_ipv4(iface);
    if (addr == 0)
        return NET_ERR_NO_ROUTE;
    struct net_endpoint local = {addr, local_port};
    if (local_port == 0) {
        /* RFC 6056 3.3.1: a random port of the dynamic range, one not in use */
        uint32_t span = 65536u - NET_EPHEMERAL_FIRST;
        int i = 0;
        for (; i < NET_TCP_EPHEMERAL_TRIES; i++) {
            local.port = (uint16_t)(NET_EPHEMERAL_FIRST + net_iface_random(iface) % span);
            if (!tcp_port_in_use(tcp, local.port))
                break;
        }
        if (i == NET_TCP_EPHEMERAL_TRIES)
            return NET_ERR_IN_USE;
    } else if (tcp_tuple_in_use(tcp, &local, remote)) {
        return NET_ERR_IN_USE;
    }
    uint64_t now = tcp->last_now;
    s->passive = false;
    s->local = local;
    s->remote = *remote;
    tcp_isn(s, now);
    tcp_conn_reset(s, now);
    s->rcv_wscale = tcp_our_wscale(s);
    uint32_t mtu_mss = (uint32_t)net_iface_ip_mtu(iface) - NET_TCP_HDR_LEN;
    s->mss = (uint16_t)tcp_min32(mtu_mss, NET_TCP_DEFAULT_MSS);
    tcp_cc_init(s);
    s->state = NET_TCP_SYN_SENT;
    tcp_link(tcp, s);
    tcp->counters.conn_active++;
    return NET_OK;
}

bool net_tcp_may_send(const struct net_tcp_socket *s)
{
    switch (s->state) {
    case NET_TCP_SYN_SENT:
    case NET_TCP_SYN_RECEIVED:
    case NET_TCP_ESTABLISHED:
    case NET_TCP_CLOSE_WAIT:
        return !s->fin_queued;
    default:
        return false;
    }
}

size_t net_tcp_send_space(const struct net_tcp_socket *s)
{
    return net_tcp_may_send(s) ? s->tx_size - s->tx_len : 0;
}

size_t net_tcp_send_queued(const struct net_tcp_socket *s)
{
    return s->tx_len;
}

uint8_t *net_tcp_send_buffer(struct net_tcp_socket *s, size_t *len)
{
    size_t space = net_tcp_send_space(s);
    if (space == 0) {
        *len = 0;
        return NULL;
    }
    uint32_t pos = s->tx_head + s->tx_len;
    if (pos >= s->tx_size)
        pos -= s->tx_size;
    size_t contiguous = s->tx_size - pos;
    *len = space < contiguous ? space : contiguous;
    return s->tx_buf + pos;
}

void net_tcp_send_commit(struct net_tcp_socket *s, size_t len)
{
    size_t space = net_tcp_send_space(s);
    s->tx_len += (uint32_t)(len < space ? len : space);
}

size_t net_tcp_send(struct net_tcp_socket *s, const void *data, size_t len)
{
    const uint8_t *p = data;
    size_t done = 0;
    while (done < len) {
        size_t room;
        uint8_t *dst = net_tcp_send_buffer(s, &room);
        if (!dst)
            break;
        size_t n = len - done < room ? len - done : room;
        memcpy(dst, p + done, n);
        s->tx_len += (uint32_t)n;
        done += n;
    }
    return done;
}

size_t net_tcp_recv_available(const struct net_tcp_socket *s)
{
    return s->rx_len;
}

const uint8_t *net_tcp_recv_peek(const struct net_tcp_socket *s, size_t *len)
{
    if (s->rx_len == 0) {
        *len = 0;
        return NULL;
    }
    uint32_t contiguous = s->rx_size - s->rx_head;
    *len = s->rx_len < contiguous ? s->rx_len : contiguous;
    return s->rx_buf + s->rx_head;
}

void net_tcp_recv_consume(struct net_tcp_socket *s, size_t len)
{
    if (len > s->rx_len)
        len = s->rx_len;
    if (len == 0)
        return;
    s->rx_len -= (uint32_t)len;
    s->rx_head += (uint32_t)len;
    if (s->rx_head >= s->rx_size)
        s->rx_head -= s->rx_size;
    if (s->rx_len == 0 && s->ooo_count == 0)
        s->rx_head = 0; /* empty: the next segment lands in one piece */
    if (!tcp_synchronized(s->state) || s->rx_fin)
        return;
    /* Window update (RFC 9293 3.8.6.2.2): only when the window grows by a useful amount past what
     * was offered, or reopens from (nearly) closed, so a slow reader does not invite runts */
    uint32_t edge = s->rcv_nxt + tcp_rcv_window(s);
    uint32_t grow = seq_gt(edge, s->rcv_adv) ? edge - s->rcv_adv : 0;
    uint32_t offered = seq_gt(s->rcv_adv, s->rcv_nxt) ? s->rcv_adv - s->rcv_nxt : 0;
    uint32_t wnd = edge - s->rcv_nxt;
    uint32_t step = tcp_min32(s->rx_size / 2, 2u * s->mss);
    uint32_t useful = tcp_min32(s->rx_size / 2, s->mss);
    if (grow >= step || (offered < useful && wnd >= useful && grow > 0))
        s->ack_now = true;
}

size_t net_tcp_recv(struct net_tcp_socket *s, void *buf, size_t cap)
{
    uint8_t *p = buf;
    size_t done = 0;
    while (done < cap) {
        size_t n;
        const uint8_t *src = net_tcp_recv_peek(s, &n);
        if (!src)
            break;
        if (n > cap - done)
            n = cap - done;
        memcpy(p + done, src, n);
        net_tcp_recv_consume(s, n);
        done += n;
    }
    return done;
}

bool net_tcp_eof(const struct net_tcp_socket *s)
{
    if (s->rx_len)
        return false;
    return s->rx_fin || s->state == NET_TCP_CLOSED;
}

void net_tcp_close(struct net_tcp_socket *s)
{
    switch (s->state) {
    case NET_TCP_LISTEN:
    case NET_TCP_SYN_SENT:
        closed_by_app(s, NET_TCP_ERR_NONE);
        break;
    case NET_TCP_SYN_RECEIVED:
        s->fin_queued = true; /* FIN_WAIT_1 once the handshake completes */
        break;
    case NET_TCP_ESTABLISHED:
        s->fin_queued = true;
        s->state = NET_TCP_FIN_WAIT_1;
        break;
    case NET_TCP_CLOSE_WAIT:
        s->fin_queued = true;
        s->state = NET_TCP_LAST_ACK;
        break;
    default:
        break;
    }
}

void net_tcp_abort(struct net_tcp_socket *s)
{
    switch (s->state) {
    case NET_TCP_CLOSED:
        return;
    case NET_TCP_SYN_RECEIVED:
    case NET_TCP_ESTABLISHED:
    case NET_TCP_FIN_WAIT_1:
    case NET_TCP_FIN_WAIT_2:
    case NET_TCP_CLOSE_WAIT:
        tcp_send_rst(s, s->tcp->last_now);
        break;
    default:
        break;
    }
    closed_by_app(s, NET_TCP_ERR_ABORTED);
}

enum net_tcp_state net_tcp_state(const struct net_tcp_socket *s)
{
    return (enum net_tcp_state)s->state;
}

enum net_tcp_error net_tcp_error(const struct net_tcp_socket *s)
{
    return (enum net_tcp_error)s->error;
}

bool net_tcp_is_established(const struct net_tcp_socket *s)
{
    return s->state == NET_TCP_ESTABLISHED || s->state == NET_TCP_CLOSE_WAIT;
}

struct net_endpoint net_tcp_local(const struct net_tcp_socket *s)
{
    return s->local;
}

struct net_endpoint net_tcp_remote(const struct net_tcp_socket *s)
{
    return s->remote;
}

void net_tcp_set_waker(struct net_tcp_socket *s, net_waker_fn fn, void *ctx)
{
    s->waker.fn = fn;
    s->waker.ctx = ctx;
}

void net_tcp_set_nodelay(struct net_tcp_socket *s, bool nodelay)
{
    s->nodelay = nodelay;
}

void net_tcp_set_delayed_ack(struct net_tcp_socket *s, bool on)
{
    s->quickack = !on;
}

void net_tcp_set_keepalive(struct net_tcp_socket *s, bool on, uint32_t idle_us,
                           uint32_t interval_us, uint8_t probes)
{
    const struct net_tcp_config *cfg = &s->tcp->cfg;
    s->tcp->keepalive = &tcp_keepalive_ops;
    s->keepalive = on;
    s->keep_idle_us = idle_us ? idle_us : cfg->keepalive_idle_us;
    s->keep_interval_us = interval_us ? interval_us : cfg->keepalive_interval_us;
    s->keep_probes = probes ? probes : cfg->keepalive_probes;
    tcp_keepalive_ops.touch(s, s->tcp->last_now); /* off: keep_at 0 */
}

void net_tcp_set_user_timeout(struct net_tcp_socket *s, uint32_t timeout_us)
{
    s->user_timeout_us = timeout_us;
}

const struct net_tcp_socket_counters *net_tcp_socket_counters(const struct net_tcp_socket *s)
{
    return &s->counters;
}

static const char *const state_names[NET_TCP_STATE_COUNT] = {
    "CLOSED",     "LISTEN",     "SYN-SENT",   "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1",
    "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING",    "LAST-ACK",     "TIME-WAIT",
};

const char *net_tcp_state_str(enum net_tcp_state state)
{
    return (unsigned)state < NET_TCP_STATE_COUNT ? state_names[state] : "?";
}

static const char *const error_names[NET_TCP_ERR_COUNT] = {
    "none", "refused", "reset", "timeout", "keepalive timeout", "no route", "aborted",
};

const char *net_tcp_error_str(enum net_tcp_error err)
{
    return (unsigned)err < NET_TCP_ERR_COUNT ? error_names[err] : "?";
}
