/* MQTT 5.0 property blocks (spec 2.2.2): one table says, per identifier, the value's type, where
 * it is stored in struct mqtt_props, and in which packets it may appear. */
#include "mqtt/props.h"

#include <stddef.h>
#include <string.h>

#include "mqtt/reason.h"

enum {
    T_BYTE = 1, /* every byte-valued property is a 0/1 flag (or Maximum QoS 0/1) */
    T_U16,
    T_U32,
    T_VARINT,
    T_STR,
    T_BIN,
    T_PAIR,
    T_NONZERO = 0x10, /* a value of 0 is a protocol error */
};

#define IN(t) (1u << (t))
#define ACKS (IN(4) | IN(5) | IN(6) | IN(7) | IN(9) | IN(11))
#define ALL (IN(0) | IN(1) | IN(2) | IN(3) | ACKS | IN(8) | IN(10) | IN(14) | IN(15))
#define AT(field) (uint8_t) offsetof(struct mqtt_props, field)

struct prop_desc {
    uint16_t where; /* bit per packet type; bit 0: will properties */
    uint8_t type;
    uint8_t offset;
};

/* Indexed by identifier; unused identifiers have where == 0 (malformed wherever they appear). */
static const struct prop_desc table[MQTT_PROP_ID_LAST + 1] = {
    [MQTT_PROP_PAYLOAD_FORMAT] = {IN(0) | IN(3), T_BYTE, AT(payload_format)},
    [MQTT_PROP_MESSAGE_EXPIRY] = {IN(0) | IN(3), T_U32, AT(message_expiry)},
    [MQTT_PROP_CONTENT_TYPE] = {IN(0) | IN(3), T_STR, AT(content_type)},
    [MQTT_PROP_RESPONSE_TOPIC] = {IN(0) | IN(3), T_STR, AT(response_topic)},
    [MQTT_PROP_CORRELATION_DATA] = {IN(0) | IN(3), T_BIN, AT(correlation_data)},
    [MQTT_PROP_SUBSCRIPTION_ID] = {IN(3) | IN(8), T_VARINT | T_NONZERO, AT(subscription_id)},
    [MQTT_PROP_SESSION_EXPIRY] = {IN(1) | IN(2) | IN(14), T_U32, AT(session_expiry)},
    [MQTT_PROP_ASSIGNED_CLIENT_ID] = {IN(2), T_STR, AT(assigned_client_id)},
    [MQTT_PROP_SERVER_KEEP_ALIVE] = {IN(2), T_U16, AT(server_keep_alive)},
    [MQTT_PROP_AUTH_METHOD] = {IN(1) | IN(2) | IN(15), T_STR, AT(auth_method)},
    [MQTT_PROP_AUTH_DATA] = {IN(1) | IN(2) | IN(15), T_BIN, AT(auth_data)},
    [MQTT_PROP_REQUEST_PROBLEM_INFO] = {IN(1), T_BYTE, AT(request_problem_info)},
    [MQTT_PROP_WILL_DELAY] = {IN(0), T_U32, AT(will_delay)},
    [MQTT_PROP_REQUEST_RESPONSE_INFO] = {IN(1), T_BYTE, AT(request_response_info)},
    [MQTT_PROP_RESPONSE_INFO] = {IN(2), T_STR, AT(response_info)},
    [MQTT_PROP_SERVER_REFERENCE] = {IN(2) | IN(14), T_STR, AT(server_reference)},
    [MQTT_PROP_REASON_STRING] = {IN(2) | ACKS | IN(14) | IN(15), T_STR, AT(reason_string)},
    [MQTT_PROP_RECEIVE_MAX] = {IN(1) | IN(2), T_U16 | T_NONZERO, AT(receive_max)},
    [MQTT_PROP_TOPIC_ALIAS_MAX] = {IN(1) | IN(2), T_U16, AT(topic_alias_max)},
    [MQTT_PROP_TOPIC_ALIAS] = {IN(3), T_U16 | T_NONZERO, AT(topic_alias)},
    [MQTT_PROP_MAX_QOS] = {IN(2), T_BYTE, AT(max_qos)},
    [MQTT_PROP_RETAIN_AVAILABLE] = {IN(2), T_BYTE, AT(retain_available)},
    [MQTT_PROP_USER] = {ALL, T_PAIR, AT(user_count)},
    [MQTT_PROP_MAX_PACKET_SIZE] = {IN(1) | IN(2), T_U32 | T_NONZERO, AT(max_packet_size)},
    [MQTT_PROP_WILDCARD_SUB_AVAILABLE] = {IN(2), T_BYTE, AT(wildcard_sub_available)},
    [MQTT_PROP_SUB_ID_AVAILABLE] = {IN(2), T_BYTE, AT(sub_id_available)},
    [MQTT_PROP_SHARED_SUB_AVAILABLE] = {IN(2), T_BYTE, AT(shared_sub_available)},
};

