/* The JSON reader against RFC 8259, y_ (must accept) and n_ (must reject) cases in the style of
 * JSONTestSuite, written for the scalar subset a leaf value uses; and the writers' output read
 * back by the reader. Inputs are copied into exactly-sized buffers so ASan sees any over-read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "settings/json.h"

/* Reads text[0..len) from a heap copy of exactly len bytes: one byte past it is a red zone. */
static enum json_status read_exact(const char *text, size_t len, struct json_value *v, char *str,
                                   size_t str_size, struct json_error *err)
{
    char *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    memcpy(copy, text, len);
    enum json_status st = json_read_value(copy, len, v, str, str_size, err);
    free(copy);
    return st;
}

struct yes {
    const char *text;
    size_t len; /* 0: strlen */
    enum json_kind kind;
    const char *decoded; /* strings: the UTF-8 expected; numbers: "digits e exp10" */
};

static const struct yes y_cases[] = {
    {"true", 0, JSON_BOOL, NULL},
    {" true ", 0, JSON_BOOL, NULL},
    {"\t\r\n false\n", 0, JSON_BOOL, NULL},
    {"null", 0, JSON_NULL, NULL},
    {"0", 0, JSON_NUMBER, "e0"},
    {"-0", 0, JSON_NUMBER, "e0"},
    {"1", 0, JSON_NUMBER, "1e0"},
    {"-1", 0, JSON_NUMBER, "1e0"},
    {"1000", 0, JSON_NUMBER, "1e3"},
    {"1.000", 0, JSON_NUMBER, "1e0"},
    {"1.5", 0, JSON_NUMBER, "15e-1"},
    {"0.00123", 0, JSON_NUMBER, "123e-5"},
    {"1e5", 0, JSON_NUMBER, "1e5"},
    {"1E+5", 0, JSON_NUMBER, "1e5"},
    {"1e-5", 0, JSON_NUMBER, "1e-5"},
    {"12.5e-3", 0, JSON_NUMBER, "125e-4"},
    {"0.0", 0, JSON_NUMBER, "e0"},
    {"-0.0e0", 0, JSON_NUMBER, "e0"},
    {"0e999999999999999", 0, JSON_NUMBER, "e0"},
    {"1e999999999999999", 0, JSON_NUMBER, "1e100000000"},
    {"1e-999999999999999", 0, JSON_NUMBER, "1e-100000000"},
    {"1e99999999", 0, JSON_NUMBER, "1e99999999"},
    {"1.5e99999999", 0, JSON_NUMBER, "15e99999998"},
    {"100e99999999", 0, JSON_NUMBER, "1e100000000"}, /* clamped after the trailing zeros */
    {"0.0000000000000000000000000000000000000000000000001", 0, JSON_NUMBER, "1e-49"},
    {"1000000000000000000000000000000000000000000000000000", 0, JSON_NUMBER, "1e51"},
    {"123456789012345678901234567890", 0, JSON_NUMBER, "12345678901234567890123456789e1"},
    {"\"\"", 0, JSON_STRING, ""},
    {"\"a\"", 0, JSON_STRING, "a"},
    {"\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", 0, JSON_STRING, "\"\\/\b\f\n\r\t"},
    {"\"\\u0041\\u0062\"", 0, JSON_STRING, "Ab"},
    {"\"\\u00e9\"", 0, JSON_STRING, "\xc3\xa9"},
    {"\"\\u00E9\"", 0, JSON_STRING, "\xc3\xa9"},
    {"\"\\u00eF\\u00Fe\"", 0, JSON_STRING, "\xc3\xaf\xc3\xbe"}, /* mixed case hex */
    {"\"\\u20AC\"", 0, JSON_STRING, "\xe2\x82\xac"},
    {"\"\\uD83D\\uDE00\"", 0, JSON_STRING, "\xf0\x9f\x98\x80"},
    {"\"\\uDBFF\\uDFFF\"", 0, JSON_STRING, "\xf4\x8f\xbf\xbf"},
    {"\"\\uFFFF\"", 0, JSON_STRING, "\xef\xbf\xbf"},
    {"\"\\u007f\"", 0, JSON_STRING, "\x7f"},
    {"\"\xc3\xa9\"", 0, JSON_STRING, "\xc3\xa9"},
    {"\"\xf0\x9f\x98\x80\"", 0, JSON_STRING, "\xf0\x9f\x98\x80"},
    {"\"\xe0\xa0\x80\"", 0, JSON_STRING, "\xe0\xa0\x80"},     /* U+0800, smallest 3-byte */
    {"\"\xef\xbf\xbd\"", 0, JSON_STRING, "\xef\xbf\xbd"},     /* U+FFFD */
    {"\"\x7f\"", 0, JSON_STRING, "\x7f"},                     /* DEL is not a control char */
    {"\"a/b\"", 0, JSON_STRING, "a/b"},
    {"{\"a\": 1}", 0, JSON_OBJECT, NULL},
    {"[1, 2]", 0, JSON_ARRAY, NULL},
    {"  [", 0, JSON_ARRAY, NULL}, /* recognised, not parsed: the leaf refuses the type */
    {"truex", 4, JSON_BOOL, NULL}, /* only len counts */
    {"1}", 1, JSON_NUMBER, "1e0"},
};

