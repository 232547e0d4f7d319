/* The client's state machine, driven by scripted byte streams: handshakes, session resume,
 * flow control, timers, and every way a broker's packet makes it end the connection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "bytes.h"
#include "script.h"

#define FEED(...) script_feed(B(__VA_ARGS__), BLEN(__VA_ARGS__))
#define EXPECT_SENT(...)                                                                           \
    do {                                                                                           \
        const uint8_t *sent_;                                                                      \
        size_t n_ = script_sent(&sent_);                                                           \
        EXPECT_BYTES(sent_, n_, __VA_ARGS__);                                                      \
    } while (0)
#define EXPECT_NOTHING_SENT()                                                                      \
    do {                                                                                           \
        const uint8_t *sent_;                                                                      \
        assert_int_equal(script_sent(&sent_), 0);                                                  \
    } while (0)
#define LAST (events[event_count - 1])

/* The client keeps time in ticks of 1024 us: a timer fires never before its time, and at most
 * two ticks after it (the start and the end of a span are each rounded to a tick). */
#define SLACK 2048u
#define assert_due(t, want)                                                                        \
    do {                                                                                           \
        uint64_t t_ = (t), want_ = (want);                                                         \
        assert_true(t_ >= want_);                                                                  \
        assert_true(t_ <= want_ + SLACK);                                                          \
    } while (0)

static struct mqtt_pub pub(const char *topic, const char *payload, uint8_t qos)
{
    struct mqtt_pub p = {.topic = mqtt_str(topic), .payload = mqtt_str(payload), .qos = qos};
    return p;
}

static void connect_v5_announces_our_limits(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    cfg.session_expiry_s = 60;
    script_init_client();
    mqtt_start(&cl, now);
    assert_int_equal(mqtt_poll_at(&cl), now); /* connect right away */
    mqtt_poll(&cl, now);
    /* receive max = our 4 QoS 2 slots; max packet size = our 512-byte receive buffer */
    EXPECT_SENT(0x10, 27, 0, 4, 'M', 'Q', 'T', 'T', 5, 0x02, 0, 10,
                13, 0x11, 0, 0, 0, 60, 0x21, 0, 4, 0x27, 0, 0, 2, 0,
                0, 1, 'c');
    assert_false(mqtt_connected(&cl));
    FEED(0x20, 3, 0, 0, 0);
    mqtt_poll(&cl, now);
    assert_true(mqtt_connected(&cl));
    assert_int_equal(event_count, 1);
    assert_int_equal(LAST.type, MQTT_EV_CONNECTED);
    assert_false(LAST.session_present);
    assert_int_equal(cl.connects, 1);
}

static void qos1_publish_handshake(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    script_connect(false);
    struct mqtt_pub p = pub("t", "x", 1);
    uint16_t id = 0;
    assert_int_equal(mqtt_publish(&cl, &p, &id), MQTT_OK);
    assert_int_equal(id, 1);
    EXPECT_SENT(0x32, 7, 0, 1, 't', 0, 1, 0, 'x');
    assert_int_equal(mqtt_unacked(&cl), 1);
    FEED(0x40, 2, 0, 1);
    mqtt_poll(&cl, now);
    assert_int_equal(LAST.type, MQTT_EV_PUBLISHED);
    assert_int_equal(LAST.packet_id, 1);
    assert_int_equal(LAST.reason, 0);
    assert_int_equal(mqtt_unacked(&cl), 0);
    /* a PUBACK for an id we do not have is ignored */
    FEED(0x40, 2, 0, 9);
    mqtt_poll(&cl, now);
    assert_true(mqtt_connected(&cl));
}

static void qos2_publish_handshake(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    script_connect(false);
    struct mqtt_pub p = pub("t", "x", 2);
    assert_int_equal(mqtt_publish(&cl, &p, NULL), MQTT_OK);
    EXPECT_SENT(0x34, 7, 0, 1, 't', 0, 1, 0, 'x');
    FEED(0x50, 2, 0, 1);
    mqtt_poll(&cl, now);
    EXPECT_SENT(0x62, 2, 0, 1);
    assert_int_equal(cl.store_used, 0); /* PUBREC freed the message bytes */
    assert_int_equal(mqtt_unacked(&cl), 1);
    /* a repeated PUBREC gets the PUBREL again */
    FEED(0x50, 2, 0, 1);
    mqtt_poll(&cl, now);
    EXPECT_SENT(0x62, 2, 0, 1);
    FEED(0x70, 2, 0, 1);
    mqtt_poll(&cl, now);
    assert_int_equal(LAST.type, MQTT_EV_PUBLISHED);
    assert_int_equal(mqtt_unacked(&cl), 0);
    /* PUBREC for an unknown id: PUBREL "Packet Identifier not found" so the broker moves on */
    FEED(0x50, 2, 0, 7);
    mqtt_poll(&cl, now);
    EXPECT_SENT(0x62, 3, 0, 7, 0x92);
    /* PUBREC with an error code ends the message: no PUBREL */
    assert_int_equal(mqtt_publish(&cl, &p, NULL), MQTT_OK);
    EXPECT_SENT(0x34, 7, 0, 1, 't', 0, 2, 0, 'x');
    FEED(0x50, 3, 0, 2, 0x97);
    mqtt_poll(&cl, now);
    EXPECT_NOTHING_SENT();
    assert_int_equal(LAST.type, MQTT_EV_PUBLISHED);
    assert_int_equal(LAST.reason, 0x97);
}

/* Drops the connection, waits out the backoff, reconnects and answers with session_present. */
static void reconnect(bool session_present)
{
    script_sent(&(const uint8_t *){0});
    net.dead = true;
    mqtt_poll(&cl, now);
    assert_int_equal(LAST.type, MQTT_EV_DISCONNECTED);
    assert_int_equal(LAST.source, MQTT_BY_NETWORK);
    net.dead = false;
    poll_at(mqtt_poll_at(&cl));
    const uint8_t *p;
    size_t n = script_sent(&p);
    assert_true(n > 2 && p[0] == 0x10);
    if (cfg.version == MQTT_V5)
        FEED(0x20, 3, session_present, 0, 0);
    else
        FEED(0x20, 2, session_present, 0);
    mqtt_poll(&cl, now);
    assert_true(mqtt_connected(&cl));
}

