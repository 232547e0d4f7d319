/* What the wire layer and the client know of a protocol version (packet.h: MQTT_V5, MQTT_V311). */
#ifndef MQTT_VERSION_H
#define MQTT_VERSION_H

#include <stdbool.h>
#include <stdint.h>

#include "mqtt/packet.h"

#define MQTT_LEVEL_311 4 /* the protocol level byte of CONNECT */
#define MQTT_LEVEL_5 5

struct mqtt_version {
    uint8_t level;
    void (*use)(void); /* mqtt_init of a client of this version calls it (NULL: nothing) */
};

/* Any packet a broker sends, decoded: connack for CONNACK, msg for PUBLISH, ack for the rest
 * (PUBACK..PUBCOMP, SUBACK, UNSUBACK, DISCONNECT). */
union mqtt_packet_in {
    struct mqtt_connack connack;
    struct mqtt_message msg;
    struct mqtt_ack ack;
};

/* The decoders of packet.h in one: the client's single call (type from the fixed header). */
uint8_t mqtt_decode_packet(const struct mqtt_version *version, uint8_t type, uint8_t flags,
                           const uint8_t *body, size_t len, union mqtt_packet_in *out);

static inline __attribute__((always_inline)) bool mqtt_is_v5(const struct mqtt_version *v)
{
    return v->level == MQTT_LEVEL_5;
}

#endif
