/* Packet encoders against bytes written out by hand from the spec, and decoders against every
 * way a broker's packet can be wrong. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "bytes.h"
#include "mqtt/packet.h"
#include "mqtt/reason.h"
#include "mqtt/transport.h"

static uint8_t buf[512];

#define S(lit) ((struct mqtt_bytes){(const uint8_t *)(lit), sizeof(lit) - 1})

static void connect_v5_minimal(void **state)
{
    (void)state;
    struct mqtt_connect c = {.version = MQTT_V5, .clean_start = true, .keep_alive_s = 60,
                             .client_id = S("c1")};
    size_t n = mqtt_encode_connect(buf, sizeof buf, &c);
    EXPECT_BYTES(buf, n, 0x10, 15, 0, 4, 'M', 'Q', 'T', 'T', 5, 0x02, 0, 60, 0, 0, 2, 'c', '1');
}

static void connect_v5_full(void **state)
{
    (void)state;
    struct mqtt_user_prop up = {S("k"), S("v")};
    struct mqtt_pub_props wp = {.will_delay = 5, .payload_format = 1, .message_expiry = 9,
                                .content_type = S("t"), .response_topic = S("r"),
                                .correlation_data = S("x"), .user = &up, .user_count = 1};
    struct mqtt_pub will = {.topic = S("w"), .payload = S("bye"), .qos = 1, .retain = true,
                            .props = &wp};
    struct mqtt_connect c = {.version = MQTT_V5, .keep_alive_s = 0x1234, .client_id = S("id"),
                             .username = S("u"), .password = S("p"), .session_expiry_s = 3600,
                             .receive_max = 16, .max_packet_size = 1024, .topic_alias_max = 0,
                             .will = &will};
    size_t n = mqtt_encode_connect(buf, sizeof buf, &c);
    EXPECT_BYTES(buf, n, 0x10, 74,
                 0, 4, 'M', 'Q', 'T', 'T', 5,
                 0xEC, /* user, password, will retain, will QoS 1, will; no clean start */
                 0x12, 0x34,
                 13, 0x11, 0, 0, 0x0E, 0x10, 0x21, 0, 16, 0x27, 0, 0, 4, 0,
                 0, 2, 'i', 'd',
                 /* will properties */
                 31, 0x18, 0, 0, 0, 5, 0x01, 1, 0x02, 0, 0, 0, 9, 0x03, 0, 1, 't', 0x08, 0, 1, 'r',
                 0x09, 0, 1, 'x', 0x26, 0, 1, 'k', 0, 1, 'v',
                 0, 1, 'w', 0, 3, 'b', 'y', 'e',
                 0, 1, 'u', 0, 1, 'p');
}

static void connect_v311(void **state)
{
    (void)state;
    struct mqtt_pub will = {.topic = S("w"), .payload = S("x"), .qos = 2};
    struct mqtt_connect c = {.version = MQTT_V311, .clean_start = true, .keep_alive_s = 10,
                             .client_id = S("a"), .session_expiry_s = 99, .receive_max = 5,
                             .will = &will};
    size_t n = mqtt_encode_connect(buf, sizeof buf, &c);
    /* No properties anywhere in 3.1.1, even when the struct has values for them. */
    EXPECT_BYTES(buf, n, 0x10, 19, 0, 4, 'M', 'Q', 'T', 'T', 4, 0x16, 0, 10, 0, 1, 'a',
                 0, 1, 'w', 0, 1, 'x');
}

static void connect_does_not_fit(void **state)
{
    (void)state;
    struct mqtt_connect c = {.version = MQTT_V5, .client_id = S("c1")};
    uint8_t small[20];
    memset(small, 0xEE, sizeof small);
    size_t n = mqtt_encode_connect(small, 16, &c);
    assert_int_equal(n, 17);
    assert_int_equal(small[16], 0xEE);
    assert_int_equal(mqtt_encode_connect(small, 17, &c), 17);
}