static void test_y_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof y_cases / sizeof y_cases[0]; i++) {
        const struct yes *c = &y_cases[i];
        size_t len = c->len ? c->len : strlen(c->text);
        struct json_value v;
        struct json_error err;
        char str[64];
        enum json_status st = read_exact(c->text, len, &v, str, sizeof str, &err);
        if (st != JSON_OK)
            fail_msg("y_%zu '%s' refused at %zu: %s", i, c->text, err.offset, err.message);
        assert_int_equal(v.kind, c->kind);
        if (c->kind == JSON_STRING) {
            assert_string_equal(str, c->decoded);
            assert_int_equal(v.string_len, strlen(c->decoded));
            /* and without a buffer: checked, not stored */
            assert_int_equal(read_exact(c->text, len, &v, NULL, 0, NULL), JSON_OK);
            assert_int_equal(v.string_len, strlen(c->decoded));
        } else if (c->kind == JSON_NUMBER) {
            char got[64];
            snprintf(got, sizeof got, "%.*se%d", v.number.ndigits, v.number.digits,
                     (int)v.number.exp10);
            assert_string_equal(got, c->decoded);
            assert_int_equal(v.number.negative, c->text[0] == '-');
        }
    }
    struct json_value v;
    assert_int_equal(json_read_value("1", 1, &v, NULL, 0, NULL), JSON_OK);
    assert_true(v.is_integer);
    assert_int_equal(json_read_value("1.0", 3, &v, NULL, 0, NULL), JSON_OK);
    assert_false(v.is_integer);
    assert_int_equal(json_read_value("1e0", 3, &v, NULL, 0, NULL), JSON_OK);
    assert_false(v.is_integer);
    assert_int_equal(json_read_value("true", 4, &v, NULL, 0, NULL), JSON_OK);
    assert_true(v.boolean);
    assert_int_equal(json_read_value("false", 5, &v, NULL, 0, NULL), JSON_OK);
    assert_false(v.boolean);
}

struct no {
    const char *text;
    size_t len;
    const char *message;
    size_t offset;
};

