/* Leaf get/set: every kind round-trips, every rejection says why and leaves the tree as it was,
 * the change callback fires exactly for real changes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "test_tree.h"

static struct cfg cfg;
static unsigned changes;
static uint32_t last_changed_offset;

static void on_change(const struct settings_ref *leaf, void *ctx)
{
    (void)ctx;
    changes++;
    last_changed_offset = leaf->offset;
}

static const struct settings tree = {
    .root = &cfg_root, .data = &cfg, .defaults = &cfg_defaults, .changed = on_change,
};

static int setup(void **state)
{
    (void)state;
    settings_reset(&tree);
    changes = 0;
    last_changed_offset = UINT32_MAX;
    return 0;
}

static enum settings_status set(const char *path, const char *json, char *reason, size_t size)
{
    return settings_set_path(&tree, path, strlen(path), json, strlen(json), reason, size);
}

static void expect_get(const char *path, const char *json)
{
    char out[SETTINGS_VALUE_MAX], reason[SETTINGS_REASON_MAX];
    size_t len = 0;
    enum settings_status st =
        settings_get_path(&tree, path, strlen(path), out, sizeof out, &len, reason, sizeof reason);
    if (st != SETTINGS_OK)
        fail_msg("get %s: %s (%s)", path, settings_status_text(st), reason);
    assert_string_equal(out, json);
    assert_int_equal(len, strlen(json));
}

/* Sets json, then expects get to give back `canonical`. */
static void expect_round_trip(const char *path, const char *json, const char *canonical)
{
    char reason[SETTINGS_REASON_MAX];
    enum settings_status st = set(path, json, reason, sizeof reason);
    if (st != SETTINGS_OK)
        fail_msg("set %s = %s: %s (%s)", path, json, settings_status_text(st), reason);
    expect_get(path, canonical);
}

static void test_check_accepts_the_tree(void **state)
{
    (void)state;
    char reason[SETTINGS_REASON_MAX];
    enum settings_status st = settings_check(&tree, reason, sizeof reason);
    if (st != SETTINGS_OK)
        fail_msg("%s", reason);
}

static void test_defaults(void **state)
{
    (void)state;
    expect_get("/telemetry_period", "10");
    expect_get("/mode", "\"blink\"");
    expect_get("/name", "\"device\"");
    expect_get("/net/ip/0", "192");
    expect_get("/pid/1/ki", "0.2");
    expect_get("/pid/2/kd", "0.03");
    expect_get("/info/version", "\"1.2.3\"");
    expect_get("/gain", "1.0");
}