static void session_present_resends_with_dup(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    script_connect(false);
    struct mqtt_pub p1 = pub("t", "1", 1), p2 = pub("t", "2", 2), p3 = pub("t", "3", 2);
    mqtt_publish(&cl, &p1, NULL);
    mqtt_publish(&cl, &p2, NULL);
    mqtt_publish(&cl, &p3, NULL);
    script_sent(&(const uint8_t *){0});
    FEED(0x50, 2, 0, 3); /* the third reached PUBREC */
    mqtt_poll(&cl, now);
    EXPECT_SENT(0x62, 2, 0, 3);
    reconnect(true);
    /* CONNECT (v5, not the first connection) had clean start off; then, in order: the two
     * PUBLISHes with DUP, and the PUBREL again. */
    EXPECT_SENT(0x3A, 7, 0, 1, 't', 0, 1, 0, '1', 0x3C, 7, 0, 1, 't', 0, 2, 0, '2',
                0x62, 2, 0, 3);
    assert_int_equal(LAST.type, MQTT_EV_CONNECTED);
    assert_true(LAST.session_present);
    assert_int_equal(mqtt_unacked(&cl), 3);
}

static void session_lost_resends_as_new_and_reports_qos2(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    script_connect(false);
    struct mqtt_pub p1 = pub("t", "1", 1), p2 = pub("t", "2", 2);
    mqtt_publish(&cl, &p1, NULL);
    mqtt_publish(&cl, &p2, NULL);
    FEED(0x50, 2, 0, 2);
    mqtt_poll(&cl, now);
    script_sent(&(const uint8_t *){0});
    unsigned before = event_count;
    reconnect(false);
    /* The QoS 1 message goes again as new (no DUP); the QoS 2 one the broker had accepted is
     * reported, not re-sent. */
    EXPECT_SENT(0x32, 7, 0, 1, 't', 0, 1, 0, '1');
    assert_int_equal(events[before + 1].type, MQTT_EV_PUBLISHED);
    assert_int_equal(events[before + 1].packet_id, 2);
    assert_int_equal(events[before + 1].reason, MQTT_RC_PACKET_ID_NOT_FOUND);
    assert_int_equal(LAST.type, MQTT_EV_CONNECTED);
    assert_false(LAST.session_present);
    assert_int_equal(mqtt_unacked(&cl), 1);
}

static void messages_stored_while_disconnected(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    script_init_client();
    struct mqtt_pub p = pub("t", "x", 1), p0 = pub("t", "x", 0);
    assert_int_equal(mqtt_publish(&cl, &p0, NULL), MQTT_ERR_NOT_CONNECTED);
    assert_int_equal(mqtt_publish(&cl, &p, NULL), MQTT_OK);
    mqtt_start(&cl, now);
    mqtt_poll(&cl, now);
    script_sent(&(const uint8_t *){0});
    FEED(0x20, 3, 0, 0, 0);
    mqtt_poll(&cl, now);
    EXPECT_SENT(0x32, 7, 0, 1, 't', 0, 1, 0, 'x');
}

static void incoming_qos1_and_qos2(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    script_connect(false);
    FEED(0x32, 9, 0, 3, 'a', '/', 'b', 0, 5, 0, 'h');
    mqtt_poll(&cl, now);
    assert_int_equal(LAST.type, MQTT_EV_MESSAGE);
    assert_string_equal(LAST.topic, "a/b");
    assert_string_equal(LAST.payload, "h");
    assert_int_equal(LAST.qos, 1);
    EXPECT_SENT(0x40, 2, 0, 5);

    unsigned before = event_count;
    FEED(0x34, 9, 0, 3, 'a', '/', 'b', 0, 6, 0, 'q');
    mqtt_poll(&cl, now);
    assert_int_equal(event_count, before + 1);
    EXPECT_SENT(0x50, 2, 0, 6);
    /* The broker missed our PUBREC and sends it again with DUP: PUBREC again, no delivery. */
    FEED(0x3C, 9, 0, 3, 'a', '/', 'b', 0, 6, 0, 'q');
    mqtt_poll(&cl, now);
    assert_int_equal(event_count, before + 1);
    EXPECT_SENT(0x50, 2, 0, 6);
    FEED(0x62, 2, 0, 6);
    mqtt_poll(&cl, now);
    EXPECT_SENT(0x70, 2, 0, 6);
    /* Released: the same id is now a new message. */
    FEED(0x34, 9, 0, 3, 'a', '/', 'b', 0, 6, 0, 'r');
    mqtt_poll(&cl, now);
    assert_int_equal(event_count, before + 2);
    assert_string_equal(LAST.payload, "r");
    script_sent(&(const uint8_t *){0});
    /* PUBREL for an unknown id */
    FEED(0x62, 2, 0, 77);
    mqtt_poll(&cl, now);
    EXPECT_SENT(0x70, 3, 0, 77, 0x92);
}

static void incoming_qos2_survives_reconnect_with_session(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    script_connect(false);
    FEED(0x34, 7, 0, 1, 't', 0, 9, 0, 'q');
    mqtt_poll(&cl, now);
    unsigned delivered = event_count;
    reconnect(true);
    /* the broker re-sends the PUBLISH (it never saw our PUBREC): not delivered twice */
    FEED(0x3C, 7, 0, 1, 't', 0, 9, 0, 'q');
    mqtt_poll(&cl, now);
    assert_int_equal(LAST.type, MQTT_EV_CONNECTED);
    assert_int_equal(event_count, delivered + 2); /* DISCONNECTED, CONNECTED */
    /* without a session it would be a new message */
    reconnect(false);
    FEED(0x34, 7, 0, 1, 't', 0, 9, 0, 'q');
    mqtt_poll(&cl, now);
    assert_int_equal(LAST.type, MQTT_EV_MESSAGE);
}

static void broker_receive_maximum_caps_in_flight(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    script_init_client();
    mqtt_start(&cl, now);
    mqtt_poll(&cl, now);
    script_sent(&(const uint8_t *){0});
    FEED(0x20, 6, 0, 0, 3, 0x21, 0, 2);
    mqtt_poll(&cl, now);
    struct mqtt_pub p = pub("t", "x", 1);
    for (int i = 0; i < 3; i++)
        assert_int_equal(mqtt_publish(&cl, &p, NULL), MQTT_OK);
    EXPECT_SENT(0x32, 7, 0, 1, 't', 0, 1, 0, 'x', 0x32, 7, 0, 1, 't', 0, 2, 0, 'x');
    FEED(0x40, 2, 0, 2);
    mqtt_poll(&cl, now);
    EXPECT_SENT(0x32, 7, 0, 1, 't', 0, 3, 0, 'x');
}

