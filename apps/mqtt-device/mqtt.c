/* The MQTT side of mqtt-device: the kit's client over the kit's TCP (net_tcp_transport), the
 * settings layer (miniconf protocol) on it, and what the application does when a setting
 * changes. Everything here runs in the MQTT task with both resources held (net, dev), or in
 * init. */
#include <string.h>

#include "app.def.h"
#include "log/fmt.h"
#include "log/log.h"

/* The client's memory. rx and tx hold the largest packet each way: a settings request or reply,
 * a telemetry message (MINICONF_TELEMETRY_MAX) with its topic. The store keeps QoS 1 messages
 * until acknowledged: a whole dump of the tree (a few hundred bytes) fits several times. No QoS 2
 * ids: the device uses QoS 0 and 1 only, so the client's QoS 2 code is not linked. */
MQTT_STORAGE_DEFINE(mq_mem, 1024, 1024, 2048, 16, 0);

/* The socket's buffers: MQTT traffic here is a few hundred bytes at a time. */
static uint8_t sock_rx[2048], sock_tx[2048];

#define KEEP_ALIVE_S 30
#define SESSION_EXPIRY_S 600 /* the broker keeps our session (QoS 1 in flight) across outages */
#define BACKOFF_MIN_MS 250
#define BACKOFF_MAX_MS 5000 /* a device on a LAN: retry at least every 5 s */

static char client_id[40];
static char prefix[MINICONF_TOPIC_MAX];
static struct mqtt_config mq_cfg;
static struct miniconf_config mc_cfg;

static const char *source_name(uint8_t source)
{
    switch (source) {
    case MQTT_BY_BROKER: return "by the broker";
    case MQTT_BY_CLIENT: return "by us";
    default: return "by the network";
    }
}

static void on_event(struct mqtt_client *c, const struct mqtt_event *ev)
{
    mqttdev_t *d = mqtt_user(c);
    if (miniconf_on_event(&d->mc, ev))
        return;
    if (ev->type == MQTT_EV_CONNECTED) {
        LOG_INFO("mqtt: connected to %s:%u (session %s)", mq_cfg.host, (unsigned)mq_cfg.port,
                 ev->session_present ? "resumed" : "new");
        d->connected = true;
        d->unreachable_said = false;
    } else if (ev->type == MQTT_EV_DISCONNECTED) {
        if (d->connected) {
            LOG_INFO("mqtt: disconnected (reason 0x%02x, %s)", ev->reason,
                     source_name(ev->source));
        } else if (!d->restarting && !d->unreachable_said) {
            /* While the network or the broker is away every attempt fails: say it once. */
            LOG_INFO("mqtt: cannot reach %s:%u (reason 0x%02x, %s): retrying", mq_cfg.host,
                     (unsigned)mq_cfg.port, ev->reason, source_name(ev->source));
            d->unreachable_said = true;
        }
        d->connected = false;
    }
}

/* A setting was changed by a request (inside mqtt_poll): the LED follows at once through its
 * own task, the telemetry timer moves to the new period. */
static void on_changed(struct miniconf *m, const struct settings_ref *leaf, const char *path,
                       void *ctx)
{
    (void)m;
    mqttdev_t *d = ctx;
    char value[SETTINGS_VALUE_MAX];
    size_t len = 0;
    settings_get(&mqttdev_settings, leaf, value, sizeof value, &len);
    LOG_INFO("settings: %s = %s", path, value);
    if (leaf->offset == offsetof(struct mqttdev_settings, led)) {
        (void)sched_spawn(led, mqttdev_cfg.led ? 1 : 0);
    } else if (leaf->offset == offsetof(struct mqttdev_settings, telemetry_period) &&
               d->telemetry_armed) {
        /* The next message one new period from now (ENOENT: the task is running; it reads
         * the new period itself). */
        uint64_t at = sched_now_us() + (uint64_t)mqttdev_cfg.telemetry_period * 1000000u;
        if (sched_reschedule(d->telemetry_handle, at) == SCHED_OK)
            d->telemetry_at = at;
    }
}

static void telemetry_app_values(struct json_obj *o, void *ctx)
{
    mqttdev_t *d = ctx;
    json_obj_bool(o, "led", mqttdev_cfg.led);
    json_obj_u64(o, "sets", d->mc.sets);
    json_obj_u64(o, "rejects", d->mc.rejects);
}