static void test_round_trip_every_kind(void **state)
{
    (void)state;
    expect_round_trip("/led", "true", "true");
    expect_round_trip("/led", " false ", "false");
    expect_round_trip("/telemetry_period", "3600", "3600");
    expect_round_trip("/telemetry_period", "1", "1");
    expect_round_trip("/i8", "-128", "-128");
    expect_round_trip("/i8", "127", "127");
    expect_round_trip("/i16", "-1000", "-1000");
    expect_round_trip("/i32", "-2147483648", "-2147483648");
    expect_round_trip("/i32", "2147483647", "2147483647");
    expect_round_trip("/i64", "-9223372036854775808", "-9223372036854775808");
    expect_round_trip("/i64", "9223372036854775807", "9223372036854775807");
    expect_round_trip("/i64", "-0", "0");
    expect_round_trip("/u8", "255", "255");
    expect_round_trip("/u16", "65535", "65535");
    expect_round_trip("/u64", "18446744073709551615", "18446744073709551615");
    expect_round_trip("/u64", "0", "0");
    expect_round_trip("/gain", "0.1", "0.1");
    expect_round_trip("/gain", "-1.5", "-1.5");
    expect_round_trip("/gain", "2.5", "2.5");
    expect_round_trip("/gain", "2", "2.0");
    /* Ranges apply to the value as stored: this rounds to the float 2.5, which is in range. */
    expect_round_trip("/gain", "2.5000001", "2.5");
    expect_round_trip("/gain", "-0.0", "-0.0");
    expect_round_trip("/gain", "1e-45", "1e-45");
    expect_round_trip("/gain", "0.33333334", "0.33333334");
    expect_round_trip("/gain", "0.333333333333333333", "0.33333334");
    expect_round_trip("/ratio", "0.1", "0.1");
    expect_round_trip("/ratio", "1.7976931348623157e308", "1.7976931348623157e308");
    expect_round_trip("/ratio", "5e-324", "5e-324");
    expect_round_trip("/ratio", "-2.2250738585072014E-308", "-2.2250738585072014e-308");
    expect_round_trip("/ratio", "123456789", "123456789.0");
    expect_round_trip("/ratio", "1E2", "100.0");
    expect_round_trip("/mode", "\"off\"", "\"off\"");
    expect_round_trip("/mode", "\"on\"", "\"on\"");
    expect_round_trip("/name", "\"\"", "\"\"");
    expect_round_trip("/name", "\"caf\\u00e9\"", "\"caf\xc3\xa9\"");
    expect_round_trip("/name", "\"\\ud83d\\ude00\"", "\"\xf0\x9f\x98\x80\"");
    expect_round_trip("/name", "\"tab\\tquote\\\"\"", "\"tab\\tquote\\\"\"");
    expect_round_trip("/name", "\"\\u0001\\/x\"", "\"\\u0001/x\"");
    expect_round_trip("/name", "\"123456789012345\"", "\"123456789012345\""); /* 15 = max */
    expect_round_trip("/net/ip/3", "254", "254");
    expect_round_trip("/net/port", "8883", "8883");
    expect_round_trip("/net/host", "\"mqtt.local\"", "\"mqtt.local\"");
    expect_round_trip("/pid/2/kp", "100", "100.0");
    expect_round_trip("/pid/0/ki", "-3.25", "-3.25");
    expect_round_trip("/pid/1/kd", "1e300", "1e300");
    expect_round_trip("/weights/3", "0", "0.0");
    expect_round_trip("/even", "-4", "-4");
    expect_round_trip("/offset", "7.5", "7.5");
    /* The struct holds exactly what was set. */
    assert_true(cfg.led == false);
    assert_int_equal(cfg.i64, 0);
    assert_int_equal(cfg.mode, MODE_ON);
    assert_int_equal(cfg.net.ip[3], 254);
    assert_true(cfg.pid[1].kd == 1e300);
    assert_true(cfg.pid[0].ki == -3.25f);
    assert_string_equal(cfg.net.host, "mqtt.local");
}

struct rejection {
    const char *path, *json;
    enum settings_status status;
    const char *reason; /* a substring the reason must contain */
};

