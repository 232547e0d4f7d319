/* A socket's timers, as deadlines in now_us (0: off):
 *   rtx_at   retransmission (RFC 6298), or the zero-window probe (persist, RFC 9293 3.8.6.1),
 *            or the end of TIME_WAIT (2 MSL): never two of these at once
 *   ack_at   delayed ACK (RFC 9293 3.8.6.3)
 *   keep_at  keepalive (RFC 9293 3.8.4)
 * and the user timeout (RFC 5482), checked when the retransmission timer fires: data that has
 * waited for its ACK longer than that ends the connection. */
#include "tcp_internal.h"

uint32_t tcp_current_rto(const struct net_tcp_socket *s)
{
    uint32_t max = s->tcp->cfg.rto_max_us;
    uint64_t rto = s->rto;
    for (uint8_t i = 0; i < s->backoff && rto < max; i++)
        rto *= 2;
    return rto > max ? max : (uint32_t)rto;
}

static uint32_t user_timeout(const struct net_tcp_socket *s)
{
    return s->user_timeout_us ? s->user_timeout_us : s->tcp->cfg.user_timeout_us;
}

void tcp_arm_rtx(struct net_tcp_socket *s, uint64_t now)
{
    s->rtx_at = now + tcp_current_rto(s);
    /* the user timeout ends the connection at its time, not at the next backed-off RTO */
    if (s->stall_since && !s->persist) {
        uint64_t limit = s->stall_since + user_timeout(s);
        if (limit < s->rtx_at)
            s->rtx_at = limit > now ? limit : now;
    }
}

void tcp_enter_time_wait(struct net_tcp_socket *s, uint64_t now)
{
    tcp_set_state(s, NET_TCP_TIME_WAIT);
    s->rtx_at = now + 2ull * s->tcp->cfg.msl_us;
    s->persist = false;
    s->ack_at = 0;
    s->keep_at = 0;
    s->rexmit = false;
}

static void give_up(struct net_tcp_socket *s, uint64_t now, enum net_tcp_error err)
{
    s->tcp->counters.conn_timeout++;
    if (tcp_synchronized(s->state))
        tcp_send_rst(s, now); /* tell a peer that is still there, if it can hear us */
    tcp_closed(s, err);
}

static void handshake_timeout(struct net_tcp_socket *s, uint64_t now)
{
    const struct net_tcp_config *cfg = &s->tcp->cfg;
    uint8_t limit = s->state == NET_TCP_SYN_SENT ? cfg->syn_retries : cfg->synack_retries;
    if (s->backoff >= limit) {
        if (s->state == NET_TCP_SYN_RECEIVED && s->passive) {
            s->tcp->listen->relisten(s);
            return;
        }
        s->tcp->counters.conn_timeout++;
        tcp_closed(s, s->arp_failed ? NET_TCP_ERR_NO_ROUTE : NET_TCP_ERR_TIMEOUT);
        return;
    }
    s->backoff++;
    s->tcp->counters.rto_expired++;
    s->counters.rto_expired++;
    s->rtt_timing = false;
    s->snd_nxt = s->iss; /* the next output sends the SYN again */
    tcp_arm_rtx(s, now);
}

static void persist_timeout(struct net_tcp_socket *s, uint64_t now)
{
    if (s->snd_wnd == 0) {
        if (tcp_send_probe(s, now)) {
            s->tcp->counters.zero_window_probes++;
            s->counters.zero_window_probes++;
        }
    } else {
        s->force = true; /* a window too small for a full segment: send what fits */
    }
    if (s->backoff < 16)
        s->backoff++;
    s->persist = true;
    tcp_arm_rtx(s, now);
}

static void retransmission_timeout(struct net_tcp_socket *s, uint64_t now)
{
    if (s->snd_una == s->snd_max)
        return; /* everything was acknowledged meanwhile */
    if (s->stall_since && now - s->stall_since >= user_timeout(s)) {
        give_up(s, now, NET_TCP_ERR_TIMEOUT);
        return;
    }
    s->tcp->counters.rto_expired++;
    s->counters.rto_expired++;
    if (s->snd_wnd == 0) {
        /* the peer closed its window on data in flight: probe it, do not count it as loss */
        persist_timeout(s, now);
        return;
    }
    /* RFC 6298 5.5-5.7: back off and send the oldest segment again; RFC 5681: one segment */
    tcp_cc_timeout(s);
    if (s->backoff < 16)
        s->backoff++;
    s->rtt_timing = false;
    s->rexmit = false;
    s->snd_nxt = s->snd_una; /* go back: the output resends from the first hole */
    tcp_arm_rtx(s, now);
}

bool tcp_timers(struct net_tcp_socket *s, uint64_t now)
{
    bool fired = false;
    if (s->rtx_at && now >= s->rtx_at) {
        s->rtx_at = 0;
        fired = true;
        switch (s->state) {
        case NET_TCP_TIME_WAIT:
            tcp_closed(s, NET_TCP_ERR_NONE);
            return true;
        case NET_TCP_SYN_SENT:
        case NET_TCP_SYN_RECEIVED:
            handshake_timeout(s, now);
            break;
        default:
            if (s->persist)
                persist_timeout(s, now);
            else
                retransmission_timeout(s, now);
            break;
        }
        if (s->state == NET_TCP_CLOSED || s->state == NET_TCP_LISTEN)
            return true;
    }
    if (s->ack_at && now >= s->ack_at) {
        s->ack_at = 0;
        s->ack_now = true;
        fired = true;
    }
    if (s->keep_at && now >= s->keep_at) {
        s->keep_at = 0;
        fired = true;
        s->tcp->keepalive->timeout(s, now); /* armed only by a socket that turned it on */
    }
    return fired;
}

/* Keepalive (RFC 9293 3.8.4), reached through tcp->keepalive, installed by
 * net_tcp_set_keepalive(): an image that never turns it on links none of it. */
static void keepalive_touch(struct net_tcp_socket *s, uint64_t now)
{
    s->keep_sent = 0;
    if (s->keepalive && (s->state == NET_TCP_ESTABLISHED || s->state == NET_TCP_CLOSE_WAIT))
        s->keep_at = now + s->keep_idle_us;
    else
        s->keep_at = 0;
}

static void keepalive_timeout(struct net_tcp_socket *s, uint64_t now)
{
    if (s->snd_una != s->snd_max) {
        keepalive_touch(s, now); /* data in flight: retransmissions watch the peer */
        return;
    }
    if (s->keep_sent >= s->keep_probes) {
        give_up(s, now, NET_TCP_ERR_KEEPALIVE);
        return;
    }
    if (tcp_send_probe(s, now)) {
        s->keep_sent++;
        s->tcp->counters.keepalive_probes++;
    }
    s->keep_at = now + s->keep_interval_us;
}

const struct tcp_keepalive_ops tcp_keepalive_ops = {keepalive_touch, keepalive_timeout};
