/* Binary float -> shortest decimal that reads back exactly (free-format printing after Steele &
 * White / Burger & Dybvig, on exact big integers).
 *
 * Every float v owns the interval of reals that round to it: halfway to each neighbour. The
 * digits are generated one at a time from r/s = v / 10^k, and generation stops as soon as the
 * digits so far (or the same digits with the last one rounded up) fall inside that interval.
 * m_plus and m_minus are the distances to the interval's ends in the same scale as r; m_minus
 * is either m_plus or m_plus / 2, so only m_plus is kept (three big numbers on the stack). */
#include "settings/fpconv.h"

#include <string.h>

#include "bignum.h"
#include "fp_layout.h"

#define MAX_DIGITS 17 /* enough for any double */

struct shortest {
    char digits[MAX_DIGITS + 1];
    int ndigits;
    int k; /* value = 0.d1d2d3... * 10^k */
};

/* floor(log2 v) * log10(2), rounded up: the decimal exponent, or one less than it.
 * 78913 / 2^18 is log10(2) to 7 digits, exact enough for |x| < 2000. */
static int estimate_k(int log2_floor)
{
    int32_t t = (int32_t)log2_floor * 78913;
    return t >= 0 ? (int)((t + 262143) / 262144) : -(int)(-t / 262144);
}

/* high_ok: is r + m_plus past s (the value's interval reaches 10^k)? Inclusive when the
 * significand is even, because then a decimal exactly halfway rounds to v. */
static bool reaches(const struct bn *r, const struct bn *m_plus, const struct bn *s, bool even)
{
    int c = bn_cmp_sum(r, m_plus, s);
    return even ? c >= 0 : c > 0;
}

/* Is r below (or at, when even) the interval's lower end? m_minus = m_plus, or m_plus / 2 when
 * the float below is closer: then compare 2r with m_plus instead. */
static bool below_low_end(const struct bn *r, const struct bn *m_plus, bool lower_closer,
                          bool even)
{
    int c = lower_closer ? bn_cmp_sum(r, r, m_plus) : bn_cmp(r, m_plus);
    return even ? c <= 0 : c < 0;
}

/* f * 2^e, f > 0, in a format whose significands have p bits and whose subnormals have
 * exponent min_exp. Returns false only if the big integers overflow (cannot happen for the two
 * formats used, kept as a guard rather than a write past the array). */
static bool shortest_digits(uint64_t f, int e, const struct fp_layout *layout, struct shortest *out)
{
    struct bn r, s, m_plus;
    const uint64_t hidden = (uint64_t)1 << (layout->mant_bits - 1);
    /* At a power of two the float below is twice as close as the one above. */
    bool lower_closer = f == hidden && e > layout->min_exp;
    bool even = (f & 1) == 0;
    bn_set_u64(&r, f);
    bn_set_u64(&s, 1);
    bn_set_u64(&m_plus, 1);
    /* r/s = v, m_plus/s = the half-gap to the float above; everything scaled by 2 (or 4 at a
     * power of two, where the half-gap below is half as big) so the half-gaps are integers. */
    const unsigned scale = lower_closer ? 2 : 1;
    if (e >= 0) {
        if (!bn_shl(&r, (unsigned)e + scale) || !bn_shl(&s, scale) ||
            !bn_shl(&m_plus, (unsigned)e + scale - 1))
            return false;
    } else if (!bn_shl(&r, scale) || !bn_shl(&s, scale + (unsigned)-e) ||
               !bn_shl(&m_plus, scale - 1)) {
        return false;
    }

    int log2_floor = e + 63;
    for (uint64_t top = f; !(top >> 63); top <<= 1)
        log2_floor--;
    int k = estimate_k(log2_floor);
    if (k >= 0) {
        if (!bn_mul_pow10(&s, (unsigned)k))
            return false;
    } else if (!bn_mul_pow10(&r, (unsigned)-k) || !bn_mul_pow10(&m_plus, (unsigned)-k)) {
        return false;
    }
    /* The estimate may be one too small: then the interval reaches 10^k. */
    while (reaches(&r, &m_plus, &s, even)) {
        if (!bn_mul_add_small(&s, 10, 0))
            return false;
        k++;
    }

    out->ndigits = 0;
    for (;;) {
        if (!bn_mul_add_small(&r, 10, 0) || !bn_mul_add_small(&m_plus, 10, 0))
            return false;
        int d = 0;
        while (bn_cmp(&r, &s) >= 0) {
            bn_sub(&r, &s);
            d++;
        }
        bool low = below_low_end(&r, &m_plus, lower_closer, even);
        bool high = reaches(&r, &m_plus, &s, even);
        if (!low && !high && out->ndigits < MAX_DIGITS - 1) {
            out->digits[out->ndigits++] = (char)('0' + d);
            continue;
        }
        if (high && (!low || bn_cmp_sum(&r, &r, &s) >= 0))
            d++; /* rounding up is in the interval (and, if both are, at least as close) */
        /* A carry out of a 9 ripples back; the interval guarantees it stops at a digit < 9 or
         * produces a leading 1 (then the exponent grows). */
        while (d == 10) {
            if (out->ndigits == 0) {
                d = 1;
                k++;
                break;
            }
            d = out->digits[--out->ndigits] - '0' + 1;
        }
        out->digits[out->ndigits++] = (char)('0' + d);
        break;
    }
    out->k = k;
    return true;
}

