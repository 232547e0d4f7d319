/* Settings over MQTT, compatible with miniconf_mqtt 0.18 to 0.20 (its Python and command-line
 * tools work against it), plus telemetry and persistence. It sits on the kit's MQTT client and
 * settings tree and knows nothing of the transport below the client: the same code runs over
 * POSIX sockets on native and over the kit's TCP on the boards.
 *
 * Topics, under a prefix "dt/<vendor>/<app>/<mac>":
 *   <prefix>/alive          "1" retained (QoS 1) while connected; the will clears it (empty,
 *                           retained) when the device vanishes
 *   <prefix>/settings/...   requests (subscribed with no-local) and dumped values
 *   <prefix>/telemetry      JSON every telemetry period (QoS 0)
 *   <prefix>/meta           JSON once per connection (QoS 1)
 *
 * Requests on <prefix>/settings<path> (path "" or "/a/b/0"), answered on the request's response
 * topic with its correlation data and a user property code = Ok | Continue | Error:
 *   payload not empty          Set: "OK", or the reason it was refused (the leaf unchanged)
 *   empty, leaf, response topic     Get: the JSON value
 *   empty, leaf, no response topic  the value re-published on <prefix>/settings<path>
 *   empty, node, response topic     List: one Continue reply per leaf path, then an empty Ok
 *   empty, node, no response topic  Dump: every leaf below re-published on its settings topic
 * One List/Dump at a time; another gets the error "Pending multipart response". Replies and
 * dumps go out as fast as the client takes them: what does not fit now is kept (one single
 * reply, the multipart's resumable iterator) and sent from miniconf_poll.
 *
 * On every connection: alive and meta, subscribe, then wait 2 s after the SUBACK so that
 * settings retained on the broker are applied, then dump the whole tree.
 *
 * The owner of the MQTT client wires it in:
 *   on_event:    if (miniconf_on_event(&mc, ev)) return;    (before its own handling)
 *   its task:    mqtt_poll(&mq, now); miniconf_poll(&mc, now);
 *                sleep until min(mqtt_poll_at(&mq), miniconf_poll_at(&mc)) or I/O
 *   the will:    mqtt_config.will = miniconf_will(&mc);     (miniconf_init first)
 * Everything runs in that one task (the settings tree is not thread-safe). */
#ifndef MINICONF_MINICONF_H
#define MINICONF_MINICONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "miniconf/telemetry.h"
#include "mqtt/client.h"
#include "settings/settings.h"
#include "settings/store.h"

/* Longest topic: prefix + "/settings" + path, and response topics kept for later replies. */
#define MINICONF_TOPIC_MAX 128
/* Correlation data kept for later replies (a UUID, as miniconf's Python client sends, fits). */
#define MINICONF_CORRELATION_MAX 32
/* Quiet time after subscribing before the first dump, for retained settings to arrive. */
#define MINICONF_SETTLE_US 2000000u
/* Default debounce of persistence: saved once no change came for this long. */
#define MINICONF_SAVE_DELAY_MS 1000u

struct miniconf;

/* A leaf was changed by an MQTT set (its bytes differ). path is NUL-terminated. Called from
 * inside mqtt_poll (the event): keep it short, e.g. spawn the task that acts on it. */
typedef void (*miniconf_changed_fn)(struct miniconf *m, const struct settings_ref *leaf,
                                    const char *path, void *ctx);

/* The layer's telemetry: its period and its two entry points, which only MINICONF_TELEMETRY
 * names, so an application that publishes its own telemetry (or none) does not link them. */
struct miniconf_telemetry {
    const uint32_t *period_s;
    void (*poll)(struct miniconf *m);               /* publishes when due */
    uint64_t (*next)(const struct miniconf *m);     /* when due (UINT64_MAX: not) */
};
void miniconf_telemetry_poll(struct miniconf *m);
uint64_t miniconf_telemetry_next(const struct miniconf *m);
#define MINICONF_TELEMETRY(period_s_)                                                              \
    {.period_s = (period_s_), .poll = miniconf_telemetry_poll, .next = miniconf_telemetry_next}

