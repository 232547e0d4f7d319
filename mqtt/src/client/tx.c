/* The transmit buffer: packets are encoded into it whole, then handed to the transport as fast
 * as it takes them (partial sends just leave the rest for the next flush). */
#include <string.h>

#include "internal.h"

/* Free space at the end, after sliding unsent bytes to the front. */
uint8_t *tx_room(struct mqtt_client *c, size_t *cap)
{
    if (c->tx_head) {
        memmove(c->st.tx, c->st.tx + c->tx_head, c->tx_len - c->tx_head);
        c->tx_len -= c->tx_head;
        c->tx_head = 0;
    }
    *cap = c->st.tx_size - c->tx_len;
    return c->st.tx + c->tx_len;
}

/* Keeps a packet of n bytes just encoded at tx_room() (cap: the room there); false when the
 * encoder reported that it did not fit. */
bool tx_commit(struct mqtt_client *c, size_t n, size_t cap)
{
    if (n > cap)
        return false;
    c->tx_len += (uint32_t)n;
    return true;
}

int tx_flush(struct mqtt_client *c)
{
    while (c->tx_head < c->tx_len) {
        int n = c->tp->send(c->tp->ctx, c->st.tx + c->tx_head, c->tx_len - c->tx_head);
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        c->tx_head += (uint32_t)n;
        c->last_tx = c->now;
    }
    if (c->tx_head == c->tx_len)
        c->tx_head = c->tx_len = 0;
    return 0;
}

/* Acknowledgements always fit: a packet is only processed with ACK_RESERVE bytes free. */
void tx_ack(struct mqtt_client *c, uint8_t type, uint16_t id, uint8_t reason)
{
    size_t cap;
    uint8_t *p = tx_room(c, &cap);
    tx_commit(c, mqtt_encode_ack(p, cap, version_of(c), type, id, reason), cap);
}