static const struct rejection rejections[] = {
    /* unknown path / node */
    {"/nope", "1", SETTINGS_E_PATH, "/ has no 'nope'"},
    {"/net", "1", SETTINGS_E_NOT_LEAF, "/net is a node"},
    {"", "1", SETTINGS_E_NOT_LEAF, "/ is a node"},
    {"/pid/3/kp", "1", SETTINGS_E_PATH, "index 3 out of range"},
    /* bad JSON */
    {"/telemetry_period", "", SETTINGS_E_JSON, "byte 0: empty"},
    {"/telemetry_period", "12x", SETTINGS_E_JSON, "byte 2: trailing"},
    {"/telemetry_period", "012", SETTINGS_E_JSON, "leading zero"},
    {"/telemetry_period", "+5", SETTINGS_E_JSON, "expected a value"},
    {"/telemetry_period", "NaN", SETTINGS_E_JSON, "invalid JSON"},
    {"/ratio", "Infinity", SETTINGS_E_JSON, "invalid JSON"},
    {"/ratio", "-Infinity", SETTINGS_E_JSON, "invalid JSON"},
    {"/ratio", "1.", SETTINGS_E_JSON, "after '.'"},
    {"/name", "\"abc", SETTINGS_E_JSON, "unterminated"},
    {"/name", "\"\\x\"", SETTINGS_E_JSON, "bad escape"},
    {"/name", "\"\\ud800\"", SETTINGS_E_JSON, "lone high surrogate"},
    {"/name", "\"\xc0\xaf\"", SETTINGS_E_JSON, "UTF-8"},
    {"/led", "tru", SETTINGS_E_JSON, "invalid literal"},
    {"/led", "true true", SETTINGS_E_JSON, "trailing"},
    /* wrong type */
    {"/led", "1", SETTINGS_E_TYPE, "expected true or false, got a number"},
    {"/led", "\"true\"", SETTINGS_E_TYPE, "got a string"},
    {"/telemetry_period", "\"10\"", SETTINGS_E_TYPE, "expected an integer, got a string"},
    {"/telemetry_period", "10.0", SETTINGS_E_TYPE, "expected an integer"},
    {"/telemetry_period", "1e1", SETTINGS_E_TYPE, "expected an integer"},
    {"/telemetry_period", "null", SETTINGS_E_TYPE, "got null"},
    {"/telemetry_period", "{\"a\":1}", SETTINGS_E_TYPE, "got an object"},
    {"/telemetry_period", "[1]", SETTINGS_E_TYPE, "got an array"},
    {"/gain", "true", SETTINGS_E_TYPE, "expected a number, got a boolean"},
    {"/mode", "1", SETTINGS_E_TYPE, "expected a string"},
    {"/name", "5", SETTINGS_E_TYPE, "expected a string, got a number"},
    /* out of range */
    {"/telemetry_period", "0", SETTINGS_E_RANGE, "out of range: 1..3600"},
    {"/telemetry_period", "3601", SETTINGS_E_RANGE, "out of range: 1..3600"},
    {"/telemetry_period", "-1", SETTINGS_E_RANGE, "out of range: 1..3600"},
    {"/telemetry_period", "99999999999999999999999", SETTINGS_E_RANGE, "1..3600"},
    {"/i8", "128", SETTINGS_E_RANGE, "out of range: -128..127"},
    {"/i8", "-129", SETTINGS_E_RANGE, "out of range: -128..127"},
    {"/i16", "1001", SETTINGS_E_RANGE, "out of range: -1000..1000"},
    {"/i64", "9223372036854775808", SETTINGS_E_RANGE, "-9223372036854775808..9223372036854775807"},
    {"/i64", "-9223372036854775809", SETTINGS_E_RANGE, "out of range"},
    {"/u8", "256", SETTINGS_E_RANGE, "out of range: 0..255"},
    {"/u8", "-1", SETTINGS_E_RANGE, "out of range: 0..255"},
    {"/u16", "65536", SETTINGS_E_RANGE, "0..65535"},
    {"/u64", "18446744073709551616", SETTINGS_E_RANGE, "0..18446744073709551615"},
    {"/gain", "2.5000003", SETTINGS_E_RANGE, "out of range: -1.5..2.5"}, /* float 2.50000024 */
    {"/gain", "-1.6", SETTINGS_E_RANGE, "out of range: -1.5..2.5"},
    {"/ratio", "1.8e308", SETTINGS_E_RANGE, "beyond the largest double"},
    {"/ratio", "1e-400", SETTINGS_E_RANGE, "rounds to 0"},
    {"/pid/0/ki", "3.5e38", SETTINGS_E_RANGE, "beyond the largest float"},
    {"/pid/0/ki", "1e-46", SETTINGS_E_RANGE, "too small for a float"},
    {"/pid/0/kp", "-0.5", SETTINGS_E_RANGE, "out of range: 0.0..100.0"},
    {"/weights/1", "1.01", SETTINGS_E_RANGE, "out of range: 0.0..1.0"},
    {"/ratio", "1.00000000000000000000000000000000000000001", SETTINGS_E_RANGE,
     "more than 40 significant digits"},
    /* validators, enums, strings */
    {"/even", "3", SETTINGS_E_INVALID, "must be even"},
    {"/net/port", "0", SETTINGS_E_INVALID, "port 0 is reserved"},
    {"/name", "\"a b\"", SETTINGS_E_INVALID, "no spaces allowed"},
    {"/name", "\"a\\u0000b\"", SETTINGS_E_INVALID, "\\u0000"},
    {"/mode", "\"dim\"", SETTINGS_E_INVALID, "unknown value 'dim', expected one of: off on blink"},
    {"/mode", "\"OFF\"", SETTINGS_E_INVALID, "unknown value"},
    {"/name", "\"1234567890123456\"", SETTINGS_E_TOO_LONG, "longer than 15 bytes"},
    {"/name", "\"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\"", SETTINGS_E_TOO_LONG,
     "longer than 15"},
    /* read-only */
    {"/serial", "1", SETTINGS_E_READ_ONLY, "read-only"},
    {"/info/version", "\"2.0\"", SETTINGS_E_READ_ONLY, "read-only"},
    {"/info/boots", "not even json", SETTINGS_E_READ_ONLY, "read-only"},
};

