/* The dictionary encoder (log/dict.h, log/src/dict.c), built here with LOG_DICT=1.
 *
 * Run with two file names, it logs every case twice, as a record (LOG_INFO and friends) into the
 * first and as a text line (log_write, the text build's function) into the second: test_dict.py
 * decodes the records with tools/logdecode and compares. Run alone, it checks the framing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "log/log.h"

#pragma GCC diagnostic ignored "-Wformat" /* the unknown conversion case: fmt.c prints it as is */

static uint64_t now_us;
static FILE *out_records, *out_text, *no_file;
static FILE **out = &out_records;
static uint8_t last[LOG_LINE_MAX + 64];
static size_t last_len;

uint64_t log_timestamp_us(void)
{
    return now_us;
}

static void capture_sink(const char *bytes, size_t len)
{
    if (*out)
        fwrite(bytes, 1, len, *out);
    last_len = len < sizeof last ? len : sizeof last;
    memcpy(last, bytes, last_len);
}

/* A record, then the same message as text, at the same time stamp. */
#define BOTH(level, ...)                                                                           \
    do {                                                                                           \
        out = &out_records;                                                                        \
        LOG_AT(level, __VA_ARGS__);                                                                \
        out = &out_text;                                                                           \
        log_write(level, __VA_ARGS__);                                                             \
    } while (0)
#define CASE(...) BOTH(LOG_LEVEL_INFO, __VA_ARGS__)

static const char *volatile null_string;
static char long_string[300];

static void cases(void)
{
    static const char span_bytes[] = {'t', 'o', 'p', 'i', 'c', '/', 'x', 'y', 'z'}; /* no NUL */
    static const char with_nul[] = {'a', 'b', '\0', 'c', 'd'};
    memset(long_string, 'L', sizeof long_string - 1);
    long_string[sizeof long_string - 1] = '\0';

    now_us = 0;
    CASE("no arguments");
    now_us = 12345678;
    BOTH(LOG_LEVEL_ERROR, "disk %s at %d%%", "sda", 93);
    BOTH(LOG_LEVEL_WARN, "w %u", 7u);
    BOTH(LOG_LEVEL_DEBUG, "d %x", 0xBEEFu);
    BOTH(LOG_LEVEL_TRACE, "t %c%c", 'o', 'k');
    now_us = 4294967296ull + 999999u; /* past 2^32 us */
    CASE("%d %d %d %i", 0, -1, INT32_MIN, INT32_MAX);
    CASE("%u %x %X %o %08x|%-8x|%8X", UINT32_MAX, 0xabcdefu, 0xabcdefu, 8u, 0x1fu, 0x2u, 0xfeu);
    now_us = 99999999999ull;
    CASE("%lld %llu %llx %lli", (long long)INT64_MIN, (unsigned long long)UINT64_MAX,
         0x123456789abcdefull, -5ll);
    CASE("%ld %lu %lx %zu %zx", -123456789l, 4000000000ul, 0xdeadbeeful, (size_t)12345,
         (size_t)SIZE_MAX);
    CASE("%hhd %hhu %hd %hu %hhx", 200, 200, 70000, 70000, -1);
    CASE("%5d|%-5d|%05d|%.3d|%8.3d|%-8.3d|%.0d|%.0u|", 42, 42, -42, 7, -7, 7, 0, 0u);
    CASE("%*d|%-*d|%*d|", 6, 1, 6, 2, -6, 3);
    CASE("%.*d|%.*d|%*.*d|", 4, 5, -1, 6, 7, 3, 8);
    CASE("%s|%5s|%-5s|%.2s|%8.3s|%-8.3s|%s", "str", "ab", "ab", "xyz", "abcdef", "abcdef", "");
    CASE("%s and %s", null_string, "after a null");
    CASE("%p %p %10p %-12p|", (void *)0x1234, (void *)0, (void *)0xab, (void *)&now_us);
    CASE("%c%c%c [%3c] [%-3c]", 'a', 'b', 'c', 'x', 'y');
    CASE("100%% %q %5%% done %");
    CASE("%d %d %d %d %d %d %d %d %d", 1, 2, 3, 4, 5, 6, 7, 8, 9);
    CASE("%s/%llu/%s/%d", "mixed", 1ull << 40, "types", -3);
    uint8_t u8 = 255;
    int16_t i16 = -300;
    struct {
        unsigned bits : 3;
    } bf = {5};
    char array[8] = "arr";
    CASE("%u %d %u %s", u8, i16, bf.bits, array);
    /* Cut like the text build: a line longer than LOG_LINE_MAX, and records that cannot hold all
     * their arguments. */
    CASE("long: %s", long_string);
    CASE("%s|%s|%d", long_string, long_string, 5);
    CASE("%.5s|%d|%llu", long_string, 77, 1ull << 63);

    /* %.*s: the record carries the length and at most that many bytes. */
    out = &out_records;
    LOG_INFO("span [%.*s] [%.*s] [%.*s] %d", LOG_SPAN(5, span_bytes), LOG_SPAN(0, span_bytes),
             LOG_SPAN(4, with_nul), 9);
    LOG_INFO("span %-8.*s| %8.*s|", LOG_SPAN(3, span_bytes), LOG_SPAN(9, span_bytes));
    LOG_INFO("span negative %.*s", LOG_SPAN(-1, "to the NUL"));
    out = &out_text;
    log_write(LOG_LEVEL_INFO, "span [%.*s] [%.*s] [%.*s] %d", 5, span_bytes, 0, span_bytes, 4,
              with_nul, 9);
    log_write(LOG_LEVEL_INFO, "span %-8.*s| %8.*s|", 3, span_bytes, 9, span_bytes);
    log_write(LOG_LEVEL_INFO, "span negative %.*s", -1, "to the NUL");

    /* The fault report: no timestamp, and decodable. */
    out = &out_records;
    log_panic("FAULT %s (exception %lu) CFSR=%08lx", "HardFault", 3ul, 0x400ul);
    out = &out_text;
    (log_panic)("FAULT %s (exception %lu) CFSR=%08lx", "HardFault", 3ul, 0x400ul);
}

