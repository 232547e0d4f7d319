/* What leaves a socket. Each segment is written straight into the device's transmit buffer
 * (net_iface_ip_begin): header and options, payload copied once out of the send ring, checksum
 * over the contiguous segment. Decisions (how much, whether to wait) are in next_segment(), which
 * tcp_wants_output() shares so the poll deadline never promises output that would not happen. */
#include <string.h>

#include "tcp_internal.h"

uint8_t tcp_our_wscale(const struct net_tcp_socket *s)
{
    /* the smallest shift that lets the window field say the whole buffer */
    uint8_t ws = 0;
    while (ws < NET_TCP_MAX_WSCALE && (s->rx_size >> ws) > 0xFFFFu)
        ws++;
    return ws;
}

uint32_t tcp_rcv_window(const struct net_tcp_socket *s)
{
    uint32_t room = s->rx_size - s->rx_len;
    uint32_t max = 0xFFFFu << s->rcv_wscale;
    return room < max ? room : max;
}

/* The window field, and the right edge it promises (never moved left: RFC 9293 3.8.6.2.2). */
static uint16_t window_field(struct net_tcp_socket *s, bool syn)
{
    uint32_t wnd = tcp_rcv_window(s);
    if (syn)
        return (uint16_t)(wnd > 0xFFFFu ? 0xFFFFu : wnd); /* never scaled in a SYN */
    uint32_t field = wnd >> s->rcv_wscale;
    uint32_t edge = s->rcv_nxt + (field << s->rcv_wscale);
    if (seq_lt(edge, s->rcv_adv)) {
        /* rounding by the scale would take back part of what was offered */
        uint32_t unit = (1u << s->rcv_wscale) - 1;
        field = (s->rcv_adv - s->rcv_nxt + unit) >> s->rcv_wscale;
        edge = s->rcv_nxt + (field << s->rcv_wscale);
    }
    s->rcv_adv = seq_max(s->rcv_adv, edge);
    return (uint16_t)field;
}

/* Sends one segment: seq, flags (ACK added when synchronized), `len` payload bytes read from the
 * send ring at seq. SYN segments carry the handshake options. Returns SEG_BLOCKED when the device
 * or ARP made it wait (the caller retries on a later poll); a segment that cannot leave at all
 * (no route, neighbour unreachable) counts as sent and lost: the timers deal with it. *len is
 * cut to what fits beside the options. */
enum tcp_seg_result tcp_send_segment(struct net_tcp_socket *s, uint64_t now, uint32_t seq,
                                     uint8_t flags, uint32_t *len)
{
    struct net_tcp *tcp = s->tcp;
    struct net_iface *iface = tcp->iface;
    bool syn = (flags & NET_TCP_SYN) != 0;
    struct net_tcp_repr r = {.src_port = s->local.port,
                             .dst_port = s->remote.port,
                             .seq = seq,
                             .flags = flags};
    if (s->state != NET_TCP_SYN_SENT) {
        r.flags |= NET_TCP_ACK;
        r.ack = s->rcv_nxt;
    }
    if (syn) {
        r.mss = (uint16_t)(net_iface_ip_mtu(iface) - NET_TCP_HDR_LEN);
        bool active = s->state == NET_TCP_SYN_SENT;
        /* offer everything in our SYN; in the SYN-ACK, only what the peer offered */
        if (active || s->ws_ok) {
            r.has_wscale = true;
            r.wscale = tcp_our_wscale(s);
        }
        r.sack_permitted = (active && tcp->sack) || s->sack_ok;
        if (active || s->ts_ok) {
            r.has_timestamp = true;
            r.ts_val = tcp_ts_now(s, now);
            r.ts_ecr = active ? 0 : s->ts_recent;
        }
    } else {
        if (s->ts_ok) {
            r.has_timestamp = true;
            r.ts_val = tcp_ts_now(s, now);
            r.ts_ecr = s->ts_recent;
        }
        if (s->sack_ok && s->ooo_count && (r.flags & NET_TCP_ACK))
            r.sack_count = (uint8_t)tcp->sack->blocks(s, r.sack, s->ts_ok ? 3 : NET_TCP_MAX_SACK);
    }
    if (!(flags & NET_TCP_RST))
        r.window = window_field(s, syn);
    size_t hlen = net_tcp_header_len(&r);
    /* RFC 6691: options come out of the MSS */
    uint32_t room = s->mss > hlen - NET_TCP_HDR_LEN ? s->mss - (uint32_t)(hlen - NET_TCP_HDR_LEN)
                                                      : 1u;
    if (*len > room) {
        *len = room;
        r.flags &= (uint8_t)~NET_TCP_FIN; /* the FIN goes with the last byte */
    }
    r.payload_len = *len;

    enum net_tx_result res = tcp_xmit(tcp, now, s->remote.addr, &r, s, seq - s->tx_seq);
    if (res != NET_TX_OK) {
        /* A half-open connection waits for its retransmission timer instead of asking again on
         * every poll: under a SYN flood from spoofed neighbours, those would keep the ARP cache
         * busy with addresses nobody answers for */
        bool half_open = s->state == NET_TCP_SYN_RECEIVED && s->passive;
        if (net_tx_retry_later(res) && !half_open) {
            s->tx_blocked = true;
            tcp->counters.tx_blocked++;
            return SEG_BLOCKED;
        }
        s->arp_failed = res == NET_TX_ARP_FAILED || res == NET_TX_NO_ROUTE;
        return SEG_SENT; /* lost on the way, as far as the timers know */
    }
    s->arp_failed = false;
    s->counters.tx_segs++;
    if (r.flags & NET_TCP_ACK) {
        s->ack_now = false;
        s->ack_at = 0;
        s->segs_unacked = 0;
        s->last_ack_sent = s->rcv_nxt;
    }
    return SEG_SENT;
}

