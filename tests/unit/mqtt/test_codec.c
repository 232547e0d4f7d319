/* MQTT primitive types: Variable Byte Integers, UTF-8 rules, writer and reader bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "bytes.h"
#include "mqtt/codec.h"
#include "mqtt/reason.h"

static void varint_boundaries(void **state)
{
    (void)state;
    /* The spec's table (1.5.5): the edges of each encoded length. */
    static const struct {
        uint32_t v;
        uint8_t bytes[4];
        size_t n;
    } cases[] = {
        {0, {0x00}, 1},
        {127, {0x7F}, 1},
        {128, {0x80, 0x01}, 2},
        {16383, {0xFF, 0x7F}, 2},
        {16384, {0x80, 0x80, 0x01}, 3},
        {2097151, {0xFF, 0xFF, 0x7F}, 3},
        {2097152, {0x80, 0x80, 0x80, 0x01}, 4},
        {268435455, {0xFF, 0xFF, 0xFF, 0x7F}, 4},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t buf[8];
        struct mqtt_writer w = {buf, sizeof buf, 0};
        mqtt_w_varint(&w, cases[i].v);
        assert_int_equal(w.len, cases[i].n);
        assert_memory_equal(buf, cases[i].bytes, cases[i].n);
        assert_int_equal(mqtt_varint_size(cases[i].v), cases[i].n);
        uint32_t v = 12345;
        assert_int_equal(mqtt_varint_decode(cases[i].bytes, cases[i].n, &v), (int)cases[i].n);
        assert_int_equal(v, cases[i].v);
        /* Every strict prefix asks for more bytes. */
        for (size_t k = 0; k < cases[i].n; k++)
            assert_int_equal(mqtt_varint_decode(cases[i].bytes, k, &v), 0);
    }
}

static void varint_malformed(void **state)
{
    (void)state;
    uint32_t v;
    assert_int_equal(mqtt_varint_decode(B(0x80, 0x80, 0x80, 0x80, 0x01), 5, &v), -1);
    assert_int_equal(mqtt_varint_decode(B(0xFF, 0xFF, 0xFF, 0xFF), 4, &v), -1);
    /* Non-minimal forms are legal on the wire: 0x80 0x00 is 0. */
    assert_int_equal(mqtt_varint_decode(B(0x80, 0x00), 2, &v), 2);
    assert_int_equal(v, 0);
}

static void utf8_rules(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t n;
        bool ok;
    } cases[] = {
        {"", 0, true},
        {"abc/def", 7, true},
        {"\xc3\xa9", 2, true},             /* é */
        {"\xe2\x82\xac", 3, true},         /* € */
        {"\xf0\x9f\x98\x80", 4, true},     /* U+1F600 */
        {"\xf4\x8f\xbf\xbf", 4, true},     /* U+10FFFF, the last code point */
        {"\xef\xbf\xbf", 3, true},         /* U+FFFF: a non-character, allowed (SHOULD NOT) */
        {"a\0b", 3, false},                /* U+0000 */
        {"\xc0\x80", 2, false},            /* overlong U+0000 */
        {"\xc1\xbf", 2, false},            /* overlong */
        {"\xe0\x9f\xbf", 3, false},        /* overlong 3-byte */
        {"\xf0\x8f\xbf\xbf", 4, false},    /* overlong 4-byte */
        {"\xed\xa0\x80", 3, false},        /* U+D800, a surrogate */
        {"\xed\xbf\xbf", 3, false},        /* U+DFFF */
        {"\xf4\x90\x80\x80", 4, false},    /* U+110000 */
        {"\xf8\x88\x80\x80\x80", 5, false},/* 5-byte form */
        {"\xff", 1, false},
        {"\x80", 1, false},                /* lone continuation */
        {"\xc3", 1, false},                /* truncated */
        {"\xe2\x82", 2, false},            /* truncated */
        {"\xc3\x28", 2, false},            /* bad continuation */
        {"\xf0\x9f\x98", 3, false},        /* truncated 4-byte */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (mqtt_utf8_valid((const uint8_t *)cases[i].s, cases[i].n) != cases[i].ok)
            fail_msg("case %zu", i);
    }
}

static void utf8_exhaustive_two_and_three_bytes(void **state)
{
    (void)state;
    /* Every 2- and 3-byte sequence against the definition: lead, continuation, range. */
    for (unsigned a = 0; a < 256; a++) {
        for (unsigned b = 0; b < 256; b++) {
            uint8_t s[2] = {(uint8_t)a, (uint8_t)b};
            bool want;
            if (a < 0x80)
                want = a != 0 && b != 0 && (b < 0x80);
            else
                want = a >= 0xC2 && a <= 0xDF && (b & 0xC0) == 0x80;
            assert_int_equal(mqtt_utf8_valid(s, 2), want);
        }
    }
    for (uint32_t cp = 0x800; cp <= 0xFFFF; cp++) {
        uint8_t s[3] = {(uint8_t)(0xE0 | cp >> 12), (uint8_t)(0x80 | (cp >> 6 & 0x3F)),
                        (uint8_t)(0x80 | (cp & 0x3F))};
        assert_int_equal(mqtt_utf8_valid(s, 3), !(cp >= 0xD800 && cp <= 0xDFFF));
    }
}