/* Lays the digits out as a JSON number (see fpconv.h for the choice of notation). */
static size_t layout_text(const struct shortest *sd, bool negative, char *buf)
{
    size_t n = 0;
    if (negative)
        buf[n++] = '-';
    const int nd = sd->ndigits, k = sd->k;
    if (k > 0 && k <= 16) {
        for (int i = 0; i < k; i++)
            buf[n++] = i < nd ? sd->digits[i] : '0';
        buf[n++] = '.';
        if (nd <= k)
            buf[n++] = '0';
        for (int i = k; i < nd; i++)
            buf[n++] = sd->digits[i];
    } else if (k <= 0 && k > -5) {
        buf[n++] = '0';
        buf[n++] = '.';
        for (int i = 0; i < -k; i++)
            buf[n++] = '0';
        memcpy(buf + n, sd->digits, (size_t)nd);
        n += (size_t)nd;
    } else {
        buf[n++] = sd->digits[0];
        if (nd > 1) {
            buf[n++] = '.';
            memcpy(buf + n, sd->digits + 1, (size_t)nd - 1);
            n += (size_t)nd - 1;
        }
        buf[n++] = 'e';
        int x = k - 1;
        if (x < 0) {
            buf[n++] = '-';
            x = -x;
        }
        char tmp[4];
        int t = 0;
        do {
            tmp[t++] = (char)('0' + x % 10);
            x /= 10;
        } while (x);
        while (t)
            buf[n++] = tmp[--t];
    }
    buf[n] = '\0';
    return n;
}

static size_t format_bits(uint64_t bits, const struct fp_layout *layout, char *buf, size_t size)
{
    if (size < FP_TEXT_MAX)
        return 0;
    const unsigned frac_bits = layout->mant_bits - 1;
    const unsigned exp_bits = layout->mant_bits == 53 ? 11 : 8;
    bool negative = (bits >> (frac_bits + exp_bits)) & 1;
    uint64_t biased = (bits >> frac_bits) & ((1u << exp_bits) - 1);
    uint64_t frac = bits & (((uint64_t)1 << frac_bits) - 1);
    if (biased == (1u << exp_bits) - 1) {
        memcpy(buf, "null", 5);
        return 4;
    }
    struct shortest sd;
    if (biased == 0 && frac == 0) {
        sd.digits[0] = '0';
        sd.ndigits = 1;
        sd.k = 1;
    } else {
        uint64_t f = biased ? frac | (uint64_t)1 << frac_bits : frac;
        int e = biased ? (int)biased - 1 + layout->min_exp : layout->min_exp;
        if (!shortest_digits(f, e, layout, &sd)) {
            memcpy(buf, "null", 5);
            return 4;
        }
    }
    return layout_text(&sd, negative, buf);
}

size_t fp_format_double(double v, char *buf, size_t size)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    return format_bits(bits, &fp_binary64, buf, size);
}

size_t fp_format_float(float v, char *buf, size_t size)
{
    uint32_t bits;
    memcpy(&bits, &v, sizeof bits);
    return format_bits(bits, &fp_binary32, buf, size);
}
