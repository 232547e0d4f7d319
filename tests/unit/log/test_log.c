/* The log core: line format, levels, compile-time filtering, truncation, sinks, panic mode. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "log/log.h"

static uint64_t now_us;
static char captured[8][LOG_LINE_MAX + 1];
static size_t captured_len[8];
static unsigned captured_count;
static unsigned evaluated;

/* Overrides the weak default: the scheduler's monotonic clock in the firmware. */
uint64_t log_timestamp_us(void)
{
    return now_us;
}

static void capture_sink(const char *line, size_t len)
{
    unsigned i = captured_count++ % 8;
    memcpy(captured[i], line, len);
    captured[i][len] = '\0';
    captured_len[i] = len;
}

static int side_effect(void)
{
    evaluated++;
    return 7;
}

static int setup(void **state)
{
    (void)state;
    assert_int_equal(log_add_sink(capture_sink), 0);
    captured_count = 0;
    return 0;
}

static void test_line_has_timestamp_level_and_newline(void **state)
{
    (void)state;
    now_us = 12345678;
    LOG_WARN("disk %s at %d%%", "sda", 93);
    assert_int_equal(captured_count, 1);
    assert_string_equal(captured[0], "[   12.345678] W disk sda at 93%\n");
    assert_int_equal(captured_len[0], strlen(captured[0]));
    LOG_ERROR("e");
    LOG_INFO("i");
    assert_string_equal(captured[1] + 15, "E e\n");
    assert_string_equal(captured[2] + 15, "I i\n");
}

/* The timestamp is split without a 64-bit division: check it past 2^32 us (71 minutes) and at
 * an uptime of years, where a 32-bit shortcut would wrap. */
static void test_timestamp_beyond_32_bits(void **state)
{
    (void)state;
    now_us = 4294967296ull + 999999u; /* 4294.967296 s + 0.999999 s */
    LOG_WARN("x");
    assert_string_equal(captured[0], "[ 4295.967295] W x\n");
    now_us = 100000000000000ull + 63u; /* 10^8 s: more digits than the field width */
    LOG_WARN("y");
    assert_string_equal(captured[1], "[100000000.000063] W y\n");
}

static void test_levels_below_log_level_vanish_with_their_arguments(void **state)
{
    (void)state;
    evaluated = 0;
    LOG_DEBUG("debug %d", side_effect()); /* default LOG_LEVEL is INFO */
    LOG_TRACE("trace %d", side_effect());
    assert_int_equal(captured_count, 0);
    assert_int_equal(evaluated, 0);
    LOG_INFO("info %d", side_effect());
    assert_int_equal(evaluated, 1);
}

static void test_long_line_is_truncated_but_keeps_its_newline(void **state)
{
    (void)state;
    char long_text[400];
    memset(long_text, 'x', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    LOG_INFO("%s", long_text);
    assert_int_equal(captured_len[0], LOG_LINE_MAX - 1);
    assert_int_equal(captured[0][LOG_LINE_MAX - 2], '\n');
    assert_int_equal(captured[0][LOG_LINE_MAX - 3], 'x');
}

static void test_sink_table_is_bounded_and_deduplicated(void **state)
{
    (void)state;
    assert_int_equal(log_add_sink(capture_sink), 0); /* already there: not added twice */
    LOG_INFO("once");
    assert_int_equal(captured_count, 1);
}

static void test_dropped_counter_adds(void **state)
{
    (void)state;
    uint32_t before = log_dropped;
    log_dropped_add(3);
    assert_int_equal(log_dropped, before + 3);
}

static void test_panic_lines_have_no_timestamp_and_switch_mode(void **state)
{
    (void)state;
    assert_false(log_is_panicking());
    log_panic("FAULT %s", "here");
    assert_string_equal(captured[0], "FAULT here\n");
    assert_true(log_is_panicking());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_line_has_timestamp_level_and_newline, setup),
        cmocka_unit_test_setup(test_timestamp_beyond_32_bits, setup),
        cmocka_unit_test_setup(test_levels_below_log_level_vanish_with_their_arguments, setup),
        cmocka_unit_test_setup(test_long_line_is_truncated_but_keeps_its_newline, setup),
        cmocka_unit_test_setup(test_sink_table_is_bounded_and_deduplicated, setup),
        cmocka_unit_test_setup(test_dropped_counter_adds, setup),
        cmocka_unit_test_setup(test_panic_lines_have_no_timestamp_and_switch_mode, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
