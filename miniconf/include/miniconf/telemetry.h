/* Telemetry and meta messages: the JSON the device publishes to <prefix>/telemetry every
 * telemetry_period seconds (QoS 0) and to <prefix>/meta once per connection (QoS 1).
 *
 * The layer does not know the network stack it runs on, so the numbers that belong to the
 * stack and the board come from the application (config.stats), and so do its own values
 * (config.app_values, written inside an "app" object). The layer adds what it knows itself:
 * uptime and MQTT reconnects.
 *
 *   {"uptime_s":12.345,"link":true,"rx_frames":100,"tx_frames":90,"rx_bytes":12000,
 *    "tx_bytes":9000,"rx_drops":0,"tx_drops":0,"tcp_retransmits":0,"mqtt_reconnects":0,
 *    "free_stack":3120,"app":{"led":true}}
 *   {"firmware":"mqtt-device","version":"0.1.0","git":"f851776","board":"mps2-an500",
 *    "build_time":"2026-11-22T01:09:01Z"} */
#ifndef MINICONF_TELEMETRY_H
#define MINICONF_TELEMETRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "miniconf/json_obj.h"

/* Room the layer reserves (on the stack) for one telemetry or meta message. */
#ifndef MINICONF_TELEMETRY_MAX
#define MINICONF_TELEMETRY_MAX 512
#endif

/* A counter the application cannot tell is written as null. */
#define TELEMETRY_UNKNOWN UINT32_MAX

/* What the application reports about its network and board (counters since boot). */
struct telemetry_stats {
    bool link_up;
    uint32_t rx_frames, tx_frames;
    uint32_t rx_bytes, tx_bytes;
    uint32_t rx_drops, tx_drops;
    uint32_t tcp_retransmits;
    uint32_t free_stack; /* bytes of stack never used (high-water mark), or TELEMETRY_UNKNOWN */
};

typedef void (*telemetry_stats_fn)(struct telemetry_stats *s, void *ctx);
/* Adds the application's members to the "app" object (json_obj_bool(o, "led", ...)). */
typedef void (*telemetry_app_fn)(struct json_obj *o, void *ctx);

/* The telemetry message into buf; returns its length, >= size when it did not fit.
 * stats may be NULL (everything unknown), app may be NULL (no "app" object). */
size_t telemetry_write(char *buf, size_t size, uint64_t now_us, uint32_t mqtt_reconnects,
                       const struct telemetry_stats *stats, telemetry_app_fn app, void *ctx);

/* The meta message: firmware name, and version, git revision, build time (kit_version.h) and
 * board of this build. */
size_t telemetry_write_meta(char *buf, size_t size, const char *firmware);

#endif
