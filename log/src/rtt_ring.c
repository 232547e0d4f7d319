/* The RTT ring: the target is the only writer of WrOff, the debugger the only writer of RdOff. */
#include "rtt_ring.h"

#include <string.h>

uint32_t rtt_ring_free(const struct rtt_buffer *b)
{
    uint32_t size = b->size, wr = b->wr, rd = b->rd;
    if (size == 0 || wr >= size || rd >= size)
        return 0;
    return rd > wr ? rd - wr - 1 : size - (wr - rd) - 1;
}

bool rtt_ring_write_skip(struct rtt_buffer *b, const char *data, size_t len)
{
    if (len > rtt_ring_free(b))
        return false;
    uint32_t wr = b->wr;
    size_t first = b->size - wr;
    if (first > len)
        first = len;
    memcpy(b->buf + wr, data, first);
    memcpy(b->buf, data + first, len - first);
    wr += (uint32_t)len;
    if (wr >= b->size)
        wr -= b->size;
    /* The bytes must be visible to the debugger's memory reads before the index that covers them. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    b->wr = wr;
    return true;
}

void rtt_control_block_init(struct rtt_control_block *cb, char *up, uint32_t up_size, char *down,
                            uint32_t down_size)
{
    static const char id[RTT_ID_SIZE] = RTT_ID;
    volatile char *cb_id = cb->id;

    cb_id[0] = '\0'; /* a block found mid-update must not match */
    cb->max_up = 1;
    cb->max_down = 1;
    cb->up[0] = (struct rtt_buffer){.name = "Terminal", .buf = up, .size = up_size,
                                    .flags = RTT_MODE_NO_BLOCK_SKIP};
    cb->down[0] = (struct rtt_buffer){.name = "Terminal", .buf = down, .size = down_size,
                                      .flags = RTT_MODE_NO_BLOCK_SKIP};
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    /* Back to front, so the full ID appears only when the first byte lands, last. */
    for (int i = RTT_ID_SIZE - 1; i >= 0; i--)
        cb_id[i] = id[i];
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}
