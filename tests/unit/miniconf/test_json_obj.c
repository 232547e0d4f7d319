/* The JSON object writer, the telemetry and meta messages, and the prefix helper: exact output,
 * snprintf's contract at every buffer size (never a byte past size - 1, always terminated, the
 * full length returned), nesting misuse refused. Telemetry output is read back with Python's
 * json module in the integration tests; here the text is compared byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kit_version.h"
#include "miniconf/json_obj.h"
#include "miniconf/miniconf.h"
#include "miniconf/telemetry.h"

/* Builds the same object into a buffer of the given size. */
static size_t sample(char *buf, size_t size)
{
    struct json_obj o;
    json_obj_begin(&o, buf, size);
    json_obj_u64(&o, "u", UINT64_MAX);
    json_obj_i64(&o, "i", INT64_MIN);
    json_obj_bool(&o, "b", false);
    json_obj_double(&o, "d", 0.1);
    json_obj_float(&o, "f", 1e-45f);
    json_obj_str(&o, "s\"q", "a\\b\n\x01\xc3\xa9");
    json_obj_open(&o, "app");
    json_obj_null(&o, "n");
    json_obj_open(&o, "deeper");
    json_obj_close(&o);
    json_obj_double(&o, "nan", 0.0 / 0.0);
    json_obj_close(&o);
    json_obj_open(&o, "empty");
    return json_obj_end(&o);
}

static const char sample_text[] =
    "{\"u\":18446744073709551615,\"i\":-9223372036854775808,\"b\":false,\"d\":0.1,"
    "\"f\":1e-45,\"s\\\"q\":\"a\\\\b\\n\\u0001\xc3\xa9\",\"app\":{\"n\":null,\"deeper\":{},"
    "\"nan\":null},\"empty\":{}}";

static void test_writes_every_kind(void **state)
{
    (void)state;
    char buf[512];
    size_t n = sample(buf, sizeof buf);
    assert_string_equal(buf, sample_text);
    assert_int_equal(n, strlen(sample_text));
}

static void test_every_buffer_size(void **state)
{
    (void)state;
    size_t full = strlen(sample_text);
    for (size_t size = 0; size <= full + 2; size++) {
        char *buf = malloc(size ? size : 1); /* exactly size bytes: ASan sees an overrun */
        assert_non_null(buf);
        size_t n = sample(size ? buf : NULL, size);
        assert_int_equal(n, full);
        if (size) {
            size_t kept = full < size - 1 ? full : size - 1;
            assert_int_equal(strlen(buf), kept);
            assert_memory_equal(buf, sample_text, kept);
        }
        free(buf);
    }
}

/* json_obj_fixed prints what json_obj_double prints for the nearest double (the telemetry's
 * uptime_s was a double before), from integers only. */
static void test_fixed_matches_double(void **state)
{
    (void)state;
    static const uint64_t ms[] = {0, 1, 9, 10, 100, 999, 1000, 1001, 1010, 1100, 12345, 60000,
                                  86400000, 123456789, 4294967295u, 4294967296u, 999999999999u};
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++) {
        char a[64], b[64];
        struct json_obj o;
        json_obj_begin(&o, a, sizeof a);
        json_obj_fixed(&o, "t", ms[i], 3);
        json_obj_end(&o);
        json_obj_begin(&o, b, sizeof b);
        json_obj_double(&o, "t", (double)ms[i] / 1000.0);
        json_obj_end(&o);
        assert_string_equal(a, b);
    }
    char buf[128];
    struct json_obj o;
    json_obj_begin(&o, buf, sizeof buf);
    json_obj_fixed(&o, "a", 7, 0);
    json_obj_fixed(&o, "b", UINT64_MAX, 19);
    json_obj_fixed(&o, "c", 5, 25); /* more than 19 decimals: 19 */
    json_obj_fixed(&o, "d", 120, 1);
    json_obj_end(&o);
    assert_string_equal(buf, "{\"a\":7.0,\"b\":1.8446744073709551615,\"c\":0.0000000000000000005,"
                             "\"d\":12.0}");
}