static void maximum_packet_sizes(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    script_init_client();
    /* stored before the CONNACK tells the limit */
    struct mqtt_pub big = pub("t", "0123456789012345678901234567890123456789", 1);
    assert_int_equal(mqtt_publish(&cl, &big, NULL), MQTT_OK);
    mqtt_start(&cl, now);
    mqtt_poll(&cl, now);
    script_sent(&(const uint8_t *){0});
    FEED(0x20, 8, 0, 0, 5, 0x27, 0, 0, 0, 20);
    mqtt_poll(&cl, now);
    EXPECT_NOTHING_SENT();
    assert_int_equal(LAST.type, MQTT_EV_PUBLISHED);
    assert_int_equal(LAST.reason, MQTT_RC_PACKET_TOO_LARGE);
    assert_int_equal(mqtt_publish(&cl, &big, NULL), MQTT_ERR_TOO_LARGE);
    struct mqtt_pub big0 = big;
    big0.qos = 0;
    assert_int_equal(mqtt_publish(&cl, &big0, NULL), MQTT_ERR_TOO_LARGE);
    struct mqtt_pub ok = pub("t", "small", 1);
    assert_int_equal(mqtt_publish(&cl, &ok, NULL), MQTT_OK);

    /* Ours: a packet longer than our 512-byte receive buffer ends the connection with 0x95,
     * decided from the fixed header alone. */
    script_sent(&(const uint8_t *){0});
    FEED(0x30, 0x80, 0x04);
    mqtt_poll(&cl, now);
    EXPECT_SENT(0xE0, 1, 0x95);
    assert_int_equal(LAST.type, MQTT_EV_DISCONNECTED);
    assert_int_equal(LAST.reason, MQTT_RC_PACKET_TOO_LARGE);
    assert_int_equal(LAST.source, MQTT_BY_CLIENT);
}

static void keep_alive_pings_and_detects_dead_broker(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    script_connect(false);
    uint64_t t0 = now;
    assert_due(mqtt_poll_at(&cl), t0 + 10000000);
    poll_at(t0 + 9999999);
    EXPECT_NOTHING_SENT();
    poll_at(mqtt_poll_at(&cl));
    EXPECT_SENT(0xC0, 0);
    uint64_t pinged = now;
    /* After a PINGREQ the deadline is the dead-broker limit, 1.5 intervals after the last
     * packet received. */
    assert_due(mqtt_poll_at(&cl), t0 + 15000000);
    FEED(0xD0, 0);
    poll_at(t0 + 11000000);
    assert_due(mqtt_poll_at(&cl), pinged + 10000000); /* our PINGREQ was the last sent */
    /* our own traffic does not hide a silent broker: nothing received for one interval ->
     * ping; still nothing half an interval later -> dead */
    struct mqtt_pub p = pub("t", "x", 0);
    poll_at(t0 + 19000000);
    mqtt_publish(&cl, &p, NULL);
    script_sent(&(const uint8_t *){0});
    poll_at(t0 + 21000000 + SLACK);
    EXPECT_SENT(0xC0, 0);
    poll_at(t0 + 25999999);
    assert_true(mqtt_connected(&cl));
    poll_at(t0 + 26000000 + SLACK);
    EXPECT_SENT(0xE0, 1, 0x8D);
    assert_int_equal(LAST.type, MQTT_EV_DISCONNECTED);
    assert_int_equal(LAST.reason, MQTT_RC_KEEP_ALIVE_TIMEOUT);
    assert_false(mqtt_connected(&cl));
}

static void overdue_ping_never_asks_for_a_busy_loop(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    script_connect(false);
    uint64_t t0 = now;
    net.blocked = true;
    struct mqtt_pub p = pub("t", "0123456789", 0);
    while (mqtt_publish(&cl, &p, NULL) == MQTT_OK)
        ;
    poll_at(t0 + 10000000 + SLACK); /* ping due, but the transmit buffer is full */
    assert_true(mqtt_poll_at(&cl) > now);
    assert_due(mqtt_poll_at(&cl), t0 + 15000000);
    assert_true(mqtt_wants_write(&cl));
}

static void server_keep_alive_overrides_ours(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    script_init_client();
    mqtt_start(&cl, now);
    mqtt_poll(&cl, now);
    FEED(0x20, 6, 0, 0, 3, 0x13, 0, 2);
    mqtt_poll(&cl, now);
    assert_due(mqtt_poll_at(&cl), now + 2000000);
}

struct bad_case {
    const char *what;
    const uint8_t *bytes;
    size_t len;
    uint8_t reason;
};

static void hostile_packets_end_the_connection(void **state)
{
    (void)state;
    const struct bad_case cases[] = {
        {"remaining length of 5 bytes", B(0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F), 6, 0x81},
        {"reserved type 0", B(0x00, 0x00), 2, 0x81},
        {"wrong flags on PUBACK", B(0x42, 0x02, 0, 1), 4, 0x81},
        {"PUBLISH QoS 3", B(0x36, 0x05, 0, 1, 't', 0, 1), 7, 0x81},
        {"unknown property id", B(0x30, 0x06, 0, 1, 't', 2, 0x7F, 0), 8, 0x81},
        {"property length past end", B(0x30, 0x04, 0, 1, 't', 9), 6, 0x81},
        {"topic length past end", B(0x30, 0x03, 0, 9, 't'), 5, 0x81},
        {"bad UTF-8 topic", B(0x30, 0x04, 0, 1, 0xFF, 0), 6, 0x81},
        {"surrogate in topic", B(0x30, 0x06, 0, 3, 0xED, 0xA0, 0x80, 0), 8, 0x81},
        {"NUL in topic", B(0x30, 0x04, 0, 1, 0x00, 0), 6, 0x81},
        {"wildcard in topic", B(0x30, 0x04, 0, 1, '#', 0), 6, 0x90},
        {"topic alias (we allow none)", B(0x30, 0x07, 0, 1, 't', 3, 0x23, 0, 1), 9, 0x94},
        {"duplicate property", B(0x30, 0x08, 0, 1, 't', 4, 0x01, 0, 0x01, 0), 10, 0x82},
        {"SUBACK we never asked for", B(0x90, 0x04, 0, 1, 0, 0), 6, 0x82},
        {"second CONNACK", B(0x20, 0x03, 0, 0, 0), 5, 0x82},
        {"AUTH", B(0xF0, 0x00), 2, 0x82},
        {"PINGREQ to a client", B(0xC0, 0x00), 2, 0x82},
        {"SUBSCRIBE to a client", B(0x82, 0x06, 0, 1, 0, 1, 'a', 0), 8, 0x82},
        {"PINGRESP with a body", B(0xD0, 0x01, 0), 3, 0x81},
        {"PUBACK id 0", B(0x40, 0x02, 0, 0), 4, 0x82},
        {"PUBACK trailing garbage", B(0x40, 0x05, 0, 1, 0, 0, 7), 7, 0x81},
        {"DISCONNECT properties cut", B(0xE0, 0x02, 0x80, 0x05), 4, 0x81},
        {"too large for our buffer", B(0x30, 0xFF, 0x7F), 3, 0x95},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        script_reset(MQTT_V5);
        script_connect(false);
        script_sent(&(const uint8_t *){0});
        int closes = net.closes;
        script_feed(cases[i].bytes, cases[i].len);
        mqtt_poll(&cl, now);
        const uint8_t *sent;
        size_t n = script_sent(&sent);
        if (n != 3 || sent[0] != 0xE0 || sent[1] != 1 || sent[2] != cases[i].reason ||
            LAST.type != MQTT_EV_DISCONNECTED || LAST.reason != cases[i].reason ||
            LAST.source != MQTT_BY_CLIENT || net.closes != closes + 1 || mqtt_connected(&cl))
            fail_msg("%s: sent %zu bytes [%02x %02x %02x], event %u reason 0x%02x", cases[i].what,
                     n, n > 0 ? sent[0] : 0, n > 1 ? sent[1] : 0, n > 2 ? sent[2] : 0, LAST.type,
                     LAST.reason);
    }
}

