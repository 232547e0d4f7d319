/* The telemetry and meta messages' JSON. Publishing and cadence are miniconf.c's job. */
#include "miniconf/telemetry.h"

#include "kit_version.h"
#include "log/fmt.h"

static void counter(struct json_obj *o, const char *key, uint32_t v)
{
    if (v == TELEMETRY_UNKNOWN)
        json_obj_null(o, key);
    else
        json_obj_u64(o, key, v);
}

size_t telemetry_write(char *buf, size_t size, uint64_t now_us, uint32_t mqtt_reconnects,
                       const struct telemetry_stats *stats, telemetry_app_fn app, void *ctx)
{
    static const struct telemetry_stats unknown = {
        .rx_frames = TELEMETRY_UNKNOWN, .tx_frames = TELEMETRY_UNKNOWN,
        .rx_bytes = TELEMETRY_UNKNOWN, .tx_bytes = TELEMETRY_UNKNOWN,
        .rx_drops = TELEMETRY_UNKNOWN, .tx_drops = TELEMETRY_UNKNOWN,
        .tcp_retransmits = TELEMETRY_UNKNOWN, .free_stack = TELEMETRY_UNKNOWN,
    };
    if (!stats)
        stats = &unknown;
    struct json_obj o;
    json_obj_begin(&o, buf, size);
    /* Seconds with millisecond decimals, printed from the integer: what the double n / 1000.0
     * prints, without linking float arithmetic and printing into every image. */
    uint64_t ms = now_us;
    fmt_divmod(&ms, 1000u); /* 32-bit steps: no libgcc 64-bit division */
    json_obj_fixed(&o, "uptime_s", ms, 3);
    json_obj_bool(&o, "link", stats->link_up);
    counter(&o, "rx_frames", stats->rx_frames);
    counter(&o, "tx_frames", stats->tx_frames);
    counter(&o, "rx_bytes", stats->rx_bytes);
    counter(&o, "tx_bytes", stats->tx_bytes);
    counter(&o, "rx_drops", stats->rx_drops);
    counter(&o, "tx_drops", stats->tx_drops);
    counter(&o, "tcp_retransmits", stats->tcp_retransmits);
    json_obj_u64(&o, "mqtt_reconnects", mqtt_reconnects);
    counter(&o, "free_stack", stats->free_stack);
    if (app) {
        json_obj_open(&o, "app");
        app(&o, ctx);
        if (o.depth == 2) /* the application left its object open as it found it */
            json_obj_close(&o);
    }
    return json_obj_end(&o);
}

size_t telemetry_write_meta(char *buf, size_t size, const char *firmware)
{
    struct json_obj o;
    json_obj_begin(&o, buf, size);
    json_obj_str(&o, "firmware", firmware ? firmware : "unknown");
    json_obj_str(&o, "version", KIT_VERSION);
    json_obj_str(&o, "git", KIT_GIT_REV);
    json_obj_str(&o, "board", BOARD_NAME);
    json_obj_str(&o, "build_time", KIT_BUILD_TIME);
    return json_obj_end(&o);
}