static void writer_counts_past_capacity(void **state)
{
    (void)state;
    uint8_t buf[4] = {0xEE, 0xEE, 0xEE, 0xEE};
    struct mqtt_writer w = {buf, 3, 0};
    mqtt_w_u16(&w, 0x0102);
    mqtt_w_u16(&w, 0x0304);
    assert_int_equal(w.len, 4);
    assert_false(mqtt_w_fits(&w));
    assert_int_equal(buf[2], 0x03);
    assert_int_equal(buf[3], 0xEE); /* never written past cap */
    struct mqtt_writer m = {NULL, 0, 0};
    mqtt_w_lenbytes(&m, "hello", 5);
    mqtt_w_u32(&m, 1);
    assert_int_equal(m.len, 11);
}

static void writer_mark_grows_length(void **state)
{
    (void)state;
    /* A 200-byte section needs a 2-byte length: the body slides up by one. */
    uint8_t buf[300], body[200];
    for (int i = 0; i < 200; i++)
        body[i] = (uint8_t)i;
    struct mqtt_writer w = {buf, sizeof buf, 0};
    mqtt_w_u8(&w, 0xAA);
    size_t mark = mqtt_w_mark(&w);
    mqtt_w_raw(&w, body, sizeof body);
    mqtt_w_close(&w, mark);
    assert_int_equal(w.len, 1 + 2 + 200);
    assert_int_equal(buf[1], 0xC8);
    assert_int_equal(buf[2], 0x01);
    assert_memory_equal(buf + 3, body, 200);
    /* Exactly enough room: it fits, and every byte is right. */
    struct mqtt_writer e = {buf, 203, 0};
    memset(buf, 0, sizeof buf);
    mqtt_w_u8(&e, 0xAA);
    mark = mqtt_w_mark(&e);
    mqtt_w_raw(&e, body, sizeof body);
    mqtt_w_close(&e, mark);
    assert_int_equal(e.len, 203);
    assert_true(mqtt_w_fits(&e));
    assert_memory_equal(buf + 3, body, 200);
    /* One byte short: it reports not fitting. */
    struct mqtt_writer s = {buf, 202, 0};
    mqtt_w_u8(&s, 0xAA);
    mark = mqtt_w_mark(&s);
    mqtt_w_raw(&s, body, sizeof body);
    mqtt_w_close(&s, mark);
    assert_int_equal(s.len, 203);
    assert_false(mqtt_w_fits(&s));
}

static void reader_sticky_errors(void **state)
{
    (void)state;
    struct mqtt_reader r = {B(0x00, 0x05, 'a', 'b'), 4, 0, 0};
    struct mqtt_bytes s = mqtt_r_str(&r);
    assert_int_equal(r.err, MQTT_RC_MALFORMED);
    assert_null(s.p);
    assert_int_equal(mqtt_r_u32(&r), 0);
    assert_int_equal(mqtt_r_left(&r), 0);

    struct mqtt_reader u = {B(0x00, 0x02, 0xC0, 0x80), 4, 0, 0};
    mqtt_r_str(&u);
    assert_int_equal(u.err, MQTT_RC_MALFORMED); /* overlong NUL in a string */

    struct mqtt_reader b = {B(0x00, 0x02, 0xC0, 0x80), 4, 0, 0};
    struct mqtt_bytes bin = mqtt_r_bin(&b); /* binary data has no UTF-8 rule */
    assert_int_equal(b.err, 0);
    assert_int_equal(bin.len, 2);

    struct mqtt_reader v = {B(0xFF, 0xFF), 2, 0, 0};
    mqtt_r_varint(&v);
    assert_int_equal(v.err, MQTT_RC_MALFORMED);

    struct mqtt_reader n = {B(0x12, 0x34, 0x56, 0x78, 0x9A), 5, 0, 0};
    assert_int_equal(mqtt_r_u8(&n), 0x12);
    assert_int_equal(mqtt_r_u16(&n), 0x3456);
    assert_int_equal(mqtt_r_u32(&n), 0); /* two bytes left: short */
    assert_int_equal(n.err, MQTT_RC_MALFORMED);
}

static void reason_names(void **state)
{
    (void)state;
    assert_string_equal(mqtt_reason_str(0x95), "Packet too large");
    assert_string_equal(mqtt_reason_str(0x00), "Success");
    assert_string_equal(mqtt_reason_str(0xA2), "Wildcard Subscriptions not supported");
    assert_string_equal(mqtt_reason_str(0x03), "Unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(varint_boundaries),
        cmocka_unit_test(varint_malformed),
        cmocka_unit_test(utf8_rules),
        cmocka_unit_test(utf8_exhaustive_two_and_three_bytes),
        cmocka_unit_test(writer_counts_past_capacity),
        cmocka_unit_test(writer_mark_grows_length),
        cmocka_unit_test(reader_sticky_errors),
        cmocka_unit_test(reason_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
