/* The receive buffer: a ring of rx_size bytes. rx_len bytes from rx_head are in order and ready
 * to read; the rest of the ring is the window, where out-of-order data is written straight to
 * its final place (sequence number - RCV.NXT bytes past the in-order end). Which parts of the
 * window hold data is tracked as at most NET_TCP_OOO_RANGES disjoint ranges, most recently
 * changed first: that is the order RFC 2018 4 wants for SACK blocks, and what lets a filled
 * hole be found without sorting. Out-of-order data is kept only when SACK is installed
 * (tcp->sack, whose rx_ooo and rx_fill are the functions below): without it a segment beyond
 * a hole is dropped and the peer sends it again, as lwIP without TCP_QUEUE_OOSEQ does. */
#include <string.h>

#include "tcp_internal.h"

void tcp_rx_clear(struct net_tcp_socket *s)
{
    s->rx_head = 0;
    s->rx_len = 0;
    s->ooo_count = 0;
}

/* Writes len bytes at `off` bytes past the in-order end (the caller checked they fit). */
static void rx_write(struct net_tcp_socket *s, uint32_t off, const uint8_t *data, uint32_t len)
{
    uint32_t pos = s->rx_head + s->rx_len + off;
    if (pos >= s->rx_size)
        pos -= s->rx_size;
    uint32_t first = tcp_min32(len, s->rx_size - pos);
    memcpy(s->rx_buf + pos, data, first);
    if (len > first)
        memcpy(s->rx_buf, data + first, len - first);
}

static void remove_range(struct net_tcp_socket *s, unsigned i)
{
    for (unsigned j = i + 1; j < s->ooo_count; j++)
        s->ooo[j - 1] = s->ooo[j];
    s->ooo_count--;
}

/* In-order data reached `end`: swallow every piece it now touches. */
bool tcp_rx_fill(struct net_tcp_socket *s, uint32_t *end)
{
    bool filled = false;
    bool again = true;
    while (again) {
        again = false;
        for (unsigned i = 0; i < s->ooo_count; i++) {
            if (seq_leq(s->ooo[i].left, *end)) {
                *end = seq_max(*end, s->ooo[i].right);
                remove_range(s, i);
                filled = again = true;
                break;
            }
        }
    }
    return filled;
}

/* Records [left, right) beyond the hole: merged with the pieces it overlaps or touches, and
 * moved to the front. false when it touches none and every range is taken. */
static bool add_range(struct net_tcp_socket *s, uint32_t left, uint32_t right)
{
    unsigned merged = 0;
    for (unsigned i = 0; i < s->ooo_count;) {
        struct net_tcp_range *r = &s->ooo[i];
        if (seq_leq(r->left, right) && seq_leq(left, r->right)) {
            left = seq_min(left, r->left);
            right = seq_max(right, r->right);
            remove_range(s, i);
            merged++;
        } else {
            i++;
        }
    }
    if (merged == 0 && s->ooo_count == NET_TCP_OOO_RANGES)
        return false;
    for (unsigned j = s->ooo_count; j > 0; j--)
        s->ooo[j] = s->ooo[j - 1];
    s->ooo[0] = (struct net_tcp_range){left, right};
    s->ooo_count++;
    return true;
}

enum tcp_rx_result tcp_rx_ooo(struct net_tcp_socket *s, uint32_t seq, const uint8_t *data,
                              uint32_t len)
{
    if (!add_range(s, seq, seq + len))
        return TCP_RX_DROPPED;
    rx_write(s, seq - s->rcv_nxt, data, len);
    s->tcp->counters.rx_ooo++;
    s->counters.rx_ooo++;
    return TCP_RX_OOO;
}

enum tcp_rx_result tcp_rx_data(struct net_tcp_socket *s, uint32_t seq, const uint8_t *data,
                               uint32_t len)
{
    const struct tcp_sack_ops *sack = s->tcp->sack;
    if (seq != s->rcv_nxt) {
        enum tcp_rx_result r = sack ? sack->rx_ooo(s, seq, data, len) : TCP_RX_DROPPED;
        if (r == TCP_RX_DROPPED)
            s->tcp->counters.rx_ooo_dropped++;
        return r;
    }
    rx_write(s, 0, data, len);
    uint32_t end = seq + len;
    /* pieces are kept only with SACK installed */
    bool filled = s->ooo_count && sack->rx_fill(s, &end);
    s->rx_len += end - s->rcv_nxt;
    s->rcv_nxt = end;
    return filled ? TCP_RX_FILLED : TCP_RX_IN_ORDER;
}
