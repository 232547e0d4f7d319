/* MQTT 5.0 property blocks (spec 2.2.2): one table says, per identifier, the value's type, where
 * it is stored in struct mqtt_props, and in which packets it may appear. */
#include "mqtt/props.h"

#include <stddef.h>
#include <string.h>

#include "mqtt/reason.h"

/* A property's value type; the fixed-size integers are their own byte count. */
enum {
    T_BYTE = 1, /* every byte-valued property is a 0/1 flag (or Maximum QoS 0/1) */
    T_U16 = 2,
    T_VARINT = 3,
    T_U32 = 4,
    T_STR = 5,
    T_BIN = 6,
    T_PAIR = 7,
    T_NONZERO = 8, /* a value of 0 is a protocol error */
};

/* Where a property may appear: one of these sets of packet types (bit 0: will properties),
 * numbered in the high nibble of its descriptor. Set 0 is empty: unused identifiers. */
#define IN(t) (1u << (t))
#define ACKS (IN(4) | IN(5) | IN(6) | IN(7) | IN(9) | IN(11))
static const uint16_t where[] = {
    0,
    IN(0) | IN(3),            /* 1: message properties (PUBLISH and will) */
    IN(3) | IN(8),            /* 2 */
    IN(1) | IN(2) | IN(14),   /* 3 */
    IN(2),                    /* 4: CONNACK only */
    IN(1) | IN(2) | IN(15),   /* 5 */
    IN(1),                    /* 6 */
    IN(0),                    /* 7 */
    IN(2) | IN(14),           /* 8 */
    IN(2) | ACKS | IN(14) | IN(15), /* 9 */
    IN(1) | IN(2),            /* 10 */
    IN(3),                    /* 11 */
    0xFFFFu,                  /* 12: user properties, everywhere */
};

/* Indexed by identifier: the where-set << 4 | type, and the field in struct mqtt_props. */
#define D(set, type, field) {(set) << 4 | (type), (uint8_t)offsetof(struct mqtt_props, field)}
static const uint8_t table[MQTT_PROP_ID_LAST + 1][2] = {
    [MQTT_PROP_PAYLOAD_FORMAT] = D(1, T_BYTE, payload_format),
    [MQTT_PROP_MESSAGE_EXPIRY] = D(1, T_U32, message_expiry),
    [MQTT_PROP_CONTENT_TYPE] = D(1, T_STR, content_type),
    [MQTT_PROP_RESPONSE_TOPIC] = D(1, T_STR, response_topic),
    [MQTT_PROP_CORRELATION_DATA] = D(1, T_BIN, correlation_data),
    [MQTT_PROP_SUBSCRIPTION_ID] = D(2, T_VARINT | T_NONZERO, subscription_id),
    [MQTT_PROP_SESSION_EXPIRY] = D(3, T_U32, session_expiry),
    [MQTT_PROP_ASSIGNED_CLIENT_ID] = D(4, T_STR, assigned_client_id),
    [MQTT_PROP_SERVER_KEEP_ALIVE] = D(4, T_U16, server_keep_alive),
    [MQTT_PROP_AUTH_METHOD] = D(5, T_STR, auth_method),
    [MQTT_PROP_AUTH_DATA] = D(5, T_BIN, auth_data),
    [MQTT_PROP_REQUEST_PROBLEM_INFO] = D(6, T_BYTE, request_problem_info),
    [MQTT_PROP_WILL_DELAY] = D(7, T_U32, will_delay),
    [MQTT_PROP_REQUEST_RESPONSE_INFO] = D(6, T_BYTE, request_response_info),
    [MQTT_PROP_RESPONSE_INFO] = D(4, T_STR, response_info),
    [MQTT_PROP_SERVER_REFERENCE] = D(8, T_STR, server_reference),
    [MQTT_PROP_REASON_STRING] = D(9, T_STR, reason_string),
    [MQTT_PROP_RECEIVE_MAX] = D(10, T_U16 | T_NONZERO, receive_max),
    [MQTT_PROP_TOPIC_ALIAS_MAX] = D(10, T_U16, topic_alias_max),
    [MQTT_PROP_TOPIC_ALIAS] = D(11, T_U16 | T_NONZERO, topic_alias),
    [MQTT_PROP_MAX_QOS] = D(4, T_BYTE, max_qos),
    [MQTT_PROP_RETAIN_AVAILABLE] = D(4, T_BYTE, retain_available),
    [MQTT_PROP_USER] = D(12, T_PAIR, user_count),
    [MQTT_PROP_MAX_PACKET_SIZE] = D(10, T_U32 | T_NONZERO, max_packet_size),
    [MQTT_PROP_WILDCARD_SUB_AVAILABLE] = D(4, T_BYTE, wildcard_sub_available),
    [MQTT_PROP_SUB_ID_AVAILABLE] = D(4, T_BYTE, sub_id_available),
    [MQTT_PROP_SHARED_SUB_AVAILABLE] = D(4, T_BYTE, shared_sub_available),
};

