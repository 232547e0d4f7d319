/* Big-endian (network order) loads and stores from byte buffers: no alignment assumed. Each is
 * one native access and a byte swap where the target allows unaligned access (Cortex-M3 and up,
 * x86: an ldr and a rev), bytes one by one where it does not: the compiler picks from the
 * memcpy. */
#ifndef NET_WIRE_BYTES_H
#define NET_WIRE_BYTES_H

#include <stdint.h>
#include <string.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NET_BE16(v) __builtin_bswap16(v)
#define NET_BE32(v) __builtin_bswap32(v)
#else
#define NET_BE16(v) (v)
#define NET_BE32(v) (v)
#endif

static inline uint16_t net_get16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, sizeof v);
    return NET_BE16(v);
}

static inline uint32_t net_get32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return NET_BE32(v);
}

static inline void net_put16(uint8_t *p, uint16_t v)
{
    v = NET_BE16(v);
    memcpy(p, &v, sizeof v);
}

static inline void net_put32(uint8_t *p, uint32_t v)
{
    v = NET_BE32(v);
    memcpy(p, &v, sizeof v);
}

#endif