/* Reads one property's value per its type into the field at `field` (NULL: skip it). Returns
 * the value of numeric types, 1 for the others, so the caller can reject forbidden zeros. */
static uint32_t read_value(struct mqtt_reader *r, unsigned type, uint8_t *field)
{
    uint32_t v = 1;
    struct mqtt_bytes s = {0, 0};
    switch (type) {
    case T_BYTE:
        v = mqtt_r_u8(r);
        if (field)
            *field = (uint8_t)v;
        break;
    case T_U16:
        v = mqtt_r_u16(r);
        if (field)
            *(uint16_t *)(void *)field = (uint16_t)v;
        break;
    case T_U32:
    case T_VARINT:
        v = type == T_U32 ? mqtt_r_u32(r) : mqtt_r_varint(r);
        if (field)
            *(uint32_t *)(void *)field = v;
        break;
    case T_PAIR:
        mqtt_r_str(r);
        mqtt_r_str(r);
        if (field)
            (*field)++;
        break;
    default: /* T_STR, T_BIN */
        s = type == T_STR ? mqtt_r_str(r) : mqtt_r_bin(r);
        if (field)
            *(struct mqtt_bytes *)(void *)field = s;
        break;
    }
    return v;
}

uint8_t mqtt_props_decode(struct mqtt_reader *r, unsigned packet_type, struct mqtt_props *out)
{
    memset(out, 0, sizeof *out);
    uint32_t len = mqtt_r_varint(r);
    struct mqtt_bytes block = mqtt_r_take(r, len);
    if (r->err)
        return r->err;
    out->raw = block;
    struct mqtt_reader pr = {block.p, block.len, 0, 0};
    while (!pr.err && mqtt_r_left(&pr)) {
        uint32_t id = mqtt_r_varint(&pr);
        if (id > MQTT_PROP_ID_LAST || !(table[id].where >> packet_type & 1u)) {
            pr.err = MQTT_RC_MALFORMED;
            break;
        }
        const struct prop_desc *d = &table[id];
        uint64_t bit = (uint64_t)1 << id;
        /* User properties repeat by design; a PUBLISH carries one Subscription Identifier per
         * matching subscription. Any other repetition is a protocol error (2.2.2.2). */
        int repeat = id == MQTT_PROP_USER || (id == MQTT_PROP_SUBSCRIPTION_ID && packet_type == 3);
        if ((out->present & bit) && !repeat) {
            pr.err = MQTT_RC_PROTOCOL_ERROR;
            break;
        }
        uint8_t *field = (uint8_t *)out + d->offset;
        if (id == MQTT_PROP_SUBSCRIPTION_ID) {
            if (out->sub_id_count++)
                field = NULL; /* keep the first */
        }
        uint32_t v = read_value(&pr, d->type & 0x0Fu, field);
        if (!pr.err && (((d->type & T_NONZERO) && v == 0) || ((d->type & 0x0Fu) == T_BYTE && v > 1)))
            pr.err = MQTT_RC_PROTOCOL_ERROR;
        out->present |= bit;
    }
    if (pr.err)
        r->err = pr.err;
    return r->err;
}

bool mqtt_user_prop_next(const struct mqtt_props *p, size_t *pos, struct mqtt_bytes *key,
                         struct mqtt_bytes *value)
{
    struct mqtt_reader r = {p->raw.p, p->raw.len, *pos, 0};
    while (!r.err && mqtt_r_left(&r)) {
        uint32_t id = mqtt_r_varint(&r);
        if (id > MQTT_PROP_ID_LAST || !table[id].where)
            return false; /* cannot happen on a block that mqtt_props_decode accepted */
        if (id == MQTT_PROP_USER) {
            *key = mqtt_r_str(&r);
            *value = mqtt_r_str(&r);
            *pos = r.pos;
            return !r.err;
        }
        read_value(&r, table[id].type & 0x0Fu, NULL);
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
