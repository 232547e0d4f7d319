/* A segment against a socket that is not listening: RFC 9293 3.10.7.3 (SYN-SENT) and 3.10.7.4
 * (every other state), in the RFC's order: sequence number (after PAWS, RFC 7323 5.3), RST (RFC
 * 5961 3.2), SYN (RFC 5961 4.2), ACK (with RFC 5961 5.2's range), segment text, FIN. Whatever the
 * segment calls for (an ACK, data the new window lets out) leaves at the end, through output. */
#include "tcp_internal.h"

static void challenge_ack(struct net_tcp_socket *s, uint64_t now)
{
    if (tcp_challenge_allowed(s->tcp, now)) {
        s->ack_now = true;
        s->counters.challenge_acks++;
    }
}

/* RFC 9293 3.4's acceptability test (plus a segment that covers the whole window). */
static bool acceptable(uint32_t seq, uint32_t len, uint32_t rcv_nxt, uint32_t wnd)
{
    uint32_t end = rcv_nxt + wnd;
    if (len == 0)
        return wnd == 0 ? seq == rcv_nxt : seq_in(seq, rcv_nxt, end);
    if (wnd == 0)
        return false;
    uint32_t last = seq + len - 1;
    return seq_in(seq, rcv_nxt, end) || seq_in(last, rcv_nxt, end) ||
           (seq_lt(seq, rcv_nxt) && seq_geq(last, end));
}

static void peer_options(struct net_tcp_socket *s, const struct net_tcp_repr *seg)
{
    uint32_t mtu_mss = (uint32_t)net_iface_ip_mtu(s->tcp->iface) - NET_TCP_HDR_LEN;
    uint32_t peer_mss = seg->mss ? seg->mss : NET_TCP_DEFAULT_MSS;
    s->mss = (uint16_t)tcp_max32(tcp_min32(peer_mss, mtu_mss), TCP_MIN_MSS);
    s->ws_ok = seg->has_wscale;
    s->snd_wscale = s->ws_ok ? seg->wscale : 0;
    if (!s->ws_ok)
        s->rcv_wscale = 0; /* we offered one, the peer did not: no scaling either way */
    s->sack_ok = seg->sack_permitted && s->tcp->sack;
    s->ts_ok = seg->has_timestamp;
    if (s->ts_ok)
        s->ts_recent = seg->ts_val;
}

void tcp_take_syn(struct net_tcp_socket *s, const struct net_tcp_repr *seg)
{
    s->irs = seg->seq;
    s->rcv_nxt = seg->seq + 1; /* data in a SYN is not taken: the peer sends it again */
    s->rcv_adv = s->rcv_nxt;
    peer_options(s, seg);
    s->snd_wnd = seg->window; /* a SYN's window is never scaled (RFC 7323 2.2) */
    s->max_snd_wnd = s->snd_wnd;
    s->snd_wl1 = seg->seq;
    s->snd_wl2 = seg->ack;
    tcp_cc_init(s);
}

static void syn_sent_input(struct net_tcp_socket *s, uint64_t now, const struct net_tcp_repr *seg)
{
    struct net_tcp *tcp = s->tcp;
    uint8_t f = seg->flags;
    if (f & NET_TCP_ACK) {
        if (seq_leq(seg->ack, s->iss) || seq_gt(seg->ack, s->snd_max)) {
            tcp_reply_rst(tcp, now, s->remote.addr, seg);
            return;
        }
    }
    if (f & NET_TCP_RST) {
        /* RFC 5961 3.2: in SYN-SENT a RST counts only if it acknowledges our SYN */
        if (f & NET_TCP_ACK)
            tcp_closed(s, NET_TCP_ERR_REFUSED);
        return;
    }
    if (!(f & NET_TCP_SYN))
        return;
    tcp_take_syn(s, seg);
    if (f & NET_TCP_ACK) {
        if (s->rtt_timing)
            tcp_rtt_sample(s, (uint32_t)(now - s->rtt_start), &tcp->cfg);
        s->rtt_timing = false;
        s->snd_una = seg->ack;
        s->backoff = 0;
        s->rtx_at = 0;
        s->stall_since = 0;
        tcp_set_state(s, NET_TCP_ESTABLISHED);
        s->wake |= NET_EV_TX;
        tcp_keepalive_touch(s, now);
        s->ack_now = true;
    } else {
        /* simultaneous open (RFC 9293 figure 8): answer with SYN-ACK, our SYN again */
        tcp_set_state(s, NET_TCP_SYN_RECEIVED);
        s->rtt_timing = false;
        s->snd_nxt = s->iss;
    }
}

