/* Shared between the client's files; not part of the API. */
#ifndef MQTT_CLIENT_INTERNAL_H
#define MQTT_CLIENT_INTERNAL_H

#include "../wire/version.h"
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

/* Features an image links only when it asks for them: 3.1.1 (something names MQTT_V311) and
 * QoS 2 (a storage with QoS 2 ids). mqtt_init sets the flag of a feature its client has, and
 * only through the feature's own table (struct mqtt_version's use, struct mqtt_qos2's use):
 * in an image without the feature nothing can set the flag, so link-time optimisation takes it
 * for the constant false and drops every test of it and all the code behind them. Without LTO
 * they are plain run-time tests, with the same results. */
extern bool mqtt__v311_used, mqtt__qos2_used;

/* The client's version as the code sees it: 5.0 unless 3.1.1 can exist. */
/* Always inlined: LTO folds the flags only where the test sits in the caller's own code. */
#define ALWAYS_INLINE static inline __attribute__((always_inline))

ALWAYS_INLINE const struct mqtt_version *version_of(const struct mqtt_client *c)
{
    return mqtt__v311_used ? c->version : MQTT_V5;
}

ALWAYS_INLINE bool client_v5(const struct mqtt_client *c)
{
    return mqtt_is_v5(version_of(c));
}

/* The client's QoS 2 table, NULL when it has none (or QoS 2 is not linked). */
ALWAYS_INLINE const struct mqtt_qos2 *qos2_of(const struct mqtt_client *c)
{
    return mqtt__qos2_used ? c->st.qos2 : NULL;
}

/* tx.c */
uint8_t *tx_room(struct mqtt_client *c, size_t *cap);
bool tx_commit(struct mqtt_client *c, size_t n, size_t cap);
int tx_flush(struct mqtt_client *c);
void tx_ack(struct mqtt_client *c, uint8_t type, uint16_t id, uint8_t reason);

/* session.c */
void session_pump(struct mqtt_client *c);
void session_resume(struct mqtt_client *c, bool present);
int session_find(const struct mqtt_client *c, uint16_t id);
void session_release_bytes(struct mqtt_client *c, unsigned i);
void session_finish(struct mqtt_client *c, unsigned i, uint8_t reason);
bool session_id_in_use(const struct mqtt_client *c, uint16_t id);
int session_store(struct mqtt_client *c, const struct mqtt_pub *p, uint16_t id);
void emit(struct mqtt_client *c, struct mqtt_event *ev);

/* qos2.c: everything QoS 2 adds, reached only through qos2_of(c) (see struct mqtt_storage). */
struct mqtt_qos2 {
    void (*use)(void); /* mqtt_init: sets mqtt__qos2_used */
    /* An incoming QoS 2 PUBLISH: 0 when its id is new (now kept until PUBREL), 1 when it is
     * known (a re-sent copy: not delivered again), or the reason code that ends the connection. */
    uint8_t (*publish)(struct mqtt_client *c, uint16_t id);
    /* A decoded PUBREC, PUBREL or PUBCOMP. */
    void (*ack)(struct mqtt_client *c, uint8_t type, const struct mqtt_ack *ack);
    /* session_pump: queues the PUBREL of slot s (FL_REL_QUEUED); false when there is no room. */
    bool (*release)(struct mqtt_client *c, struct mqtt_inflight *s);
    /* session_resume: slot i is past PUBREC; true when it was ended (and removed). */
    bool (*resume)(struct mqtt_client *c, unsigned i, bool present);
};

/* rx.c */
uint8_t rx_packet(struct mqtt_client *c, const struct mqtt_fixed_header *h, const uint8_t *body);

/* conn.c */
void conn_fail(struct mqtt_client *c, uint8_t reason, uint8_t source, const struct mqtt_props *props);
uint16_t next_packet_id(struct mqtt_client *c);

#endif
