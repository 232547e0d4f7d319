/* Shared between the client's files; not part of the API. */
#ifndef MQTT_CLIENT_INTERNAL_H
#define MQTT_CLIENT_INTERNAL_H

#include "mqtt/client.h"

enum conn_state {
    ST_IDLE,    /* not started, or stopped */
    ST_BACKOFF, /* waiting until `deadline` to reconnect */
    ST_RESOLVE, /* asking the transport's resolver */
    ST_TCP,     /* transport connect in progress */
    ST_CONNACK, /* CONNECT queued, waiting for CONNACK */
    ST_UP,      /* connected */
    ST_CLOSING, /* our DISCONNECT queued: flush it, then close */
};

enum inflight_state {
    FL_QUEUED,     /* PUBLISH stored, to be sent */
    FL_SENT,       /* PUBLISH sent, waiting for PUBACK (QoS 1) or PUBREC (QoS 2) */
    FL_REL_QUEUED, /* PUBREC received, PUBREL to be sent */
    FL_REL_SENT,   /* PUBREL sent, waiting for PUBCOMP */
};

/* Biggest acknowledgement we answer with (PUBREC with reason code) and DISCONNECT: a packet
 * is only taken from the receive buffer when its answer is sure to fit in the transmit one. */
#define ACK_RESERVE 8u

/* tx.c */
uint8_t *tx_room(struct mqtt_client *c, size_t *cap);
bool tx_commit(struct mqtt_client *c, size_t n, size_t cap);
int tx_flush(struct mqtt_client *c);
void tx_ack(struct mqtt_client *c, uint8_t type, uint16_t id, uint8_t reason);

/* session.c */
void session_pump(struct mqtt_client *c);
void session_resume(struct mqtt_client *c, bool present);
void session_ack(struct mqtt_client *c, uint8_t type, const struct mqtt_ack *ack);
bool session_id_in_use(const struct mqtt_client *c, uint16_t id);
int session_store(struct mqtt_client *c, const struct mqtt_pub *p, uint16_t id);
void emit(struct mqtt_client *c, struct mqtt_event *ev);

/* rx.c */
uint8_t rx_packet(struct mqtt_client *c, const struct mqtt_fixed_header *h, const uint8_t *body);

/* conn.c */
void conn_fail(struct mqtt_client *c, uint8_t reason, uint8_t source, const struct mqtt_props *props);
uint16_t next_packet_id(struct mqtt_client *c);

#endif
