/* Fixed-size unsigned big integers for exact float <-> decimal conversion (private to settings).
 *
 * Correctly rounded parsing and shortest round-trip printing both need exact arithmetic on
 * numbers up to about 2^1270 (a 40-digit significand scaled into the subnormal double range), so
 * a number is 42 words on the stack instead of anything allocated. Every operation that can grow
 * a number reports overflow instead of writing past the array; callers turn that into an error. */
#ifndef SETTINGS_BIGNUM_H
#define SETTINGS_BIGNUM_H

#include <stdbool.h>
#include <stdint.h>

#define BN_WORDS 42

struct bn {
    uint32_t w[BN_WORDS]; /* little-endian 32-bit words */
    unsigned n;           /* words in use; w[n-1] != 0, or n == 0 for zero */
};

void bn_set_u64(struct bn *a, uint64_t v);
void bn_copy(struct bn *dst, const struct bn *src);
bool bn_is_zero(const struct bn *a);
unsigned bn_bit_length(const struct bn *a);

/* a = a * m + add; false on overflow. */
bool bn_mul_add_small(struct bn *a, uint32_t m, uint32_t add);
/* a = a * 10^e; false on overflow. */
bool bn_mul_pow10(struct bn *a, unsigned e);
/* a = a * 2^bits; false on overflow. */
bool bn_shl(struct bn *a, unsigned bits);
/* a = a / 2 (floor). */
void bn_shr1(struct bn *a);
/* out = a + b; false on overflow (out may alias a or b). */
bool bn_add(struct bn *out, const struct bn *a, const struct bn *b);
/* a = a - b, requires a >= b. */
void bn_sub(struct bn *a, const struct bn *b);
/* -1, 0 or 1 as a <, ==, > b. */
int bn_cmp(const struct bn *a, const struct bn *b);
/* Compares a + b with c without building a + b (no temporary). */
int bn_cmp_sum(const struct bn *a, const struct bn *b, const struct bn *c);

#endif
