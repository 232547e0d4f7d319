/* miniconf-size: the settings-over-MQTT layer in a firmware image, to measure what it costs in
 * flash (miniconf/bench/size.sh). Built twice: as is, and with MINICONF_BASELINE, where the same
 * tree and MQTT client are served by hand (set and get by topic, iteration, save), so the
 * difference is the layer's own code, not the libraries it stands on. On QEMU it boots, runs
 * the layer a few polls over a transport that never connects, and exits 0. */
#include <stdint.h>
#include <string.h>

#include "board.h"
#include "log/log.h"
#include "mqtt/client.h"
#include "semihost.h"
#include "settings/settings.h"
#include "settings/store.h"
#ifndef MINICONF_BASELINE
#include "miniconf/miniconf.h"
#endif

#include "tree.h"

static struct cfg cfg;
static const struct settings tree = {.root = &cfg_root, .data = &cfg, .defaults = &cfg_defaults};
static uint8_t store_ram[256] __attribute__((section(".noinit")));
static struct settings_backend store;

volatile uint32_t sink;

static int t_connect(void *c, const struct mqtt_ip *ip, uint16_t port)
{
    (void)c, (void)ip, (void)port;
    return -1; /* no network in this image */
}
static int t_send(void *c, const uint8_t *p, size_t n)
{
    (void)c;
    sink += p[0];
    return (int)n;
}
static int t_recv(void *c, uint8_t *p, size_t n)
{
    (void)c, (void)p, (void)n;
    return 0;
}
static void t_close(void *c)
{
    (void)c;
}
static const struct mqtt_transport transport = {t_connect, t_send, t_recv, t_close, 0, 0};

MQTT_STORAGE_DEFINE(mq_mem, 1024, 1024, 2048, 8, 8);
static struct mqtt_client mq;

#ifdef MINICONF_BASELINE
/* By hand: a set or get on every message, the tree walked and saved. */
static void on_event(struct mqtt_client *c, const struct mqtt_event *ev)
{
    if (ev->type != MQTT_EV_MESSAGE)
        return;
    const struct mqtt_message *m = ev->msg;
    char reason[SETTINGS_REASON_MAX], value[SETTINGS_VALUE_MAX];
    size_t len = 0;
    if (m->payload.len)
        settings_set_path(&tree, (const char *)m->topic.p, m->topic.len,
                          (const char *)m->payload.p, m->payload.len, reason, sizeof reason);
    else
        settings_get_path(&tree, (const char *)m->topic.p, m->topic.len, value, sizeof value,
                          &len, reason, sizeof reason);
    struct settings_iter it;
    struct settings_ref leaf;
    char path[SETTINGS_PATH_MAX];
    settings_iter_start(&it, &tree, "", 0, reason, sizeof reason);
    while (settings_iter_next(&it, &leaf, path, sizeof path))
        sink += (uint32_t)settings_get(&tree, &leaf, value, sizeof value, &len);
    mqtt_respond(c, m, (struct mqtt_bytes){(const uint8_t *)value, len}, 1, NULL, 0, NULL);
    settings_save(&tree, &store, reason, sizeof reason);
}
#else
static struct miniconf mc;

static void on_changed(struct miniconf *m, const struct settings_ref *leaf, const char *path,
                       void *ctx)
{
    (void)m, (void)path, (void)ctx;
    if (leaf->offset == offsetof(struct cfg, led))
        sink++;
}

static void app_values(struct json_obj *o, void *ctx)
{
    (void)ctx;
    json_obj_bool(o, "led", cfg.led);
}

static const struct miniconf_config mc_cfg = {
    .settings = &tree, .prefix = "dt/kit/size/02-00-00-00-00-01", .changed = on_changed,
    .store = &store, .telemetry = MINICONF_TELEMETRY(&cfg.telemetry_period), .app_values = app_values,
    .firmware = "miniconf-size",
};

static void on_event(struct mqtt_client *c, const struct mqtt_event *ev)
{
    (void)c;
    miniconf_on_event(&mc, ev);
}
#endif

static struct mqtt_config mq_cfg = {
    .version = MQTT_V5, .host = "10.0.2.2", .port = 1883, .client_id = "size",
    .keep_alive_s = 30, .clean_start = true, .on_event = on_event,
};

int main(void)
{
    board_init();
    log_banner("miniconf-size");
    settings_ram_backend(&store, store_ram, sizeof store_ram);
    char reason[SETTINGS_REASON_MAX];
    settings_load(&tree, &store, reason, sizeof reason);
#ifndef MINICONF_BASELINE
    if (miniconf_init(&mc, &mc_cfg, &mq) != 0)
        semihost_exit(1);
    mq_cfg.will = miniconf_will(&mc);
#endif
    mqtt_init(&mq, &mq_cfg, &transport, &mq_mem);
    uint64_t now = 0;
    mqtt_start(&mq, now);
    for (int i = 0; i < 4; i++, now += 1000000u) {
        mqtt_poll(&mq, now);
#ifndef MINICONF_BASELINE
        miniconf_poll(&mc, now);
        sink += (uint32_t)miniconf_poll_at(&mc);
#endif
    }
    LOG_INFO("miniconf-size: ran");
    semihost_exit(0);
}