static void publish_encodings(void **state)
{
    (void)state;
    struct mqtt_pub p = {.topic = S("a/b"), .payload = S("hi"), .qos = 0};
    size_t n = mqtt_encode_publish(buf, sizeof buf, MQTT_V5, &p, 0, false);
    EXPECT_BYTES(buf, n, 0x30, 8, 0, 3, 'a', '/', 'b', 0, 'h', 'i');
    n = mqtt_encode_publish(buf, sizeof buf, MQTT_V311, &p, 0, false);
    EXPECT_BYTES(buf, n, 0x30, 7, 0, 3, 'a', '/', 'b', 'h', 'i');
    p.qos = 2;
    p.retain = true;
    n = mqtt_encode_publish(buf, sizeof buf, MQTT_V311, &p, 0x0102, true);
    EXPECT_BYTES(buf, n, 0x3D, 9, 0, 3, 'a', '/', 'b', 1, 2, 'h', 'i');
    struct mqtt_pub_props pp = {.response_topic = S("r"), .correlation_data = S("\x01\x02")};
    p.props = &pp;
    p.qos = 1;
    p.retain = false;
    n = mqtt_encode_publish(buf, sizeof buf, MQTT_V5, &p, 7, false);
    EXPECT_BYTES(buf, n, 0x32, 19, 0, 3, 'a', '/', 'b', 0, 7, 9, 0x08, 0, 1, 'r', 0x09, 0, 2, 1, 2,
                 'h', 'i');
}

static void publish_large_remaining_length(void **state)
{
    (void)state;
    static uint8_t payload[300], big[400];
    struct mqtt_pub p = {.topic = S("t"), .payload = {payload, sizeof payload}};
    size_t n = mqtt_encode_publish(big, sizeof big, MQTT_V311, &p, 0, false);
    assert_int_equal(n, 1 + 2 + 3 + 300);
    assert_int_equal(big[1], (303 & 0x7F) | 0x80);
    assert_int_equal(big[2], 303 >> 7);
    /* Decoding it back gives the same thing. */
    struct mqtt_fixed_header h;
    assert_int_equal(mqtt_fixed_header_decode(MQTT_V311, big, n, &h), 3);
    assert_int_equal(h.remaining, 303);
    struct mqtt_message m;
    assert_int_equal(mqtt_decode_publish(MQTT_V311, h.flags, big + 3, h.remaining, &m), 0);
    assert_int_equal(m.payload.len, 300);
}

static void acks_subscribe_unsubscribe_ping_disconnect(void **state)
{
    (void)state;
    size_t n = mqtt_encode_ack(buf, sizeof buf, MQTT_V5, MQTT_PUBACK, 0x1234, 0);
    EXPECT_BYTES(buf, n, 0x40, 2, 0x12, 0x34);
    n = mqtt_encode_ack(buf, sizeof buf, MQTT_V5, MQTT_PUBREL, 5, MQTT_RC_PACKET_ID_NOT_FOUND);
    EXPECT_BYTES(buf, n, 0x62, 3, 0, 5, 0x92);
    n = mqtt_encode_ack(buf, sizeof buf, MQTT_V311, MQTT_PUBREL, 5, MQTT_RC_PACKET_ID_NOT_FOUND);
    EXPECT_BYTES(buf, n, 0x62, 2, 0, 5);
    n = mqtt_encode_ack(buf, sizeof buf, MQTT_V5, MQTT_PUBREC, 9, 0);
    EXPECT_BYTES(buf, n, 0x50, 2, 0, 9);
    n = mqtt_encode_ack(buf, sizeof buf, MQTT_V5, MQTT_PUBCOMP, 9, 0);
    EXPECT_BYTES(buf, n, 0x70, 2, 0, 9);

    struct mqtt_sub subs[] = {{S("a/#"), 1 | MQTT_SUB_NO_LOCAL | MQTT_SUB_RETAIN_DONT_SEND},
                              {S("b"), 2 | MQTT_SUB_RETAIN_AS_PUBLISHED}};
    n = mqtt_encode_subscribe(buf, sizeof buf, MQTT_V5, 10, subs, 2, 0);
    EXPECT_BYTES(buf, n, 0x82, 13, 0, 10, 0, 0, 3, 'a', '/', '#', 0x25, 0, 1, 'b', 0x0A);
    n = mqtt_encode_subscribe(buf, sizeof buf, MQTT_V5, 10, subs, 1, 200);
    EXPECT_BYTES(buf, n, 0x82, 12, 0, 10, 3, 0x0B, 0xC8, 0x01, 0, 3, 'a', '/', '#', 0x25);
    n = mqtt_encode_subscribe(buf, sizeof buf, MQTT_V311, 10, subs, 2, 200);
    EXPECT_BYTES(buf, n, 0x82, 12, 0, 10, 0, 3, 'a', '/', '#', 0x01, 0, 1, 'b', 0x02);

    struct mqtt_bytes filters[] = {S("a/#"), S("b")};
    n = mqtt_encode_unsubscribe(buf, sizeof buf, MQTT_V5, 11, filters, 2);
    EXPECT_BYTES(buf, n, 0xA2, 11, 0, 11, 0, 0, 3, 'a', '/', '#', 0, 1, 'b');
    n = mqtt_encode_unsubscribe(buf, sizeof buf, MQTT_V311, 11, filters, 1);
    EXPECT_BYTES(buf, n, 0xA2, 7, 0, 11, 0, 3, 'a', '/', '#');

    n = mqtt_encode_pingreq(buf, sizeof buf);
    EXPECT_BYTES(buf, n, 0xC0, 0);
    n = mqtt_encode_disconnect(buf, sizeof buf, MQTT_V5, 0);
    EXPECT_BYTES(buf, n, 0xE0, 0);
    n = mqtt_encode_disconnect(buf, sizeof buf, MQTT_V5, MQTT_RC_DISCONNECT_WITH_WILL);
    EXPECT_BYTES(buf, n, 0xE0, 1, 0x04);
    n = mqtt_encode_disconnect(buf, sizeof buf, MQTT_V311, MQTT_RC_PROTOCOL_ERROR);
    EXPECT_BYTES(buf, n, 0xE0, 0);
}