static void qos2_receive_maximum_exceeded(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    script_connect(false);
    for (uint8_t id = 1; id <= 4; id++) {
        const uint8_t p[] = {0x34, 6, 0, 1, 't', 0, id, 0};
        script_feed(p, sizeof p);
    }
    mqtt_poll(&cl, now);
    assert_true(mqtt_connected(&cl));
    FEED(0x34, 6, 0, 1, 't', 0, 5, 0);
    mqtt_poll(&cl, now);
    assert_int_equal(LAST.reason, MQTT_RC_RECEIVE_MAX_EXCEEDED);
}

static void packet_before_connack(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    script_init_client();
    mqtt_start(&cl, now);
    mqtt_poll(&cl, now);
    script_sent(&(const uint8_t *){0});
    FEED(0x30, 0x04, 0, 1, 't', 0);
    mqtt_poll(&cl, now);
    EXPECT_SENT(0xE0, 1, 0x82);
    assert_int_equal(LAST.reason, MQTT_RC_PROTOCOL_ERROR);
}

static void v311_protocol_errors_just_close(void **state)
{
    (void)state;
    script_reset(MQTT_V311);
    script_connect(false);
    script_sent(&(const uint8_t *){0});
    FEED(0xE0, 0x00); /* a 3.1.1 broker never sends DISCONNECT */
    mqtt_poll(&cl, now);
    EXPECT_NOTHING_SENT(); /* 3.1.1 has no DISCONNECT with a reason: just close */
    assert_int_equal(LAST.type, MQTT_EV_DISCONNECTED);
    assert_int_equal(LAST.reason, MQTT_RC_PROTOCOL_ERROR);
    assert_int_equal(net.closes, 1);
}

static void broker_disconnect_is_surfaced(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    script_connect(false);
    FEED(0xE0, 0x0A, 0x8B, 0x08, 0x1F, 0, 5, 'm', 'a', 'i', 'n', 't');
    mqtt_poll(&cl, now);
    EXPECT_NOTHING_SENT();
    assert_int_equal(LAST.type, MQTT_EV_DISCONNECTED);
    assert_int_equal(LAST.reason, MQTT_RC_SERVER_SHUTTING_DOWN);
    assert_int_equal(LAST.source, MQTT_BY_BROKER);
    assert_string_equal(LAST.rs, "maint");
    assert_int_equal(net.closes, 1);
    assert_due(mqtt_poll_at(&cl), now + 50000); /* first backoff: half of 100 ms */
}

static void connack_refusals(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    script_init_client();
    mqtt_start(&cl, now);
    mqtt_poll(&cl, now);
    FEED(0x20, 0x09, 0, 0x86, 6, 0x1F, 0, 3, 'b', 'a', 'd');
    mqtt_poll(&cl, now);
    assert_int_equal(LAST.type, MQTT_EV_DISCONNECTED);
    assert_int_equal(LAST.reason, MQTT_RC_BAD_USERNAME_PASSWORD);
    assert_int_equal(LAST.source, MQTT_BY_BROKER);
    assert_string_equal(LAST.rs, "bad");
    assert_false(mqtt_connected(&cl));

    script_reset(MQTT_V311);
    script_init_client();
    mqtt_start(&cl, now);
    mqtt_poll(&cl, now);
    FEED(0x20, 0x02, 0, 0x05);
    mqtt_poll(&cl, now);
    assert_int_equal(LAST.reason, MQTT_RC_NOT_AUTHORIZED);
}

static void backoff_grows_with_jitter_and_caps(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    net.connect_result = -1;
    script_init_client();
    mqtt_start(&cl, now);
    /* entropy 0: the lowest point of each jitter window, half of min * 2^n, capped at max */
    const uint64_t want_ms[] = {50, 100, 200, 400, 500, 500, 500};
    for (size_t i = 0; i < sizeof want_ms / sizeof want_ms[0]; i++) {
        mqtt_poll(&cl, now);
        assert_int_equal(LAST.type, MQTT_EV_DISCONNECTED);
        assert_int_equal(LAST.source, MQTT_BY_NETWORK);
        uint64_t at = mqtt_poll_at(&cl);
        assert_due(at, now + want_ms[i] * 1000);
        poll_at(now + want_ms[i] * 1000 - 1);
        assert_int_equal(net.connects, (int)i + 1); /* not yet */
        now = at;
    }
    /* success resets the backoff */
    net.connect_result = 1;
    mqtt_poll(&cl, now);
    FEED(0x20, 3, 0, 0, 0);
    mqtt_poll(&cl, now);
    assert_true(mqtt_connected(&cl));
    net.dead = true;
    mqtt_poll(&cl, now);
    assert_due(mqtt_poll_at(&cl), now + 50000);
}

