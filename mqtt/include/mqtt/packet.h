/* Encoding and decoding of MQTT control packets, 5.0 and 3.1.1 (spec chapter 3), with no state:
 * the encoders write what a client sends, the decoders read what a broker sends (PUBLISH, the
 * acknowledgements and DISCONNECT go both ways and have both).
 *
 * Encoders write one whole packet into buf[0..cap) and return its length; a length > cap means
 * it did not fit (nothing past cap was written). Decoders take the body of a packet (what
 * follows the fixed header) and return 0, or the reason code that the packet violates
 * (MQTT_RC_MALFORMED, MQTT_RC_PROTOCOL_ERROR...): the code to put in the DISCONNECT. */
#ifndef MQTT_PACKET_H
#define MQTT_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mqtt/codec.h"
#include "mqtt/props.h"

/* The protocol version, wherever one is asked for: MQTT_V5 or MQTT_V311. Naming MQTT_V311 is
 * what links 3.1.1: an image in which nothing does (a 5.0-only device) carries none of its
 * code once link-time optimisation has seen that no 3.1.1 client can exist (see mqtt_init). */
struct mqtt_version;
extern const struct mqtt_version mqtt_version_5, mqtt_version_311;
#define MQTT_V311 (&mqtt_version_311)
#define MQTT_V5 (&mqtt_version_5)

enum mqtt_packet_type {
    MQTT_CONNECT = 1,
    MQTT_CONNACK = 2,
    MQTT_PUBLISH = 3,
    MQTT_PUBACK = 4,
    MQTT_PUBREC = 5,
    MQTT_PUBREL = 6,
    MQTT_PUBCOMP = 7,
    MQTT_SUBSCRIBE = 8,
    MQTT_SUBACK = 9,
    MQTT_UNSUBSCRIBE = 10,
    MQTT_UNSUBACK = 11,
    MQTT_PINGREQ = 12,
    MQTT_PINGRESP = 13,
    MQTT_DISCONNECT = 14,
    MQTT_AUTH = 15,
};

/* PUBLISH fixed-header flags. */
#define MQTT_PUBLISH_DUP 0x08u
#define MQTT_PUBLISH_RETAIN 0x01u

/* SUBSCRIBE options byte (3.8.3.1): QoS in bits 0-1, then the 5.0-only options. */
#define MQTT_SUB_NO_LOCAL 0x04u
#define MQTT_SUB_RETAIN_AS_PUBLISHED 0x08u
#define MQTT_SUB_RETAIN_SEND_ON_SUBSCRIBE 0x00u
#define MQTT_SUB_RETAIN_SEND_IF_NEW 0x10u
#define MQTT_SUB_RETAIN_DONT_SEND 0x20u

struct mqtt_user_prop {
    struct mqtt_bytes key, value;
};

/* Optional 5.0 properties of an outgoing PUBLISH or will; ignored for 3.1.1. */
struct mqtt_pub_props {
    struct mqtt_bytes response_topic, correlation_data, content_type;
    const struct mqtt_user_prop *user;
    uint8_t user_count;
    uint8_t payload_format;  /* 1: the payload is UTF-8 text */
    uint32_t message_expiry; /* seconds; 0: never expires (property not sent) */
    uint32_t will_delay;     /* will only: seconds the broker waits before publishing it */
};

/* An outgoing application message (also the will). */
struct mqtt_pub {
    struct mqtt_bytes topic, payload;
    uint8_t qos;
    bool retain;
    const struct mqtt_pub_props *props; /* may be NULL */
};

struct mqtt_connect {
    const struct mqtt_version *version; /* MQTT_V5 or MQTT_V311 */
    bool clean_start;
    uint16_t keep_alive_s;
    struct mqtt_bytes client_id;
    struct mqtt_bytes username, password; /* absent when .p is NULL */
    /* 5.0 only; 0 leaves the property out (receive max 0 and max packet 0 mean the default) */
    uint32_t session_expiry_s, max_packet_size;
    uint16_t receive_max, topic_alias_max;
    const struct mqtt_pub *will; /* may be NULL */
};

