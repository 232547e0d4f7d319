/* The bridge's only source of randomness: splitmix64, one independent stream per direction.
 *
 * Each direction has its own stream so the fate of the n-th frame going one way never depends on
 * how much traffic went the other way: with the same --seed and the same frames in a direction,
 * the same frames are dropped, corrupted, duplicated and held back. The generator is tiny on
 * purpose, so a test can reproduce it (tests/integration/test_impair.py models it in Python). */
#ifndef IMPAIR_RNG_H
#define IMPAIR_RNG_H

#include <stdint.h>

struct rng {
    uint64_t state;
};

/* Direction d (0 = a2b, 1 = b2a) starts from seed * 2 + d. */
static inline void rng_init(struct rng *r, uint64_t seed, unsigned direction)
{
    r->state = seed * 2u + direction;
}

static inline uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform in [0, n) (n > 0); the modulo bias is below 1e-12 for every n the bridge uses. */
static inline uint64_t rng_below(struct rng *r, uint64_t n)
{
    return rng_next(r) % n;
}

#endif