static int setup(void **state)
{
    (void)state;
    return log_add_sink(capture_sink);
}

/* 0x00, then COBS: no 0 until the closing 0x00. */
static void assert_framed(void)
{
    assert_true(last_len >= 4);
    assert_true(last_len <= LOG_LINE_MAX + 32 + 3); /* dict.c's LOG_DICT_PAYLOAD_MAX, framed */
    assert_int_equal(last[0], 0);
    assert_int_equal(last[last_len - 1], 0);
    for (size_t i = 1; i + 1 < last_len; i++)
        assert_int_not_equal(last[i], 0);
}

static void test_records_are_framed(void **state)
{
    (void)state;
    out = &no_file;
    LOG_INFO("none");
    assert_framed();
    LOG_INFO("%s %s %d", "", "zero bytes around", 0);
    assert_framed();
    memset(long_string, 'L', sizeof long_string - 1);
    LOG_INFO("%s %s %lld", long_string, long_string, -1ll);
    assert_framed();
    assert_true(last_len >= LOG_LINE_MAX + 32 + 3 - 10); /* full: the strings were cut */
}

static void test_panic_record_switches_to_panic_mode(void **state)
{
    (void)state;
    out = &no_file;
    assert_false(log_is_panicking());
    log_panic("FAULT %u", 1u);
    assert_framed();
    assert_true(log_is_panicking());
}

int main(int argc, char **argv)
{
    if (argc == 3) {
        out_records = fopen(argv[1], "wb");
        out_text = fopen(argv[2], "wb");
        if (!out_records || !out_text || log_add_sink(capture_sink) != 0)
            return 2;
        cases();
        return fclose(out_records) || fclose(out_text) ? 2 : 0;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_records_are_framed, setup),
        cmocka_unit_test_setup(test_panic_record_switches_to_panic_mode, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
