/* Exact float <-> text conversions, checked against glibc's strtod/strtof/printf (correctly
 * rounded, and an implementation independent of ours) on hundreds of thousands of values. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bignum.h" /* private to settings: its include dir is added for this test only */
#include "settings/fpconv.h"
#include "settings/json.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rng(void)
{
    /* xorshift64*: fixed seed, so a failure reproduces */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}

static uint64_t bits_of(double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    return b;
}

static double double_of(uint64_t b)
{
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

static uint32_t fbits_of(float f)
{
    uint32_t b;
    memcpy(&b, &f, sizeof b);
    return b;
}

static float float_of(uint32_t b)
{
    float f;
    memcpy(&f, &b, sizeof f);
    return f;
}

/* Significant digits in our text: the mantissa part, leading zeros excluded. */
static int significant_digits(const char *s)
{
    int n = 0, started = 0, trailing_zeros = 0;
    for (; *s && *s != 'e'; s++) {
        if (*s < '0' || *s > '9')
            continue;
        if (*s != '0')
            started = 1;
        if (!started)
            continue;
        n++;
        trailing_zeros = *s == '0' ? trailing_zeros + 1 : 0;
    }
    return n - trailing_zeros;
}

/* The fewest digits printf needs for a round trip: the shortest correctly rounded form. */
static int printf_shortest_double(double d)
{
    char buf[64];
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, d);
        if (strtod(buf, NULL) == d)
            return p;
    }
    return 17;
}

static int printf_shortest_float(float f)
{
    char buf[64];
    for (int p = 1; p <= 9; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, (double)f);
        if (strtof(buf, NULL) == f)
            return p;
    }
    return 9;
}

/* Our text must be JSON, parse back bit-exactly (by glibc and by us), and be no longer than the
 * shortest printf form. */
static void check_double(double d)
{
    char buf[FP_TEXT_MAX];
    size_t n = fp_format_double(d, buf, sizeof buf);
    assert_true(n > 0 && n < sizeof buf);
    assert_int_equal(strlen(buf), n);
    if (bits_of(strtod(buf, NULL)) != bits_of(d))
        fail_msg("%a printed as %s, which reads back as %a", d, buf, strtod(buf, NULL));
    struct json_value v;
    assert_int_equal(json_read_value(buf, n, &v, NULL, 0, NULL), JSON_OK);
    assert_int_equal(v.kind, JSON_NUMBER);
    double back;
    assert_int_equal(fp_decimal_to_double(&v.number, &back), FP_OK);
    assert_true(bits_of(back) == bits_of(d));
    if (d != 0 && significant_digits(buf) > printf_shortest_double(d))
        fail_msg("%a printed as %s: longer than printf's %d digits", d, buf,
                 printf_shortest_double(d));
}

static void check_float(float f)
{
    char buf[FP_TEXT_MAX];
    size_t n = fp_format_float(f, buf, sizeof buf);
    assert_true(n > 0 && n < sizeof buf);
    if (fbits_of(strtof(buf, NULL)) != fbits_of(f))
        fail_msg("%a printed as %s, which reads back as %a", (double)f, buf,
                 (double)strtof(buf, NULL));
    struct json_value v;
    assert_int_equal(json_read_value(buf, n, &v, NULL, 0, NULL), JSON_OK);
    float back;
    assert_int_equal(fp_decimal_to_float(&v.number, &back), FP_OK);
    assert_true(fbits_of(back) == fbits_of(f));
    if (f != 0 && significant_digits(buf) > printf_shortest_float(f))
        fail_msg("%a printed as %s: longer than printf's %d digits", (double)f, buf,
                 printf_shortest_float(f));
}

static void expect_text_double(double d, const char *text)
{
    char buf[FP_TEXT_MAX];
    fp_format_double(d, buf, sizeof buf);
    assert_string_equal(buf, text);
}

static void expect_text_float(float f, const char *text)
{
    char buf[FP_TEXT_MAX];
    fp_format_float(f, buf, sizeof buf);
    assert_string_equal(buf, text);
}

static void test_format_known_values(void **state)
{
    (void)state;
    expect_text_double(0.1, "0.1");
    expect_text_double(1.0, "1.0");
    expect_text_double(-0.0, "-0.0");
    expect_text_double(0.0, "0.0");
    expect_text_double(100.0, "100.0");
    expect_text_double(123.456, "123.456");
    expect_text_double(1e15, "1000000000000000.0");
    expect_text_double(1e16, "1e16");
    expect_text_double(1.5e300, "1.5e300");
    expect_text_double(0.00001, "0.00001");
    expect_text_double(0.000001, "1e-6");
    expect_text_double(DBL_MAX, "1.7976931348623157e308");
    expect_text_double(DBL_MIN, "2.2250738585072014e-308");
    expect_text_double(4.9406564584124654e-324, "5e-324");
    expect_text_double(-2.5, "-2.5");
    expect_text_double(NAN, "null");
    expect_text_double(INFINITY, "null");
    expect_text_double(-INFINITY, "null");
    expect_text_float(0.1f, "0.1");
    expect_text_float(1e-45f, "1e-45");
    expect_text_float(FLT_MAX, "3.4028235e38");
    expect_text_float(FLT_MIN, "1.1754944e-38");
    expect_text_float(-0.0f, "-0.0");
    expect_text_float(16777216.0f, "16777216.0");
    expect_text_float(3.14159274f, "3.1415927");
    expect_text_float(NAN, "null");
    /* Too small a buffer is refused, not overrun. */
    char small[8];
    assert_int_equal(fp_format_double(0.1, small, sizeof small), 0);
}