static const struct no n_cases[] = {
    {"", 0, "empty", 0},
    {" \t\r\n", 0, "empty", 4},
    {"\f1", 0, "expected a value", 0}, /* form feed is not JSON whitespace */
    {"\xc2\xa0" "1", 0, "expected a value", 0}, /* nor is U+00A0 */
    {"tru", 0, "invalid literal", 0},
    {"truex", 0, "trailing characters", 4},
    {"True", 0, "expected a value", 0},
    {"nul", 0, "invalid literal", 0},
    {"nulll", 0, "trailing characters", 4},
    {"fals", 0, "invalid literal", 0},
    {"01", 0, "leading zero", 1},
    {"-01", 0, "leading zero", 2},
    {"00", 0, "leading zero", 1},
    {"+1", 0, "expected a value", 0},
    {".5", 0, "expected a value", 0},
    {"1.", 0, "expected a digit after '.'", 2},
    {"1.e5", 0, "expected a digit after '.'", 2},
    {"1e", 0, "expected a digit in the exponent", 2},
    {"1e+", 0, "expected a digit in the exponent", 3},
    {"1e-", 0, "expected a digit in the exponent", 3},
    {"1ee5", 0, "expected a digit in the exponent", 2},
    {"-", 0, "expected a digit", 1},
    {"--1", 0, "expected a digit", 1},
    {"- 1", 0, "expected a digit", 1},
    {"0x10", 0, "trailing characters", 1},
    {"1_000", 0, "trailing characters", 1},
    {"NaN", 0, "expected a value", 0},
    {"-NaN", 0, "expected a digit", 1},
    {"Infinity", 0, "expected a value", 0},
    {"-Infinity", 0, "expected a digit", 1},
    {"1 2", 0, "trailing characters", 2},
    {"1,", 0, "trailing characters", 1},
    {"true false", 0, "trailing characters", 5},
    {"'a'", 0, "expected a value", 0},
    {"\"abc", 0, "unterminated string", 4},
    {"\"", 0, "unterminated string", 1},
    {"\"abc\"", 4, "unterminated string", 4}, /* the closing quote lies beyond len */
    {"\"a\\", 0, "bad escape", 3},
    {"\"\\x\"", 0, "bad escape", 2},
    {"\"\\U0041\"", 0, "bad escape", 2},
    {"\"\\'\"", 0, "bad escape", 2},
    {"\"\\u12\"", 0, "bad \\u escape", 3},
    {"\"\\u12G4\"", 0, "bad \\u escape", 3},
    {"\"\\u004", 0, "bad \\u escape", 3},
    {"\"\\uD800\"", 0, "lone high surrogate", 7},
    {"\"\\uD800\\n\"", 0, "lone high surrogate", 7},
    {"\"\\uDC00\"", 0, "lone low surrogate", 7},
    {"\"\\uD800\\u0041\"", 0, "high surrogate not followed by a low one", 13},
    {"\"\\uD800\\uD800\"", 0, "high surrogate not followed by a low one", 13},
    {"\"\\uD800\\u\"", 0, "bad \\u escape", 9},
    {"\"a\x01" "b\"", 0, "control character in string", 2},
    {"\"a\tb\"", 0, "control character in string", 2},
    {"\"a\nb\"", 0, "control character in string", 2},
    {"\"\x80\"", 0, "invalid UTF-8", 1},             /* lone continuation byte */
    {"\"\xc0\xaf\"", 0, "invalid UTF-8", 1},         /* overlong '/' */
    {"\"\xc1\xbf\"", 0, "invalid UTF-8", 1},         /* overlong */
    {"\"\xe0\x80\xaf\"", 0, "invalid UTF-8", 1},     /* overlong 3-byte */
    {"\"\xf0\x80\x80\xaf\"", 0, "invalid UTF-8", 1}, /* overlong 4-byte */
    {"\"\xed\xa0\x80\"", 0, "invalid UTF-8", 1},     /* encoded surrogate U+D800 */
    {"\"\xf4\x90\x80\x80\"", 0, "invalid UTF-8", 1}, /* U+110000 */
    {"\"\xf5\x80\x80\x80\"", 0, "invalid UTF-8", 1},
    {"\"\xff\"", 0, "invalid UTF-8", 1},
    {"\"\xe2\x82\"", 0, "invalid UTF-8", 1},         /* truncated by the quote */
    {"\"\xe2\x82", 0, "invalid UTF-8", 1},           /* truncated by the end */
    {"\"\xc3\"", 0, "invalid UTF-8", 1},
    {"\"a\"x", 0, "trailing characters", 3},
    {"\"a\" \"b\"", 0, "trailing characters", 4},
    {"\"\"\"", 0, "trailing characters", 2},
    {"1\0", 2, "trailing characters", 1},
    {"\0", 1, "expected a value", 0},
    {"\"\\u00@0\"", 0, "bad \\u escape", 3}, /* one below 'A' */
    {"\"\\u00`0\"", 0, "bad \\u escape", 3}, /* one below 'a' */
    {"\"\\u00G0\"", 0, "bad \\u escape", 3},
    {"\"\\u00g0\"", 0, "bad \\u escape", 3},
    {"\"\\u00\xc6" "0\"", 0, "bad \\u escape", 3}, /* 0xC6 | 0x20 is not 'f' */
};

static void test_n_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof n_cases / sizeof n_cases[0]; i++) {
        const struct no *c = &n_cases[i];
        size_t len = c->len ? c->len : strlen(c->text);
        struct json_value v;
        struct json_error err = {NULL, 0};
        char str[64];
        enum json_status st = read_exact(c->text, len, &v, str, sizeof str, &err);
        if (st != JSON_SYNTAX || strcmp(err.message, c->message) != 0 || err.offset != c->offset)
            fail_msg("n_%zu '%s': status %d '%s' at %zu, expected '%s' at %zu", i, c->text, st,
                     err.message ? err.message : "", err.offset, c->message, c->offset);
        /* the verdict does not depend on having a string buffer */
        assert_int_equal(read_exact(c->text, len, &v, NULL, 0, NULL), JSON_SYNTAX);
    }
}

