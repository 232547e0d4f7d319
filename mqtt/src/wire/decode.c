/* Decoders for the packets a broker sends (spec chapter 3), for 5.0 and 3.1.1. Each checks the
 * whole body: lengths, flags, UTF-8, properties, and that nothing is left over. */
#include <string.h>

#include "version.h"
#include "mqtt/reason.h"
#include "mqtt/topic.h"

int mqtt_fixed_header_decode(const struct mqtt_version *version, const uint8_t *buf, size_t len,
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
    int bad = n < 0 || type == 0 || (type == MQTT_AUTH && !mqtt_is_v5(version));
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

uint8_t mqtt_decode_packet(const struct mqtt_version *version, uint8_t type, uint8_t flags,
                           const uint8_t *body, size_t len, union mqtt_packet_in *out)
{
    /* 3.1.1 return codes 1..5 in 5.0 terms (3.2.2.3 of 3.1.1, 3.2.2.2 of 5.0). */
    static const uint8_t v311[] = {0, MQTT_RC_UNSUPPORTED_VERSION, MQTT_RC_CLIENT_ID_INVALID,
                                   MQTT_RC_SERVER_UNAVAILABLE, MQTT_RC_BAD_USERNAME_PASSWORD,
                                   MQTT_RC_NOT_AUTHORIZED};
    struct mqtt_reader r = {body, len, 0, 0};
    bool v5 = mqtt_is_v5(version), with_props = v5, list = false;
    struct mqtt_props *props;
    uint8_t ack_flags = 0;
    memset(out, 0, sizeof *out);
    /* What comes before the properties. */
    if (type == MQTT_CONNACK) {
        ack_flags = mqtt_r_u8(&r);
        uint8_t code = mqtt_r_u8(&r);
        out->connack.session_present = ack_flags & 1u;
        out->connack.reason = v5 ? code : code < sizeof v311 ? v311[code] : MQTT_RC_UNSPECIFIED;
        props = &out->connack.props;
    } else if (type == MQTT_PUBLISH) {
        struct mqtt_message *m = &out->msg;
        m->qos = (flags >> 1) & 3u;
        m->dup = flags & MQTT_PUBLISH_DUP;
        m->retain = flags & MQTT_PUBLISH_RETAIN;
        m->topic = mqtt_r_str(&r);
        if (m->qos)
            m->packet_id = mqtt_r_u16(&r);
        props = &m->props;
    } else {
        struct mqtt_ack *k = &out->ack;
        list = type == MQTT_SUBACK || (type == MQTT_UNSUBACK && v5);
        if (type != MQTT_DISCONNECT) {
            k->packet_id = mqtt_r_u16(&r);
            if (!r.err && !k->packet_id)
                return MQTT_RC_PROTOCOL_ERROR;
        }
        /* The reason code and properties of PUBACK..PUBCOMP and DISCONNECT may be left out
         * (3.4.2.1): a short packet means success, no properties. */
        if (v5 && !list && mqtt_r_left(&r))
            k->reason = mqtt_r_u8(&r);
        with_props = v5 && (list || mqtt_r_left(&r));
        props = &k->props;
    }
    if (with_props)
        mqtt_props_decode(&r, type, props);
    /* What comes after. */
    if (type == MQTT_PUBLISH) {
        struct mqtt_message *m = &out->msg;
        if (r.err)
            return r.err;
        m->payload = mqtt_r_take(&r, mqtt_r_left(&r));
        if ((m->qos && !m->packet_id) || (m->dup && !m->qos))
            return MQTT_RC_PROTOCOL_ERROR;
        if (mqtt_topic_has_wildcard((const char *)m->topic.p, m->topic.len))
            return MQTT_RC_TOPIC_NAME_INVALID;
        if (!m->topic.len && !mqtt_props_has(props, MQTT_PROP_TOPIC_ALIAS))
            return v5 ? MQTT_RC_PROTOCOL_ERROR : MQTT_RC_TOPIC_NAME_INVALID;
        return 0;
    }
    if (list) {
        struct mqtt_bytes *codes = &out->ack.reasons;
        *codes = mqtt_r_take(&r, mqtt_r_left(&r));
        if (!r.err && !codes->len)
            return MQTT_RC_PROTOCOL_ERROR; /* one code per filter, and there is at least one */
        if (!v5)
            for (size_t i = 0; i < codes->len; i++)
                if (codes->p[i] > 2 && codes->p[i] != 0x80)
                    return MQTT_RC_MALFORMED;
    }
    /* Every byte consumed; anything left is a malformed packet. */
    if (!r.err && mqtt_r_left(&r))
        r.err = MQTT_RC_MALFORMED;
    if (r.err)
        return r.err;
    if (ack_flags & 0xFEu)
        return MQTT_RC_MALFORMED; /* CONNACK's reserved bits */
    if (type == MQTT_CONNACK && out->connack.reason && out->connack.session_present)
        return MQTT_RC_PROTOCOL_ERROR; /* a refusal never has a session (3.2.2.1.1) */
    return 0;
}

uint8_t mqtt_decode_connack(const struct mqtt_version *version, const uint8_t *body, size_t len,
                            struct mqtt_connack *out)
{
    union mqtt_packet_in in;
    uint8_t rc = mqtt_decode_packet(version, MQTT_CONNACK, 0, body, len, &in);
    *out = in.connack;
    return rc;
}

uint8_t mqtt_decode_publish(const struct mqtt_version *version, uint8_t flags,
                            const uint8_t *body, size_t len, struct mqtt_message *out)
{
    union mqtt_packet_in in;
    uint8_t rc = mqtt_decode_packet(version, MQTT_PUBLISH, flags, body, len, &in);
    *out = in.msg;
    return rc;
}

uint8_t mqtt_decode_ack(const struct mqtt_version *version, uint8_t type, const uint8_t *body,
                        size_t len, struct mqtt_ack *out)
{
    union mqtt_packet_in in;
    uint8_t rc = mqtt_decode_packet(version, type, 0, body, len, &in);
    *out = in.ack;
    return rc;
}