static uint32_t high_entropy(void *ctx)
{
    (void)ctx;
    return 0xFFFFFFFFu;
}

static void backoff_jitter_stays_in_window(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    cfg.entropy = high_entropy;
    net.connect_result = -1;
    script_init_client();
    mqtt_start(&cl, now);
    mqtt_poll(&cl, now);
    uint64_t d = mqtt_poll_at(&cl) - now;
    assert_true(d >= 50000 && d <= 100000);
    cfg.entropy = NULL; /* the built-in generator */
    for (int i = 0; i < 4; i++)
        poll_at(mqtt_poll_at(&cl)); /* up to the cap: windows of 100, 200, 400, then 800 ms */
    for (int i = 0; i < 20; i++) {
        poll_at(mqtt_poll_at(&cl));
        d = mqtt_poll_at(&cl) - now;
        assert_true(d >= 500000 && d <= 1000000);
    }
}

static void connect_timeout(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    cfg.connect_timeout_ms = 3000;
    script_init_client();
    mqtt_start(&cl, now);
    mqtt_poll(&cl, now);
    assert_due(mqtt_poll_at(&cl), now + 3000000);
    poll_at(now + 2999999);
    assert_int_equal(net.closes, 0);
    poll_at(now + 1 + SLACK);
    assert_int_equal(LAST.type, MQTT_EV_DISCONNECTED);
    assert_int_equal(LAST.source, MQTT_BY_NETWORK);
    assert_int_equal(net.closes, 1);
    /* a TCP connect that never completes times out the same way */
    net.connect_result = 0;
    poll_at(mqtt_poll_at(&cl));
    assert_true(mqtt_wants_write(&cl));
    poll_at(now + 3000000 + SLACK);
    assert_int_equal(net.closes, 2);
}

static void subscribe_unsubscribe(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    struct mqtt_sub subs[] = {{mqtt_str("a/+"), 1 | MQTT_SUB_NO_LOCAL}, {mqtt_str("b/#"), 2}};
    script_init_client();
    assert_int_equal(mqtt_subscribe(&cl, subs, 2, 0, NULL), MQTT_ERR_NOT_CONNECTED);
    script_connect(false);
    uint16_t id;
    assert_int_equal(mqtt_subscribe(&cl, subs, 2, 7, &id), MQTT_OK);
    EXPECT_SENT(0x82, 17, 0, 1, 2, 0x0B, 7, 0, 3, 'a', '/', '+', 0x05, 0, 3, 'b', '/', '#', 0x02);
    FEED(0x90, 5, 0, 1, 0, 1, 0x80);
    mqtt_poll(&cl, now);
    assert_int_equal(LAST.type, MQTT_EV_SUBACK);
    assert_int_equal(LAST.packet_id, 1);
    assert_int_equal(LAST.reasons_len, 2);
    assert_int_equal(LAST.reasons[1], 0x80);

    struct mqtt_bytes f[] = {mqtt_str("a/+")};
    assert_int_equal(mqtt_unsubscribe(&cl, f, 1, &id), MQTT_OK);
    EXPECT_SENT(0xA2, 8, 0, 2, 0, 0, 3, 'a', '/', '+');
    /* the answer must match the request kind: a SUBACK for an UNSUBSCRIBE is wrong */
    FEED(0xB0, 4, 0, 2, 0, 0);
    mqtt_poll(&cl, now);
    assert_int_equal(LAST.type, MQTT_EV_UNSUBACK);

    /* invalid filters and options are refused before anything is sent */
    struct mqtt_sub bad1[] = {{mqtt_str("a/#/b"), 0}};
    struct mqtt_sub bad2[] = {{mqtt_str("a"), 3}};
    struct mqtt_sub bad3[] = {{mqtt_str("a"), 0x30}};
    struct mqtt_sub bad4[] = {{mqtt_str("a"), 0x40}};
    assert_int_equal(mqtt_subscribe(&cl, bad1, 1, 0, NULL), MQTT_ERR_INVALID);
    assert_int_equal(mqtt_subscribe(&cl, bad2, 1, 0, NULL), MQTT_ERR_INVALID);
    assert_int_equal(mqtt_subscribe(&cl, bad3, 1, 0, NULL), MQTT_ERR_INVALID);
    assert_int_equal(mqtt_subscribe(&cl, bad4, 1, 0, NULL), MQTT_ERR_INVALID);
    assert_int_equal(mqtt_subscribe(&cl, subs, 0, 0, NULL), MQTT_ERR_INVALID);
    EXPECT_NOTHING_SENT();

    /* at most MQTT_PENDING_SUBS unanswered; a lost connection answers them with no codes */
    for (int i = 0; i < MQTT_PENDING_SUBS; i++)
        assert_int_equal(mqtt_subscribe(&cl, subs, 1, 0, NULL), MQTT_OK);
    assert_int_equal(mqtt_subscribe(&cl, subs, 1, 0, NULL), MQTT_ERR_BUSY);
    unsigned before = event_count;
    net.dead = true;
    mqtt_poll(&cl, now);
    assert_int_equal(event_count, before + 1 + MQTT_PENDING_SUBS);
    assert_int_equal(LAST.type, MQTT_EV_SUBACK);
    assert_int_equal(LAST.reasons_len, 0);
}

static void request_and_respond(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    script_connect(false);
    struct mqtt_pub p = pub("q", "?", 0);
    assert_int_equal(mqtt_request(&cl, &p, mqtt_str("r"), mqtt_str("\x01"), NULL), MQTT_OK);
    EXPECT_SENT(0x30, 13, 0, 1, 'q', 8, 0x08, 0, 1, 'r', 0x09, 0, 1, 1, '?');
    assert_int_equal(mqtt_request(&cl, &p, mqtt_str("r/#"), mqtt_str("x"), NULL), MQTT_ERR_INVALID);

    /* a request arrives: answer it from the callback's data */
    FEED(0x30, 14, 0, 1, 'q', 9, 0x08, 0, 2, 'r', '1', 0x09, 0, 1, 'C', 'p');
    mqtt_poll(&cl, now);
    assert_string_equal(LAST.response_topic, "r1");
    assert_string_equal(LAST.correlation, "C");
    struct mqtt_message m;
    static const uint8_t body[] = {0, 1, 'q', 9, 0x08, 0, 2, 'r', '1', 0x09, 0, 1, 'C', 'p'};
    assert_int_equal(mqtt_decode_publish(MQTT_V5, 0, body, sizeof body, &m), 0);
    struct mqtt_user_prop up = {mqtt_str("code"), mqtt_str("Ok")};
    assert_int_equal(mqtt_respond(&cl, &m, mqtt_str("OK"), 0, &up, 1, NULL), MQTT_OK);
    EXPECT_SENT(0x30, 22, 0, 2, 'r', '1', 15, 0x09, 0, 1, 'C', 0x26, 0, 4, 'c', 'o', 'd', 'e', 0, 2,
                'O', 'k', 'O', 'K');
    struct mqtt_message none = {0};
    assert_int_equal(mqtt_respond(&cl, &none, mqtt_str("x"), 0, NULL, 0, NULL),
                     MQTT_ERR_NO_RESPONSE_TOPIC);
}