static void fixed_header(void **state)
{
    (void)state;
    struct mqtt_fixed_header h;
    assert_int_equal(mqtt_fixed_header_decode(MQTT_V5, B(0x20), 1, &h), 0);
    assert_int_equal(mqtt_fixed_header_decode(MQTT_V5, B(0x30, 0x80), 2, &h), 0);
    assert_int_equal(mqtt_fixed_header_decode(MQTT_V5, B(0x30, 0x80, 0x01), 3, &h), 3);
    assert_int_equal(h.type, MQTT_PUBLISH);
    assert_int_equal(h.remaining, 128);
    assert_int_equal(mqtt_fixed_header_decode(MQTT_V5, B(0x30, 0xFF, 0xFF, 0xFF, 0xFF), 5, &h),
                     -MQTT_RC_MALFORMED);
    assert_int_equal(mqtt_fixed_header_decode(MQTT_V5, B(0x00, 0x00), 2, &h), -MQTT_RC_MALFORMED);
    assert_int_equal(mqtt_fixed_header_decode(MQTT_V5, B(0x36, 0x00), 2, &h), -MQTT_RC_MALFORMED);
    assert_int_equal(mqtt_fixed_header_decode(MQTT_V5, B(0x60, 0x02), 2, &h), -MQTT_RC_MALFORMED);
    assert_int_equal(mqtt_fixed_header_decode(MQTT_V5, B(0x62, 0x02), 2, &h), 2);
    assert_int_equal(mqtt_fixed_header_decode(MQTT_V5, B(0x21, 0x02), 2, &h), -MQTT_RC_MALFORMED);
    assert_int_equal(mqtt_fixed_header_decode(MQTT_V5, B(0xF0, 0x00), 2, &h), 2);
    assert_int_equal(mqtt_fixed_header_decode(MQTT_V311, B(0xF0, 0x00), 2, &h), -MQTT_RC_MALFORMED);
}

