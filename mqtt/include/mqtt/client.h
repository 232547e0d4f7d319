/* The MQTT client: MQTT 5.0 or 3.1.1 (chosen at run time), QoS 0/1/2 both ways, a session that
 * survives reconnects, keep-alive, reconnect with exponential backoff and jitter. No heap, no
 * blocking: every buffer comes from the caller, and the owner calls mqtt_poll() when the
 * transport has news or when mqtt_poll_at() is reached.
 *
 *   static struct mqtt_client mq;
 *   MQTT_STORAGE_DEFINE(mq_store, 1024, 1024, 4096, 16, 16);
 *   mqtt_init(&mq, &config, &transport, &mq_store);
 *   mqtt_start(&mq, now_us);
 *   ... on every wake-up: mqtt_poll(&mq, now_us); sleep until mqtt_poll_at(&mq) or I/O.
 *
 * Everything the application hears arrives through one callback, config.on_event, called from
 * inside mqtt_poll(). It may call mqtt_publish/subscribe/... but never mqtt_poll. Pointers in an
 * event (topic, payload, properties) point into the receive buffer and are valid only during the
 * callback.
 *
 * Outgoing QoS 1/2 messages are copied into the caller's store and stay there until the broker
 * acknowledges them, across any number of reconnects:
 *  - session present on reconnect: unacknowledged PUBLISHes are re-sent with DUP, PUBRELs again;
 *  - session not present (lost or clean): the application gets MQTT_EV_CONNECTED with
 *    session_present false (re-subscribe then); unacknowledged PUBLISHes are re-sent as new
 *    messages; a QoS 2 message the broker had already received (PUBREC seen) cannot be re-sent
 *    without risking a duplicate, so it ends with MQTT_EV_PUBLISHED, reason
 *    MQTT_RC_PACKET_ID_NOT_FOUND: the application is told, per message.
 * Each QoS 1/2 message ends with exactly one MQTT_EV_PUBLISHED event carrying its packet id. */
#ifndef MQTT_CLIENT_H
#define MQTT_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mqtt/packet.h"
#include "mqtt/reason.h"
#include "mqtt/transport.h"

/* Return values of the calls below. */
enum mqtt_status {
    MQTT_OK = 0,
    MQTT_ERR_BUSY = -1,          /* no room now (store, in-flight slots, transmit buffer): retry
                                    after an MQTT_EV_PUBLISHED or once the transport drained */
    MQTT_ERR_NOT_CONNECTED = -2, /* QoS 0 publish, subscribe, unsubscribe need a connection */
    MQTT_ERR_INVALID = -3,       /* bad topic or filter, QoS > 2, empty list... */
    MQTT_ERR_TOO_LARGE = -4,     /* the packet can never fit our buffers or the broker's limit */
    MQTT_ERR_NOT_SUPPORTED = -5, /* the broker said no (QoS above its maximum, retain...), or
                                    QoS 2 without QoS 2 in the storage */
    MQTT_ERR_NO_RESPONSE_TOPIC = -6,
};

enum mqtt_event_type {
    MQTT_EV_CONNECTED = 1, /* session_present; props = the CONNACK's (assigned client id...) */
    MQTT_EV_DISCONNECTED,  /* reason, source; props = the broker's DISCONNECT/CONNACK, if any */
    MQTT_EV_MESSAGE,       /* msg */
    MQTT_EV_PUBLISHED,     /* packet_id, reason (the PUBACK/PUBREC/PUBCOMP code) of a QoS 1/2 */
    MQTT_EV_SUBACK,        /* packet_id, reasons: one code per filter (granted QoS or error);
                              empty when the connection was lost before the answer */
    MQTT_EV_UNSUBACK,      /* as SUBACK; 3.1.1 brokers send no codes (reasons empty) */
};

/* Who ended a connection (MQTT_EV_DISCONNECTED). */
enum mqtt_source {
    MQTT_BY_BROKER = 1, /* DISCONNECT or refusing CONNACK; reason is the broker's code */
    MQTT_BY_CLIENT,     /* we found a protocol violation or a dead broker (reason says which,
                           and was sent in our DISCONNECT), or mqtt_stop() was called */
    MQTT_BY_NETWORK,    /* name resolution, TCP connect, or the connection failed or closed;
                           reason MQTT_RC_SERVER_UNAVAILABLE */
};

struct mqtt_event {
    uint8_t type;
    uint8_t reason;
    uint8_t source;
    bool session_present;
    uint16_t packet_id;
    struct mqtt_bytes reasons;
    const struct mqtt_props *props; /* NULL when the packet had none (always for 3.1.1) */
    const struct mqtt_message *msg;
};

struct mqtt_client;
typedef void (*mqtt_event_fn)(struct mqtt_client *c, const struct mqtt_event *ev);

