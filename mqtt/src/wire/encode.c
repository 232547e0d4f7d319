/* Encoders for the packets a client sends (spec chapter 3), for 5.0 and 3.1.1. */
#include <string.h>

#include "version.h"

struct mqtt_bytes mqtt_str(const char *s)
{
    struct mqtt_bytes b = {(const uint8_t *)s, s ? strlen(s) : 0};
    return b;
}

static void w_prop_u32(struct mqtt_writer *w, uint8_t id, uint32_t v)
{
    if (v) {
        mqtt_w_u8(w, id);
        mqtt_w_u32(w, v);
    }
}

static void w_prop_u16(struct mqtt_writer *w, uint8_t id, uint16_t v)
{
    if (v) {
        mqtt_w_u8(w, id);
        mqtt_w_u16(w, v);
    }
}

static void w_prop_bytes(struct mqtt_writer *w, uint8_t id, struct mqtt_bytes b)
{
    if (b.p) {
        mqtt_w_u8(w, id);
        mqtt_w_lenbytes(w, b.p, b.len);
    }
}

/* The properties of a PUBLISH or of a will (which adds the will delay). */
static void w_pub_props(struct mqtt_writer *w, const struct mqtt_pub_props *pp, int will)
{
    size_t mark = mqtt_w_mark(w);
    if (pp) {
        if (will)
            w_prop_u32(w, MQTT_PROP_WILL_DELAY, pp->will_delay);
        if (pp->payload_format) {
            mqtt_w_u8(w, MQTT_PROP_PAYLOAD_FORMAT);
            mqtt_w_u8(w, 1);
        }
        w_prop_u32(w, MQTT_PROP_MESSAGE_EXPIRY, pp->message_expiry);
        w_prop_bytes(w, MQTT_PROP_CONTENT_TYPE, pp->content_type);
        w_prop_bytes(w, MQTT_PROP_RESPONSE_TOPIC, pp->response_topic);
        w_prop_bytes(w, MQTT_PROP_CORRELATION_DATA, pp->correlation_data);
        for (unsigned i = 0; i < pp->user_count; i++) {
            mqtt_w_u8(w, MQTT_PROP_USER);
            mqtt_w_lenbytes(w, pp->user[i].key.p, pp->user[i].key.len);
            mqtt_w_lenbytes(w, pp->user[i].value.p, pp->user[i].value.len);
        }
    }
    mqtt_w_close(w, mark);
}

size_t mqtt_encode_connect(uint8_t *buf, size_t cap, const struct mqtt_connect *c)
{
    struct mqtt_writer w = {buf, cap, 0};
    const struct mqtt_pub *will = c->will;
    int v5 = mqtt_is_v5(c->version);
    uint8_t flags = c->clean_start ? 0x02 : 0;
    if (will)
        flags |= (uint8_t)(0x04 | will->qos << 3 | (will->retain ? 0x20 : 0));
    if (c->username.p)
        flags |= 0x80;
    if (c->password.p)
        flags |= 0x40;

    mqtt_w_u8(&w, MQTT_CONNECT << 4);
    size_t rem = mqtt_w_mark(&w);
    mqtt_w_lenbytes(&w, "MQTT", 4);
    mqtt_w_u8(&w, c->version->level);
    mqtt_w_u8(&w, flags);
    mqtt_w_u16(&w, c->keep_alive_s);
    if (v5) {
        size_t mark = mqtt_w_mark(&w);
        w_prop_u32(&w, MQTT_PROP_SESSION_EXPIRY, c->session_expiry_s);
        w_prop_u16(&w, MQTT_PROP_RECEIVE_MAX, c->receive_max);
        w_prop_u32(&w, MQTT_PROP_MAX_PACKET_SIZE, c->max_packet_size);
        w_prop_u16(&w, MQTT_PROP_TOPIC_ALIAS_MAX, c->topic_alias_max);
        mqtt_w_close(&w, mark);
    }
    mqtt_w_lenbytes(&w, c->client_id.p, c->client_id.len);
    if (will) {
        if (v5)
            w_pub_props(&w, will->props, 1);
        mqtt_w_lenbytes(&w, will->topic.p, will->topic.len);
        mqtt_w_lenbytes(&w, will->payload.p, will->payload.len);
    }
    if (c->username.p)
        mqtt_w_lenbytes(&w, c->username.p, c->username.len);
    if (c->password.p)
        mqtt_w_lenbytes(&w, c->password.p, c->password.len);
    mqtt_w_close(&w, rem);
    return w.len;
}

