#include "net/wire/checksum.h"

#include <string.h>

/* 1: the 64-bit host's wide loop in front of the word loop (tests set 0 to run the 32-bit
 * target's path on the host) */
#ifndef NET_CKSUM_WIDE
#define NET_CKSUM_WIDE (SIZE_MAX > UINT32_MAX)
#endif

static uint32_t fold(uint32_t acc)
{
    while (acc >> 16)
        acc = (acc & 0xFFFF) + (acc >> 16);
    return acc;
}

/* a + w in ones' complement: the carry out of bit 31 comes back in at bit 0 */
static uint32_t add_carry(uint32_t a, uint32_t w)
{
    a += w;
    return a + (a < w);
}

uint32_t net_cksum_add(uint32_t sum, const void *data, size_t len)
{
    /* The ones' complement sum does not depend on byte order (RFC 1071 2.B): sum native 32-bit
     * words (loads via memcpy, so any alignment), fold once at the end and swap to network
     * order. */
    const uint8_t *p = data;
    uint32_t acc = 0;
#if NET_CKSUM_WIDE
    /* 64-bit host: four words per step into a wide accumulator, no carry per step (this loop
     * is most of the stack's work per byte on a host without checksum offload) */
    uint64_t wide = 0;
    while (len >= 16) {
        uint32_t w[4];
        memcpy(w, p, sizeof w);
        wide += (uint64_t)w[0] + w[1] + w[2] + w[3];
        p += 16;
        len -= 16;
    }
    acc = add_carry((uint32_t)wide, (uint32_t)(wide >> 32));
#endif
    /* 32-bit target: one word per step, the carry taken back at once (a short loop: the boards'
     * MACs compute checksums in hardware, this serves the ones that do not) */
    while (len >= 4) {
        uint32_t w;
        memcpy(&w, p, 4);
        acc = add_carry(acc, w);
        p += 4;
        len -= 4;
    }
    /* the last 1..3 bytes, zero-padded to a word: 16-bit words line up as in the stream */
    if (len) {
        uint8_t tail[4] = {0};
        memcpy(tail, p, len);
        uint32_t w;
        memcpy(&w, tail, 4);
        acc = add_carry(acc, w);
    }
    uint32_t s = fold(acc);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    s = ((s & 0xFF) << 8) | (s >> 8);
#endif
    return fold(add_carry(sum, s));
}

uint32_t net_cksum_pseudo_ip4(net_ip4 src, net_ip4 dst, uint8_t protocol, uint16_t length)
{
    /* six terms below 0x10000: no overflow */
    return fold((src >> 16) + (src & 0xFFFF) + (dst >> 16) + (dst & 0xFFFF) + protocol + length);
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