static void connack(void **state)
{
    (void)state;
    struct mqtt_connack a;
    assert_int_equal(mqtt_decode_connack(MQTT_V311, B(0x01, 0x00), 2, &a), 0);
    assert_true(a.session_present);
    assert_int_equal(mqtt_decode_connack(MQTT_V311, B(0x00, 0x05), 2, &a), 0);
    assert_int_equal(a.reason, MQTT_RC_NOT_AUTHORIZED);
    assert_int_equal(mqtt_decode_connack(MQTT_V311, B(0x00, 0x04), 2, &a), 0);
    assert_int_equal(a.reason, MQTT_RC_BAD_USERNAME_PASSWORD);
    assert_int_equal(mqtt_decode_connack(MQTT_V311, B(0x00, 0x09), 2, &a), 0);
    assert_int_equal(a.reason, MQTT_RC_UNSPECIFIED);
    assert_int_equal(mqtt_decode_connack(MQTT_V311, B(0x00, 0x00, 0x00), 3, &a), MQTT_RC_MALFORMED);
    assert_int_equal(mqtt_decode_connack(MQTT_V311, B(0x00), 1, &a), MQTT_RC_MALFORMED);
    assert_int_equal(mqtt_decode_connack(MQTT_V311, B(0x02, 0x00), 2, &a), MQTT_RC_MALFORMED);
    assert_int_equal(mqtt_decode_connack(MQTT_V311, B(0x01, 0x02), 2, &a), MQTT_RC_PROTOCOL_ERROR);

    /* 5.0 with the properties a broker announces its limits in. */
    const uint8_t *v5 = B(0x00, 0x00, 29, 0x21, 0, 10, 0x27, 0, 0, 1, 0, 0x24, 1, 0x25, 0, 0x13,
                          0, 30, 0x12, 0, 3, 'x', 'y', 'z', 0x22, 0, 5, 0x1F, 0, 2, 'o', 'k');
    assert_int_equal(mqtt_decode_connack(MQTT_V5, v5, 32, &a), 0);
    assert_int_equal(a.props.receive_max, 10);
    assert_int_equal(a.props.max_packet_size, 256);
    assert_int_equal(a.props.max_qos, 1);
    assert_true(mqtt_props_has(&a.props, MQTT_PROP_RETAIN_AVAILABLE));
    assert_int_equal(a.props.retain_available, 0);
    assert_int_equal(a.props.server_keep_alive, 30);
    assert_int_equal(a.props.topic_alias_max, 5);
    assert_memory_equal(a.props.assigned_client_id.p, "xyz", 3);
    assert_memory_equal(a.props.reason_string.p, "ok", 2);
    assert_int_equal(mqtt_decode_connack(MQTT_V5, B(0x00, 0x00), 2, &a), MQTT_RC_MALFORMED);
    assert_int_equal(mqtt_decode_connack(MQTT_V5, B(0x00, 0x00, 0x00, 0x00), 4, &a),
                     MQTT_RC_MALFORMED);
    assert_int_equal(mqtt_decode_connack(MQTT_V5, B(0x00, 0x87, 0x00), 3, &a), 0);
    assert_int_equal(a.reason, MQTT_RC_NOT_AUTHORIZED);
}