size_t mqtt_encode_publish(uint8_t *buf, size_t cap, const struct mqtt_version *version,
                           const struct mqtt_pub *p, uint16_t packet_id, bool dup)
{
    struct mqtt_writer w = {buf, cap, 0};
    mqtt_w_u8(&w, (uint8_t)(MQTT_PUBLISH << 4 | (dup ? MQTT_PUBLISH_DUP : 0) | p->qos << 1 |
                            (p->retain ? MQTT_PUBLISH_RETAIN : 0)));
    size_t rem = mqtt_w_mark(&w);
    mqtt_w_lenbytes(&w, p->topic.p, p->topic.len);
    if (p->qos)
        mqtt_w_u16(&w, packet_id);
    if (mqtt_is_v5(version))
        w_pub_props(&w, p->props, 0);
    mqtt_w_raw(&w, p->payload.p, p->payload.len);
    mqtt_w_close(&w, rem);
    return w.len;
}

/* The fixed-size packets are built whole on the stack, then copied if they fit. */
static size_t copy_out(uint8_t *buf, size_t cap, const uint8_t *p, size_t n)
{
    if (n <= cap)
        memcpy(buf, p, n);
    return n;
}

size_t mqtt_encode_ack(uint8_t *buf, size_t cap, const struct mqtt_version *version,
                       uint8_t type, uint16_t packet_id, uint8_t reason)
{
    unsigned with_reason = mqtt_is_v5(version) && reason;
    const uint8_t p[5] = {(uint8_t)(type << 4 | (type == MQTT_PUBREL ? 0x02 : 0)),
                          (uint8_t)(2 + with_reason), (uint8_t)(packet_id >> 8),
                          (uint8_t)packet_id, reason};
    return copy_out(buf, cap, p, 4 + with_reason);
}

/* SUBSCRIBE and UNSUBSCRIBE share everything but the options byte after each filter. */
static size_t encode_sub(uint8_t *buf, size_t cap, const struct mqtt_version *version,
                         uint8_t type, uint16_t packet_id, const struct mqtt_sub *subs,
                         const struct mqtt_bytes *filters, size_t count, uint32_t sub_id)
{
    struct mqtt_writer w = {buf, cap, 0};
    mqtt_w_u8(&w, (uint8_t)(type << 4 | 0x02));
    size_t rem = mqtt_w_mark(&w);
    mqtt_w_u16(&w, packet_id);
    if (mqtt_is_v5(version)) {
        size_t mark = mqtt_w_mark(&w);
        if (sub_id) {
            mqtt_w_u8(&w, MQTT_PROP_SUBSCRIPTION_ID);
            mqtt_w_varint(&w, sub_id);
        }
        mqtt_w_close(&w, mark);
    }
    for (size_t i = 0; i < count; i++) {
        const struct mqtt_bytes *f = subs ? &subs[i].filter : &filters[i];
        mqtt_w_lenbytes(&w, f->p, f->len);
        if (subs)
            mqtt_w_u8(&w, mqtt_is_v5(version) ? subs[i].options : subs[i].options & 3u);
    }
    mqtt_w_close(&w, rem);
    return w.len;
}

size_t mqtt_encode_subscribe(uint8_t *buf, size_t cap, const struct mqtt_version *version,
                             uint16_t packet_id, const struct mqtt_sub *subs, size_t count,
                             uint32_t subscription_id)
{
    return encode_sub(buf, cap, version, MQTT_SUBSCRIBE, packet_id, subs, NULL, count,
                      subscription_id);
}

size_t mqtt_encode_unsubscribe(uint8_t *buf, size_t cap, const struct mqtt_version *version,
                               uint16_t packet_id, const struct mqtt_bytes *filters, size_t count)
{
    return encode_sub(buf, cap, version, MQTT_UNSUBSCRIBE, packet_id, NULL, filters, count, 0);
}

size_t mqtt_encode_pingreq(uint8_t *buf, size_t cap)
{
    static const uint8_t p[2] = {MQTT_PINGREQ << 4, 0};
    return copy_out(buf, cap, p, sizeof p);
}

size_t mqtt_encode_disconnect(uint8_t *buf, size_t cap, const struct mqtt_version *version,
                              uint8_t reason)
{
    unsigned with_reason = mqtt_is_v5(version) && reason;
    const uint8_t p[3] = {MQTT_DISCONNECT << 4, (uint8_t)with_reason, reason};
    return copy_out(buf, cap, p, 2 + with_reason);
}