struct miniconf_config {
    const struct settings *settings;
    const char *prefix;          /* "dt/vendor/app/02-00-00-00-00-01"; must stay valid */
    miniconf_changed_fn changed; /* optional */
    void *ctx;                   /* for every callback here */
    /* Persistence (optional): changed settings are saved here, save_delay_ms after the last
     * change (0: MINICONF_SAVE_DELAY_MS). Restoring at boot is the application's
     * settings_load(), before it needs the values. */
    const struct settings_backend *store;
    uint32_t save_delay_ms;
    /* Telemetry by the layer (optional): .telemetry = MINICONF_TELEMETRY(&cfg.telemetry_period),
     * the period setting, so a change applies at once (a period of 0: none). Left out, the
     * layer's telemetry code is not linked at all. */
    struct miniconf_telemetry telemetry;
    telemetry_stats_fn stats;    /* optional: network and board counters */
    telemetry_app_fn app_values; /* optional: the "app" object */
    const char *firmware;        /* meta: the firmware's name */
};

/* A reply address kept past the request (the request lives in the client's receive buffer). */
struct miniconf_addr {
    uint8_t topic_len, cd_len;
    char topic[MINICONF_TOPIC_MAX];
    uint8_t cd[MINICONF_CORRELATION_MAX];
};

/* Everything below is private; it is in the header so the application allocates it. */
struct miniconf {
    const struct miniconf_config *cfg;
    struct mqtt_client *mqtt;
    struct mqtt_pub will;
    uint8_t prefix_len;
    char alive_topic[MINICONF_TOPIC_MAX];
    uint8_t state;
    bool meta_sent;
    uint16_t sub_id;
    uint64_t now, settle_at, retry_at;
    /* telemetry */
    bool telemetry_sent;
    uint64_t telemetry_last;
    /* persistence */
    bool change_seen, dirty;
    uint64_t save_at;
    /* one single reply that did not fit when it was made */
    struct miniconf_reply {
        uint8_t kind; /* 0 none, else REPLY_TEXT / REPLY_VALUE (internal.h) */
        uint8_t code;
        uint8_t text_len;
        char text[SETTINGS_REASON_MAX];
        struct settings_ref leaf;
        struct miniconf_addr to;
    } reply;
    /* the List or Dump in progress */
    struct miniconf_multipart {
        uint8_t kind; /* 0 none, MULTI_LIST, MULTI_DUMP */
        bool have_leaf; /* leaf/path taken from the iterator, not yet sent */
        struct settings_iter it;
        struct settings_ref leaf;
        char path[SETTINGS_PATH_MAX];
        struct miniconf_addr to; /* List: the response topic; both: the correlation data */
    } multi;
    /* counters, for the application's telemetry or tests */
    uint32_t sets, rejects, gets, lists, dumps, dropped_replies;
};

/* Prepares the layer: checks that every settings topic fits MINICONF_TOPIC_MAX and builds the
 * will (empty, retained, on <prefix>/alive). Returns 0, or -1 (logged) when the prefix is too
 * long for the tree or is not a valid topic. mqtt may be initialised before or after. */
int miniconf_init(struct miniconf *m, const struct miniconf_config *cfg, struct mqtt_client *mqtt);

/* The will to put in mqtt_config.will. */
const struct mqtt_pub *miniconf_will(const struct miniconf *m);

/* Feed every client event here first. Returns true when the event was the layer's own (a
 * request on its settings topics, its SUBACK), which the application can then ignore. */
bool miniconf_on_event(struct miniconf *m, const struct mqtt_event *ev);

/* Runs the layer's timers and sends what waits for capacity: call after every mqtt_poll. */
void miniconf_poll(struct miniconf *m, uint64_t now_us);

/* When miniconf_poll must run next at the latest (UINT64_MAX: only after client events). */
uint64_t miniconf_poll_at(const struct miniconf *m);

/* After the application changed settings itself: schedules the save and re-publishes the
 * subtree at path (as a Dump would). Returns 0, or -1 when a List/Dump is already running or
 * the path is unknown (the save is scheduled anyway). */
int miniconf_changed(struct miniconf *m, const char *path, size_t path_len);

/* True once the first dump after the settle time has started (settings from the broker are
 * applied): the "ready" point of a connection. */
bool miniconf_ready(const struct miniconf *m);

/* Writes "dt/<vendor>/<app>/<mac>" with the MAC as 6 lowercase hex pairs joined by '-' (as
 * miniconf devices name themselves). Returns the length, >= size when it did not fit. */
size_t miniconf_prefix(char *buf, size_t size, const char *vendor, const char *app,
                       const uint8_t mac[6]);

#endif