static void props_errors(void **state)
{
    (void)state;
    struct mqtt_connack a;
    const struct {
        const uint8_t *bytes;
        size_t len;
        uint8_t want;
    } cases[] = {
        /* unknown identifier */
        {B(0, 0, 2, 0x05, 0), 5, MQTT_RC_MALFORMED},
        /* an identifier not allowed in CONNACK (Topic Alias is PUBLISH-only) */
        {B(0, 0, 3, 0x23, 0, 1), 6, MQTT_RC_MALFORMED},
        /* will delay: will properties only */
        {B(0, 0, 5, 0x18, 0, 0, 0, 1), 8, MQTT_RC_MALFORMED},
        /* duplicate */
        {B(0, 0, 6, 0x21, 0, 1, 0x21, 0, 1), 9, MQTT_RC_PROTOCOL_ERROR},
        /* receive maximum 0 */
        {B(0, 0, 3, 0x21, 0, 0), 6, MQTT_RC_PROTOCOL_ERROR},
        /* maximum packet size 0 */
        {B(0, 0, 5, 0x27, 0, 0, 0, 0), 8, MQTT_RC_PROTOCOL_ERROR},
        /* maximum QoS 2 */
        {B(0, 0, 2, 0x24, 2), 5, MQTT_RC_PROTOCOL_ERROR},
        /* retain available 7 */
        {B(0, 0, 2, 0x25, 7), 5, MQTT_RC_PROTOCOL_ERROR},
        /* a value cut short by the property length */
        {B(0, 0, 2, 0x21, 0), 5, MQTT_RC_MALFORMED},
        /* property length past the packet */
        {B(0, 0, 9, 0x21, 0, 1), 6, MQTT_RC_MALFORMED},
        /* string length past the block */
        {B(0, 0, 4, 0x12, 0, 9, 'a'), 7, MQTT_RC_MALFORMED},
        /* bad UTF-8 in a string property */
        {B(0, 0, 4, 0x1F, 0, 1, 0xFF), 7, MQTT_RC_MALFORMED},
        /* bad UTF-8 in a user property value */
        {B(0, 0, 7, 0x26, 0, 1, 'k', 0, 1, 0x80), 10, MQTT_RC_MALFORMED},
        /* malformed property length varint */
        {B(0, 0, 0xFF, 0xFF, 0xFF, 0xFF), 6, MQTT_RC_MALFORMED},
        /* identifier as a 5-byte varint */
        {B(0, 0, 5, 0x80, 0x80, 0x80, 0x80, 0x01), 8, MQTT_RC_MALFORMED},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t rc = mqtt_decode_connack(MQTT_V5, cases[i].bytes, cases[i].len, &a);
        if (rc != cases[i].want)
            fail_msg("case %zu: got 0x%02x want 0x%02x", i, rc, cases[i].want);
    }
    /* Repeated user properties are fine, and can be walked and found. */
    const uint8_t *ok = B(0, 0, 14, 0x26, 0, 1, 'a', 0, 1, '1', 0x26, 0, 1, 'b', 0, 1, '2');
    assert_int_equal(mqtt_decode_connack(MQTT_V5, ok, 17, &a), 0);
    assert_int_equal(a.props.user_count, 2);
    size_t pos = 0;
    struct mqtt_bytes k, v;
    assert_true(mqtt_user_prop_next(&a.props, &pos, &k, &v));
    assert_memory_equal(k.p, "a", 1);
    assert_memory_equal(v.p, "1", 1);
    assert_true(mqtt_user_prop_next(&a.props, &pos, &k, &v));
    assert_memory_equal(k.p, "b", 1);
    assert_false(mqtt_user_prop_next(&a.props, &pos, &k, &v));
    assert_true(mqtt_user_prop_find(&a.props, "b", &v));
    assert_memory_equal(v.p, "2", 1);
    assert_false(mqtt_user_prop_find(&a.props, "c", &v));
}

