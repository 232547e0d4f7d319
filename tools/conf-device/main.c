/* conf-device: a device on native that serves its settings over MQTT (miniconf_mqtt-compatible)
 * through the kit's layer, client and settings tree, on POSIX sockets. It is what the
 * integration tests and the host tool talk to until the boards run the same layer over the
 * kit's TCP (mqtt-device).
 *
 *   conf-device [--broker HOST[:PORT]] [--prefix P | --mac 02:00:00:00:00:01]
 *               [--store FILE] [--save-delay-ms N] [--mqtt-store BYTES] [--keep-alive S]
 *
 * Log lines go to stdout (tests read them): "led: on", "changed /path = VALUE", and the layer's
 * own ("miniconf: settings applied, publishing them", "miniconf: settings saved").
 * SIGTERM/SIGINT: disconnect with the will (so alive is cleared), save pending changes, exit 0.
 * Exit status 2: bad usage or settings that do not check. */
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conf_device.h"
#include "log/log.h"
#include "miniconf/miniconf.h"
#include "mqtt/posix_transport.h"
#include "settings/store.h"

#define MQTT_STORE_MAX 65536

static struct {
    const char *broker, *prefix, *store_path;
    uint8_t mac[6];
    uint32_t save_delay_ms, mqtt_store;
    uint16_t port, keep_alive;
} opt = {.broker = "127.0.0.1", .port = 1883, .mac = {0x02, 0, 0, 0, 0, 0x01},
         .mqtt_store = 4096, .keep_alive = 10};

static volatile sig_atomic_t stop_requested;

static uint64_t boot_us;

static uint64_t monotonic_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* Microseconds since "boot" (the program's start), as the scheduler's clock counts on a board. */
static uint64_t now_us(void)
{
    return monotonic_us() - boot_us;
}

uint64_t log_timestamp_us(void)
{
    return now_us();
}

static void stdout_sink(const char *line, size_t len)
{
    fwrite(line, 1, len, stdout);
    fflush(stdout);
}

/* ---- the transport, counted (telemetry's rx/tx numbers are real) ------------------------ */

static struct mqtt_posix_transport posix;
static struct telemetry_stats counted;

static int counted_connect(void *ctx, const struct mqtt_ip *ip, uint16_t port)
{
    (void)ctx;
    return posix.ops.connect(posix.ops.ctx, ip, port);
}

static int counted_send(void *ctx, const uint8_t *data, size_t len)
{
    (void)ctx;
    int n = posix.ops.send(posix.ops.ctx, data, len);
    if (n > 0) {
        counted.tx_frames++;
        counted.tx_bytes += (uint32_t)n;
    }
    return n;
}

static int counted_recv(void *ctx, uint8_t *buf, size_t len)
{
    (void)ctx;
    int n = posix.ops.recv(posix.ops.ctx, buf, len);
    if (n > 0) {
        counted.rx_frames++;
        counted.rx_bytes += (uint32_t)n;
    }
    return n;
}

static void counted_close(void *ctx)
{
    (void)ctx;
    posix.ops.close(posix.ops.ctx);
}

static int counted_resolve(void *ctx, const char *host, struct mqtt_ip *ip)
{
    (void)ctx;
    return posix.ops.resolve(posix.ops.ctx, host, ip);
}

static const struct mqtt_transport transport = {counted_connect, counted_send, counted_recv,
                                                counted_close, counted_resolve, NULL};

/* ---- the layer's callbacks ------------------------------------------------------------- */

static struct mqtt_client mq;
static struct miniconf mc;

static void on_changed(struct miniconf *m, const struct settings_ref *leaf, const char *path,
                       void *ctx)
{
    (void)m;
    (void)ctx;
    char value[SETTINGS_VALUE_MAX];
    size_t len = 0;
    settings_get(&demo_settings, leaf, value, sizeof value, &len);
    LOG_INFO("changed %s = %s", path, value);
    /* A firmware would spawn the task that drives the LED; here the log line is the LED. */
    if (leaf->offset == offsetof(struct demo_cfg, led))
        LOG_INFO("led: %s", demo_cfg.led ? "on" : "off");
}

static void stats(struct telemetry_stats *s, void *ctx)
{
    (void)ctx;
    *s = counted;
    s->link_up = mqtt_connected(&mq);
    s->rx_drops = 0;
    s->tx_drops = 0;
    s->free_stack = TELEMETRY_UNKNOWN;
    s->tcp_retransmits = TELEMETRY_UNKNOWN;
    struct tcp_info ti;
    socklen_t tl = sizeof ti;
    if (posix.fd >= 0 && getsockopt(posix.fd, IPPROTO_TCP, TCP_INFO, &ti, &tl) == 0)
        s->tcp_retransmits = ti.tcpi_total_retrans;
}

static void app_values(struct json_obj *o, void *ctx)
{
    (void)ctx;
    json_obj_bool(o, "led", demo_cfg.led);
    json_obj_u64(o, "sets", mc.sets);
    json_obj_u64(o, "rejects", mc.rejects);
}

static void on_event(struct mqtt_client *c, const struct mqtt_event *ev)
{
    (void)c;
    if (miniconf_on_event(&mc, ev))
        return;
    if (ev->type == MQTT_EV_CONNECTED)
        LOG_INFO("mqtt: connected (session %s)", ev->session_present ? "resumed" : "new");
    else if (ev->type == MQTT_EV_DISCONNECTED)
        LOG_INFO("mqtt: disconnected (reason 0x%02x, source %u)", ev->reason, ev->source);
}

/* ---- command line ---------------------------------------------------------------------- */

static void usage(void)
{
    fprintf(stderr, "usage: conf-device [--broker HOST[:PORT]] [--prefix P | --mac MAC] "
                    "[--store FILE]\n                   [--save-delay-ms N] [--mqtt-store BYTES] "
                    "[--keep-alive S]\n");
    exit(2);
}

static bool parse_mac(const char *s, uint8_t mac[6])
{
    unsigned v[6];
    char end;
    if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &end) != 6)
        return false;
    for (int i = 0; i < 6; i++)
        mac[i] = (uint8_t)v[i];
    return true;
}