static void test_rejections_leave_state_unchanged(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rejections / sizeof rejections[0]; i++) {
        const struct rejection *r = &rejections[i];
        struct cfg before = cfg;
        char reason[SETTINGS_REASON_MAX] = "";
        enum settings_status st = set(r->path, r->json, reason, sizeof reason);
        if (st != r->status || !strstr(reason, r->reason))
            fail_msg("set %s = %s: got %s '%s', expected %s '%s'", r->path, r->json,
                     settings_status_text(st), reason, settings_status_text(r->status),
                     r->reason);
        if (memcmp(&before, &cfg, sizeof cfg) != 0)
            fail_msg("set %s = %s changed the settings", r->path, r->json);
        assert_int_equal(changes, 0);
    }
}

static void test_change_callback(void **state)
{
    (void)state;
    char reason[SETTINGS_REASON_MAX];
    assert_int_equal(set("/led", "true", reason, sizeof reason), SETTINGS_OK);
    assert_int_equal(changes, 1);
    assert_int_equal(last_changed_offset, offsetof(struct cfg, led));
    /* the same value again: nothing changed, nobody is told */
    assert_int_equal(set("/led", "true", reason, sizeof reason), SETTINGS_OK);
    assert_int_equal(changes, 1);
    assert_int_equal(set("/pid/2/ki", "9", reason, sizeof reason), SETTINGS_OK);
    assert_int_equal(changes, 2);
    assert_int_equal(last_changed_offset, offsetof(struct cfg, pid[2].ki));
    assert_int_equal(set("/net/ip/1", "1", reason, sizeof reason), SETTINGS_OK);
    assert_int_equal(last_changed_offset, offsetof(struct cfg, net.ip[1]));
    assert_int_equal(changes, 3);
}

static void test_nullable_resets_to_default(void **state)
{
    (void)state;
    char reason[SETTINGS_REASON_MAX];
    assert_int_equal(set("/offset", "3", reason, sizeof reason), SETTINGS_OK);
    assert_true(cfg.offset == 3.0);
    assert_int_equal(set("/offset", " null ", reason, sizeof reason), SETTINGS_OK);
    assert_true(cfg.offset == 0.125);
    expect_get("/offset", "0.125");
}

static void test_read_only_is_readable(void **state)
{
    (void)state;
    expect_get("/serial", "4242");
    expect_get("/info/boots", "7");
    /* The application itself may change it; get shows it. */
    cfg.serial = 17;
    expect_get("/serial", "17");
}

static void test_get_buffer_too_small(void **state)
{
    (void)state;
    char out[4], reason[SETTINGS_REASON_MAX];
    size_t len = 99;
    assert_int_equal(settings_get_path(&tree, "/name", 5, out, sizeof out, &len, reason,
                                       sizeof reason),
                     SETTINGS_E_TOO_LONG);
    assert_int_equal(len, 0);
    assert_int_equal(strlen(out), 3); /* truncated, but terminated */
    assert_non_null(strstr(reason, "4-byte buffer"));
}

static void test_get_values_the_application_wrote(void **state)
{
    (void)state;
    cfg.mode = (enum mode)7; /* not in the table: shown as its number */
    expect_get("/mode", "7");
    memset(cfg.name, 'x', sizeof cfg.name); /* no terminator: bounded by the field */
    expect_get("/name", "\"xxxxxxxxxxxxxxxx\"");
    cfg.ratio = 0.0 / 0.0;
    expect_get("/ratio", "null");
}

static void test_reason_is_optional_and_bounded(void **state)
{
    (void)state;
    assert_int_equal(set("/telemetry_period", "0", NULL, 0), SETTINGS_E_RANGE);
    char tiny[8];
    assert_int_equal(set("/mode", "\"nope\"", tiny, sizeof tiny), SETTINGS_E_INVALID);
    assert_int_equal(strlen(tiny), sizeof tiny - 1);
}