static void publish_decode(void **state)
{
    (void)state;
    struct mqtt_message m;
    /* 5.0 QoS 1 with response topic, correlation, two subscription ids, content type */
    const uint8_t *p = B(0, 3, 'a', '/', 'b', 0, 7, 19, 0x08, 0, 1, 'r', 0x09, 0, 2, 0xFF, 0x00,
                         0x0B, 5, 0x0B, 6, 0x03, 0, 1, 'j', 0x01, 1, 'h', 'i');
    assert_int_equal(mqtt_decode_publish(MQTT_V5, 0x02 | 0x08, p, 29, &m), 0);
    assert_int_equal(m.qos, 1);
    assert_true(m.dup);
    assert_int_equal(m.packet_id, 7);
    assert_memory_equal(m.topic.p, "a/b", 3);
    assert_memory_equal(m.payload.p, "hi", 2);
    assert_int_equal(m.payload.len, 2);
    assert_memory_equal(m.props.response_topic.p, "r", 1);
    assert_int_equal(m.props.correlation_data.len, 2);
    assert_int_equal(m.props.subscription_id, 5);
    assert_int_equal(m.props.sub_id_count, 2);
    assert_int_equal(m.props.payload_format, 1);
    /* empty payload is fine */
    assert_int_equal(mqtt_decode_publish(MQTT_V311, 0x01, B(0, 1, 'x'), 3, &m), 0);
    assert_true(m.retain);
    assert_int_equal(m.payload.len, 0);

    const struct {
        const struct mqtt_version *version;
        uint8_t flags;
        const uint8_t *bytes;
        size_t len;
        uint8_t want;
    } bad[] = {
        {MQTT_V5, 0x00, B(0, 5, 'a'), 3, MQTT_RC_MALFORMED},              /* topic past end */
        {MQTT_V5, 0x00, B(0, 1, 0xC0), 3, MQTT_RC_MALFORMED},             /* bad UTF-8 topic */
        {MQTT_V5, 0x00, B(0, 1, 'a'), 3, MQTT_RC_MALFORMED},              /* no property length */
        {MQTT_V5, 0x02, B(0, 1, 'a', 0), 4, MQTT_RC_MALFORMED},           /* packet id cut */
        {MQTT_V5, 0x02, B(0, 1, 'a', 0, 0, 0), 6, MQTT_RC_PROTOCOL_ERROR},/* packet id 0 */
        {MQTT_V5, 0x08, B(0, 1, 'a', 0), 4, MQTT_RC_PROTOCOL_ERROR},      /* DUP on QoS 0 */
        {MQTT_V5, 0x00, B(0, 1, '#', 0), 4, MQTT_RC_TOPIC_NAME_INVALID},  /* wildcard */
        {MQTT_V5, 0x00, B(0, 3, 'a', '/', '+', 0), 6, MQTT_RC_TOPIC_NAME_INVALID},
        {MQTT_V5, 0x00, B(0, 0, 0), 3, MQTT_RC_PROTOCOL_ERROR},           /* empty, no alias */
        {MQTT_V311, 0x00, B(0, 0), 2, MQTT_RC_TOPIC_NAME_INVALID},
        {MQTT_V5, 0x00, B(0, 1, 'a', 2, 0x21, 0), 6, MQTT_RC_MALFORMED},  /* CONNACK-only prop */
        {MQTT_V5, 0x00, B(0, 1, 'a', 3, 0x23, 0, 0), 7, MQTT_RC_PROTOCOL_ERROR}, /* alias 0 */
        {MQTT_V5, 0x00, B(0, 1, 'a', 2, 0x0B, 0), 6, MQTT_RC_PROTOCOL_ERROR},    /* sub id 0 */
        {MQTT_V5, 0x00, B(0, 1, 'a', 2, 0x01, 2), 6, MQTT_RC_PROTOCOL_ERROR},    /* format 2 */
        {MQTT_V5, 0x00, B(0, 1, 'a', 4, 0x01, 1, 0x01, 1), 8, MQTT_RC_PROTOCOL_ERROR}, /* dup */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint8_t rc = mqtt_decode_publish(bad[i].version, bad[i].flags, bad[i].bytes, bad[i].len, &m);
        if (rc != bad[i].want)
            fail_msg("case %zu: got 0x%02x want 0x%02x", i, rc, bad[i].want);
    }
    /* an empty topic with a topic alias decodes (the client then refuses the alias) */
    assert_int_equal(mqtt_decode_publish(MQTT_V5, 0, B(0, 0, 3, 0x23, 0, 1), 6, &m), 0);
    assert_int_equal(m.props.topic_alias, 1);
}