static void reset(struct net_tcp_socket *s)
{
    switch (s->state) {
    case NET_TCP_SYN_RECEIVED:
        if (s->passive)
            s->tcp->listen->relisten(s);
        else
            tcp_closed(s, NET_TCP_ERR_REFUSED);
        return;
    case NET_TCP_ESTABLISHED:
    case NET_TCP_FIN_WAIT_1:
    case NET_TCP_FIN_WAIT_2:
    case NET_TCP_CLOSE_WAIT:
        s->tcp->counters.conn_reset++;
        tcp_closed(s, NET_TCP_ERR_RESET);
        return;
    default: /* CLOSING, LAST-ACK, TIME-WAIT: the peer only confirms the end */
        tcp_closed(s, NET_TCP_ERR_NONE);
        return;
    }
}

/* SND.UNA moves to ack: release what is acknowledged, time it, grow the window. */
static void new_ack(struct net_tcp_socket *s, uint64_t now, uint32_t ack)
{
    struct net_tcp *tcp = s->tcp;
    uint32_t acked = ack - s->snd_una;
    if (s->rtt_timing && seq_gt(ack, s->rtt_seq)) {
        tcp_rtt_sample(s, (uint32_t)(now - s->rtt_start), &tcp->cfg);
        s->rtt_timing = false;
    }
    uint32_t data = seq_gt(ack, s->tx_seq) ? ack - s->tx_seq : 0;
    if (data > s->tx_len)
        data = s->tx_len; /* the rest acknowledges our FIN */
    if (data) {
        tcp_tx_release(s, data);
        s->wake |= NET_EV_TX;
    }
    bool syn_only = s->snd_una == s->iss && acked == 1;
    s->snd_una = ack;
    if (seq_lt(s->high_rxt, ack))
        s->high_rxt = ack;
    if (seq_lt(s->snd_nxt, ack))
        s->snd_nxt = ack; /* after a go-back, the peer had more than we resent */
    s->backoff = 0;
    s->persist = false;
    if (!syn_only)
        tcp_cc_new_ack(s, ack, acked);
    if (ack == s->snd_max) {
        s->rtx_at = 0; /* RFC 6298 5.2 */
        s->stall_since = 0;
        s->rexmit = false;
    } else {
        s->stall_since = now;
        tcp_arm_rtx(s, now); /* 5.3 */
    }
}

enum ack_result { ACK_GO_ON, ACK_DROP, ACK_GONE };

static enum ack_result process_ack(struct net_tcp_socket *s, uint64_t now,
                                   const struct net_tcp_repr *seg)
{
    struct net_tcp *tcp = s->tcp;
    uint32_t ack = seg->ack;
    if (s->state == NET_TCP_SYN_RECEIVED) {
        if (!seq_lt(s->snd_una, ack) || seq_gt(ack, s->snd_max)) {
            tcp_reply_rst(tcp, now, s->remote.addr, seg);
            return ACK_DROP;
        }
        /* the handshake is complete */
        s->snd_wnd = (uint32_t)seg->window << s->snd_wscale;
        s->max_snd_wnd = tcp_max32(s->max_snd_wnd, s->snd_wnd);
        s->snd_wl1 = seg->seq;
        s->snd_wl2 = ack;
        tcp_set_state(s, s->fin_queued ? NET_TCP_FIN_WAIT_1 : NET_TCP_ESTABLISHED);
        if (s->passive)
            tcp->counters.conn_passive++;
        s->wake |= NET_EV_TX;
        tcp_keepalive_touch(s, now);
    }
    /* RFC 5961 5.2: SND.UNA - MAX.SND.WND <= SEG.ACK <= SND.NXT, else ACK back and drop */
    if (seq_gt(ack, s->snd_max) || seq_lt(ack, s->snd_una - s->max_snd_wnd)) {
        challenge_ack(s, now);
        return ACK_DROP;
    }
    uint32_t wnd = (uint32_t)seg->window << s->snd_wscale;
    if (seq_gt(ack, s->snd_una)) {
        new_ack(s, now, ack);
    } else if (ack == s->snd_una && seg->payload_len == 0 &&
               !(seg->flags & (NET_TCP_SYN | NET_TCP_FIN)) && wnd == s->snd_wnd &&
               s->snd_max != s->snd_una) {
        /* a duplicate ACK (RFC 5681 2) */
        tcp->counters.rx_dup_acks++;
        s->counters.rx_dup_acks++;
        tcp_cc_dup_ack(s);
    }
    if (s->sack_ok)
        tcp->sack->ack(s, seg);
    if (seq_lt(s->snd_wl1, seg->seq) || (s->snd_wl1 == seg->seq && seq_leq(s->snd_wl2, ack))) {
        s->snd_wnd = wnd;
        s->snd_wl1 = seg->seq;
        s->snd_wl2 = ack;
        if (wnd > s->max_snd_wnd)
            s->max_snd_wnd = wnd;
        if (s->persist && wnd > 0) {
            /* the window opened: the output sends at once, the timer is done */
            s->persist = false;
            s->rtx_at = 0;
            s->backoff = 0;
            if (s->snd_una != s->snd_max)
                tcp_arm_rtx(s, now);
        }
    }
    if (s->snd_wnd == 0 && s->stall_since)
        s->stall_since = now; /* a peer that answers with a closed window is alive */

    bool fin_acked = s->fin_queued && s->snd_una == tcp_data_end(s) + 1;
    if (fin_acked) {
        switch (s->state) {
        case NET_TCP_FIN_WAIT_1:
            tcp_set_state(s, NET_TCP_FIN_WAIT_2);
            s->keep_at = 0;
            break;
        case NET_TCP_CLOSING:
            tcp_enter_time_wait(s, now);
            break;
        case NET_TCP_LAST_ACK:
            tcp_closed(s, NET_TCP_ERR_NONE);
            return ACK_GONE;
        default:
            break;
        }
    }
    return ACK_GO_ON;
}

