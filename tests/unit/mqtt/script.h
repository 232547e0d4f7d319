/* A scripted transport for the client's unit tests: the test plays the broker byte by byte
 * (feed), reads what the client sent (sent), and decides what the network does (refuse,
 * block, die). Events the client raises are recorded for the test to check. */
#ifndef TEST_MQTT_SCRIPT_H
#define TEST_MQTT_SCRIPT_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "mqtt/client.h"

struct script {
    int connect_result, resolve_result;
    int connects, closes, resolves;
    uint8_t in[8192];
    size_t in_len, in_pos;
    uint8_t out[16384];
    size_t out_len, out_read;
    size_t send_limit; /* bytes per send call; 0: all */
    size_t recv_limit; /* bytes per recv call; 0: all */
    bool blocked, dead;
    struct mqtt_ip last_ip;
};

struct recorded {
    uint8_t type, reason, source;
    bool session_present;
    uint16_t packet_id;
    char topic[64], payload[128], response_topic[64], correlation[64], assigned[64], rs[64];
    uint8_t qos, reasons[8];
    size_t reasons_len;
    bool retain, dup;
};

extern struct script net;
extern struct recorded events[64];
extern unsigned event_count;
extern struct mqtt_client cl;
extern struct mqtt_config cfg;
extern bool script_qos2; /* the client's storage has QoS 2 (script_reset: true) */
extern struct mqtt_transport transport;
extern uint64_t now;

/* Resets everything and initialises the client with the given config tweaks applied. */
void script_reset(const struct mqtt_version *version);
void script_init_client(void);
void script_feed(const uint8_t *bytes, size_t n);
/* The bytes the client sent since the last call. */
size_t script_sent(const uint8_t **p);
void poll_at(uint64_t t);
/* start + CONNECT + CONNACK (5.0: with the given property block bytes). */
void script_connect(bool session_present);

#endif
