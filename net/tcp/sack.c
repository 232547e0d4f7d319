/* SACK (RFC 2018), both ways: out-of-order data kept in the receive buffer (rxbuf.c) and the
 * blocks our ACKs carry for it, and the sender's scoreboard (RFC 6675): which bytes above SND.UNA the peer says
 * it holds, as at most NET_TCP_OOO_RANGES disjoint ranges in ascending order. Loss recovery
 * retransmits the holes between them and counts what is in flight ("pipe") from them. A
 * scoreboard that is short of ranges only makes recovery more conservative: the blocks are
 * advisory, and the peer may even renege (RFC 2018 8), so nothing here is ever taken as
 * acknowledged.
 *
 * The protocol reaches this file only through tcp->sack, installed by net_tcp_enable_sack():
 * without it SACK is neither offered nor accepted, loss recovery is NewReno (cc.c), and a
 * segment beyond a hole is dropped (the peer sends it again). */
#include "tcp_internal.h"

static void sb_remove(struct net_tcp_socket *s, unsigned i)
{
    for (unsigned j = i + 1; j < s->sb_count; j++)
        s->sb[j - 1] = s->sb[j];
    s->sb_count--;
}

/* Adds [left, right), merging with what it overlaps or touches, keeping ascending order. When
 * every range is taken, the highest one gives way (the holes near SND.UNA matter first). */
static void sb_add(struct net_tcp_socket *s, uint32_t left, uint32_t right)
{
    unsigned i = 0;
    while (i < s->sb_count) {
        struct net_tcp_range *r = &s->sb[i];
        if (seq_leq(r->left, right) && seq_leq(left, r->right)) {
            left = seq_min(left, r->left);
            right = seq_max(right, r->right);
            sb_remove(s, i);
        } else {
            i++;
        }
    }
    unsigned at = 0;
    while (at < s->sb_count && seq_lt(s->sb[at].left, left))
        at++;
    if (s->sb_count == NET_TCP_OOO_RANGES) {
        if (at == s->sb_count)
            return;
        s->sb_count--;
    }
    for (unsigned j = s->sb_count; j > at; j--)
        s->sb[j] = s->sb[j - 1];
    s->sb[at] = (struct net_tcp_range){left, right};
    s->sb_count++;
}

void tcp_sb_update(struct net_tcp_socket *s, const struct net_tcp_repr *seg)
{
    for (unsigned b = 0; b < seg->sack_count; b++) {
        uint32_t left = seg->sack[b].left, right = seg->sack[b].right;
        /* only what lies in (SND.UNA, SND.MAX]: below is a D-SACK or old, above is bogus */
        if (!seq_lt(left, right) || seq_leq(right, s->snd_una) || seq_gt(right, s->snd_max))
            continue;
        sb_add(s, seq_max(left, s->snd_una), right);
    }
}

void tcp_sb_trim(struct net_tcp_socket *s)
{
    while (s->sb_count && seq_leq(s->sb[0].right, s->snd_una))
        sb_remove(s, 0);
    if (s->sb_count && seq_lt(s->sb[0].left, s->snd_una))
        s->sb[0].left = s->snd_una;
}

uint32_t tcp_sb_high(const struct net_tcp_socket *s)
{
    return s->sb_count ? s->sb[s->sb_count - 1].right : s->snd_una;
}

uint32_t tcp_sb_sacked_above(const struct net_tcp_socket *s, uint32_t seq)
{
    uint32_t n = 0;
    for (unsigned i = 0; i < s->sb_count; i++) {
        const struct net_tcp_range *r = &s->sb[i];
        if (seq_geq(r->left, seq))
            n += r->right - r->left;
        else if (seq_gt(r->right, seq))
            n += r->right - seq;
    }
    return n;
}

/* Bytes of [from, to) the peer does not hold. */
static uint32_t unsacked(const struct net_tcp_socket *s, uint32_t from, uint32_t to)
{
    if (!seq_lt(from, to))
        return 0;
    uint32_t n = to - from;
    for (unsigned i = 0; i < s->sb_count; i++) {
        uint32_t l = seq_max(s->sb[i].left, from), r = seq_min(s->sb[i].right, to);
        if (seq_lt(l, r))
            n -= r - l;
    }
    return n;
}

