/* fuzz-deps: kit_mqtt kit_log */
/* The MQTT packet decoders on arbitrary bytes: the first byte picks the protocol version, the
 * rest is a packet (fixed header and body). Any result is fine; reading outside the input,
 * spans pointing outside it, or a decoder accepting what the codec then cannot walk is not. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mqtt/packet.h"
#include "mqtt/reason.h"
#include "mqtt/topic.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t *lo, *hi;

static void in_bounds(struct mqtt_bytes b)
{
    if (b.len && (b.p < lo || b.p + b.len > hi))
        abort();
}

static void check_props(const struct mqtt_props *p)
{
    in_bounds(p->raw);
    in_bounds(p->content_type);
    in_bounds(p->response_topic);
    in_bounds(p->correlation_data);
    in_bounds(p->assigned_client_id);
    in_bounds(p->reason_string);
    in_bounds(p->server_reference);
    size_t pos = 0;
    unsigned n = 0;
    struct mqtt_bytes k, v;
    while (mqtt_user_prop_next(p, &pos, &k, &v)) {
        in_bounds(k);
        in_bounds(v);
        n++;
    }
    if (n != p->user_count)
        abort(); /* the walker and the decoder disagree about the block */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const struct mqtt_version *version = data[0] & 1 ? MQTT_V5 : MQTT_V311;
    data++, size--;
    /* A private copy, so ASan catches a read one past the end. */
    uint8_t *buf = malloc(size ? size : 1);
    memcpy(buf, data, size);
    lo = buf, hi = buf + size;
    struct mqtt_fixed_header h;
    int hl = mqtt_fixed_header_decode(version, buf, size, &h);
    if (hl > 0 && (size_t)hl + h.remaining <= size) {
        const uint8_t *body = buf + hl;
        size_t len = h.remaining;
        if (h.type == MQTT_CONNACK) {
            struct mqtt_connack c;
            if (mqtt_decode_connack(version, body, len, &c) == 0)
                check_props(&c.props);
        } else if (h.type == MQTT_PUBLISH) {
            struct mqtt_message m;
            if (mqtt_decode_publish(version, h.flags, body, len, &m) == 0) {
                check_props(&m.props);
                in_bounds(m.topic);
                in_bounds(m.payload);
                if (!mqtt_utf8_valid(m.topic.p, m.topic.len))
                    abort();
                mqtt_topic_matches("a/+/#", 5, (const char *)m.topic.p, m.topic.len);
                /* What decodes re-encodes to the same topic and payload. */
                static uint8_t out[70000];
                struct mqtt_pub p = {m.topic, m.payload, m.qos, m.retain, NULL};
                size_t n = mqtt_encode_publish(out, sizeof out, MQTT_V311, &p, m.packet_id, m.dup);
                struct mqtt_fixed_header h2;
                struct mqtt_message m2;
                if (m.topic.len && n <= sizeof out) {
                    int hl2 = mqtt_fixed_header_decode(MQTT_V311, out, n, &h2);
                    if (hl2 <= 0 ||
                        mqtt_decode_publish(MQTT_V311, h2.flags, out + hl2, h2.remaining, &m2) ||
                        m2.payload.len != m.payload.len || m2.topic.len != m.topic.len ||
                        memcmp(m2.topic.p, m.topic.p, m.topic.len) != 0)
                        abort();
                }
            }
        } else {
            struct mqtt_ack a;
            if (mqtt_decode_ack(version, h.type, body, len, &a) == 0) {
                check_props(&a.props);
                in_bounds(a.reasons);
            }
        }
    }
    mqtt_topic_filter_valid((const char *)buf, size);
    mqtt_reason_str(size ? buf[0] : 0);
    free(buf);
    return 0;
}