static void test_status_texts(void **state)
{
    (void)state;
    for (int st = SETTINGS_OK; st <= SETTINGS_E_STORE; st++)
        assert_string_not_equal(settings_status_text((enum settings_status)st), "unknown status");
    assert_string_equal(settings_status_text((enum settings_status)99), "unknown status");
}

/* ---- settings_check on broken declarations --------------------------------------------- */

struct small {
    uint32_t a, b;
    char s[200];
};

static struct small small_data;

static void expect_tree_error(const struct setting_desc *root, const void *defaults,
                              const char *reason_part)
{
    const struct settings s = {.root = root, .data = &small_data, .defaults = defaults};
    char reason[SETTINGS_REASON_MAX] = "";
    assert_int_equal(settings_check(&s, reason, sizeof reason), SETTINGS_E_TREE);
    if (!strstr(reason, reason_part))
        fail_msg("reason '%s' lacks '%s'", reason, reason_part);
}

SETTING_TABLE(struct small, dup_fields) = {
    SETTING_U32(struct small, a),
    {.name = "a", .offset = offsetof(struct small, b), .size = 4, .rule.u = {.kind = SETTING_KIND_UINT}},
};
SETTING_TABLE(struct small, range_fields) = {
    SETTING_U32(struct small, a, .min = 5),
};
SETTING_TABLE(struct small, wide_range_fields) = {
    SETTING_U32(struct small, a, .max = 5000000000ull),
};
SETTING_TABLE(struct small, default_fields) = {
    SETTING_U32(struct small, a, .min = 1, .max = 9),
};
SETTING_TABLE(struct small, string_fields) = {
    SETTING_STRING(struct small, s),
};
SETTING_TABLE(struct small, digit_fields) = {
    {.name = "12", .offset = 0, .size = 4, .rule.u = {.kind = SETTING_KIND_UINT}},
};
SETTING_TABLE(struct small, slash_fields) = {
    {.name = "a/b", .offset = 0, .size = 4, .rule.u = {.kind = SETTING_KIND_UINT}},
};
SETTING_TABLE(struct small, outside_fields) = {
    {.name = "x", .offset = 300, .size = 4, .rule.u = {.kind = SETTING_KIND_UINT}},
};
SETTING_TABLE(struct small, size_fields) = {
    {.name = "x", .offset = 0, .size = 3, .rule.u = {.kind = SETTING_KIND_UINT}},
};

/* A float leaf written by hand, without the operations SETTING_F32 puts in its rule. */
struct floaty {
    float f;
};
SETTING_TABLE(struct floaty, bare_float_fields) = {
    {.name = "f", .offset = 0, .size = 4, .rule.f = {.kind = SETTING_KIND_FLOAT}},
};

static void test_float_leaf_needs_its_ops(void **state)
{
    (void)state;
    static const struct setting_desc root = SETTINGS_ROOT(struct floaty, bare_float_fields);
    static struct floaty data;
    const struct settings s = {.root = &root, .data = &data};
    char reason[SETTINGS_REASON_MAX], out[32];
    size_t len = 1;
    assert_int_equal(settings_check(&s, reason, sizeof reason), SETTINGS_E_TREE);
    assert_non_null(strstr(reason, "leaf without its operations"));
    /* Used anyway: refused, nothing written, nothing read. */
    assert_int_equal(settings_set_path(&s, "/f", 2, "1.5", 3, reason, sizeof reason),
                     SETTINGS_E_TREE);
    assert_true(data.f == 0.0f);
    assert_int_equal(settings_get_path(&s, "/f", 2, out, sizeof out, &len, reason, sizeof reason),
                     SETTINGS_E_TREE);
    assert_int_equal(len, 0);
}