/* Sequence space the segment [seq, seq + len (+ SYN/FIN)) takes: bookkeeping after sending it
 * from snd_nxt. */
static void advance(struct net_tcp_socket *s, uint64_t now, uint32_t seq, uint32_t span)
{
    bool fresh = seq_geq(seq, s->snd_max); /* never sent before */
    s->snd_nxt = seq + span;
    if (seq_gt(s->snd_nxt, s->snd_max)) {
        /* Karn: only a segment sent for the first time is timed */
        if (fresh && !s->rtt_timing) {
            s->rtt_timing = true;
            s->rtt_seq = seq;
            s->rtt_start = now;
        }
        s->snd_max = s->snd_nxt;
    } else {
        s->tcp->counters.retransmits++;
        s->counters.retransmits++;
    }
    if (s->stall_since == 0)
        s->stall_since = now;
    if (s->rtx_at == 0 || s->persist) {
        s->persist = false;
        tcp_arm_rtx(s, now);
    }
}

/* What to send next from snd_nxt: false when nothing may go now. */
static bool next_segment(const struct net_tcp_socket *s, uint32_t *len_out, bool *fin_out)
{
    uint32_t end = tcp_data_end(s);
    uint32_t unsent = seq_lt(s->snd_nxt, end) ? end - s->snd_nxt : 0;
    bool fin = s->fin_queued && seq_leq(s->snd_nxt, end);
    uint32_t wnd = tcp_cc_window(s);
    uint32_t in_flight = tcp_in_flight(s);
    uint32_t usable = wnd > in_flight ? wnd - in_flight : 0;
    uint32_t seg = tcp_seg_max(s);
    uint32_t len = tcp_min32(tcp_min32(unsent, seg), usable);
    if (len < unsent)
        fin = false;
    if (len == 0 && !fin)
        return false;
    if (len < seg && len < unsent && !s->force) {
        /* a runt only because the window is small: sender SWS avoidance (RFC 9293 3.8.6.2.1)
         * waits until a segment or half the largest window fits */
        if (len < s->max_snd_wnd / 2)
            return false;
    }
    if (len < seg && len == unsent && !fin && !s->nodelay && !s->force &&
        s->snd_max != s->snd_una && s->snd_nxt == s->snd_max) {
        /* Nagle (3.7.4): one runt in flight at a time */
        return false;
    }
    *len_out = len;
    *fin_out = fin;
    return true;
}

bool tcp_wants_output(const struct net_tcp_socket *s)
{
    switch (s->state) {
    case NET_TCP_SYN_SENT:
    case NET_TCP_SYN_RECEIVED:
        return s->snd_nxt == s->iss || s->ack_now;
    case NET_TCP_CLOSED:
    case NET_TCP_LISTEN:
        return false;
    case NET_TCP_TIME_WAIT:
        return s->ack_now;
    default:
        break;
    }
    uint32_t len;
    bool fin;
    return s->ack_now || s->rexmit || next_segment(s, &len, &fin);
}

void tcp_count_fast_retransmit(struct net_tcp_socket *s)
{
    s->tcp->counters.retransmits++;
    s->tcp->counters.fast_retransmits++;
    s->counters.retransmits++;
    s->counters.fast_retransmits++;
}

/* Fast retransmit / NewReno partial ACK: the first unacknowledged segment, snd_nxt untouched.
 * Only what was sent before (up to SND.MAX): bytes never sent belong to the output loop, which
 * accounts for them; sent from here the peer would acknowledge more than SND.MAX and every
 * later ACK of it would be refused. */