/* Reads one property's value per its type into the field at `field`. Returns the value of
 * numeric types, 1 for the others, so the caller can reject forbidden zeros. */
static uint32_t read_value(struct mqtt_reader *r, unsigned type, uint8_t *field)
{
    uint32_t v = 1;
    if (type == T_PAIR) {
        mqtt_r_str(r);
        mqtt_r_str(r);
        (*field)++;
    } else if (type >= T_STR) {
        struct mqtt_bytes s = type == T_STR ? mqtt_r_str(r) : mqtt_r_bin(r);
        memcpy(field, &s, sizeof s);
    } else if (type == T_VARINT) {
        v = mqtt_r_varint(r);
        memcpy(field, &v, sizeof v);
    } else {
        /* 1, 2 or 4 bytes, big-endian, into a field of that size */
        struct mqtt_bytes b = mqtt_r_take(r, type);
        v = 0;
        for (size_t i = 0; i < b.len; i++)
            v = v << 8 | b.p[i];
        if (type == T_BYTE)
            *field = (uint8_t)v;
        else if (type == T_U16)
            *(uint16_t *)(void *)field = (uint16_t)v;
        else
            *(uint32_t *)(void *)field = v;
    }
    return v;
}

/* Identifier -> its descriptor byte (0 for an identifier the spec does not define). */
static unsigned desc_of(uint32_t id)
{
    return id <= MQTT_PROP_ID_LAST ? table[id][0] : 0;
}

uint8_t mqtt_props_decode(struct mqtt_reader *r, unsigned packet_type, struct mqtt_props *out)
{
    memset(out, 0, sizeof *out);
    uint32_t len = mqtt_r_varint(r);
    struct mqtt_bytes block = mqtt_r_take(r, len);
    out->raw = block;
    /* A reader that starts in error when the block could not be taken reads nothing. */
    struct mqtt_reader pr = {block.p, block.len, 0, r->err};
    while (!pr.err && mqtt_r_left(&pr)) {
        uint32_t id = mqtt_r_varint(&pr);
        unsigned d = desc_of(id), type = d & 7u;
        if (!(where[d >> 4] >> packet_type & 1u)) {
            pr.err = MQTT_RC_MALFORMED; /* unknown, not allowed here, or a bad identifier */
            break;
        }
        uint8_t *seen = &out->present[id >> 3], bit = (uint8_t)(1u << (id & 7u));
        uint8_t *field = (uint8_t *)out + table[id][1];
        uint32_t spare;
        /* User properties repeat by design; a PUBLISH carries one Subscription Identifier per
         * matching subscription (the first is kept). Any other repetition is a protocol
         * error (2.2.2.2). */
        if (id == MQTT_PROP_SUBSCRIPTION_ID && out->sub_id_count++ && packet_type == 3)
            field = (uint8_t *)&spare;
        else if ((*seen & bit) && type != T_PAIR)
            pr.err = MQTT_RC_PROTOCOL_ERROR;
        *seen |= bit;
        uint32_t v = read_value(&pr, type, field);
        if (!pr.err && (((d & T_NONZERO) && v == 0) || (type == T_BYTE && v > 1)))
            pr.err = MQTT_RC_PROTOCOL_ERROR;
    }
    if (!r->err)
        r->err = pr.err;
    return r->err;
}

bool mqtt_user_prop_next(const struct mqtt_props *p, size_t *pos, struct mqtt_bytes *key,
                         struct mqtt_bytes *value)
{
    struct mqtt_reader r = {p->raw.p, p->raw.len, *pos, 0};
    while (!r.err && mqtt_r_left(&r)) {
        uint32_t id = mqtt_r_varint(&r);
        unsigned d = desc_of(id);
        if (!d)
            return false; /* cannot happen on a block that mqtt_props_decode accepted */
        if (id == MQTT_PROP_USER) {
            *key = mqtt_r_str(&r);
            *value = mqtt_r_str(&r);
            *pos = r.pos;
            return !r.err;
        }
        struct mqtt_bytes skipped; /* room for any value */
        uint8_t count = 0;
        read_value(&r, d & 7u, (d & 7u) == T_PAIR ? &count : (uint8_t *)&skipped);
    }
    *pos = r.pos;
    return false;
}

bool mqtt_user_prop_find(const struct mqtt_props *p, const char *key, struct mqtt_bytes *value)
{
    size_t pos = 0, klen = strlen(key);
    struct mqtt_bytes k;
    while (mqtt_user_prop_next(p, &pos, &k, value))
        if (k.len == klen && memcmp(k.p, key, klen) == 0)
            return true;
    return false;
}
