/* The iperf 2 header classification against the first bytes Debian's iperf 2.1.8 sends for each
 * mode (captured from `iperf -c 127.0.0.1 -t 1 [opt]` into a Python listener), every split of
 * them (segments may cut the header anywhere), short streams, and compatibility mode. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "iperf2_header.h"

/* The first 40 bytes of a plain `iperf -c` stream. */
static const uint8_t plain[] = {0x40, 0x01, 0x00, 0x78, 0, 0, 0, 1, 0, 0, 0x81, 0x33, 0, 0, 0, 0,
                                0,    0,    0,    0,    0xff, 0xff, 0xff, 0x9c, 0, 0, 0, 0,
                                0,    0,    0,    0,    0, 0, 0, 0, 0, 2, 0, 1};
/* The plain header with another first word and upper flags word. */
static void with_first_word(uint32_t w, uint32_t upper, uint8_t *out)
{
    memcpy(out, plain, sizeof plain);
    out[0] = (uint8_t)(w >> 24), out[1] = (uint8_t)(w >> 16), out[2] = (uint8_t)(w >> 8);
    out[3] = (uint8_t)w;
    out[32] = (uint8_t)(upper >> 24), out[33] = (uint8_t)(upper >> 16);
    out[34] = (uint8_t)(upper >> 8), out[35] = (uint8_t)upper;
}

struct mode {
    const char *opt;
    uint32_t flags, upper;
    enum iperf2_request want;
};

static const struct mode modes[] = {
    {"", 0x40010078u, 0, IPERF2_SEND_ONLY},
    {"-e", 0x40010078u, 0, IPERF2_SEND_ONLY},
    {"-r", 0xc0010078u, 0, IPERF2_TEST_BACK},
    {"-d", 0xc0010079u, 0, IPERF2_TEST_BACK},
    {"-R", 0x44010078u, 0x04000000u, IPERF2_SERVER_SENDS},
    {"--full-duplex", 0x44010078u, 0x08000000u, IPERF2_SERVER_SENDS},
    {"-X", 0x46010078u, 0, IPERF2_WANTS_ACK},
};

static void test_every_mode_whole(void **state)
{
    (void)state;
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        uint8_t buf[sizeof plain];
        with_first_word(modes[m].flags, modes[m].upper, buf);
        assert_int_equal(iperf2_classify(buf, sizeof buf, 0), modes[m].want);
        assert_int_equal(iperf2_classify(buf, IPERF2_HEADER_LEN, 0), modes[m].want);
    }
}

/* Fewer bytes than the decision needs: more are asked for, unless the stream ended. */
static void test_every_prefix(void **state)
{
    (void)state;
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        uint8_t buf[sizeof plain];
        with_first_word(modes[m].flags, modes[m].upper, buf);
        bool needs_upper = (modes[m].flags & 0x86000000u) == 0x04000000u;
        size_t decided_at = needs_upper ? 36 : 4;
        for (size_t len = 0; len < sizeof buf; len++) {
            enum iperf2_request r = iperf2_classify(buf, len, 0);
            if (len < decided_at) {
                assert_int_equal(r, IPERF2_NEED_MORE);
                /* a stream that ends there is a plain one: nothing more will come */
                assert_int_equal(iperf2_classify(buf, len, 1), IPERF2_SEND_ONLY);
            } else {
                assert_int_equal(r, modes[m].want);
            }
        }
    }
}

/* -C (compatibility): no header, the stream is iperf's digit pattern. */
static void test_compatibility_mode_is_plain(void **state)
{
    (void)state;
    const uint8_t digits[] = "0123456789012345678901234567890123456789";
    assert_int_equal(iperf2_classify(digits, 40, 0), IPERF2_SEND_ONLY);
    assert_int_equal(iperf2_classify(NULL, 0, 1), IPERF2_SEND_ONLY);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(iperf2_request_str(IPERF2_SEND_ONLY), "send-only");
    assert_non_null(strstr(iperf2_request_str(IPERF2_TEST_BACK), "-r/-d"));
    assert_non_null(strstr(iperf2_request_str(IPERF2_SERVER_SENDS), "-R"));
    assert_non_null(strstr(iperf2_request_str(IPERF2_WANTS_ACK), "-X"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_mode_whole),
        cmocka_unit_test(test_every_prefix),
        cmocka_unit_test(test_compatibility_mode_is_plain),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