struct mqtt_sub {
    struct mqtt_bytes filter;
    uint8_t options; /* QoS | MQTT_SUB_NO_LOCAL | ... (only the QoS is sent for 3.1.1) */
};

size_t mqtt_encode_connect(uint8_t *buf, size_t cap, const struct mqtt_connect *c);
size_t mqtt_encode_publish(uint8_t *buf, size_t cap, const struct mqtt_version *version,
                           const struct mqtt_pub *p, uint16_t packet_id, bool dup);
/* PUBACK, PUBREC, PUBREL, PUBCOMP: the reason code is left out when 0 (5.0 allows it). */
size_t mqtt_encode_ack(uint8_t *buf, size_t cap, const struct mqtt_version *version,
                       uint8_t type, uint16_t packet_id, uint8_t reason);
/* subscription_id 0: none. */
size_t mqtt_encode_subscribe(uint8_t *buf, size_t cap, const struct mqtt_version *version,
                             uint16_t packet_id, const struct mqtt_sub *subs, size_t count,
                             uint32_t subscription_id);
size_t mqtt_encode_unsubscribe(uint8_t *buf, size_t cap, const struct mqtt_version *version,
                               uint16_t packet_id, const struct mqtt_bytes *filters, size_t count);
size_t mqtt_encode_pingreq(uint8_t *buf, size_t cap);
/* 3.1.1 has no reason code: the packet is always the 2-byte form there. */
size_t mqtt_encode_disconnect(uint8_t *buf, size_t cap, const struct mqtt_version *version,
                              uint8_t reason);

struct mqtt_fixed_header {
    uint8_t type, flags;
    uint8_t size; /* bytes of the fixed header itself (2..5) */
    uint32_t remaining;
};

/* Returns the fixed header's size when complete, 0 when more bytes are needed, or
 * -MQTT_RC_MALFORMED for a bad remaining length, a reserved packet type or wrong flag bits
 * (including 5.0 AUTH on a 3.1.1 connection, and PUBLISH with QoS 3). */
int mqtt_fixed_header_decode(const struct mqtt_version *version, const uint8_t *buf, size_t len,
                             struct mqtt_fixed_header *h);

struct mqtt_connack {
    bool session_present;
    uint8_t reason; /* 3.1.1 return codes are mapped to 5.0 reason codes */
    struct mqtt_props props;
};

/* A received application message; every span points into the receive buffer. */
struct mqtt_message {
    struct mqtt_bytes topic, payload;
    uint8_t qos;
    bool retain, dup;
    uint16_t packet_id; /* 0 for QoS 0 */
    struct mqtt_props props;
};

/* PUBACK/PUBREC/PUBREL/PUBCOMP/SUBACK/UNSUBACK/DISCONNECT. */
struct mqtt_ack {
    uint16_t packet_id;   /* 0 for DISCONNECT */
    uint8_t reason;       /* PUBACK..PUBCOMP and DISCONNECT; 0 when absent */
    struct mqtt_bytes reasons; /* SUBACK and 5.0 UNSUBACK: one code per filter */
    struct mqtt_props props;
};

uint8_t mqtt_decode_connack(const struct mqtt_version *version, const uint8_t *body, size_t len,
                            struct mqtt_connack *out);
uint8_t mqtt_decode_publish(const struct mqtt_version *version, uint8_t flags,
                            const uint8_t *body, size_t len, struct mqtt_message *out);
uint8_t mqtt_decode_ack(const struct mqtt_version *version, uint8_t type, const uint8_t *body,
                        size_t len, struct mqtt_ack *out);

/* A span over a NUL-terminated string (NULL gives an absent span). */
struct mqtt_bytes mqtt_str(const char *s);

#endif