static void test_strings_beyond_the_buffer_or_with_nul(void **state)
{
    (void)state;
    struct json_value v;
    char str[4];
    assert_int_equal(json_read_value("\"abc\"", 5, &v, str, sizeof str, NULL), JSON_OK);
    assert_string_equal(str, "abc");
    assert_int_equal(json_read_value("\"abcd\"", 6, &v, str, sizeof str, NULL),
                     JSON_STRING_TOO_LONG);
    assert_int_equal(v.string_len, 4);
    /* a multi-byte character that would straddle the end does not fit either */
    assert_int_equal(json_read_value("\"ab\\u00e9\"", 10, &v, str, sizeof str, NULL),
                     JSON_STRING_TOO_LONG);
    assert_int_equal(json_read_value("\"a\\u0000\"", 9, &v, str, sizeof str, NULL),
                     JSON_NUL_IN_STRING);
    /* syntax errors still win over length */
    assert_int_equal(json_read_value("\"abcdef", 7, &v, str, sizeof str, NULL), JSON_SYNTAX);
}

static void test_significant_digit_limit(void **state)
{
    (void)state;
    struct json_value v;
    /* 40 significant digits fit, trailing and leading zeros do not count */
    const char *forty = "1234567890123456789012345678901234567891";
    assert_int_equal(json_read_value(forty, 40, &v, NULL, 0, NULL), JSON_OK);
    assert_false(v.too_many_digits);
    char padded[80];
    snprintf(padded, sizeof padded, "0.0000000000%s000000", forty);
    assert_int_equal(json_read_value(padded, strlen(padded), &v, NULL, 0, NULL), JSON_OK);
    assert_false(v.too_many_digits);
    assert_int_equal(v.number.ndigits, 40);
    const char *forty_one = "1.2345678901234567890123456789012345678901";
    assert_int_equal(json_read_value(forty_one, strlen(forty_one), &v, NULL, 0, NULL), JSON_OK);
    assert_true(v.too_many_digits);
}

static void test_writers(void **state)
{
    (void)state;
    char buf[64];
    assert_int_equal(json_write_bool(buf, sizeof buf, true), 4);
    assert_string_equal(buf, "true");
    json_write_u64(buf, sizeof buf, UINT64_MAX);
    assert_string_equal(buf, "18446744073709551615");
    json_write_i64(buf, sizeof buf, INT64_MIN);
    assert_string_equal(buf, "-9223372036854775808");
    json_write_i64(buf, sizeof buf, 0);
    assert_string_equal(buf, "0");
    json_write_double(buf, sizeof buf, 0.1);
    assert_string_equal(buf, "0.1");
    json_write_float(buf, sizeof buf, 0.1f);
    assert_string_equal(buf, "0.1");
    json_write_string(buf, sizeof buf, "a\"b\\c\n\x01\x1f\x7f\xc3\xa9", 11);
    assert_string_equal(buf, "\"a\\\"b\\\\c\\n\\u0001\\u001f\x7f\xc3\xa9\"");
    /* snprintf's contract: full length returned, output truncated and terminated */
    char small[5];
    assert_int_equal(json_write_u64(small, sizeof small, 1234567), 7);
    assert_string_equal(small, "1234");
    assert_int_equal(json_write_string(small, sizeof small, "abcdef", 6), 8);
    assert_string_equal(small, "\"abc");
    assert_int_equal(json_write_double(small, sizeof small, 0.125), 5);
    assert_string_equal(small, "0.12");
    assert_int_equal(json_write_bool(NULL, 0, false), 5);
}

/* Every byte value 1..127, and a range of code points, written and read back unchanged. */
static void test_string_write_read_round_trip(void **state)
{
    (void)state;
    char raw[128], json[1024], back[256];
    for (int i = 1; i < 128; i++)
        raw[i - 1] = (char)i;
    size_t n = json_write_string(json, sizeof json, raw, 127);
    assert_true(n < sizeof json);
    struct json_value v;
    assert_int_equal(json_read_value(json, n, &v, back, sizeof back, NULL), JSON_OK);
    assert_int_equal(v.string_len, 127);
    assert_memory_equal(back, raw, 127);
    /* \uXXXX for every BMP code point outside the surrogates, spot-checked against the writer */
    for (unsigned cp = 1; cp < 0x10000; cp += 7) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        char esc[16], utf8[8];
        snprintf(esc, sizeof esc, "\"\\u%04x\"", cp);
        assert_int_equal(json_read_value(esc, 8, &v, utf8, sizeof utf8, NULL), JSON_OK);
        size_t m = json_write_string(json, sizeof json, utf8, v.string_len);
        char again[8];
        assert_int_equal(json_read_value(json, m, &v, again, sizeof again, NULL), JSON_OK);
        assert_string_equal(again, utf8);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_y_cases),
        cmocka_unit_test(test_n_cases),
        cmocka_unit_test(test_strings_beyond_the_buffer_or_with_nul),
        cmocka_unit_test(test_significant_digit_limit),
        cmocka_unit_test(test_writers),
        cmocka_unit_test(test_string_write_read_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
