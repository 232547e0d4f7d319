/* Decimal -> binary float, correctly rounded, by exact big-integer division.
 *
 * The value digits * 10^exp10 is written as num / den (both integers), scaled by 2^k so the
 * quotient has one or two bits more than the significand; the remainder decides the rounding.
 * Slow next to Eisel-Lemire, but settings are parsed a handful of times, and exact is simple. */
#include "settings/fpconv.h"

#include <string.h>

#include "bignum.h"
#include "fp_layout.h"

/* The bits of the nearest float of `layout`, sign excluded, or an overflow/underflow. */
static enum fp_status to_bits(const struct fp_decimal *d, const struct fp_layout *layout,
                              uint64_t *bits)
{
    *bits = 0;
    if (d->ndigits == 0)
        return FP_OK;
    /* The value lies in [10^(m10-1), 10^m10): far enough out, the answer is known without
     * arithmetic, and inside, the big integers are known to fit. */
    int64_t m10 = (int64_t)d->ndigits + d->exp10;
    if (m10 > layout->max10)
        return FP_OVERFLOW;
    if (m10 <= layout->min10)
        return FP_UNDERFLOW;

    struct bn num, den;
    bn_set_u64(&num, 0);
    for (unsigned i = 0; i < d->ndigits; i++)
        if (!bn_mul_add_small(&num, 10, (uint32_t)(d->digits[i] - '0')))
            return FP_OVERFLOW;
    bn_set_u64(&den, 1);
    if (d->exp10 >= 0) {
        if (!bn_mul_pow10(&num, (unsigned)d->exp10))
            return FP_OVERFLOW;
    } else if (!bn_mul_pow10(&den, (unsigned)-d->exp10)) {
        return FP_UNDERFLOW;
    }

    /* num/den lies in (2^(L-1), 2^(L+1)); with k = P - L the quotient num*2^k/den has P or
     * P+1 bits. e = -k is the exponent of its last bit, clamped at the subnormal exponent. */
    const int p = (int)layout->mant_bits;
    int l = (int)bn_bit_length(&num) - (int)bn_bit_length(&den);
    int k = p - l;
    if (-k < layout->min_exp)
        k = -layout->min_exp;
    if (k > 0 ? !bn_shl(&num, (unsigned)k) : !bn_shl(&den, (unsigned)-k))
        return FP_OVERFLOW;

    /* Long division, one quotient bit per step, bits p..0. */
    uint64_t q = 0;
    if (!bn_shl(&den, (unsigned)p))
        return FP_OVERFLOW;
    for (int i = p; i >= 0; i--) {
        if (bn_cmp(&num, &den) >= 0) {
            bn_sub(&num, &den);
            q |= (uint64_t)1 << i;
        }
        if (i > 0)
            bn_shr1(&den);
    }
    /* num is now the remainder, den the original divisor. */
    int e = -k;
    bool round_up;
    if (q >> p) {
        /* One bit too many: it becomes the rounding bit, the remainder the sticky bit. */
        bool half = q & 1, rest = !bn_is_zero(&num);
        q >>= 1;
        e++;
        round_up = half && (rest || (q & 1));
    } else {
        int c = bn_cmp_sum(&num, &num, &den); /* 2 * remainder vs divisor */
        round_up = c > 0 || (c == 0 && (q & 1));
    }
    if (round_up && ++q >> p) {
        q >>= 1;
        e++;
    }
    if (q == 0)
        return FP_UNDERFLOW;
    const uint64_t hidden = (uint64_t)1 << (p - 1);
    if (q >= hidden && e > layout->max_exp)
        return FP_OVERFLOW;
    /* Normal numbers store e in biased form with the hidden bit dropped; subnormals (q below the
     * hidden bit, only possible at the clamped exponent) store a zero exponent. */
    uint64_t biased = q >= hidden ? (uint64_t)(e - layout->min_exp + 1) : 0;
    *bits = biased << (p - 1) | (q & (hidden - 1));
    return FP_OK;
}

enum fp_status fp_decimal_to_double(const struct fp_decimal *d, double *out)
{
    uint64_t bits;
    enum fp_status st = to_bits(d, &fp_binary64, &bits);
    if (st != FP_OK)
        return st;
    if (d->negative)
        bits |= (uint64_t)1 << 63;
    memcpy(out, &bits, sizeof *out);
    return FP_OK;
}

enum fp_status fp_decimal_to_float(const struct fp_decimal *d, float *out)
{
    uint64_t bits;
    enum fp_status st = to_bits(d, &fp_binary32, &bits);
    if (st != FP_OK)
        return st;
    uint32_t b32 = (uint32_t)bits;
    if (d->negative)
        b32 |= (uint32_t)1 << 31;
    memcpy(out, &b32, sizeof *out);
    return FP_OK;
}