static void test_nesting_misuse(void **state)
{
    (void)state;
    char buf[256];
    struct json_obj o;
    json_obj_begin(&o, buf, sizeof buf);
    json_obj_close(&o); /* the outermost object is json_obj_end's */
    assert_int_equal(json_obj_end(&o), SIZE_MAX);

    json_obj_begin(&o, buf, sizeof buf);
    for (int i = 0; i < JSON_OBJ_DEPTH_MAX + 2; i++)
        json_obj_open(&o, "x");
    assert_int_equal(json_obj_end(&o), SIZE_MAX);

    json_obj_begin(&o, buf, sizeof buf);
    for (int i = 0; i < JSON_OBJ_DEPTH_MAX - 1; i++)
        json_obj_open(&o, "x");
    size_t n = json_obj_end(&o);
    assert_int_equal(n, strlen(buf));
    assert_string_equal(buf, "{\"x\":{\"x\":{\"x\":{\"x\":{\"x\":{\"x\":{\"x\":{}}}}}}}}");
}

static void app(struct json_obj *o, void *ctx)
{
    json_obj_bool(o, "led", true);
    json_obj_u64(o, "ctx", *(const unsigned *)ctx);
}

static void test_telemetry(void **state)
{
    (void)state;
    char buf[512];
    struct telemetry_stats s = {.link_up = true, .rx_frames = 1, .tx_frames = 2, .rx_bytes = 3,
                                .tx_bytes = 4, .rx_drops = 5, .tx_drops = 6,
                                .tcp_retransmits = 7, .free_stack = TELEMETRY_UNKNOWN};
    unsigned ctx = 42;
    size_t n = telemetry_write(buf, sizeof buf, 12345678901u, 3, &s, app, &ctx);
    assert_string_equal(buf, "{\"uptime_s\":12345.678,\"link\":true,\"rx_frames\":1,"
                             "\"tx_frames\":2,\"rx_bytes\":3,\"tx_bytes\":4,\"rx_drops\":5,"
                             "\"tx_drops\":6,\"tcp_retransmits\":7,\"mqtt_reconnects\":3,"
                             "\"free_stack\":null,\"app\":{\"led\":true,\"ctx\":42}}");
    assert_int_equal(n, strlen(buf));
    /* no stats: every counter unknown; no app: no "app" object; sub-millisecond dropped */
    n = telemetry_write(buf, sizeof buf, 999, 0, NULL, NULL, NULL);
    assert_string_equal(buf, "{\"uptime_s\":0.0,\"link\":false,\"rx_frames\":null,"
                             "\"tx_frames\":null,\"rx_bytes\":null,\"tx_bytes\":null,"
                             "\"rx_drops\":null,\"tx_drops\":null,\"tcp_retransmits\":null,"
                             "\"mqtt_reconnects\":0,\"free_stack\":null}");
    assert_int_equal(n, strlen(buf));
    /* too small: the length needed */
    assert_int_equal(telemetry_write(buf, 10, 999, 0, NULL, NULL, NULL), n);
    assert_int_equal(strlen(buf), 9);
}

static void test_meta(void **state)
{
    (void)state;
    char buf[512], want[512];
    snprintf(want, sizeof want,
             "{\"firmware\":\"mqtt-device\",\"version\":\"%s\",\"git\":\"%s\",\"board\":\"%s\","
             "\"build_time\":\"%s\"}", KIT_VERSION, KIT_GIT_REV, BOARD_NAME, KIT_BUILD_TIME);
    assert_int_equal(telemetry_write_meta(buf, sizeof buf, "mqtt-device"), strlen(want));
    assert_string_equal(buf, want);
}

static void test_prefix(void **state)
{
    (void)state;
    const uint8_t mac[6] = {0x02, 0xab, 0x00, 0x10, 0xfe, 0x7f};
    const char *want = "dt/acme/mqtt-device/02-ab-00-10-fe-7f";
    char buf[64];
    assert_int_equal(miniconf_prefix(buf, sizeof buf, "acme", "mqtt-device", mac), strlen(want));
    assert_string_equal(buf, want);
    for (size_t size = 1; size <= strlen(want) + 1; size++) {
        char *small = malloc(size);
        assert_non_null(small);
        assert_int_equal(miniconf_prefix(small, size, "acme", "mqtt-device", mac), strlen(want));
        assert_int_equal(strlen(small), size - 1 < strlen(want) ? size - 1 : strlen(want));
        assert_memory_equal(small, want, strlen(small));
        free(small);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writes_every_kind), cmocka_unit_test(test_every_buffer_size),
        cmocka_unit_test(test_fixed_matches_double),
        cmocka_unit_test(test_nesting_misuse),    cmocka_unit_test(test_telemetry),
        cmocka_unit_test(test_meta),              cmocka_unit_test(test_prefix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
