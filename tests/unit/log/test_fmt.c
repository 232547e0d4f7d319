/* fmt_snprintf against the host C library's snprintf (a real implementation of the same
 * contract): every conversion, flag, width, precision and length modifier the formatter accepts,
 * plus truncation and buffer bounds. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "log/fmt.h"

/* The edge cases are deliberate ('0' with '-', '0' with a precision, unknown conversions, a
 * trailing '%'): the compiler's format checks would reject exactly what is being tested. */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-overflow"
#pragma GCC diagnostic ignored "-Wformat-truncation"

/* Both formatters on the same arguments: same text, same would-be length. */
#define SAME(...)                                                                                  \
    do {                                                                                           \
        char ours[256], libc[256];                                                                 \
        size_t n = fmt_snprintf(ours, sizeof ours, __VA_ARGS__);                                   \
        int m = snprintf(libc, sizeof libc, __VA_ARGS__);                                          \
        assert_string_equal(ours, libc);                                                           \
        assert_int_equal(n, (size_t)m);                                                            \
    } while (0)

static void test_signed_conversions(void **state)
{
    (void)state;
    int values[] = {0, 1, -1, 42, -42, 1000000, INT_MAX, INT_MIN};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        int v = values[i];
        SAME("%d", v);
        SAME("%i", v);
        SAME("[%8d]", v);
        SAME("[%-8d]", v);
        SAME("[%08d]", v);
        SAME("[%-08d]", v);
        SAME("[%.5d]", v);
        SAME("[%8.5d]", v);
        SAME("[%-8.5d]", v);
        SAME("[%08.5d]", v);
        SAME("[%.0d]", v);
        SAME("[%1d]", v);
    }
}

static void test_unsigned_conversions(void **state)
{
    (void)state;
    unsigned values[] = {0, 1, 7, 8, 255, 0xBEEFu, 0x80000000u, UINT_MAX};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        unsigned v = values[i];
        SAME("%u %x %X %o", v, v, v, v);
        SAME("[%10u][%-10x][%010X][%.4o]", v, v, v, v);
        SAME("[%08.3x][%.0u]", v, v);
    }
}

/* Every digit of a 64-bit value comes from 32-bit divisions (fmt_divmod): values across the
 * word boundary, in every base. */
static void test_64_bit_values(void **state)
{
    (void)state;
    unsigned long long values[] = {0xFFFFFFFFull, 0x100000000ull, 0x1FFFFFFFFull,
                                   10000000000ull, 9999999999999999999ull, ULLONG_MAX,
                                   0x8000000000000000ull, 1844674407370955161ull};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        unsigned long long v = values[i];
        SAME("%llu %llx %llX %llo", v, v, v, v);
        SAME("%lld [%25lld] [%-22llu]", (long long)v, -(long long)(v >> 1), v);
    }
}

static void test_length_modifiers(void **state)
{
    (void)state;
    SAME("%ld %lu %lx", LONG_MIN, ULONG_MAX, 0xDEADBEEFUL);
    SAME("%lld %llu %llx %llX", LLONG_MIN, ULLONG_MAX, 0x0123456789ABCDEFULL, 1ULL << 63);
    SAME("%zu %zx", SIZE_MAX, (size_t)12345);
    /* hh and h convert the promoted int back to char / short. */
    SAME("%hhd %hhu %hhx", 300, 300, 0x1FF);
    SAME("%hhd %hhd", -129, 127);
    SAME("%hd %hu %hx", 70000, 70000, 0x12345);
    SAME("%hd", -32769);
}

static void test_chars_and_strings(void **state)
{
    (void)state;
    SAME("%c%c%c", 'a', 'Z', '0');
    SAME("[%5c][%-5c]", 'x', 'y');
    SAME("%s", "hello");
    SAME("[%10s][%-10s]", "right", "left");
    SAME("[%.3s][%10.2s][%-6.0s]", "abcdef", "abcdef", "abcdef");
    SAME("[%2s]", "longer than width");
    SAME("%s", "");
    const char *null_string = NULL;
    SAME("[%s][%8s]", null_string, null_string); /* glibc and ours: "(null)" */
}

static void test_star_width_and_precision(void **state)
{
    (void)state;
    SAME("[%*d]", 6, 42);
    SAME("[%*d]", -6, 42); /* negative width: left-aligned */
    SAME("[%-*d]", 6, 42);
    SAME("[%.*s]", 2, "abc");
    SAME("[%.*s]", -1, "abc"); /* negative precision: as if none */
    SAME("[%.*d]", -3, 5);
    SAME("[%*.*d]", 8, 4, -7);
}

static void test_pointer_and_percent(void **state)
{
    (void)state;
    int x;
    SAME("%p", (void *)&x);
    SAME("[%20p][%-20p]", (void *)&x, (void *)&x);
    SAME("100%%");
    SAME("%5%"); /* glibc: a plain '%'; C leaves it undefined */
    char out[16];
    fmt_snprintf(out, sizeof out, "%p", (void *)0);
    assert_string_equal(out, "0x0"); /* glibc says "(nil)": ours stays numeric */
}

static void test_unknown_conversion_and_trailing_percent(void **state)
{
    (void)state;
    char out[32];
    assert_int_equal(fmt_snprintf(out, sizeof out, "a%qb%d", 5), 5);
    assert_string_equal(out, "a%qb5");
    assert_int_equal(fmt_snprintf(out, sizeof out, "end%"), 3);
    assert_string_equal(out, "end");
}

static void test_truncation_returns_full_length_and_terminates(void **state)
{
    (void)state;
    const char *expect = "value=12345 name=abcdef";
    for (size_t size = 1; size <= strlen(expect) + 2; size++) {
        char out[64];
        memset(out, '#', sizeof out);
        size_t n = fmt_snprintf(out, size, "value=%d name=%s", 12345, "abcdef");
        assert_int_equal(n, strlen(expect));
        assert_int_equal(strlen(out), size - 1 < n ? size - 1 : n);
        assert_memory_equal(out, expect, strlen(out));
        for (size_t i = size; i < sizeof out; i++)
            assert_int_equal(out[i], '#'); /* not one byte past size */
    }
}

static void test_zero_size_writes_nothing(void **state)
{
    (void)state;
    char out[4] = {'#', '#', '#', '#'};
    assert_int_equal(fmt_snprintf(out, 0, "%d", 1234), 4);
    assert_int_equal(out[0], '#');
    assert_int_equal(fmt_snprintf(NULL, 0, "%s", "abc"), 3);
}

static void test_huge_width_is_bounded(void **state)
{
    (void)state;
    char out[8];
    size_t n = fmt_snprintf(out, sizeof out, "%99999999d", 1);
    assert_int_equal(n, 1024); /* capped: no overflow, no million-byte padding loop */
    assert_int_equal(strlen(out), sizeof out - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_signed_conversions),
        cmocka_unit_test(test_unsigned_conversions),
        cmocka_unit_test(test_64_bit_values),
        cmocka_unit_test(test_length_modifiers),
        cmocka_unit_test(test_chars_and_strings),
        cmocka_unit_test(test_star_width_and_precision),
        cmocka_unit_test(test_pointer_and_percent),
        cmocka_unit_test(test_unknown_conversion_and_trailing_percent),
        cmocka_unit_test(test_truncation_returns_full_length_and_terminates),
        cmocka_unit_test(test_zero_size_writes_nothing),
        cmocka_unit_test(test_huge_width_is_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
