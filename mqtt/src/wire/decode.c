/* Decoders for the packets a broker sends (spec chapter 3), for 5.0 and 3.1.1. Each checks the
 * whole body: lengths, flags, UTF-8, properties, and that nothing is left over. */
#include <string.h>

#include "mqtt/packet.h"
#include "mqtt/reason.h"
#include "mqtt/topic.h"

int mqtt_fixed_header_decode(uint8_t version, const uint8_t *buf, size_t len,
                             struct mqtt_fixed_header *h)
{
    if (len < 2)
        return 0;
    uint32_t rem;
    int n = mqtt_varint_decode(buf + 1, len - 1, &rem);
    if (n == 0)
        return 0;
    uint8_t type = buf[0] >> 4, flags = buf[0] & 0x0Fu;
    /* Flag bits are fixed for every type but PUBLISH (2.1.3): 0010 for PUBREL, SUBSCRIBE and
     * UNSUBSCRIBE, 0000 elsewhere. AUTH exists only in 5.0; type 0 is reserved. */
    uint8_t want = (type == MQTT_PUBREL || type == MQTT_SUBSCRIBE || type == MQTT_UNSUBSCRIBE) ? 2 : 0;
    int bad = n < 0 || type == 0 || (type == MQTT_AUTH && version != MQTT_V5);
    if (type == MQTT_PUBLISH)
        bad |= (flags & 0x06u) == 0x06u; /* QoS 3 */
    else
        bad |= flags != want;
    if (bad)
        return -MQTT_RC_MALFORMED;
    h->type = type;
    h->flags = flags;
    h->size = (uint8_t)(1 + n);
    h->remaining = rem;
    return 1 + n;
}

/* A 5.0 decode ends with every byte consumed; anything left is a malformed packet. */
static uint8_t finish(struct mqtt_reader *r)
{
    if (!r->err && mqtt_r_left(r))
        r->err = MQTT_RC_MALFORMED;
    return r->err;
}

uint8_t mqtt_decode_connack(uint8_t version, const uint8_t *body, size_t len,
                            struct mqtt_connack *out)
{
    /* 3.1.1 return codes 1..5 in 5.0 terms (3.2.2.3 of 3.1.1, 3.2.2.2 of 5.0). */
    static const uint8_t v311[] = {0, MQTT_RC_UNSUPPORTED_VERSION, MQTT_RC_CLIENT_ID_INVALID,
                                   MQTT_RC_SERVER_UNAVAILABLE, MQTT_RC_BAD_USERNAME_PASSWORD,
                                   MQTT_RC_NOT_AUTHORIZED};
    struct mqtt_reader r = {body, len, 0, 0};
    memset(out, 0, sizeof *out);
    uint8_t flags = mqtt_r_u8(&r);
    uint8_t code = mqtt_r_u8(&r);
    out->session_present = flags & 1u;
    if (version == MQTT_V5) {
        out->reason = code;
        mqtt_props_decode(&r, MQTT_CONNACK, &out->props);
    } else {
        out->reason = code < sizeof v311 ? v311[code] : MQTT_RC_UNSPECIFIED;
    }
    if (finish(&r))
        return r.err;
    if (flags & 0xFEu)
        return MQTT_RC_MALFORMED; /* reserved bits */
    if (out->reason && out->session_present)
        return MQTT_RC_PROTOCOL_ERROR; /* a refusal never has a session (3.2.2.1.1) */
    return 0;
}

uint8_t mqtt_decode_publish(uint8_t version, uint8_t flags, const uint8_t *body, size_t len,
                            struct mqtt_message *out)
{
    struct mqtt_reader r = {body, len, 0, 0};
    memset(out, 0, sizeof *out);
    out->qos = (flags >> 1) & 3u;
    out->dup = flags & MQTT_PUBLISH_DUP;
    out->retain = flags & MQTT_PUBLISH_RETAIN;
    out->topic = mqtt_r_str(&r);
    if (out->qos)
        out->packet_id = mqtt_r_u16(&r);
    if (version == MQTT_V5)
        mqtt_props_decode(&r, MQTT_PUBLISH, &out->props);
    if (r.err)
        return r.err;
    out->payload = mqtt_r_take(&r, mqtt_r_left(&r));
    if ((out->qos && !out->packet_id) || (out->dup && !out->qos))
        return MQTT_RC_PROTOCOL_ERROR;
    if (mqtt_topic_has_wildcard((const char *)out->topic.p, out->topic.len))
        return MQTT_RC_TOPIC_NAME_INVALID;
    if (!out->topic.len && !mqtt_props_has(&out->props, MQTT_PROP_TOPIC_ALIAS))
        return version == MQTT_V5 ? MQTT_RC_PROTOCOL_ERROR : MQTT_RC_TOPIC_NAME_INVALID;
    return 0;
}

uint8_t mqtt_decode_ack(uint8_t version, uint8_t type, const uint8_t *body, size_t len,
                        struct mqtt_ack *out)
{
    struct mqtt_reader r = {body, len, 0, 0};
    memset(out, 0, sizeof *out);
    int v5 = version == MQTT_V5;
    int list = type == MQTT_SUBACK || (type == MQTT_UNSUBACK && v5);
    if (type != MQTT_DISCONNECT) {
        out->packet_id = mqtt_r_u16(&r);
        if (!r.err && !out->packet_id)
            return MQTT_RC_PROTOCOL_ERROR;
    }
    if (v5) {
        /* The reason code and properties of PUBACK..PUBCOMP and DISCONNECT may be left out
         * (3.4.2.1): a short packet means success, no properties. */
        if (!list && mqtt_r_left(&r))
            out->reason = mqtt_r_u8(&r);
        if (list || mqtt_r_left(&r))
            mqtt_props_decode(&r, type, &out->props);
    }
    if (list) {
        out->reasons = mqtt_r_take(&r, mqtt_r_left(&r));
        if (!r.err && !out->reasons.len)
            return MQTT_RC_PROTOCOL_ERROR; /* one code per filter, and there is at least one */
        if (!v5)
            for (size_t i = 0; i < out->reasons.len; i++)
                if (out->reasons.p[i] > 2 && out->reasons.p[i] != 0x80)
                    return MQTT_RC_MALFORMED;
    }
    return finish(&r);
}