static void assigned_client_id_is_reused(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    cfg.client_id = "";
    script_init_client();
    mqtt_start(&cl, now);
    mqtt_poll(&cl, now);
    EXPECT_SENT(0x10, 21, 0, 4, 'M', 'Q', 'T', 'T', 5, 0x02, 0, 10, 8, 0x21, 0, 4, 0x27, 0, 0, 2,
                0, 0, 0);
    FEED(0x20, 9, 0, 0, 6, 0x12, 0, 3, 'a', 'b', 'c');
    mqtt_poll(&cl, now);
    assert_string_equal(LAST.assigned, "abc");
    net.dead = true;
    mqtt_poll(&cl, now);
    net.dead = false;
    poll_at(mqtt_poll_at(&cl));
    EXPECT_SENT(0x10, 24, 0, 4, 'M', 'Q', 'T', 'T', 5, 0x00, 0, 10, 8, 0x21, 0, 4, 0x27, 0, 0, 2,
                0, 0, 3, 'a', 'b', 'c');
}

static void byte_at_a_time_both_ways(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    net.send_limit = 1;
    net.recv_limit = 1;
    script_connect(false);
    assert_true(mqtt_connected(&cl));
    struct mqtt_pub p = pub("t", "hello", 1);
    assert_int_equal(mqtt_publish(&cl, &p, NULL), MQTT_OK);
    mqtt_poll(&cl, now);
    EXPECT_SENT(0x32, 11, 0, 1, 't', 0, 1, 0, 'h', 'e', 'l', 'l', 'o');
    FEED(0x40, 2, 0, 1, 0x30, 5, 0, 1, 'a', 0, 'z');
    mqtt_poll(&cl, now);
    assert_int_equal(event_count, 3);
    assert_int_equal(events[1].type, MQTT_EV_PUBLISHED);
    assert_string_equal(LAST.payload, "z");
}

static void transport_backpressure(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    script_connect(false);
    net.blocked = true;
    struct mqtt_pub p = pub("t", "0123456789", 0);
    int ok = 0, rc;
    while ((rc = mqtt_publish(&cl, &p, NULL)) == MQTT_OK)
        ok++;
    assert_int_equal(rc, MQTT_ERR_BUSY); /* 512-byte transmit buffer full */
    assert_int_equal(ok, 512 / 16);
    assert_true(mqtt_wants_write(&cl));
    /* incoming QoS 1 waits while there is no room for its PUBACK */
    FEED(0x32, 6, 0, 1, 't', 0, 3, 0);
    unsigned before = event_count;
    mqtt_poll(&cl, now);
    assert_int_equal(event_count, before);
    net.blocked = false;
    mqtt_poll(&cl, now);
    assert_int_equal(event_count, before + 1);
    assert_false(mqtt_wants_write(&cl));
    const uint8_t *sent;
    size_t n = script_sent(&sent);
    assert_int_equal(n, (size_t)ok * 16 + 4);
    assert_memory_equal(sent + n - 4, B(0x40, 2, 0, 3), 4);
}

static void store_and_slots_run_out(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    script_init_client();
    struct mqtt_pub p = pub("t", "x", 1);
    for (int i = 0; i < 8; i++)
        assert_int_equal(mqtt_publish(&cl, &p, NULL), MQTT_OK);
    assert_int_equal(mqtt_publish(&cl, &p, NULL), MQTT_ERR_BUSY); /* 8 slots */
    script_reset(MQTT_V5);
    script_init_client();
    static char payload[400];
    memset(payload, 'x', sizeof payload - 1);
    struct mqtt_pub big = pub("t", payload, 1);
    assert_int_equal(mqtt_publish(&cl, &big, NULL), MQTT_OK);
    assert_int_equal(mqtt_publish(&cl, &big, NULL), MQTT_OK);
    assert_int_equal(mqtt_publish(&cl, &big, NULL), MQTT_ERR_BUSY); /* 1024-byte store */
    payload[sizeof payload - 1] = 0;
    static char huge[600];
    memset(huge, 'x', sizeof huge - 1);
    struct mqtt_pub too_big = pub("t", huge, 1);
    assert_int_equal(mqtt_publish(&cl, &too_big, NULL), MQTT_ERR_TOO_LARGE); /* > tx buffer */
}

static void packet_ids_wrap_and_skip_ids_in_use(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    script_connect(false);
    struct mqtt_pub p = pub("t", "x", 1);
    uint16_t a, b, c;
    cl.next_id = 65535;
    mqtt_publish(&cl, &p, &a);
    mqtt_publish(&cl, &p, &b);
    assert_int_equal(a, 65535);
    assert_int_equal(b, 1); /* 0 is never a packet id */
    cl.next_id = 65535;     /* as if 65535 more ids had gone by with these two unacknowledged */
    mqtt_publish(&cl, &p, &c);
    assert_int_equal(c, 2);
    FEED(0x40, 2, 0xFF, 0xFF, 0x40, 2, 0, 1);
    mqtt_poll(&cl, now);
    cl.next_id = 65535;
    mqtt_publish(&cl, &p, &c);
    assert_int_equal(c, 65535); /* free again */
}