enum tcp_seg_result tcp_retransmit_first(struct net_tcp_socket *s, uint64_t now)
{
    uint32_t end = tcp_data_end(s);
    uint32_t sent_end = seq_lt(s->snd_max, end) ? s->snd_max : end;
    uint32_t avail = seq_lt(s->snd_una, sent_end) ? sent_end - s->snd_una : 0;
    uint32_t len = tcp_min32(avail, tcp_seg_max(s));
    uint8_t flags = 0;
    if (s->snd_una + len == end && s->fin_queued && seq_gt(s->snd_max, end))
        flags |= NET_TCP_FIN;
    if (len == 0 && !flags)
        return SEG_SENT; /* nothing left to repair */
    enum tcp_seg_result r = tcp_send_segment(s, now, s->snd_una, flags, &len);
    if (r == SEG_SENT) {
        s->rtt_timing = false; /* Karn: the timed segment may be this one */
        tcp_count_fast_retransmit(s);
    }
    return r;
}

static bool output_handshake(struct net_tcp_socket *s, uint64_t now)
{
    if (s->snd_nxt != s->iss) {
        bool again = s->ack_now && s->state == NET_TCP_SYN_RECEIVED;
        s->ack_now = false;
        if (!again)
            return false;
        s->snd_nxt = s->iss; /* a repeated SYN: answer with the SYN-ACK again */
    }
    uint32_t len = 0;
    if (tcp_send_segment(s, now, s->iss, NET_TCP_SYN, &len) == SEG_BLOCKED)
        return false;
    if (s->arp_failed && s->passive && s->state == NET_TCP_SYN_RECEIVED) {
        /* the SYN's sender does not answer ARP: a spoofed SYN, or a host gone; free the socket */
        s->tcp->counters.syn_unreachable++;
        s->tcp->listen->relisten(s);
        return true;
    }
    s->ack_now = false;
    advance(s, now, s->iss, 1);
    return true;
}

bool tcp_output(struct net_tcp_socket *s, uint64_t now)
{
    if (s->tx_blocked)
        return false;
    switch (s->state) {
    case NET_TCP_CLOSED:
    case NET_TCP_LISTEN:
        return false;
    case NET_TCP_SYN_SENT:
    case NET_TCP_SYN_RECEIVED:
        return output_handshake(s, now);
    default:
        break;
    }
    bool sent = false;
    if (s->in_recovery && s->sack_ok) {
        if (s->tcp->sack->recover(s, now, &sent) == SEG_BLOCKED)
            return sent;
    } else if (s->rexmit) {
        if (tcp_retransmit_first(s, now) == SEG_BLOCKED)
            return false;
        s->rexmit = false;
        sent = true;
    }
    if (s->state != NET_TCP_TIME_WAIT) {
        for (int burst = 0; burst < NET_TCP_TX_BURST; burst++) {
            uint32_t len;
            bool fin;
            if (!next_segment(s, &len, &fin))
                break;
            uint32_t seq = s->snd_nxt;
            uint32_t data_left = tcp_data_end(s) - seq;
            uint8_t flags = fin ? NET_TCP_FIN : 0;
            if (len && len == data_left)
                flags |= NET_TCP_PSH;
            if (tcp_send_segment(s, now, seq, flags, &len) == SEG_BLOCKED)
                return sent;
            bool fin_sent = fin && len == data_left;
            if (seq_gt(seq + len, s->snd_max)) /* the part never sent before */
                s->counters.tx_bytes += seq + len - seq_max(seq, s->snd_max);
            advance(s, now, seq, len + (fin_sent ? 1u : 0u));
            s->force = false;
            sent = true;
        }
    }
    if (s->ack_now && !sent) {
        /* SND.MAX, not SND.NXT: after a timeout rewound SND.NXT, a pure ACK numbered below what
         * the peer already has would be unacceptable there (RFC 9293 3.10.7.4) and its
         * acknowledgment ignored, which can stall both directions at once */
        uint32_t len = 0;
        if (tcp_send_segment(s, now, s->snd_max, 0, &len) == SEG_BLOCKED)
            return false;
        sent = true;
    }
    /* Data waits for the peer's window with nothing in flight: probe it (3.8.6.1) */
    uint32_t end = tcp_data_end(s);
    bool waiting = seq_lt(s->snd_nxt, end) || (s->fin_queued && seq_leq(s->snd_nxt, end));
    if (waiting && s->snd_una == s->snd_max && s->rtx_at == 0 && s->state != NET_TCP_TIME_WAIT) {
        s->persist = true;
        s->rtx_at = now + tcp_current_rto(s);
    }
    return sent;
}

void tcp_send_rst(struct net_tcp_socket *s, uint64_t now)
{
    uint32_t len = 0;
    s->tx_blocked = false;
    (void)tcp_send_segment(s, now, s->snd_max, NET_TCP_RST, &len);
}

bool tcp_send_probe(struct net_tcp_socket *s, uint64_t now)
{
    uint32_t len = 0;
    s->tx_blocked = false;
    return tcp_send_segment(s, now, s->snd_una - 1, 0, &len) == SEG_SENT;
}