static void test_format_every_exponent_double(void **state)
{
    (void)state;
    for (uint64_t e = 0; e < 2047; e++) {
        uint64_t top = e << 52;
        check_double(double_of(top));                             /* power of two (or 0) */
        check_double(double_of(top | 1));                         /* just above */
        check_double(double_of(top | 0xFFFFFFFFFFFFFull));        /* just below the next */
        check_double(double_of(top | (rng() & 0xFFFFFFFFFFFFFull))); /* anywhere */
        check_double(-double_of(top | 0x8000000000000ull));
    }
}

static void test_format_every_exponent_float(void **state)
{
    (void)state;
    for (uint32_t e = 0; e < 255; e++) {
        uint32_t top = e << 23;
        check_float(float_of(top));
        check_float(float_of(top | 1));
        check_float(float_of(top | 0x7FFFFF));
        check_float(float_of(top | ((uint32_t)rng() & 0x7FFFFF)));
    }
}

static void test_format_random_double(void **state)
{
    (void)state;
    for (int i = 0; i < 200000; i++) {
        double d = double_of(rng());
        if (isfinite(d))
            check_double(d);
    }
    /* Short decimals, where shortest printing matters most. */
    for (int i = 0; i < 50000; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "%llue%d", (unsigned long long)(rng() % 100000),
                 (int)(rng() % 600) - 300);
        check_double(strtod(buf, NULL));
    }
}

static void test_format_random_float(void **state)
{
    (void)state;
    for (int i = 0; i < 300000; i++) {
        float f = float_of((uint32_t)rng());
        if (isfinite(f))
            check_float(f);
    }
}

/* Parses s with our reader and converters and compares with glibc, including the overflow
 * (glibc: infinity) and underflow (glibc: zero) verdicts. */
static void check_parse(const char *s)
{
    struct json_value v;
    assert_int_equal(json_read_value(s, strlen(s), &v, NULL, 0, NULL), JSON_OK);
    assert_false(v.too_many_digits);
    double d = 0, ref = strtod(s, NULL);
    enum fp_status st = fp_decimal_to_double(&v.number, &d);
    if (isinf(ref))
        assert_int_equal(st, FP_OVERFLOW);
    else if (ref == 0 && v.number.ndigits)
        assert_int_equal(st, FP_UNDERFLOW);
    else if (st != FP_OK || bits_of(d) != bits_of(ref))
        fail_msg("%s: ours %a (status %d), glibc %a", s, d, st, ref);

    float f = 0, fref = strtof(s, NULL);
    st = fp_decimal_to_float(&v.number, &f);
    if (isinf(fref))
        assert_int_equal(st, FP_OVERFLOW);
    else if (fref == 0 && v.number.ndigits)
        assert_int_equal(st, FP_UNDERFLOW);
    else if (st != FP_OK || fbits_of(f) != fbits_of(fref))
        fail_msg("%s: ours %a (status %d), glibc %a", s, (double)f, st, (double)fref);
}

static void random_decimal(char *buf, size_t size, int max_digits, int exp_lo, int exp_hi)
{
    int nd = 1 + (int)(rng() % (uint64_t)max_digits);
    size_t n = 0;
    if (rng() & 1)
        buf[n++] = '-';
    buf[n++] = (char)('1' + rng() % 9);
    if (nd > 1) {
        buf[n++] = '.';
        for (int i = 1; i < nd; i++)
            buf[n++] = (char)('0' + rng() % 10);
    }
    snprintf(buf + n, size - n, "e%d", exp_lo + (int)(rng() % (uint64_t)(exp_hi - exp_lo + 1)));
}

static void test_parse_random(void **state)
{
    (void)state;
    char buf[80];
    for (int i = 0; i < 100000; i++) {
        random_decimal(buf, sizeof buf, 40, -340, 320);
        check_parse(buf);
    }
    /* Near the edges: overflow, subnormals, underflow, for both formats. */
    static const int edges[][2] = {{300, 312}, {-330, -300}, {30, 42}, {-50, -35}};
    for (size_t e = 0; e < sizeof edges / sizeof edges[0]; e++) {
        for (int i = 0; i < 20000; i++) {
            random_decimal(buf, sizeof buf, 20, edges[e][0], edges[e][1]);
            check_parse(buf);
        }
    }
}

