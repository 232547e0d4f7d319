/* The checksum as a 32-bit target computes it (word steps, the carry taken back at once), run on
 * the host: net/wire/checksum.c built here with NET_CKSUM_WIDE 0 under other names, against the
 * harness's 16-bit reference. */
#include <string.h>

#include "harness.h"

#define NET_CKSUM_WIDE 0
#define net_cksum_add narrow_cksum_add
#define net_cksum_pseudo_ip4 narrow_cksum_pseudo_ip4
#define net_cksum_finish narrow_cksum_finish
#define net_cksum narrow_cksum
#define net_cksum_adjust narrow_cksum_adjust
#include "../../../net/wire/checksum.c"

static void fill_pattern(uint8_t *b, size_t n, uint32_t seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        b[i] = (uint8_t)(seed >> 16);
    }
}

static void narrow_matches_reference_any_length_and_alignment(void **state)
{
    (void)state;
    uint8_t buf[1600];
    fill_pattern(buf, sizeof buf, 11);
    for (size_t off = 0; off < 4; off++)
        for (size_t len = 0; len < 260; len++)
            assert_int_equal(narrow_cksum(buf + off, len), h_cksum(buf + off, len, 0));
    memset(buf, 0xff, sizeof buf); /* a carry out of every word */
    for (size_t len = 1500; len < 1504; len++)
        assert_int_equal(narrow_cksum(buf, len), h_cksum(buf, len, 0));
}

static void narrow_chains_from_any_partial_sum(void **state)
{
    (void)state;
    uint8_t buf[64];
    fill_pattern(buf, sizeof buf, 5);
    const uint32_t sums[] = {0, 1, 0xfffe, 0xffff, 0x1fffe, 0xffffffffu};
    for (size_t i = 0; i < sizeof sums / sizeof sums[0]; i++) {
        uint32_t s = narrow_cksum_add(sums[i], buf, sizeof buf);
        assert_true(s <= 0xffff);
        /* the reference folds a 32-bit start the same way */
        uint32_t start = sums[i];
        while (start >> 16)
            start = (start & 0xffff) + (start >> 16);
        assert_int_equal(narrow_cksum_finish(s), h_cksum(buf, sizeof buf, start));
    }
    assert_true(narrow_cksum_pseudo_ip4(0xffffffffu, 0xffffffffu, 0xff, 0xffff) <= 0xffff);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(narrow_matches_reference_any_length_and_alignment),
        cmocka_unit_test(narrow_chains_from_any_partial_sum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