struct mqtt_config {
    const struct mqtt_version *version; /* MQTT_V5 (also when NULL) or MQTT_V311 */
    const char *host; /* IPv4 literal, or a name for the transport's resolver */
    uint16_t port;
    const char *client_id; /* "" lets a 5.0 broker assign one (MQTT_EV_CONNECTED props) */
    const char *username;  /* NULL: none */
    struct mqtt_bytes password; /* .p NULL: none */
    uint16_t keep_alive_s; /* 0: no keep-alive (and no dead-broker detection) */
    /* 5.0: clean start on the first connection only; reconnects resume the session.
     * 3.1.1: the clean session flag, on every connection. */
    bool clean_start;
    uint32_t session_expiry_s; /* 5.0: how long the broker keeps the session after a loss */
    const struct mqtt_pub *will; /* NULL: no will */
    /* The client's timers run in 32-bit ticks of 1024 us (struct mqtt_client's now): these
     * two are at most 2^31 ms (24 days), and a timer fires up to 2 ms after its time. */
    uint32_t connect_timeout_ms; /* resolve + TCP + CONNACK; 0: 10 s */
    uint32_t backoff_min_ms, backoff_max_ms; /* 0: 250 ms and 30 s */
    /* Random bits for the reconnect jitter; NULL: a generator seeded from the clock. */
    uint32_t (*entropy)(void *ctx);
    void *entropy_ctx;
    mqtt_event_fn on_event;
    void *user; /* for the application: mqtt_user(c) */
};

/* One outgoing QoS 1/2 message (or the PUBREL that finishes a QoS 2 one). */
struct mqtt_inflight {
    uint32_t off, len; /* the encoded PUBLISH in the store; len 0 once PUBREC freed it */
    uint16_t packet_id;
    uint8_t state; /* internal */
    uint8_t qos;
};

/* QoS 2 (PUBREC/PUBREL/PUBCOMP both ways): its code is reached only through this table, which
 * MQTT_STORAGE_DEFINE references when it is given QoS 2 ids, so a client that never uses
 * QoS 2 does not link it. */
struct mqtt_qos2;
extern const struct mqtt_qos2 mqtt_qos2;

/* Caller-provided memory. rx must hold the largest packet to receive (its size is announced to
 * 5.0 brokers as our Maximum Packet Size); tx the largest one to send; store the encoded QoS 1/2
 * messages not yet acknowledged; inflight one slot each; qos2_ids one entry per QoS 2 message
 * received but not yet released, its count is our Receive Maximum.
 * qos2: &mqtt_qos2 for QoS 2 both ways; NULL: QoS 0 and 1 only (mqtt_publish and
 * mqtt_subscribe refuse QoS 2 with MQTT_ERR_NOT_SUPPORTED, and a QoS 2 PUBLISH or a
 * PUBREC/PUBREL/PUBCOMP from the broker is a protocol error: we never asked for one). */
struct mqtt_storage {
    uint8_t *rx;
    size_t rx_size;
    uint8_t *tx;
    size_t tx_size;
    uint8_t *store;
    size_t store_size;
    struct mqtt_inflight *inflight;
    uint16_t inflight_count;
    uint16_t *qos2_ids;
    uint16_t qos2_count;
    const struct mqtt_qos2 *qos2;
};