static void store_reclaims_space_in_order(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    script_connect(false);
    /* 8 slots, 1024 bytes of store: each message 108 bytes, so 9 would not fit without the
     * space the acknowledged ones leave behind. */
    static char payload[101];
    uint16_t ids[16];
    for (int i = 0; i < 8; i++) {
        memset(payload, 'a' + i, 100);
        struct mqtt_pub p = pub("t", payload, 1);
        assert_int_equal(mqtt_publish(&cl, &p, &ids[i]), MQTT_OK);
    }
    FEED(0x40, 2, 0, 1, 0x40, 2, 0, 2, 0x40, 2, 0, 4); /* the first two, and one in the middle */
    mqtt_poll(&cl, now);
    assert_int_equal(mqtt_unacked(&cl), 5);
    for (int i = 8; i < 11; i++) {
        memset(payload, 'a' + i, 100);
        struct mqtt_pub p = pub("t", payload, 1);
        assert_int_equal(mqtt_publish(&cl, &p, &ids[i]), MQTT_OK);
    }
    assert_int_equal(mqtt_unacked(&cl), 8);
    /* after a reconnect, every stored message goes again, oldest first, bytes intact */
    reconnect(true);
    const uint8_t *sent;
    size_t n = script_sent(&sent);
    const char want[] = "cefghijk";
    size_t off = n - 8 * 108;
    for (int i = 0; i < 8; i++) {
        const uint8_t *pk = sent + off + (size_t)i * 108;
        assert_int_equal(pk[0], 0x3A);
        assert_int_equal(pk[8], want[i]);
        assert_int_equal(pk[107], want[i]);
    }
}

static void qos2_release_after_its_neighbours_left(void **state)
{
    (void)state;
    /* QoS 2 message A between two QoS 1 ones: PUBREC frees A's bytes from the middle, then
     * the other two are acknowledged and the store empties; A's PUBCOMP must not touch the
     * store through its stale offset. (Found by ASan in the integration tests.) */
    script_reset(MQTT_V5);
    script_connect(false);
    struct mqtt_pub x = pub("t", "xxxx", 1), a = pub("t", "aaaa", 2), y = pub("t", "yyyy", 1);
    mqtt_publish(&cl, &x, NULL);
    mqtt_publish(&cl, &a, NULL);
    mqtt_publish(&cl, &y, NULL);
    FEED(0x50, 2, 0, 2, 0x40, 2, 0, 1, 0x40, 2, 0, 3);
    mqtt_poll(&cl, now);
    assert_int_equal(cl.store_used, 0);
    FEED(0x70, 2, 0, 2);
    mqtt_poll(&cl, now);
    assert_int_equal(LAST.type, MQTT_EV_PUBLISHED);
    assert_int_equal(LAST.packet_id, 2);
    assert_int_equal(mqtt_unacked(&cl), 0);
    assert_int_equal(cl.store_used, 0);
}

static void publish_validation(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    script_init_client();
    mqtt_start(&cl, now);
    mqtt_poll(&cl, now);
    FEED(0x20, 7, 0, 0, 4, 0x24, 1, 0x25, 0);
    mqtt_poll(&cl, now);
    struct mqtt_pub p = pub("a/+", "x", 0);
    assert_int_equal(mqtt_publish(&cl, &p, NULL), MQTT_ERR_INVALID);
    p = pub("", "x", 0);
    assert_int_equal(mqtt_publish(&cl, &p, NULL), MQTT_ERR_INVALID);
    p = pub("t", "x", 3);
    assert_int_equal(mqtt_publish(&cl, &p, NULL), MQTT_ERR_INVALID);
    p = pub("t", "x", 2);
    assert_int_equal(mqtt_publish(&cl, &p, NULL), MQTT_ERR_NOT_SUPPORTED); /* max QoS 1 */
    p = pub("t", "x", 0);
    p.retain = true;
    assert_int_equal(mqtt_publish(&cl, &p, NULL), MQTT_ERR_NOT_SUPPORTED); /* no retain */
}

static void resolver_hook(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    cfg.host = "broker.example";
    net.resolve_result = 0;
    script_init_client();
    mqtt_start(&cl, now);
    mqtt_poll(&cl, now);
    assert_int_equal(net.resolves, 1);
    assert_int_equal(net.connects, 0);
    net.resolve_result = 1;
    mqtt_poll(&cl, now);
    assert_int_equal(net.connects, 1);
    assert_int_equal(net.last_ip.addr[0], 10);
    assert_int_equal(net.last_ip.addr[3], 7);
    /* a failed lookup is a network failure, retried after backoff */
    script_reset(MQTT_V5);
    cfg.host = "nowhere.example";
    net.resolve_result = -1;
    script_init_client();
    mqtt_start(&cl, now);
    mqtt_poll(&cl, now);
    assert_int_equal(LAST.type, MQTT_EV_DISCONNECTED);
    assert_int_equal(LAST.source, MQTT_BY_NETWORK);
    /* an IP literal never asks the resolver */
    script_reset(MQTT_V5);
    script_connect(false);
    assert_int_equal(net.resolves, 0);
    assert_int_equal(net.last_ip.addr[0], 127);
}

static void stop_sends_disconnect_and_stays_down(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    script_connect(false);
    struct mqtt_pub p = pub("t", "x", 1);
    mqtt_publish(&cl, &p, NULL);
    script_sent(&(const uint8_t *){0});
    mqtt_stop(&cl, MQTT_RC_DISCONNECT_WITH_WILL);
    EXPECT_SENT(0xE0, 1, 0x04);
    /* the broker still sends something, then closes: only then do we close */
    FEED(0x40, 2, 0, 1);
    mqtt_poll(&cl, now);
    assert_int_equal(net.closes, 0);
    assert_due(mqtt_poll_at(&cl), now + 1000000);
    net.dead = true;
    mqtt_poll(&cl, now);
    net.dead = false;
    assert_int_equal(LAST.type, MQTT_EV_DISCONNECTED);
    assert_int_equal(LAST.source, MQTT_BY_CLIENT);
    assert_int_equal(net.closes, 1);
    assert_int_equal(mqtt_poll_at(&cl), UINT64_MAX);
    poll_at(now + 100000000);
    assert_int_equal(net.connects, 1);
    assert_int_equal(mqtt_unacked(&cl), 1); /* kept for the next start */
    mqtt_start(&cl, now);
    mqtt_poll(&cl, now);
    assert_int_equal(net.connects, 2);
}

static void stop_gives_up_waiting_after_a_second(void **state)
{
    (void)state;
    script_reset(MQTT_V311);
    script_connect(false);
    mqtt_stop(&cl, 0);
    EXPECT_SENT(0xE0, 0);
    poll_at(now + 999999);
    assert_int_equal(net.closes, 0);
    poll_at(now + 1 + SLACK);
    assert_int_equal(net.closes, 1);
    assert_int_equal(LAST.type, MQTT_EV_DISCONNECTED);
    assert_int_equal(mqtt_poll_at(&cl), UINT64_MAX);
}

