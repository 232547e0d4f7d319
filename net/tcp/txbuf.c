/* The send buffer: a ring of tx_size bytes, tx_len of them queued from tx_head. The first queued
 * byte has sequence number tx_seq (SND.UNA once the SYN is acknowledged): everything before it
 * was acknowledged and released, everything after it stays until it is. Retransmissions read
 * from here, so nothing is copied anywhere else while unacknowledged. */
#include <string.h>

#include "tcp_internal.h"

void tcp_tx_read(const struct net_tcp_socket *s, uint32_t offset, uint8_t *dst, uint32_t len)
{
    uint32_t pos = s->tx_head + offset;
    if (pos >= s->tx_size)
        pos -= s->tx_size;
    uint32_t first = tcp_min32(len, s->tx_size - pos);
    memcpy(dst, s->tx_buf + pos, first);
    if (len > first)
        memcpy(dst + first, s->tx_buf, len - first);
}

void tcp_tx_release(struct net_tcp_socket *s, uint32_t len)
{
    s->tx_seq += len;
    s->tx_len -= len;
    /* empty: start over at 0, so the next write is one contiguous piece */
    if (s->tx_len == 0) {
        s->tx_head = 0;
        return;
    }
    s->tx_head += len;
    if (s->tx_head >= s->tx_size)
        s->tx_head -= s->tx_size;
}
