/* kitconf: the host side of settings over MQTT (miniconf_mqtt's protocol), on libmosquitto. */
#ifndef KITCONF_H
#define KITCONF_H

#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Exit status (documented in docs/miniconf.md and --help). */
enum {
    KC_OK = 0,
    KC_FAILED = 1,  /* anything else: a reply that makes no sense, an internal error */
    KC_USAGE = 2,   /* bad command line; several devices where one was needed */
    KC_TIMEOUT = 3, /* no answer in time: no device at that prefix, or it is busy */
    KC_REFUSED = 4, /* the device answered with an error (value refused, unknown path...) */
    KC_BROKER = 5,  /* cannot connect to the broker, or lost it */
};

struct kc;
typedef void (*kc_message_fn)(struct kc *k, const struct mosquitto_message *msg,
                              const mosquitto_property *props);

struct kc {
    struct mosquitto *mosq;
    const char *prefix;
    double timeout_s;
    bool connected, lost;
    int connect_rc;
    int sub_mid;
    bool subacked;
    kc_message_fn on_message; /* the operation in progress; NULL: messages are ignored */
    void *op;
};

/* conn.c */
double kc_now(void);
int kc_connect(struct kc *k, const char *host, int port);
void kc_close(struct kc *k);
/* Runs the network until *flag is true or seconds passed; false on timeout or broker loss. */
bool kc_wait(struct kc *k, const bool *flag, double seconds);
/* Subscribes and waits for the SUBACK; returns KC_OK or an exit status. */
int kc_subscribe(struct kc *k, const char *filter, int options);
/* The value of user property `key` in props, into buf; false when absent. */
bool kc_user_prop(const mosquitto_property *props, const char *key, char *buf, size_t size);

/* request.c: get, set, list, dump against k->prefix; each prints its result. */
int kc_get(struct kc *k, const char *path);
int kc_set(struct kc *k, const char *path, const char *value);
int kc_list(struct kc *k, const char *path);
int kc_dump(struct kc *k, const char *path);

/* discover.c: prefixes whose <prefix>/alive is retained as 1 (filter may hold wildcards). */
int kc_discover(struct kc *k, const char *filter, char ***found, size_t *count);

/* watch.c: telemetry as a table; count 0 = until interrupted. */
int kc_watch(struct kc *k, long count);

/* flat.c: a JSON object flattened into key/value text pairs ("app.led" -> "true"). */
#define FLAT_MAX 64
struct flat {
    size_t n;
    char key[FLAT_MAX][64];
    char value[FLAT_MAX][64];
};
bool flat_parse(const char *json, size_t len, struct flat *out);

#endif
