#include "bignum.h"

static void trim(struct bn *a)
{
    while (a->n && a->w[a->n - 1] == 0)
        a->n--;
}

void bn_set_u64(struct bn *a, uint64_t v)
{
    a->w[0] = (uint32_t)v;
    a->w[1] = (uint32_t)(v >> 32);
    a->n = 2;
    trim(a);
}

void bn_copy(struct bn *dst, const struct bn *src)
{
    for (unsigned i = 0; i < src->n; i++)
        dst->w[i] = src->w[i];
    dst->n = src->n;
}

bool bn_is_zero(const struct bn *a)
{
    return a->n == 0;
}

unsigned bn_bit_length(const struct bn *a)
{
    if (!a->n)
        return 0;
    unsigned bits = (a->n - 1) * 32;
    for (uint32_t top = a->w[a->n - 1]; top; top >>= 1)
        bits++;
    return bits;
}

bool bn_mul_add_small(struct bn *a, uint32_t m, uint32_t add)
{
    uint64_t carry = add;
    for (unsigned i = 0; i < a->n; i++) {
        uint64_t t = (uint64_t)a->w[i] * m + carry;
        a->w[i] = (uint32_t)t;
        carry = t >> 32;
    }
    if (carry) {
        if (a->n >= BN_WORDS)
            return false;
        a->w[a->n++] = (uint32_t)carry;
    }
    return true;
}

bool bn_mul_pow10(struct bn *a, unsigned e)
{
    /* 10^9 is the largest power of ten in a word: nine decimal places per pass. */
    for (; e >= 9; e -= 9)
        if (!bn_mul_add_small(a, 1000000000u, 0))
            return false;
    static const uint32_t small[9] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
    return bn_mul_add_small(a, small[e], 0);
}

bool bn_shl(struct bn *a, unsigned bits)
{
    if (!a->n)
        return true;
    unsigned words = bits / 32, shift = bits % 32;
    unsigned top_bits = bn_bit_length(a) + bits;
    if (top_bits > BN_WORDS * 32)
        return false;
    unsigned n = (top_bits + 31) / 32;
    /* From the top down so the source words are read before they are overwritten. */
    for (unsigned i = n; i-- > 0;) {
        uint32_t hi = i >= words && i - words < a->n ? a->w[i - words] : 0;
        uint32_t lo = i >= words + 1 && i - words - 1 < a->n ? a->w[i - words - 1] : 0;
        a->w[i] = shift ? (hi << shift) | (lo >> (32 - shift)) : hi;
    }
    a->n = n;
    trim(a);
    return true;
}

void bn_shr1(struct bn *a)
{
    for (unsigned i = 0; i < a->n; i++) {
        uint32_t next = i + 1 < a->n ? a->w[i + 1] : 0;
        a->w[i] = (a->w[i] >> 1) | (next << 31);
    }
    trim(a);
}

bool bn_add(struct bn *out, const struct bn *a, const struct bn *b)
{
    unsigned n = a->n > b->n ? a->n : b->n;
    uint64_t carry = 0;
    for (unsigned i = 0; i < n; i++) {
        uint64_t t = carry;
        if (i < a->n)
            t += a->w[i];
        if (i < b->n)
            t += b->w[i];
        out->w[i] = (uint32_t)t;
        carry = t >> 32;
    }
    out->n = n;
    if (carry) {
        if (n >= BN_WORDS)
            return false;
        out->w[out->n++] = (uint32_t)carry;
    }
    return true;
}

void bn_sub(struct bn *a, const struct bn *b)
{
    uint32_t borrow = 0;
    for (unsigned i = 0; i < a->n; i++) {
        uint64_t sub = (uint64_t)(i < b->n ? b->w[i] : 0) + borrow;
        borrow = a->w[i] < sub;
        a->w[i] = (uint32_t)((uint64_t)a->w[i] - sub);
    }
    trim(a);
}

int bn_cmp(const struct bn *a, const struct bn *b)
{
    if (a->n != b->n)
        return a->n < b->n ? -1 : 1;
    for (unsigned i = a->n; i-- > 0;)
        if (a->w[i] != b->w[i])
            return a->w[i] < b->w[i] ? -1 : 1;
    return 0;
}

int bn_cmp_sum(const struct bn *a, const struct bn *b, const struct bn *c)
{
    /* c - a - b, word by word from the bottom, keeping only the borrow (0..2) and whether any
     * word of the difference is non-zero: no temporary number on the stack. */
    unsigned n = a->n > b->n ? a->n : b->n;
    if (c->n > n)
        n = c->n;
    int64_t borrow = 0;
    uint32_t any = 0;
    for (unsigned i = 0; i < n; i++) {
        int64_t t = (int64_t)(i < c->n ? c->w[i] : 0) - (i < a->n ? a->w[i] : 0) -
                    (i < b->n ? b->w[i] : 0) - borrow;
        borrow = 0;
        while (t < 0) {
            t += (int64_t)1 << 32;
            borrow++;
        }
        any |= (uint32_t)t;
    }
    if (borrow)
        return 1; /* a + b > c */
    return any ? -1 : 0;
}