static void test_check_refuses_bad_trees(void **state)
{
    (void)state;
    static const struct setting_desc dup = SETTINGS_ROOT(struct small, dup_fields);
    static const struct setting_desc range = SETTINGS_ROOT(struct small, range_fields);
    static const struct setting_desc wide = SETTINGS_ROOT(struct small, wide_range_fields);
    static const struct setting_desc def = SETTINGS_ROOT(struct small, default_fields);
    static const struct setting_desc str = SETTINGS_ROOT(struct small, string_fields);
    static const struct setting_desc digit = SETTINGS_ROOT(struct small, digit_fields);
    static const struct setting_desc slash = SETTINGS_ROOT(struct small, slash_fields);
    static const struct setting_desc outside = SETTINGS_ROOT(struct small, outside_fields);
    static const struct setting_desc size = SETTINGS_ROOT(struct small, size_fields);
    static const struct small zero;
    expect_tree_error(&dup, NULL, "duplicate child name");
    expect_tree_error(&range, NULL, "/a: range must have min <= max");
    expect_tree_error(&wide, NULL, "within the type");
    expect_tree_error(&def, &zero, "/a: default refused: out of range: 1..9");
    expect_tree_error(&str, NULL, "string size");
    expect_tree_error(&digit, NULL, "not all digits");
    expect_tree_error(&slash, NULL, "without '/'");
    expect_tree_error(&outside, NULL, "outside its struct");
    expect_tree_error(&size, NULL, "integer size");
}

/* Nine nested structs: one level more than SETTINGS_MAX_DEPTH allows. */
struct d9 { uint8_t x; };
struct d8 { struct d9 n; };
struct d7 { struct d8 n; };
struct d6 { struct d7 n; };
struct d5 { struct d6 n; };
struct d4 { struct d5 n; };
struct d3 { struct d4 n; };
struct d2 { struct d3 n; };
struct d1 { struct d2 n; };
SETTING_TABLE(struct d9, d9_fields) = {SETTING_U8(struct d9, x)};
SETTING_TABLE(struct d8, d8_fields) = {SETTING_NODE(struct d8, n, d9_fields)};
SETTING_TABLE(struct d7, d7_fields) = {SETTING_NODE(struct d7, n, d8_fields)};
SETTING_TABLE(struct d6, d6_fields) = {SETTING_NODE(struct d6, n, d7_fields)};
SETTING_TABLE(struct d5, d5_fields) = {SETTING_NODE(struct d5, n, d6_fields)};
SETTING_TABLE(struct d4, d4_fields) = {SETTING_NODE(struct d4, n, d5_fields)};
SETTING_TABLE(struct d3, d3_fields) = {SETTING_NODE(struct d3, n, d4_fields)};
SETTING_TABLE(struct d2, d2_fields) = {SETTING_NODE(struct d2, n, d3_fields)};
SETTING_TABLE(struct d1, d1_fields) = {SETTING_NODE(struct d1, n, d2_fields)};

static void test_check_refuses_too_deep(void **state)
{
    (void)state;
    static const struct setting_desc deep = SETTINGS_ROOT(struct d1, d1_fields);
    static const struct setting_desc ok = SETTINGS_ROOT(struct d2, d2_fields);
    static struct d1 data;
    const struct settings s = {.root = &deep, .data = &data};
    char reason[SETTINGS_REASON_MAX];
    assert_int_equal(settings_check(&s, reason, sizeof reason), SETTINGS_E_TREE);
    assert_non_null(strstr(reason, "deeper than SETTINGS_MAX_DEPTH"));
    /* Eight levels is the limit, and fine. */
    const struct settings s8 = {.root = &ok, .data = &data};
    assert_int_equal(settings_check(&s8, reason, sizeof reason), SETTINGS_OK);
    assert_int_equal(settings_set_path(&s8, "/n/n/n/n/n/n/n/x", 16, "5", 1, reason, sizeof reason),
                     SETTINGS_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_check_accepts_the_tree, setup),
        cmocka_unit_test(test_float_leaf_needs_its_ops),
        cmocka_unit_test_setup(test_defaults, setup),
        cmocka_unit_test_setup(test_round_trip_every_kind, setup),
        cmocka_unit_test_setup(test_rejections_leave_state_unchanged, setup),
        cmocka_unit_test_setup(test_change_callback, setup),
        cmocka_unit_test_setup(test_nullable_resets_to_default, setup),
        cmocka_unit_test_setup(test_read_only_is_readable, setup),
        cmocka_unit_test_setup(test_get_buffer_too_small, setup),
        cmocka_unit_test_setup(test_get_values_the_application_wrote, setup),
        cmocka_unit_test_setup(test_reason_is_optional_and_bounded, setup),
        cmocka_unit_test_setup(test_status_texts, setup),
        cmocka_unit_test(test_check_refuses_bad_trees),
        cmocka_unit_test(test_check_refuses_too_deep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
