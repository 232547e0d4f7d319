/* mqtt-device: init and the tasks (app.def.h). Native options beyond the network's own:
 *   --broker HOST[:PORT]  the MQTT broker (default: the build's BROKER / BROKER_IP_ADDRESS)
 *   --store FILE          keep the settings in FILE across restarts (native only) */
#include "app.def.h"
#include "board.h"
#include "log/fmt.h"
#include "log/log.h"
#include "netapp/config.h"

#include "sched/app_impl.h"

#define LINK_WATCH_US 1000000u

/* Options land here before the resources exist (the parser runs first in init). */
static struct {
    struct broker_addr broker;
    const char *store;
} opts;

#if defined(KIT_NATIVE)
static const char *apply_store(void *ctx, const char *value)
{
    (void)ctx;
    if (!value[0])
        return "a file name";
    opts.store = value;
    return NULL;
}

static const struct netapp_option options[] = {
    {"--broker", "HOST[:PORT]", "the MQTT broker, an IPv4 address or a name (default: the build's)",
     broker_option, &opts.broker},
    {"--store", "FILE", "keep the settings in FILE across restarts", apply_store, NULL},
};
#define OPTIONS options, sizeof options / sizeof options[0]
#else
/* A board's image has no command line: the broker is the build's, and neither the parser nor
 * its messages are linked. */
#define OPTIONS NULL, 0
#endif

static void show_network_settings(const mqttdev_net_t *n, const struct broker_addr *broker)
{
    struct mqttdev_net_settings *s = &mqttdev_cfg.net;
    net_mac_format(&n->net.cfg.mac, s->mac, sizeof s->mac);
    fmt_snprintf(s->broker, sizeof s->broker, "%s:%u", broker->host, (unsigned)broker->port);
}

void mqttdev_init(sched_init_ctx_t *ctx)
{
    board_init();
    broker_defaults(&opts.broker);
    struct netapp_config cfg; /* native: --help and malformed options end here, before any log */
    netapp_config_load(&cfg, MQTT_DEVICE_NAME, OPTIONS);
    log_banner(MQTT_DEVICE_NAME);

    char reason[SETTINGS_REASON_MAX];
    if (settings_check(&mqttdev_settings, reason, sizeof reason) != SETTINGS_OK) {
        LOG_ERROR("settings: the tree does not check: %s", reason);
        return;
    }
    const struct settings_backend *store = mqttdev_settings_restore(opts.store);
    board_led_set(BOARD_LED_USER, mqttdev_cfg.led);
    LOG_INFO("led: %s, telemetry every %lu s", mqttdev_cfg.led ? "on" : "off",
             (unsigned long)mqttdev_cfg.telemetry_period);

    mqttdev_net_t *n = &sched_res(ctx, net);
    mqttdev_t *d = &sched_res(ctx, dev);
    if (!netapp_start(&n->net, &cfg)) {
        LOG_WARN("mqtt-device: no network: idle");
        return;
    }
    n->up = true;
    board_led_set(BOARD_LED_LINK, n->net.link_up);
    show_network_settings(n, &opts.broker);
    if (!mqttdev_mqtt_start(d, n, &opts.broker, store))
        return;
    sched_spawn(net_poll, 0);
    sched_spawn(mqtt, 0);
    sched_spawn_after(link_watch, LINK_WATCH_US, 0, NULL);
    d->telemetry_at = (uint64_t)mqttdev_cfg.telemetry_period * 1000000u;
    d->telemetry_armed = sched_spawn_at(telemetry, d->telemetry_at, 0, &d->telemetry_handle) ==
                         SCHED_OK;
}

void eth_irq(eth_irq_ctx_t *ctx)
{
    (void)ctx;
    if (netapp_irq())
        (void)sched_spawn(net_poll, 0); /* EFULL: a poll is already on its way */
}

/* The network is usable when the link is up and an address is configured. Losing it drops the
 * MQTT connection at once (waiting for the keep-alive would leave the client writing into a
 * void for up to 45 s); getting it back makes the client reconnect at once. */
static void track_usable(mqttdev_net_t *n)
{
    bool usable = n->net.link_up && netapp_has_address(&n->net);
    if (usable == n->usable)
        return;
    n->usable = usable;
    if (usable)
        n->kick = true;
    else
        mqttdev_mqtt_network_lost(n);
    (void)sched_spawn(mqtt, 0);
}

void net_poll(net_poll_ctx_t *ctx, uint32_t unused)
{
    (void)unused;
    mqttdev_net_t *n = &sched_res(ctx, net);
    netapp_poll(&n->net, sched_now_us());
    track_usable(n);
    const struct net_counters *k = net_iface_counters(&n->net.iface);
    uint32_t frames = k->eth.rx + k->eth.drop + k->eth.tx;
    if (frames != n->frames_seen) {
        n->frames_seen = frames;
        board_led_toggle(BOARD_LED_ACTIVITY);
    }
    NETAPP_REARM(&n->net.timer, net_poll, netapp_poll_at(&n->net, sched_now_us()));
}

void mqtt(mqtt_ctx_t *ctx, uint32_t unused)
{
    (void)unused;
    mqttdev_t *d = &sched_res(ctx, dev);
    uint64_t at = UINT64_MAX;
    bool poll_net = false;
    sched_lock(ctx, net, n) {
        uint64_t now = sched_now_us();
        at = mqttdev_mqtt_run(d, n, now);
        /* What the client queued (a SYN, a DNS query, data) leaves on the interface's poll. */
        poll_net = netapp_poll_at(&n->net, now) <= now;
    }
    if (poll_net)
        (void)sched_spawn(net_poll, 0);
    NETAPP_REARM(&d->timer, mqtt, at);
}

void telemetry(telemetry_ctx_t *ctx, uint32_t unused)
{
    (void)unused;
    sched_lock(ctx, dev, d) {
        uint64_t now = sched_now_us(), period = 0;
        sched_lock(ctx, net, n) {
            period = mqttdev_telemetry_publish(d, n, now);
        }
        /* Every period from the previous deadline, so the cadence does not drift; after a
         * stall longer than a period, from now. */
        d->telemetry_at += period;
        if (d->telemetry_at <= now)
            d->telemetry_at = now + period;
        d->telemetry_armed =
            sched_spawn_at(telemetry, d->telemetry_at, 0, &d->telemetry_handle) == SCHED_OK;
    }
    (void)sched_spawn(mqtt, 0); /* the message waits in the client's buffer: send it */
}

void link_watch(link_watch_ctx_t *ctx, uint32_t unused)
{
    (void)unused;
    uint32_t events = 0;
    sched_lock(ctx, net, n) {
        events = netapp_link_watch(&n->net, sched_now_us());
        if (events) {
            board_led_set(BOARD_LED_LINK, n->net.link_up);
            track_usable(n);
        }
    }
    if (events)
        (void)sched_spawn(net_poll, 0); /* DHCP restarted: let it send at once */
    sched_spawn_after(link_watch, LINK_WATCH_US, 0, NULL);
}

void led(led_ctx_t *ctx, uint8_t on)
{
    (void)ctx;
    board_led_set(BOARD_LED_USER, on);
    LOG_INFO("led: %s", on ? "on" : "off");
}