static void v311_connect_and_session(void **state)
{
    (void)state;
    script_reset(MQTT_V311);
    cfg.clean_start = false;
    cfg.username = "u";
    cfg.password = mqtt_str("pw");
    script_init_client();
    mqtt_start(&cl, now);
    mqtt_poll(&cl, now);
    EXPECT_SENT(0x10, 20, 0, 4, 'M', 'Q', 'T', 'T', 4, 0xC0, 0, 10, 0, 1, 'c', 0, 1, 'u', 0, 2,
                'p', 'w');
    FEED(0x20, 2, 1, 0);
    mqtt_poll(&cl, now);
    assert_true(LAST.session_present);
    struct mqtt_pub p = pub("t", "x", 2);
    mqtt_publish(&cl, &p, NULL);
    EXPECT_SENT(0x34, 6, 0, 1, 't', 0, 1, 'x');
    reconnect(true);
    const uint8_t *sent;
    size_t n = script_sent(&sent);
    assert_true(n >= 8);
    EXPECT_BYTES(sent + n - 8, 8, 0x3C, 6, 0, 1, 't', 0, 1, 'x');
}

/* A storage without QoS 2 ids links no QoS 2: the client refuses it at the API, announces no
 * Receive Maximum, and a broker's QoS 2 (which it never asked for) is a protocol error. */
static void without_qos2_refuses_it_both_ways(void **state)
{
    (void)state;
    script_reset(MQTT_V5);
    script_qos2 = false;
    script_init_client();
    mqtt_start(&cl, now);
    mqtt_poll(&cl, now);
    EXPECT_SENT(0x10, 19, 0, 4, 'M', 'Q', 'T', 'T', 5, 0x02, 0, 10, 5, 0x27, 0, 0, 2, 0, 0, 1,
                'c');
    FEED(0x20, 3, 0, 0, 0);
    mqtt_poll(&cl, now);
    assert_true(mqtt_connected(&cl));
    struct mqtt_pub p2 = pub("t", "x", 2), p1 = pub("t", "x", 1);
    assert_int_equal(mqtt_publish(&cl, &p2, NULL), MQTT_ERR_NOT_SUPPORTED);
    struct mqtt_sub s2 = {mqtt_str("a/#"), 2}, s1 = {mqtt_str("a/#"), 1};
    assert_int_equal(mqtt_subscribe(&cl, &s2, 1, 0, NULL), MQTT_ERR_NOT_SUPPORTED);
    assert_int_equal(mqtt_subscribe(&cl, &s1, 1, 0, NULL), MQTT_OK);
    assert_int_equal(mqtt_publish(&cl, &p1, NULL), MQTT_OK);
    FEED(0x90, 4, 0, 1, 0, 1); /* SUBACK: QoS 1 granted */
    mqtt_poll(&cl, now);
    assert_int_equal(LAST.type, MQTT_EV_SUBACK);
    script_sent(&(const uint8_t *){0});
    /* a QoS 2 PUBLISH from the broker */
    FEED(0x34, 7, 0, 1, 't', 0, 9, 0, 'q');
    mqtt_poll(&cl, now);
    EXPECT_SENT(0xE0, 1, 0x82);
    assert_int_equal(LAST.type, MQTT_EV_DISCONNECTED);
    assert_int_equal(LAST.reason, MQTT_RC_PROTOCOL_ERROR);
    /* PUBREC, PUBREL, PUBCOMP: answers to nothing such a client sends */
    static const uint8_t q2_acks[] = {0x50, 0x62, 0x70};
    for (unsigned i = 0; i < sizeof q2_acks; i++) {
        poll_at(mqtt_poll_at(&cl)); /* the backoff is over: CONNECT */
        FEED(0x20, 3, 1, 0, 0);
        mqtt_poll(&cl, now);
        assert_true(mqtt_connected(&cl));
        script_sent(&(const uint8_t *){0});
        FEED(q2_acks[i], 2, 0, 1);
        mqtt_poll(&cl, now);
        EXPECT_SENT(0xE0, 1, 0x82);
        assert_int_equal(LAST.reason, MQTT_RC_PROTOCOL_ERROR);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(connect_v5_announces_our_limits),
        cmocka_unit_test(qos1_publish_handshake),
        cmocka_unit_test(qos2_publish_handshake),
        cmocka_unit_test(session_present_resends_with_dup),
        cmocka_unit_test(session_lost_resends_as_new_and_reports_qos2),
        cmocka_unit_test(messages_stored_while_disconnected),
        cmocka_unit_test(incoming_qos1_and_qos2),
        cmocka_unit_test(incoming_qos2_survives_reconnect_with_session),
        cmocka_unit_test(broker_receive_maximum_caps_in_flight),
        cmocka_unit_test(maximum_packet_sizes),
        cmocka_unit_test(keep_alive_pings_and_detects_dead_broker),
        cmocka_unit_test(overdue_ping_never_asks_for_a_busy_loop),
        cmocka_unit_test(server_keep_alive_overrides_ours),
        cmocka_unit_test(hostile_packets_end_the_connection),
        cmocka_unit_test(qos2_receive_maximum_exceeded),
        cmocka_unit_test(packet_before_connack),
        cmocka_unit_test(v311_protocol_errors_just_close),
        cmocka_unit_test(broker_disconnect_is_surfaced),
        cmocka_unit_test(connack_refusals),
        cmocka_unit_test(backoff_grows_with_jitter_and_caps),
        cmocka_unit_test(backoff_jitter_stays_in_window),
        cmocka_unit_test(connect_timeout),
        cmocka_unit_test(subscribe_unsubscribe),
        cmocka_unit_test(request_and_respond),
        cmocka_unit_test(assigned_client_id_is_reused),
        cmocka_unit_test(byte_at_a_time_both_ways),
        cmocka_unit_test(transport_backpressure),
        cmocka_unit_test(store_and_slots_run_out),
        cmocka_unit_test(packet_ids_wrap_and_skip_ids_in_use),
        cmocka_unit_test(store_reclaims_space_in_order),
        cmocka_unit_test(qos2_release_after_its_neighbours_left),
        cmocka_unit_test(publish_validation),
        cmocka_unit_test(resolver_hook),
        cmocka_unit_test(stop_sends_disconnect_and_stays_down),
        cmocka_unit_test(stop_gives_up_waiting_after_a_second),
        cmocka_unit_test(v311_connect_and_session),
        cmocka_unit_test(without_qos2_refuses_it_both_ways),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
