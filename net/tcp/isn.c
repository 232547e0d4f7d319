/* Initial sequence numbers per RFC 6528: ISN = M + F(localip, localport, remoteip, remoteport,
 * secretkey), M a 4-microsecond clock and F a keyed hash. F here is SipHash-2-4 (Aumasson and
 * Bernstein, 2012), a short-input PRF: an off-path attacker who does not know the 128-bit secret
 * cannot predict the ISN of one connection from those of others. */
#include "tcp_internal.h"

static inline uint64_t rotl(uint64_t x, unsigned b)
{
    return (x << b) | (x >> (64 - b));
}

#define SIPROUND(v0, v1, v2, v3)                                                                   \
    do {                                                                                           \
        v0 += v1;                                                                                  \
        v1 = rotl(v1, 13);                                                                         \
        v1 ^= v0;                                                                                  \
        v0 = rotl(v0, 32);                                                                         \
        v2 += v3;                                                                                  \
        v3 = rotl(v3, 16);                                                                         \
        v3 ^= v2;                                                                                  \
        v0 += v3;                                                                                  \
        v3 = rotl(v3, 21);                                                                         \
        v3 ^= v0;                                                                                  \
        v2 += v1;                                                                                  \
        v1 = rotl(v1, 17);                                                                         \
        v1 ^= v2;                                                                                  \
        v2 = rotl(v2, 32);                                                                         \
    } while (0)

/* Little-endian 64-bit word from up to 8 bytes. */
static uint64_t load_le(const uint8_t *p, size_t n)
{
    uint64_t w = 0;
    for (size_t i = 0; i < n; i++)
        w |= (uint64_t)p[i] << (8 * i);
    return w;
}

uint64_t tcp_siphash(const uint32_t key[4], const uint8_t *data, size_t len)
{
    uint64_t k0 = (uint64_t)key[0] | (uint64_t)key[1] << 32;
    uint64_t k1 = (uint64_t)key[2] | (uint64_t)key[3] << 32;
    uint64_t v0 = k0 ^ 0x736f6d6570736575ull;
    uint64_t v1 = k1 ^ 0x646f72616e646f6dull;
    uint64_t v2 = k0 ^ 0x6c7967656e657261ull;
    uint64_t v3 = k1 ^ 0x7465646279746573ull;
    size_t whole = len & ~(size_t)7;
    for (size_t i = 0; i < whole; i += 8) {
        uint64_t m = load_le(data + i, 8);
        v3 ^= m;
        SIPROUND(v0, v1, v2, v3);
        SIPROUND(v0, v1, v2, v3);
        v0 ^= m;
    }
    uint64_t b = (uint64_t)len << 56 | load_le(data + whole, len - whole);
    v3 ^= b;
    SIPROUND(v0, v1, v2, v3);
    SIPROUND(v0, v1, v2, v3);
    v0 ^= b;
    v2 ^= 0xff;
    for (int i = 0; i < 4; i++)
        SIPROUND(v0, v1, v2, v3);
    return v0 ^ v1 ^ v2 ^ v3;
}

static uint64_t tuple_hash(const struct net_tcp *tcp, const struct net_endpoint *local,
                           const struct net_endpoint *remote, uint8_t tweak)
{
    uint8_t m[13] = {
        (uint8_t)(local->addr >> 24),  (uint8_t)(local->addr >> 16),  (uint8_t)(local->addr >> 8),
        (uint8_t)local->addr,          (uint8_t)(local->port >> 8),   (uint8_t)local->port,
        (uint8_t)(remote->addr >> 24), (uint8_t)(remote->addr >> 16), (uint8_t)(remote->addr >> 8),
        (uint8_t)remote->addr,         (uint8_t)(remote->port >> 8),  (uint8_t)remote->port,
        tweak,
    };
    return tcp_siphash(tcp->secret, m, sizeof m);
}

uint32_t tcp_isn(const struct net_tcp *tcp, const struct net_endpoint *local,
                 const struct net_endpoint *remote, uint64_t now)
{
    return (uint32_t)tuple_hash(tcp, local, remote, 0) + (uint32_t)(now / 4);
}

uint32_t tcp_ts_offset(const struct net_tcp *tcp, const struct net_endpoint *local,
                       const struct net_endpoint *remote)
{
    return (uint32_t)tuple_hash(tcp, local, remote, 1);
}
