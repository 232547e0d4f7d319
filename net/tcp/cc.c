/* Congestion control: slow start and congestion avoidance (RFC 5681, with RFC 3465's byte
 * counting), fast retransmit and early retransmit (RFC 5827), and fast recovery: SACK-based when
 * the peer sends SACK blocks (RFC 6675: the holes go again as the pipe allows, output.c),
 * NewReno otherwise (RFC 6582: one hole per round trip, window inflation and deflation). */
#include "tcp_internal.h"

void tcp_cc_init(struct net_tcp_socket *s)
{
    /* RFC 5681 3.1: IW = 2..4 segments by size */
    uint32_t mss = s->mss;
    s->cwnd = mss > 2190 ? 2 * mss : mss > 1095 ? 3 * mss : 4 * mss;
    s->ssthresh = TCP_MAX_CWND; /* "arbitrarily high" until the first loss */
    s->recover = s->iss;        /* RFC 6582 3.2 step 1 */
    s->bytes_acked = 0;
    s->dupacks = 0;
    s->in_recovery = false;
}

static uint32_t half_flight(const struct net_tcp_socket *s)
{
    /* RFC 5681 (4): ssthresh = max(FlightSize / 2, 2 * SMSS) */
    return tcp_max32((s->snd_max - s->snd_una) / 2, 2u * s->mss);
}

static void enter_recovery(struct net_tcp_socket *s)
{
    s->ssthresh = half_flight(s);
    s->recover = s->snd_max;
    s->in_recovery = true;
    s->rexmit = true; /* the first hole goes at once (RFC 6675 5 step 4.3, RFC 6582 step 2) */
    if (s->sack_ok) {
        s->cwnd = s->ssthresh; /* the pipe, not inflation, accounts for what left */
        s->high_rxt = s->snd_una;
    } else {
        s->cwnd = s->ssthresh + 3u * s->mss;
    }
}

/* RFC 6582 3.2 step 2: a new recovery only when the ACK covers more than `recover` (ours is one
 * past the highest sequence number sent), so the duplicates that a go-back-N retransmission
 * provokes do not halve the window again. */
static bool may_enter(const struct net_tcp_socket *s)
{
    return !s->in_recovery && seq_geq(s->snd_una, s->recover);
}

void tcp_cc_sack_check(struct net_tcp_socket *s)
{
    if (s->sack_ok && may_enter(s) && s->snd_una != s->snd_max && tcp_sb_is_lost(s, s->snd_una))
        enter_recovery(s);
}

void tcp_cc_new_ack(struct net_tcp_socket *s, uint32_t ack, uint32_t acked)
{
    if (s->in_recovery && s->sack_ok && seq_lt(ack, s->recover)) {
        /* SACK recovery goes on: the pipe decides what leaves, nothing to deflate */
        s->dupacks = 0;
        return;
    }
    if (s->in_recovery) {
        if (seq_geq(ack, s->recover)) {
            /* full acknowledgment (RFC 6582 3.2 step 3, option 1): deflate */
            uint32_t flight = s->snd_max - ack;
            s->cwnd = tcp_min32(s->ssthresh, tcp_max32(flight, s->mss) + s->mss);
            s->in_recovery = false;
        } else {
            /* partial acknowledgment (step 4): the next hole is lost too, send it now; deflate
             * by what was acknowledged, add back one segment when that was at least one */
            s->rexmit = true;
            s->cwnd = s->cwnd > acked ? s->cwnd - acked : 0;
            if (acked >= s->mss)
                s->cwnd += s->mss;
            if (s->cwnd < s->mss)
                s->cwnd = s->mss;
        }
    } else if (s->cwnd < s->ssthresh) {
        /* slow start: RFC 3465 with L = 2 SMSS, so the peer's delayed ACKs do not halve growth */
        s->cwnd += tcp_min32(acked, 2u * s->mss);
    } else {
        /* congestion avoidance: one SMSS per window of bytes acknowledged */
        s->bytes_acked += acked;
        if (s->bytes_acked >= s->cwnd) {
            s->bytes_acked -= s->cwnd;
            s->cwnd += s->mss;
        }
    }
    if (s->cwnd > TCP_MAX_CWND)
        s->cwnd = TCP_MAX_CWND;
    s->dupacks = 0;
}

void tcp_cc_dup_ack(struct net_tcp_socket *s)
{
    if (s->dupacks < UINT8_MAX)
        s->dupacks++;
    if (s->in_recovery) {
        if (!s->sack_ok)
            s->cwnd += s->mss; /* each duplicate: a segment left the network (RFC 6582) */
        return;
    }
    /* Early retransmit (RFC 5827): with fewer than four segments out and nothing new to send,
     * three duplicates can never come; one fewer than the segments out will do */
    unsigned thresh = 3;
    uint32_t out = s->snd_max - s->snd_una;
    if (out < 4u * s->mss && seq_leq(tcp_data_end(s), s->snd_max)) {
        unsigned segs = (out + s->mss - 1) / s->mss;
        if (segs >= 2)
            thresh = segs - 1;
    }
    if (s->dupacks >= thresh && may_enter(s))
        enter_recovery(s);
}

void tcp_cc_timeout(struct net_tcp_socket *s)
{
    /* RFC 5681 (4) and 3.1: ssthresh from the flight, cwnd to the loss window (one segment);
     * RFC 6582 4: recover = highest sent, so the retransmitted window's duplicates are no
     * reason for fast retransmit */
    s->ssthresh = half_flight(s);
    s->cwnd = s->mss;
    s->bytes_acked = 0;
    s->recover = s->snd_max;
    s->in_recovery = false;
    s->dupacks = 0;
    s->high_rxt = s->snd_una;
    tcp_sb_clear(s); /* the peer may renege (RFC 2018 8): after a timeout, start from scratch */
}
