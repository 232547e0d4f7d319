/* MQTT 5.0 properties (spec 2.2.2): the identifier table, decoding a property block into one
 * flat struct (zero-copy spans into the packet), and walking user properties. */
#ifndef MQTT_PROPS_H
#define MQTT_PROPS_H

#include <stdbool.h>
#include <stdint.h>

#include "mqtt/codec.h"

enum mqtt_prop_id {
    MQTT_PROP_PAYLOAD_FORMAT = 0x01,
    MQTT_PROP_MESSAGE_EXPIRY = 0x02,
    MQTT_PROP_CONTENT_TYPE = 0x03,
    MQTT_PROP_RESPONSE_TOPIC = 0x08,
    MQTT_PROP_CORRELATION_DATA = 0x09,
    MQTT_PROP_SUBSCRIPTION_ID = 0x0B,
    MQTT_PROP_SESSION_EXPIRY = 0x11,
    MQTT_PROP_ASSIGNED_CLIENT_ID = 0x12,
    MQTT_PROP_SERVER_KEEP_ALIVE = 0x13,
    MQTT_PROP_AUTH_METHOD = 0x15,
    MQTT_PROP_AUTH_DATA = 0x16,
    MQTT_PROP_REQUEST_PROBLEM_INFO = 0x17,
    MQTT_PROP_WILL_DELAY = 0x18,
    MQTT_PROP_REQUEST_RESPONSE_INFO = 0x19,
    MQTT_PROP_RESPONSE_INFO = 0x1A,
    MQTT_PROP_SERVER_REFERENCE = 0x1C,
    MQTT_PROP_REASON_STRING = 0x1F,
    MQTT_PROP_RECEIVE_MAX = 0x21,
    MQTT_PROP_TOPIC_ALIAS_MAX = 0x22,
    MQTT_PROP_TOPIC_ALIAS = 0x23,
    MQTT_PROP_MAX_QOS = 0x24,
    MQTT_PROP_RETAIN_AVAILABLE = 0x25,
    MQTT_PROP_USER = 0x26,
    MQTT_PROP_MAX_PACKET_SIZE = 0x27,
    MQTT_PROP_WILDCARD_SUB_AVAILABLE = 0x28,
    MQTT_PROP_SUB_ID_AVAILABLE = 0x29,
    MQTT_PROP_SHARED_SUB_AVAILABLE = 0x2A,
    MQTT_PROP_ID_LAST = 0x2A,
};

/* Where a property may appear: bit (1 << packet type), and bit 0 for the will properties of a
 * CONNECT (packet type 0 is reserved, so the bit is free). */
#define MQTT_PROPS_IN_WILL 0u

/* Every property of one packet. `present` has bit (id & 7) of byte (id >> 3) set for each
 * property seen (bytes, not a uint64_t: a 32-bit core sets and tests them in one step); a
 * field whose bit is clear holds 0 / an empty span. Spans point into the packet. */
struct mqtt_props {
    uint8_t present[MQTT_PROP_ID_LAST / 8 + 1];
    uint32_t message_expiry, session_expiry, will_delay, max_packet_size;
    uint32_t subscription_id; /* the first one; PUBLISH may carry several (see sub_id_count) */
    uint16_t receive_max, topic_alias_max, topic_alias, server_keep_alive;
    uint8_t payload_format, request_problem_info, request_response_info, max_qos;
    uint8_t retain_available, wildcard_sub_available, sub_id_available, shared_sub_available;
    uint8_t sub_id_count, user_count;
    struct mqtt_bytes content_type, response_topic, correlation_data, assigned_client_id,
        auth_method, auth_data, response_info, server_reference, reason_string;
    struct mqtt_bytes raw; /* the whole property block, for walking user properties */
};

static inline bool mqtt_props_has(const struct mqtt_props *p, enum mqtt_prop_id id)
{
    return (p->present[id >> 3] >> (id & 7u)) & 1u;
}

/* Marks a property present (for code that builds a struct mqtt_props by hand: tests, fuzzing). */
static inline void mqtt_props_set(struct mqtt_props *p, enum mqtt_prop_id id)
{
    p->present[id >> 3] |= (uint8_t)(1u << (id & 7u));
}

/* Reads a property length and block from r (which must be positioned on the length) and fills
 * out. packet_type selects which identifiers are allowed (MQTT_PROPS_IN_WILL for will
 * properties). Errors, returned and left in r->err: MALFORMED for an unknown or misplaced
 * identifier, a short block, bad UTF-8; PROTOCOL_ERROR for a duplicate property or a value the
 * spec forbids (receive maximum 0, payload format 2...). */
uint8_t mqtt_props_decode(struct mqtt_reader *r, unsigned packet_type, struct mqtt_props *out);

/* Walks the user properties of a decoded block: set *pos = 0 first; each call yields the next
 * key/value pair and returns true, false after the last one. */
bool mqtt_user_prop_next(const struct mqtt_props *p, size_t *pos, struct mqtt_bytes *key,
                         struct mqtt_bytes *value);

/* Finds the first user property named key (NUL-terminated); returns false when absent. */
bool mqtt_user_prop_find(const struct mqtt_props *p, const char *key, struct mqtt_bytes *value);

#endif
