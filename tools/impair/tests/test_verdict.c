/* Verdicts: the draw order the docs promise (the Python model in test_impair.py relies on it),
 * corruption never touching the Ethernet header, jitter staying in its window. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "options.h"
#include "verdict.h"

static void no_impairment_takes_no_draws(void **state)
{
    (void)state;
    struct impairment im = {.delay_us = 7};
    struct rng r, untouched;
    rng_init(&r, 1, 0);
    untouched = r;
    struct verdict v;
    verdict_decide(&im, &r, 100, &v);
    assert_int_equal(r.state, untouched.state);
    assert_false(v.lost || v.corrupted || v.reorder);
    assert_int_equal(v.copies, 1);
    assert_int_equal(v.delay_us[0], 7);
}

static void draw_order_is_loss_corrupt_dup_reorder_jitter(void **state)
{
    (void)state;
    /* Everything at 100%, loss at 0: corrupt (2 draws), dup, reorder, 2 jitters = 6 draws. */
    struct impairment im = {.corrupt_ppm = RATE_ONE, .dup_ppm = RATE_ONE,
                            .reorder_ppm = RATE_ONE, .delay_us = 1000, .jitter_us = 100};
    struct rng r, ref;
    rng_init(&r, 42, 1);
    rng_init(&ref, 42, 1);
    struct verdict v;
    verdict_decide(&im, &r, 60, &v);
    rng_next(&ref);                                     /* corrupt? */
    uint64_t bit = 14 * 8 + rng_next(&ref) % (46 * 8);  /* which bit */
    rng_next(&ref);                                     /* dup? */
    rng_next(&ref);                                     /* reorder? */
    uint64_t j0 = rng_next(&ref) % 201, j1 = rng_next(&ref) % 201;
    assert_int_equal(r.state, ref.state);
    assert_true(v.corrupted && v.reorder);
    assert_int_equal(v.copies, 2);
    assert_int_equal(v.corrupt_bit, bit);
    assert_int_equal(v.delay_us[0], 900 + j0);
    assert_int_equal(v.delay_us[1], 900 + j1);

    /* A lost frame stops after the loss draw. */
    im.loss_ppm = RATE_ONE;
    rng_init(&r, 42, 1);
    rng_init(&ref, 42, 1);
    verdict_decide(&im, &r, 60, &v);
    rng_next(&ref);
    assert_true(v.lost);
    assert_int_equal(r.state, ref.state);
}

static void corruption_spares_the_ethernet_header(void **state)
{
    (void)state;
    struct impairment im = {.corrupt_ppm = RATE_ONE};
    struct rng r;
    rng_init(&r, 3, 0);
    uint8_t f[64], orig[64];
    for (size_t i = 0; i < sizeof f; i++)
        orig[i] = (uint8_t)i;
    for (int n = 0; n < 10000; n++) {
        memcpy(f, orig, sizeof f);
        struct verdict v;
        verdict_decide(&im, &r, sizeof f, &v);
        verdict_corrupt(&v, f);
        assert_memory_equal(f, orig, ETH_HEADER_LEN);
        int flipped = 0;
        for (size_t i = 0; i < sizeof f; i++)
            flipped += __builtin_popcount(f[i] ^ orig[i]);
        assert_int_equal(flipped, 1);
    }
    /* A frame with nothing past the header cannot be corrupted. */
    struct verdict v;
    verdict_decide(&im, &r, ETH_HEADER_LEN, &v);
    assert_false(v.corrupted);
}

static void jitter_stays_in_window_and_above_zero(void **state)
{
    (void)state;
    struct impairment im = {.delay_us = 3, .jitter_us = 10};
    struct rng r;
    rng_init(&r, 9, 0);
    uint64_t lo = UINT64_MAX, hi = 0;
    for (int n = 0; n < 10000; n++) {
        struct verdict v;
        verdict_decide(&im, &r, 100, &v);
        lo = v.delay_us[0] < lo ? v.delay_us[0] : lo;
        hi = v.delay_us[0] > hi ? v.delay_us[0] : hi;
    }
    assert_int_equal(lo, 0);
    assert_int_equal(hi, 13);
}

static void rates_and_times_parse(void **state)
{
    (void)state;
    uint32_t ppm;
    uint64_t us;
    assert_int_equal(parse_rate("5%", &ppm), 0);
    assert_int_equal(ppm, 50000);
    assert_int_equal(parse_rate("0.5", &ppm), 0);
    assert_int_equal(ppm, 5000);
    assert_int_equal(parse_rate("100%", &ppm), 0);
    assert_int_equal(ppm, RATE_ONE);
    assert_int_not_equal(parse_rate("101%", &ppm), 0);
    assert_int_not_equal(parse_rate("-1", &ppm), 0);
    assert_int_not_equal(parse_rate("5%%", &ppm), 0);
    assert_int_not_equal(parse_rate("", &ppm), 0);
    assert_int_equal(parse_time("10ms", &us), 0);
    assert_int_equal(us, 10000);
    assert_int_equal(parse_time("250us", &us), 0);
    assert_int_equal(us, 250);
    assert_int_equal(parse_time("1.5s", &us), 0);
    assert_int_equal(us, 1500000);
    assert_int_equal(parse_time("7", &us), 0);
    assert_int_equal(us, 7000);
    assert_int_not_equal(parse_time("7m", &us), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_impairment_takes_no_draws),
        cmocka_unit_test(draw_order_is_loss_corrupt_dup_reorder_jitter),
        cmocka_unit_test(corruption_spares_the_ethernet_header),
        cmocka_unit_test(jitter_stays_in_window_and_above_zero),
        cmocka_unit_test(rates_and_times_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