/* n_qos2 0: no QoS 2 (not linked); otherwise QoS 2 both ways, n_qos2 the Receive Maximum. */
#define MQTT_STORAGE_DEFINE(name, rx_bytes, tx_bytes, store_bytes, n_inflight, n_qos2)            \
    static uint8_t name##_rx[rx_bytes], name##_tx[tx_bytes], name##_store[store_bytes];          \
    static struct mqtt_inflight name##_inflight[n_inflight];                                     \
    static uint16_t name##_qos2[(n_qos2) ? (n_qos2) : 1];                                        \
    static const struct mqtt_storage name = {                                                    \
        name##_rx,       rx_bytes,   name##_tx,   tx_bytes, name##_store, store_bytes,           \
        name##_inflight, n_inflight, name##_qos2, n_qos2,   (n_qos2) ? &mqtt_qos2 : NULL}

#ifndef MQTT_PENDING_SUBS
#define MQTT_PENDING_SUBS 4 /* SUBSCRIBE/UNSUBSCRIBE awaiting their answer at once */
#endif
#ifndef MQTT_ASSIGNED_ID_MAX
#define MQTT_ASSIGNED_ID_MAX 48 /* a 5.0 broker's assigned client id, kept to resume the session
                                   (mosquitto's are 41 bytes) */
#endif

/* Everything below is private to the client; it is in the header only so that the application
 * can allocate the client statically. */
struct mqtt_client {
    const struct mqtt_config *cfg;
    const struct mqtt_transport *tp;
    const struct mqtt_version *version;
    struct mqtt_storage st;
    uint32_t rx_len, tx_head, tx_len, store_used, store_dead;
    uint16_t fl_count, fl_busy, fl_rel_queued, q2_count, next_id;
    uint16_t pending_subs[MQTT_PENDING_SUBS];
    uint8_t pending_kind[MQTT_PENDING_SUBS]; /* MQTT_EV_SUBACK or MQTT_EV_UNSUBACK */
    uint8_t state, attempts, ping_out, stopping, stop_reason, assigned_len;
    char assigned_id[MQTT_ASSIGNED_ID_MAX];
    /* Limits the broker set in its CONNACK. */
    uint16_t keep_alive_s, broker_receive_max;
    uint8_t broker_max_qos, broker_retain;
    uint32_t broker_max_packet;
    /* The time of the last mqtt_poll/mqtt_start, and inside the client the same in ticks of
     * 1024 us: 32-bit arithmetic (no 64-bit compares and products on a 32-bit core), compared
     * by signed difference, so they wrap after 25 days without harm. */
    uint64_t now_us;
    uint32_t now, deadline, last_tx, last_rx;
    uint32_t rng;
    struct mqtt_ip ip;
    uint32_t connects; /* successful CONNACKs (telemetry: reconnects = connects - 1) */
};

void mqtt_init(struct mqtt_client *c, const struct mqtt_config *cfg,
               const struct mqtt_transport *tp, const struct mqtt_storage *st);

/* Starts connecting; from then on the client reconnects by itself until mqtt_stop(). */
void mqtt_start(struct mqtt_client *c, uint64_t now_us);

/* Ends the connection with a DISCONNECT carrying reason (5.0; MQTT_RC_DISCONNECT_WITH_WILL
 * asks the broker to publish the will) and stops reconnecting. Stored messages are kept. The
 * client then waits (polling as usual, at most 1 s) for the broker to close the connection,
 * so that nothing sent before is lost to a reset; MQTT_EV_DISCONNECTED and mqtt_poll_at()
 * == UINT64_MAX say it is over. */
void mqtt_stop(struct mqtt_client *c, uint8_t reason);

/* Does all pending work: connection steps, sending, receiving, timers. Never blocks. */
void mqtt_poll(struct mqtt_client *c, uint64_t now_us);

/* When mqtt_poll must run next at the latest, in now_us time (UINT64_MAX: only on I/O). */
uint64_t mqtt_poll_at(const struct mqtt_client *c);

/* True while bytes wait for the transport to accept them, or a connect is in progress: wake
 * the client when the transport becomes writable. */
bool mqtt_wants_write(const struct mqtt_client *c);

bool mqtt_connected(const struct mqtt_client *c);

/* Messages (QoS 1/2) stored and not yet acknowledged. */
unsigned mqtt_unacked(const struct mqtt_client *c);

static inline void *mqtt_user(const struct mqtt_client *c)
{
    return c->cfg->user;
}

/* Publishes a message. QoS 0 needs a connection and goes straight to the transmit buffer;
 * QoS 1/2 is stored (also while disconnected) and sent as soon as the broker's receive maximum
 * allows; *packet_id (may be NULL) names it in the MQTT_EV_PUBLISHED event that ends it. */
int mqtt_publish(struct mqtt_client *c, const struct mqtt_pub *p, uint16_t *packet_id);

/* SUBSCRIBE with several filters at once; subscription_id 0: none (5.0 only). The answer comes
 * as MQTT_EV_SUBACK with the same packet id. */
int mqtt_subscribe(struct mqtt_client *c, const struct mqtt_sub *subs, size_t count,
                   uint32_t subscription_id, uint16_t *packet_id);
int mqtt_unsubscribe(struct mqtt_client *c, const struct mqtt_bytes *filters, size_t count,
                     uint16_t *packet_id);

/* Request/response (5.0): publishes p with a response topic and correlation data added to its
 * properties (the other properties of p->props are kept). */
int mqtt_request(struct mqtt_client *c, const struct mqtt_pub *p, struct mqtt_bytes response_topic,
                 struct mqtt_bytes correlation, uint16_t *packet_id);

/* Answers a received request: publishes payload to the request's response topic, echoing its
 * correlation data, with the given QoS and user properties (may be NULL/0). Call it from the
 * MQTT_EV_MESSAGE callback (req points into the receive buffer). */
int mqtt_respond(struct mqtt_client *c, const struct mqtt_message *req, struct mqtt_bytes payload,
                 uint8_t qos, const struct mqtt_user_prop *user, uint8_t user_count,
                 uint16_t *packet_id);

#endif
