#include "net/wire/checksum.h"

#include <string.h>

static uint32_t fold(uint64_t acc)
{
    while (acc >> 16)
        acc = (acc & 0xFFFF) + (acc >> 16);
    return (uint32_t)acc;
}

uint32_t net_cksum_add(uint32_t sum, const void *data, size_t len)
{
    /* The ones' complement sum does not depend on byte order (RFC 1071 2.B): sum native 32-bit
     * words into a wide accumulator (loads via memcpy, so any alignment), fold once at the end and
     * swap to network order. Four times fewer iterations than a 16-bit loop, no carry per step. */
    const uint8_t *p = data;
    uint64_t acc = 0;
    while (len >= 16) {
        uint32_t w[4];
        memcpy(w, p, sizeof w);
        acc += (uint64_t)w[0] + w[1] + w[2] + w[3];
        p += 16;
        len -= 16;
    }
    while (len >= 4) {
        uint32_t w;
        memcpy(&w, p, 4);
        acc += w;
        p += 4;
        len -= 4;
    }
    if (len >= 2) {
        uint16_t h;
        memcpy(&h, p, 2);
        acc += h;
        p += 2;
        len -= 2;
    }
    if (len) {
        /* an odd last byte is the high half of a word padded with zero */
        uint8_t tail[2] = {p[0], 0};
        uint16_t h;
        memcpy(&h, tail, 2);
        acc += h;
    }
    uint32_t s = fold(acc);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    s = ((s & 0xFF) << 8) | (s >> 8);
#endif
    return fold((uint64_t)sum + s);
}

uint32_t net_cksum_pseudo_ip4(net_ip4 src, net_ip4 dst, uint8_t protocol, uint16_t length)
{
    uint64_t acc = (uint64_t)(src >> 16) + (src & 0xFFFF) + (dst >> 16) + (dst & 0xFFFF) +
                   protocol + length;
    return fold(acc);
}

uint16_t net_cksum_finish(uint32_t sum)
{
    return (uint16_t)~fold(sum);
}

uint16_t net_cksum(const void *data, size_t len)
{
    return net_cksum_finish(net_cksum_add(0, data, len));
}

uint16_t net_cksum_adjust(uint16_t cksum, uint16_t old_word, uint16_t new_word)
{
    /* HC' = ~(~HC + ~m + m') */
    uint32_t sum = (uint32_t)(uint16_t)~cksum + (uint16_t)~old_word + new_word;
    return (uint16_t)~fold(sum);
}