static long number(const char *s, long min, long max)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || end == s || v < min || v > max)
        usage();
    return v;
}

static void parse(int argc, char **argv)
{
    enum { BROKER = 256, PREFIX, MAC, STORE, DELAY, MSTORE, KA };
    static const struct option longopts[] = {
        {"broker", 1, 0, BROKER}, {"prefix", 1, 0, PREFIX}, {"mac", 1, 0, MAC},
        {"store", 1, 0, STORE}, {"save-delay-ms", 1, 0, DELAY}, {"mqtt-store", 1, 0, MSTORE},
        {"keep-alive", 1, 0, KA}, {0, 0, 0, 0},
    };
    static char host[256];
    int ch;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (ch) {
        case BROKER: {
            snprintf(host, sizeof host, "%s", optarg);
            char *colon = strrchr(host, ':');
            if (colon) {
                *colon = '\0';
                opt.port = (uint16_t)number(colon + 1, 1, 65535);
            }
            opt.broker = host;
            break;
        }
        case PREFIX: opt.prefix = optarg; break;
        case MAC:
            if (!parse_mac(optarg, opt.mac))
                usage();
            break;
        case STORE: opt.store_path = optarg; break;
        case DELAY: opt.save_delay_ms = (uint32_t)number(optarg, 1, 3600000); break;
        case MSTORE: opt.mqtt_store = (uint32_t)number(optarg, 256, MQTT_STORE_MAX); break;
        case KA: opt.keep_alive = (uint16_t)number(optarg, 0, 65535); break;
        default: usage();
        }
    }
    if (optind != argc)
        usage();
}

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

