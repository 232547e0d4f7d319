/* The sender's SACK scoreboard (RFC 6675): which bytes above SND.UNA the peer says it holds,
 * as at most NET_TCP_OOO_RANGES disjoint ranges in ascending order. Loss recovery retransmits
 * the holes between them and counts what is in flight ("pipe") from them. A scoreboard that is
 * short of ranges only makes recovery more conservative: the blocks are advisory, and the peer
 * may even renege (RFC 2018 8), so nothing here is ever taken as acknowledged. */
#include "tcp_internal.h"

void tcp_sb_clear(struct net_tcp_socket *s)
{
    s->sb_count = 0;
}

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
