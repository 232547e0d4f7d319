/* Initial sequence numbers per RFC 6528: ISN = M + F(localip, localport, remoteip, remoteport,
 * secretkey), M a 4-microsecond clock and F a keyed hash. F here is SipHash-2-4 (Aumasson and
 * Bernstein, 2012), a short-input PRF: an off-path attacker who does not know the 128-bit secret
 * cannot predict the ISN of one connection from those of others. */
#include "tcp_internal.h"

static uint64_t rotl(uint64_t x, unsigned b)
{
    return (x << b) | (x >> (64 - b));
}

/* n SipRounds over v[0..3]: a loop over one round, not the reference's unrolled macro (the
 * same function, a quarter of the code on a Cortex-M; an ISN is computed once per connection). */
static void sip_rounds(uint64_t v[4], int n)
{
    while (n-- > 0) {
        v[0] += v[1];
        v[1] = rotl(v[1], 13) ^ v[0];
        v[0] = rotl(v[0], 32);
        v[2] += v[3];
        v[3] = rotl(v[3], 16) ^ v[2];
        v[0] += v[3];
        v[3] = rotl(v[3], 21) ^ v[0];
        v[2] += v[1];
        v[1] = rotl(v[1], 17) ^ v[2];
        v[2] = rotl(v[2], 32);
    }
}

/* One message word: compressed with 2 rounds (SipHash-2-4's "2"). */
static void sip_word(uint64_t v[4], uint64_t m)
{
    v[3] ^= m;
    sip_rounds(v, 2);
    v[0] ^= m;
}

uint64_t tcp_siphash(const uint32_t key[4], const uint8_t *data, size_t len)
{
    uint64_t k0 = (uint64_t)key[0] | (uint64_t)key[1] << 32;
    uint64_t k1 = (uint64_t)key[2] | (uint64_t)key[3] << 32;
    uint64_t v[4] = {k0 ^ 0x736f6d6570736575ull, k1 ^ 0x646f72616e646f6dull,
                     k0 ^ 0x6c7967656e657261ull, k1 ^ 0x7465646279746573ull};
    /* little-endian words; the last holds the remaining 0..7 bytes and the length on top */
    uint64_t m = 0;
    for (size_t i = 0; i < len; i++) {
        m |= (uint64_t)data[i] << (8 * (i & 7));
        if ((i & 7) == 7) {
            sip_word(v, m);
            m = 0;
        }
    }
    sip_word(v, m | (uint64_t)len << 56);
    v[2] ^= 0xff;
    sip_rounds(v, 4);
    return v[0] ^ v[1] ^ v[2] ^ v[3];
}

void tcp_isn(struct net_tcp_socket *s, uint64_t now)
{
    const struct net_endpoint *l = &s->local, *r = &s->remote;
    uint8_t m[12] = {
        (uint8_t)(l->addr >> 24), (uint8_t)(l->addr >> 16), (uint8_t)(l->addr >> 8),
        (uint8_t)l->addr,         (uint8_t)(l->port >> 8),  (uint8_t)l->port,
        (uint8_t)(r->addr >> 24), (uint8_t)(r->addr >> 16), (uint8_t)(r->addr >> 8),
        (uint8_t)r->addr,         (uint8_t)(r->port >> 8),  (uint8_t)r->port,
    };
    /* the two halves of one PRF output are independent: knowing the timestamp offset (which
     * every segment nearly shows) tells nothing about the ISN */
    uint64_t h = tcp_siphash(s->tcp->secret, m, sizeof m);
    s->iss = (uint32_t)h + (uint32_t)(now >> 2);
    s->ts_offset = (uint32_t)(h >> 32);
}