static void apply_fin(struct net_tcp_socket *s, uint64_t now)
{
    s->rcv_nxt++;
    s->ooo_count = 0; /* anything kept beyond the FIN was never part of the stream */
    s->rx_fin = true;
    s->rx_fin_ooo = false;
    s->ack_now = true;
    s->wake |= NET_EV_RX;
    switch (s->state) {
    case NET_TCP_ESTABLISHED:
        tcp_set_state(s, NET_TCP_CLOSE_WAIT);
        break;
    case NET_TCP_FIN_WAIT_1:
        tcp_set_state(s, NET_TCP_CLOSING); /* simultaneous close */
        break;
    case NET_TCP_FIN_WAIT_2:
        tcp_enter_time_wait(s, now);
        break;
    default:
        break;
    }
}

/* Segment text and FIN, trimmed to what is new and fits (RFC 9293 3.10.7.4 seventh, eighth). */
static void process_text(struct net_tcp_socket *s, uint64_t now, const struct net_tcp_repr *seg)
{
    struct net_tcp *tcp = s->tcp;
    uint32_t seq = seg->seq;
    const uint8_t *data = seg->payload;
    uint32_t len = (uint32_t)seg->payload_len;
    bool fin = (seg->flags & NET_TCP_FIN) != 0;
    if (s->state == NET_TCP_TIME_WAIT) {
        if (fin) {
            s->ack_now = true; /* the peer's FIN again: acknowledge, wait 2 MSL again */
            s->rtx_at = now + 2ull * tcp->cfg.msl_us;
        }
        return;
    }
    if (s->rx_fin)
        return; /* after the peer's FIN nothing more can come (CLOSE-WAIT, CLOSING, LAST-ACK) */
    if (seq_lt(seq, s->rcv_nxt)) {
        uint32_t dup = s->rcv_nxt - seq;
        if (dup > len) {
            len = 0;
            fin = false;
        } else {
            data += dup;
            len -= dup;
        }
        seq = s->rcv_nxt;
    }
    uint32_t room = tcp_rcv_window(s);
    uint32_t off = seq - s->rcv_nxt;
    if (off + len > room) {
        len = off < room ? room - off : 0;
        fin = false;
        s->ack_now = true;
    }
    enum tcp_rx_result r = TCP_RX_IN_ORDER;
    if (len) {
        uint32_t before = s->rcv_nxt;
        r = tcp_rx_data(s, seq, data, len); /* counts what it kept or dropped out of order */
        if (s->rcv_nxt != before) {
            s->wake |= NET_EV_RX;
            s->counters.rx_bytes += s->rcv_nxt - before;
        }
        if (r == TCP_RX_IN_ORDER && !s->quickack && ++s->segs_unacked < 2) {
            if (!s->ack_at)
                s->ack_at = now + tcp->cfg.delayed_ack_us;
        } else {
            /* every second segment at least (3.8.6.3); at once for one that fills a hole (RFC
             * 5681 4.2) or lands beyond one (a duplicate ACK, with SACK blocks if any) */
            s->ack_now = true;
        }
    }
    if (fin) {
        uint32_t fin_seq = seq + len;
        if (fin_seq == s->rcv_nxt) {
            apply_fin(s, now);
            return;
        }
        if (r == TCP_RX_OOO || (len == 0 && seq_gt(fin_seq, s->rcv_nxt))) {
            s->rx_fin_ooo = true;
            s->rx_fin_seq = fin_seq;
        }
    }
    if (s->rx_fin_ooo && s->rx_fin_seq == s->rcv_nxt)
        apply_fin(s, now);
}