static void print_u128(char *buf, size_t size, unsigned __int128 v)
{
    char tmp[48];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v);
    size_t i = 0;
    while (n && i + 1 < size)
        buf[i++] = tmp[--n];
    buf[i] = '\0';
}

/* Exact halfway points between neighbouring doubles (and floats), written out in full: the
 * hardest inputs, where only exact arithmetic and round-half-to-even give the right answer. */
static void test_parse_halfway(void **state)
{
    (void)state;
    char digits[48], text[64];
    for (int i = 0; i < 40000; i++) {
        int bits = i & 1 ? 53 : 24;
        uint64_t f = (rng() >> (64 - bits)) | (uint64_t)1 << (bits - 1);
        int e = -19 + (int)(rng() % 80); /* halfway = (2f + 1) * 2^(e - 1) */
        unsigned __int128 m = 2 * (unsigned __int128)f + 1;
        int exp10 = 0;
        if (e - 1 >= 0) {
            m <<= e - 1;
        } else {
            for (int k = 0; k < 1 - e; k++)
                m *= 5; /* 2^-n = 5^n / 10^n */
            exp10 = -(1 - e);
        }
        print_u128(digits, sizeof digits, m);
        snprintf(text, sizeof text, "%se%d", digits, exp10);
        check_parse(text);
        /* And a hair either side of it. */
        snprintf(text, sizeof text, "%s1e%d", digits, exp10 - 1);
        check_parse(text);
        snprintf(text, sizeof text, "%s.99999e%d", digits, exp10);
        check_parse(text);
    }
}

static void test_parse_known(void **state)
{
    (void)state;
    static const char *cases[] = {
        "0.1", "1e-45", "1.4e-45", "7e-46", "7.1e-46", "3.4028235e38", "3.4028236e38",
        "3.40282357e38", "1e39", "4.9e-324", "2.4703282292062327e-324",
        "2.4703282292062328e-324", "1.7976931348623157e308", "1.7976931348623158e308",
        "1.7976931348623159e308", "2.2250738585072011e-308", "2.2250738585072012e-308",
        "9007199254740993", "9007199254740995", "16777217", "16777219", "0", "-0", "0e999999",
        "123456789012345678901234567890123456789", "1e-400", "1e400", "-1e400",
        "0.000000000000000000000000000000000000000000000000000000001",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_parse(cases[i]);
}

/* bn_cmp_sum compares a + b with c without a temporary: carries across words and at the top,
 * and numbers of different lengths, against __int128 arithmetic. */
static void test_bignum_compare_sum(void **state)
{
    (void)state;
    for (int i = 0; i < 100000; i++) {
        uint64_t a = rng() >> (rng() % 64), b = rng() >> (rng() % 64);
        unsigned __int128 sum = (unsigned __int128)a + b;
        unsigned __int128 c = sum;
        switch (i % 4) {
        case 0: c = sum - 1; break;
        case 1: c = sum + 1; break;
        case 2: break;
        default: c = ((unsigned __int128)rng() << 64 | rng()) >> (rng() % 128); break;
        }
        struct bn ba, bb, bc;
        bn_set_u64(&ba, a);
        bn_set_u64(&bb, b);
        bn_set_u64(&bc, (uint64_t)(c >> 64));
        assert_true(bn_shl(&bc, 64));
        struct bn lo;
        bn_set_u64(&lo, (uint64_t)c);
        assert_true(bn_add(&bc, &bc, &lo));
        int expected = sum < c ? -1 : sum > c ? 1 : 0;
        assert_int_equal(bn_cmp_sum(&ba, &bb, &bc), expected);
        assert_int_equal(bn_cmp_sum(&bb, &ba, &bc), expected);
    }
    /* all-ones words: every word carries */
    struct bn a, one, c;
    bn_set_u64(&a, UINT64_MAX);
    bn_set_u64(&one, 1);
    bn_set_u64(&c, 1);
    assert_true(bn_shl(&c, 64));
    assert_int_equal(bn_cmp_sum(&a, &one, &c), 0);
    assert_int_equal(bn_cmp_sum(&a, &a, &c), 1);
    /* overflow is reported, not written past the array */
    assert_true(bn_shl(&c, BN_WORDS * 32 - 65));
    assert_false(bn_shl(&c, 1));
    assert_false(bn_mul_add_small(&c, 2, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bignum_compare_sum),
        cmocka_unit_test(test_format_known_values),
        cmocka_unit_test(test_format_every_exponent_double),
        cmocka_unit_test(test_format_every_exponent_float),
        cmocka_unit_test(test_format_random_double),
        cmocka_unit_test(test_format_random_float),
        cmocka_unit_test(test_parse_known),
        cmocka_unit_test(test_parse_random),
        cmocka_unit_test(test_parse_halfway),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