/* Runs inside net_poll (the socket's and the DNS client's waker): only a spawn. */
static void wake_mqtt(void *ctx, uint32_t events)
{
    (void)ctx;
    (void)events;
    (void)sched_spawn(mqtt, 0); /* EFULL: a run is already on its way */
}

bool mqttdev_mqtt_start(mqttdev_t *d, mqttdev_net_t *n, const struct broker_addr *broker,
                        const struct settings_backend *store)
{
    const uint8_t *mac = n->net.cfg.mac.b;
    fmt_snprintf(client_id, sizeof client_id, "%s-%02x%02x%02x%02x%02x%02x", MQTT_DEVICE_NAME,
                 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
    miniconf_prefix(prefix, sizeof prefix, MQTT_DEVICE_VENDOR, MQTT_DEVICE_NAME, mac);

    mc_cfg = (struct miniconf_config){
        .settings = &mqttdev_settings,
        .prefix = prefix,
        .changed = on_changed,
        .ctx = d,
        .store = store,
        .app_values = telemetry_app_values, /* used by our telemetry task, not by the layer */
        .firmware = MQTT_DEVICE_NAME,
    };
    if (miniconf_init(&d->mc, &mc_cfg, &d->mq) != 0)
        return false;

    net_tcp_init(&n->tcp, &n->net.iface, NULL);
    net_tcp_socket_init(&n->sock, &n->tcp, sock_rx, sizeof sock_rx, sock_tx, sizeof sock_tx);
    net_tcp_transport_init(&n->tp, &n->sock, wake_mqtt, NULL);
    broker_resolver(broker, &n->net, &n->tp);

    mq_cfg = (struct mqtt_config){
        .version = MQTT_V5,
        .host = broker->host,
        .port = broker->port,
        .client_id = client_id,
        .keep_alive_s = KEEP_ALIVE_S,
        .clean_start = true, /* a new boot starts a new session; reconnects resume it */
        .session_expiry_s = SESSION_EXPIRY_S,
        .will = miniconf_will(&d->mc),
        .backoff_min_ms = BACKOFF_MIN_MS,
        .backoff_max_ms = BACKOFF_MAX_MS,
        .on_event = on_event,
        .user = d,
    };
    mqtt_init(&d->mq, &mq_cfg, &n->tp.ops, &mq_mem);
    LOG_INFO("mqtt-device: broker %s:%u, client id %s", broker->host, (unsigned)broker->port,
             client_id);
    LOG_INFO("mqtt-device: settings under %s", prefix);
    mqtt_start(&d->mq, sched_now_us());
    return true;
}

/* The address the network got (static, or DHCP's), for the read-only /net settings. */
static void show_address(const mqttdev_net_t *n)
{
    struct mqttdev_net_settings *s = &mqttdev_cfg.net;
    char ip[NET_IP4_STR_MAX];
    net_ip4 addr = net_iface_ipv4(&n->net.iface), gw = net_iface_gateway(&n->net.iface);
    s->ip[0] = s->gateway[0] = '\0';
    if (addr)
        fmt_snprintf(s->ip, sizeof s->ip, "%s/%u", net_ip4_format(addr, ip, sizeof ip),
                     (unsigned)net_iface_prefix_len(&n->net.iface));
    if (gw)
        net_ip4_format(gw, s->gateway, sizeof s->gateway);
}

static uint64_t earliest(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

uint64_t mqttdev_mqtt_run(mqttdev_t *d, mqttdev_net_t *n, uint64_t now_us)
{
    if (n->kick) {
        n->kick = false;
        show_address(n);
        /* The network just became usable. A client waiting out its backoff, or retrying a
         * SYN or a name lookup that went out while it was not, starts over at once instead of
         * after up to BACKOFF_MAX_MS (or a SYN's backed-off retransmission). */
        if (!mqtt_connected(&d->mq) && !net_tcp_is_established(&n->sock)) {
            d->restarting = true;
            mqtt_stop(&d->mq, MQTT_RC_SUCCESS);
            mqtt_start(&d->mq, now_us);
            d->restarting = false;
        }
    }
    mqtt_poll(&d->mq, now_us);
    miniconf_poll(&d->mc, now_us);
    return earliest(mqtt_poll_at(&d->mq), miniconf_poll_at(&d->mc));
}

void mqttdev_mqtt_network_lost(mqttdev_net_t *n)
{
    if (net_tcp_state(&n->sock) != NET_TCP_CLOSED)
        LOG_WARN("mqtt-device: network lost: connection to the broker reset");
    net_tcp_abort(&n->sock);
}