bool tcp_socket_input(struct net_tcp_socket *s, uint64_t now, struct net_tcp_repr *seg)
{
    struct net_tcp *tcp = s->tcp;
    s->counters.rx_segs++;
    if (s->state == NET_TCP_SYN_SENT) {
        syn_sent_input(s, now, seg);
        if (s->state != NET_TCP_CLOSED)
            tcp_output(s, now);
        return false;
    }
    uint8_t f = seg->flags;
    if (s->state == NET_TCP_TIME_WAIT && tcp->listen &&
        (f & (NET_TCP_SYN | NET_TCP_ACK | NET_TCP_RST)) == NET_TCP_SYN &&
        tcp->listen->time_wait_syn(s, seg))
        return true; /* a new incarnation of the connection, for a listening socket */
    if (s->state == NET_TCP_SYN_RECEIVED && (f & NET_TCP_SYN) && seg->seq == s->irs) {
        if (!(f & NET_TCP_ACK)) {
            s->ack_now = true; /* its SYN again: our SYN-ACK was lost, send it again */
            goto out;
        }
        /* simultaneous open: the peer's SYN-ACK; its SYN we have, the rest is news */
        f &= (uint8_t)~NET_TCP_SYN;
        seg->flags = f;
        seg->seq++;
    }
    if (s->ts_ok && seg->has_timestamp && !(f & NET_TCP_RST) &&
        seq_lt(seg->ts_val, s->ts_recent)) {
        tcp->counters.rx_paws++; /* RFC 7323 5.3: an old duplicate */
        s->ack_now = true;
        goto out;
    }

    uint32_t wnd = tcp_rcv_window(s);
    if (seq_gt(s->rcv_adv, s->rcv_nxt + wnd))
        wnd = s->rcv_adv - s->rcv_nxt; /* what we offered counts, even if rounding gave more */
    bool ack_only = false;
    if (!acceptable(seg->seq, net_tcp_seq_len(seg), s->rcv_nxt, wnd)) {
        tcp->counters.rx_out_of_window++;
        s->counters.rx_out_of_window++;
        if (f & NET_TCP_RST)
            return false; /* RFC 5961 3.2: out of window, silently dropped */
        if (s->state == NET_TCP_TIME_WAIT && (f & NET_TCP_FIN))
            s->rtx_at = now + 2ull * tcp->cfg.msl_us; /* its FIN again: wait 2 MSL again */
        uint32_t end = seg->seq + net_tcp_seq_len(seg);
        if ((wnd == 0 && seg->seq == s->rcv_nxt) ||
            (seq_leq(end, s->rcv_nxt) && !(f & NET_TCP_SYN) && (f & NET_TCP_ACK))) {
            /* A closed window still takes ACKs (3.10.7.4); and so does an old duplicate, as
             * BSD does: a peer that went back after a timeout numbers its ACKs below RCV.NXT,
             * and ignoring what they acknowledge could stall both directions */
            ack_only = true;
            s->ack_now = true;
        } else {
            s->ack_now = true;
            goto out;
        }
    }
    if (f & NET_TCP_RST) {
        if (seg->seq == s->rcv_nxt) {
            reset(s);
            return false;
        }
        challenge_ack(s, now); /* RFC 5961 3.2: in the window but not exact */
        goto out;
    }
    if (f & NET_TCP_SYN) {
        challenge_ack(s, now); /* RFC 5961 4.2 */
        goto out;
    }
    if (!(f & NET_TCP_ACK))
        goto out;
    if (s->ts_ok && seg->has_timestamp && seq_leq(seg->seq, s->last_ack_sent))
        s->ts_recent = seg->ts_val; /* RFC 7323 4.3 */
    tcp_keepalive_touch(s, now);

    switch (process_ack(s, now, seg)) {
    case ACK_GONE:
        return false;
    case ACK_DROP:
        goto out;
    case ACK_GO_ON:
        break;
    }
    if (!ack_only || (seq_leq(s->rcv_nxt, seg->seq) && seg->payload_len == 0))
        if (seg->payload_len || (f & NET_TCP_FIN))
            process_text(s, now, seg); /* (a FIN needs no room in a closed window) */
out:
    tcp_output(s, now);
    return false;
}