uint32_t tcp_sb_pipe(const struct net_tcp_socket *s)
{
    /* beyond the highest SACKed byte everything is taken to be in flight; below it, only
     * what was retransmitted and is not SACKed (FACK's estimate: holes below the highest SACK
     * are lost until sent again) */
    uint32_t high = seq_max(tcp_sb_high(s), s->snd_una);
    uint32_t rxt = seq_max(s->high_rxt, s->snd_una);
    return (s->snd_max - high) + unsacked(s, s->snd_una, seq_min(rxt, high));
}

bool tcp_sb_next_hole(const struct net_tcp_socket *s, uint32_t from, uint32_t *start,
                      uint32_t *end)
{
    uint32_t at = seq_max(from, s->snd_una);
    for (unsigned i = 0; i < s->sb_count; i++) {
        const struct net_tcp_range *r = &s->sb[i];
        if (seq_leq(r->right, at))
            continue;
        if (seq_lt(at, r->left)) {
            *start = at;
            *end = r->left;
            return true;
        }
        at = r->right; /* inside a SACKed range: the hole starts after it */
    }
    return false;
}

size_t tcp_sack_blocks(const struct net_tcp_socket *s, struct net_tcp_sack_block *out, size_t max)
{
    size_t n = s->ooo_count < max ? s->ooo_count : max;
    for (size_t i = 0; i < n; i++) {
        out[i].left = s->ooo[i].left;
        out[i].right = s->ooo[i].right;
    }
    return n;
}

/* After an acceptable ACK moved SND.UNA or not: its blocks into the scoreboard, which forgets
 * what is now acknowledged; enough SACKed above SND.UNA is a loss (cc.c). */
static void sack_ack(struct net_tcp_socket *s, const struct net_tcp_repr *seg)
{
    tcp_sb_update(s, seg);
    tcp_sb_trim(s);
    if (s->sb_count)
        tcp_cc_sack_check(s);
}

/* SACK recovery (RFC 6675 NextSeg, rule 1): the holes the scoreboard shows lost go again, in
 * order, while the pipe leaves room in cwnd; the first one on entering recovery regardless.
 * Holes only: new data is the output loop's. Returns SEG_BLOCKED when the device made it wait. */
static enum tcp_seg_result retransmit_holes(struct net_tcp_socket *s, uint64_t now, bool *sent)
{
    for (int burst = 0; burst < NET_TCP_TX_BURST; burst++) {
        bool first = s->rexmit;
        if (!first && tcp_sb_pipe(s) >= s->cwnd)
            break;
        uint32_t start, end;
        if (!tcp_sb_next_hole(s, s->high_rxt, &start, &end) ||
            (!first && !tcp_sb_is_lost(s, start))) {
            if (first) {
                /* no SACK block yet (three plain duplicates): the first segment, as NewReno */
                if (tcp_retransmit_first(s, now) == SEG_BLOCKED)
                    return SEG_BLOCKED;
                s->rexmit = false;
                *sent = true;
            }
            break;
        }
        uint32_t len = tcp_min32(end - start, tcp_seg_max(s));
        if (tcp_send_segment(s, now, start, 0, &len) == SEG_BLOCKED)
            return SEG_BLOCKED;
        s->high_rxt = start + len;
        s->rexmit = false;
        s->rtt_timing = false; /* Karn */
        tcp_count_fast_retransmit(s);
        *sent = true;
    }
    return SEG_SENT;
}

static const struct tcp_sack_ops sack_ops = {sack_ack,        tcp_sb_pipe, retransmit_holes,
                                             tcp_sack_blocks, tcp_rx_ooo,  tcp_rx_fill};

void net_tcp_enable_sack(struct net_tcp *tcp)
{
    tcp->sack = &sack_ops;
}
