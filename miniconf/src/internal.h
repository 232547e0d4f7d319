/* Shared between the layer's files; not part of the API. */
#ifndef MINICONF_INTERNAL_H
#define MINICONF_INTERNAL_H

#include "miniconf/miniconf.h"

/* Where a connection is (struct miniconf.state). */
enum {
    ST_OFFLINE,     /* no connection */
    ST_ANNOUNCE,    /* connected: alive to publish */
    ST_META,        /* meta to publish */
    ST_SUBSCRIBE,   /* the settings subscription to send */
    ST_WAIT_SUBACK, /* subscribed, waiting for the broker's answer */
    ST_SETTLE,      /* retained settings arriving: 2 s of patience */
    ST_READY,       /* first dump started; List and Dump requests accepted */
};

/* The response code user property (miniconf_mqtt's ResponseCode). */
enum { CODE_OK, CODE_CONTINUE, CODE_ERROR };

enum { REPLY_NONE, REPLY_TEXT, REPLY_VALUE };
enum { MULTI_NONE, MULTI_LIST, MULTI_DUMP };

/* When a publish that found no room is tried again at the latest (client events usually come
 * first: a PUBACK frees the store, a writable socket the transmit buffer). */
#define MINICONF_RETRY_US 50000u

#define SETTINGS_SUFFIX "/settings"
#define SETTINGS_SUFFIX_LEN 9u

/* reply.c */
bool addr_set(struct miniconf_addr *a, struct mqtt_bytes topic, struct mqtt_bytes cd);
struct mqtt_bytes addr_topic(const struct miniconf_addr *a);
struct mqtt_bytes addr_cd(const struct miniconf_addr *a);
/* One QoS 1 message with the code user property (QoS 0 if the broker offers no more). */
int publish_coded(struct miniconf *m, struct mqtt_bytes topic, struct mqtt_bytes cd,
                  struct mqtt_bytes payload, uint8_t code);
/* A leaf's JSON value (or the error saying why it has none) with code Ok. */
int publish_value(struct miniconf *m, struct mqtt_bytes topic, struct mqtt_bytes cd,
                  const struct settings_ref *leaf);
/* Replies now if the client takes it, else keeps it in m->reply (one at most). */
void reply_text(struct miniconf *m, struct mqtt_bytes topic, struct mqtt_bytes cd, uint8_t code,
                const char *text);
void reply_value(struct miniconf *m, struct mqtt_bytes topic, struct mqtt_bytes cd,
                 const struct settings_ref *leaf);
/* Sends the kept reply; true when nothing is kept any more. */
bool reply_flush(struct miniconf *m);

/* multipart.c */
/* Starts a List (to is the reply address) or a Dump (to holds only correlation data). */
enum settings_status multipart_start(struct miniconf *m, uint8_t kind, const char *path,
                                     size_t path_len, char *reason, size_t reason_size);
void multipart_step(struct miniconf *m);
/* Builds <prefix>/settings<path> into buf (MINICONF_TOPIC_MAX); returns its length. */
size_t settings_topic(const struct miniconf *m, char *buf, const char *path, size_t path_len);
/* Builds <prefix><suffix> into buf (room for it checked by the caller); returns its length. */
size_t prefixed_topic(const struct miniconf *m, char *buf, const char *suffix, size_t n);

/* request.c */
/* A message on the layer's subscription; false when the topic is not under the settings. */
bool request_handle(struct miniconf *m, const struct mqtt_message *msg);

/* persist.c */
void persist_poll(struct miniconf *m);

/* telemetry_pub.c (the telemetry itself is reached through cfg->telemetry, miniconf.h) */
bool meta_publish(struct miniconf *m); /* false: no room now */

#endif