static void ack_decode(void **state)
{
    (void)state;
    struct mqtt_ack a;
    assert_int_equal(mqtt_decode_ack(MQTT_V5, MQTT_PUBACK, B(0, 9), 2, &a), 0);
    assert_int_equal(a.packet_id, 9);
    assert_int_equal(a.reason, 0);
    assert_int_equal(mqtt_decode_ack(MQTT_V5, MQTT_PUBACK, B(0, 9, 0x10), 3, &a), 0);
    assert_int_equal(a.reason, 0x10);
    const uint8_t *rs = B(0, 9, 0x97, 5, 0x1F, 0, 2, 'n', 'o');
    assert_int_equal(mqtt_decode_ack(MQTT_V5, MQTT_PUBREC, rs, 9, &a), 0);
    assert_int_equal(a.reason, 0x97);
    assert_memory_equal(a.props.reason_string.p, "no", 2);
    assert_int_equal(mqtt_decode_ack(MQTT_V311, MQTT_PUBCOMP, B(0, 9), 2, &a), 0);

    assert_int_equal(mqtt_decode_ack(MQTT_V5, MQTT_SUBACK, B(0, 3, 0, 1, 0x80), 5, &a), 0);
    assert_int_equal(a.reasons.len, 2);
    assert_int_equal(a.reasons.p[1], 0x80);
    assert_int_equal(mqtt_decode_ack(MQTT_V311, MQTT_SUBACK, B(0, 3, 2), 3, &a), 0);
    assert_int_equal(a.reasons.p[0], 2);
    assert_int_equal(mqtt_decode_ack(MQTT_V311, MQTT_UNSUBACK, B(0, 3), 2, &a), 0);
    assert_int_equal(a.reasons.len, 0);
    assert_int_equal(mqtt_decode_ack(MQTT_V5, MQTT_UNSUBACK, B(0, 3, 0, 0x11), 4, &a), 0);
    assert_int_equal(a.reasons.p[0], 0x11);

    assert_int_equal(mqtt_decode_ack(MQTT_V5, MQTT_DISCONNECT, NULL, 0, &a), 0);
    assert_int_equal(a.reason, 0);
    const uint8_t *d = B(0x8B, 6, 0x1F, 0, 3, 'b', 'y', 'e');
    assert_int_equal(mqtt_decode_ack(MQTT_V5, MQTT_DISCONNECT, d, 8, &a), 0);
    assert_int_equal(a.reason, MQTT_RC_SERVER_SHUTTING_DOWN);
    assert_memory_equal(a.props.reason_string.p, "bye", 3);

    const struct {
        const struct mqtt_version *version;
        uint8_t type;
        const uint8_t *bytes;
        size_t len;
        uint8_t want;
    } bad[] = {
        {MQTT_V5, MQTT_PUBACK, B(0), 1, MQTT_RC_MALFORMED},
        {MQTT_V5, MQTT_PUBACK, B(0, 0), 2, MQTT_RC_PROTOCOL_ERROR},
        {MQTT_V311, MQTT_PUBACK, B(0, 1, 0), 3, MQTT_RC_MALFORMED},
        {MQTT_V5, MQTT_PUBACK, B(0, 1, 0, 5), 4, MQTT_RC_MALFORMED},
        {MQTT_V5, MQTT_PUBACK, B(0, 1, 0, 0, 9), 5, MQTT_RC_MALFORMED},   /* trailing byte */
        {MQTT_V5, MQTT_PUBACK, B(0, 1, 0, 2, 0x02, 0), 6, MQTT_RC_MALFORMED}, /* expiry in ack */
        {MQTT_V5, MQTT_SUBACK, B(0, 1, 0), 3, MQTT_RC_PROTOCOL_ERROR},    /* no codes */
        {MQTT_V5, MQTT_SUBACK, B(0, 1), 2, MQTT_RC_MALFORMED},            /* no properties */
        {MQTT_V311, MQTT_SUBACK, B(0, 1, 3), 3, MQTT_RC_MALFORMED},       /* bad 3.1.1 code */
        {MQTT_V311, MQTT_UNSUBACK, B(0, 1, 0), 3, MQTT_RC_MALFORMED},
        {MQTT_V5, MQTT_DISCONNECT, B(0x80, 9), 2, MQTT_RC_MALFORMED},
        {MQTT_V5, MQTT_DISCONNECT, B(0x80, 2, 0x21, 0), 4, MQTT_RC_MALFORMED}, /* CONNECT prop */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint8_t rc = mqtt_decode_ack(bad[i].version, bad[i].type, bad[i].bytes, bad[i].len, &a);
        if (rc != bad[i].want)
            fail_msg("case %zu: got 0x%02x want 0x%02x", i, rc, bad[i].want);
    }
}

static void ipv4_literals(void **state)
{
    (void)state;
    struct mqtt_ip ip;
    assert_int_equal(mqtt_parse_ipv4("127.0.0.1", &ip), 0);
    assert_int_equal(ip.family, 4);
    assert_memory_equal(ip.addr, B(127, 0, 0, 1), 4);
    assert_int_equal(mqtt_parse_ipv4("255.255.255.255", &ip), 0);
    static const char *bad[] = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "a.b.c.d",
                                "1.2.3.4 ", "1234.1.1.1", "localhost", "1.2.3.04444"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (mqtt_parse_ipv4(bad[i], &ip) == 0)
            fail_msg("'%s' parsed", bad[i]);
    assert_int_equal(mqtt_parse_ipv4(NULL, &ip), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(connect_v5_minimal),
        cmocka_unit_test(connect_v5_full),
        cmocka_unit_test(connect_v311),
        cmocka_unit_test(connect_does_not_fit),
        cmocka_unit_test(publish_encodings),
        cmocka_unit_test(publish_large_remaining_length),
        cmocka_unit_test(acks_subscribe_unsubscribe_ping_disconnect),
        cmocka_unit_test(fixed_header),
        cmocka_unit_test(connack),
        cmocka_unit_test(props_errors),
        cmocka_unit_test(publish_decode),
        cmocka_unit_test(ack_decode),
        cmocka_unit_test(ipv4_literals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