int main(int argc, char **argv)
{
    boot_us = monotonic_us();
    parse(argc, argv);
    log_add_sink(stdout_sink);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);

    char reason[SETTINGS_REASON_MAX];
    if (settings_check(&demo_settings, reason, sizeof reason) != SETTINGS_OK) {
        fprintf(stderr, "conf-device: settings do not check: %s\n", reason);
        return 2;
    }
    static struct settings_backend store;
    if (opt.store_path) {
        settings_file_backend(&store, opt.store_path, settings_store_size(&demo_settings));
        if (settings_load(&demo_settings, &store, reason, sizeof reason) == SETTINGS_OK)
            LOG_INFO("settings restored from %s", opt.store_path);
    } else {
        settings_reset(&demo_settings);
    }
    LOG_INFO("led: %s", demo_cfg.led ? "on" : "off");

    static char prefix[MINICONF_TOPIC_MAX];
    if (!opt.prefix) {
        miniconf_prefix(prefix, sizeof prefix, "kit", "conf-device", opt.mac);
        opt.prefix = prefix;
    }
    static struct miniconf_config mc_cfg;
    mc_cfg = (struct miniconf_config){
        .settings = &demo_settings, .prefix = opt.prefix, .changed = on_changed,
        .store = opt.store_path ? &store : NULL, .save_delay_ms = opt.save_delay_ms,
        .telemetry = MINICONF_TELEMETRY(&demo_cfg.telemetry_period), .stats = stats,
        .app_values = app_values, .firmware = "conf-device",
    };
    if (miniconf_init(&mc, &mc_cfg, &mq) != 0)
        return 2;

    static uint8_t rx[4096], tx[4096], mstore[MQTT_STORE_MAX];
    static struct mqtt_inflight inflight[32];
    static uint16_t qos2[8];
    static const struct mqtt_storage st_tmpl = {rx, sizeof rx, tx, sizeof tx, mstore, 0,
                                                inflight, 32, qos2, 8};
    static struct mqtt_storage storage;
    storage = st_tmpl;
    storage.store_size = opt.mqtt_store;

    static char client_id[64];
    snprintf(client_id, sizeof client_id, "conf-device-%02x%02x%02x%02x%02x%02x", opt.mac[0],
             opt.mac[1], opt.mac[2], opt.mac[3], opt.mac[4], opt.mac[5]);
    static struct mqtt_config cfg;
    cfg = (struct mqtt_config){
        .version = MQTT_V5, .host = opt.broker, .port = opt.port, .client_id = client_id,
        .keep_alive_s = opt.keep_alive, .clean_start = true, .will = miniconf_will(&mc),
        .backoff_min_ms = 100, .backoff_max_ms = 2000, .on_event = on_event,
    };
    mqtt_posix_transport_init(&posix);
    mqtt_init(&mq, &cfg, &transport, &storage);
    LOG_INFO("conf-device: prefix %s, broker %s:%u", opt.prefix, opt.broker, opt.port);
    mqtt_start(&mq, now_us());

    bool stopping = false;
    for (;;) {
        uint64_t now = now_us();
        mqtt_poll(&mq, now);
        miniconf_poll(&mc, now);
        if (stop_requested && !stopping) {
            stopping = true;
            /* With the will: the broker clears our alive topic, as it would if we vanished. */
            mqtt_stop(&mq, MQTT_RC_DISCONNECT_WITH_WILL);
            continue;
        }
        uint64_t wake = mqtt_poll_at(&mq);
        if (stopping && wake == UINT64_MAX)
            break;
        uint64_t mwake = miniconf_poll_at(&mc);
        if (mwake < wake)
            wake = mwake;
        now = now_us();
        int ms = wake == UINT64_MAX ? 1000 : wake <= now ? 0 : (int)((wake - now + 999) / 1000);
        if (ms > 1000)
            ms = 1000;
        struct pollfd pfd = {.fd = posix.fd, .events = POLLIN};
        if (mqtt_wants_write(&mq))
            pfd.events |= POLLOUT;
        if (poll(&pfd, posix.fd >= 0 ? 1 : 0, ms) < 0 && errno != EINTR)
            return 1;
    }
    if (mc.dirty && opt.store_path &&
        settings_save(&demo_settings, &store, reason, sizeof reason) == SETTINGS_OK)
        LOG_INFO("miniconf: settings saved");
    LOG_INFO("conf-device: stopped");
    return 0;
}
