/* mqtt-stream: init and the tasks (app.def.h). Native options beyond the network's own:
 *   --broker HOST[:PORT]  the MQTT broker (default: the build's BROKER / BROKER_IP_ADDRESS)
 *   --count N             messages of each QoS (default 1000)
 *   --rate N              messages of each QoS per second (default 100)
 *   --out TOPIC           prefix of the topics published to (default stream/dev)
 *   --in FILTER           filter subscribed to at QoS 2 (default stream/host/#)
 *   --client-id ID        (default mqtt-stream-<mac>) */
#include <string.h>

#include "app.def.h"
#include "board.h"
#include "log/fmt.h"
#include "log/log.h"
#include "mqtt/topic.h"
#include "netapp/config.h"

#include "sched/app_impl.h"

#define TICK_US 1000000u

static struct stream_opts opts = {.count = 1000, .rate = 100, .out = "stream/dev",
                                  .in = "stream/host/#"};

static const char *parse_u32(const char *value, uint32_t max, uint32_t *out)
{
    uint32_t v = 0;
    const char *p = value;
    for (; *p >= '0' && *p <= '9' && v <= max; p++)
        v = v * 10 + (uint32_t)(*p - '0');
    if (p == value || *p || v == 0 || v > max)
        return "a whole number in range";
    *out = v;
    return NULL;
}

static const char *apply_count(void *ctx, const char *value)
{
    (void)ctx;
    return parse_u32(value, 10000000, &opts.count);
}

static const char *apply_rate(void *ctx, const char *value)
{
    (void)ctx;
    return parse_u32(value, 100000, &opts.rate);
}

static const char *copy_text(char *dst, const char *value)
{
    size_t len = strlen(value);
    if (len == 0 || len >= STREAM_TOPIC_MAX)
        return "1..63 characters";
    memcpy(dst, value, len + 1);
    return NULL;
}

static const char *apply_out(void *ctx, const char *value)
{
    (void)ctx;
    if (!mqtt_topic_name_valid(value, strlen(value)))
        return "not a topic name";
    return copy_text(opts.out, value);
}

static const char *apply_in(void *ctx, const char *value)
{
    (void)ctx;
    if (!mqtt_topic_filter_valid(value, strlen(value)))
        return "not a topic filter";
    return copy_text(opts.in, value);
}

static const char *apply_client_id(void *ctx, const char *value)
{
    (void)ctx;
    return copy_text(opts.client_id, value);
}

static const struct netapp_option options[] = {
    {"--broker", "HOST[:PORT]", "the MQTT broker (default: the build's)", broker_option,
     &opts.broker},
    {"--count", "N", "messages of each QoS (default 1000)", apply_count, NULL},
    {"--rate", "N", "messages of each QoS per second (default 100)", apply_rate, NULL},
    {"--out", "TOPIC", "publish to TOPIC/q1 and TOPIC/q2 (default stream/dev)", apply_out, NULL},
    {"--in", "FILTER", "subscribe to FILTER at QoS 2 (default stream/host/#)", apply_in, NULL},
    {"--client-id", "ID", "MQTT client id (default mqtt-stream-<mac>)", apply_client_id, NULL},
};

void stream_init(sched_init_ctx_t *ctx)
{
    board_init();
    broker_defaults(&opts.broker);
    struct netapp_config cfg;
    netapp_config_load(&cfg, "mqtt-stream", options, sizeof options / sizeof options[0]);
    log_banner("mqtt-stream");
    if (!opts.client_id[0]) {
        const uint8_t *m = cfg.mac.b;
        fmt_snprintf(opts.client_id, sizeof opts.client_id, "mqtt-stream-%02x%02x%02x%02x%02x%02x",
                     m[0], m[1], m[2], m[3], m[4], m[5]);
    }
    stream_net_t *n = &sched_res(ctx, net);
    if (!netapp_start(&n->net, &cfg)) {
        LOG_WARN("mqtt-stream: no network: idle");
        return;
    }
    n->up = true;
    stream_mqtt_start(&sched_res(ctx, st), n, &opts);
    sched_spawn(net_poll, 0);
    sched_spawn(mqtt, 0);
    sched_spawn_after(tick, TICK_US, 0, NULL);
}

void eth_irq(eth_irq_ctx_t *ctx)
{
    (void)ctx;
    if (netapp_irq())
        (void)sched_spawn(net_poll, 0);
}

void net_poll(net_poll_ctx_t *ctx, uint32_t unused)
{
    (void)unused;
    stream_net_t *n = &sched_res(ctx, net);
    netapp_poll(&n->net, sched_now_us());
    NETAPP_REARM(&n->net.timer, net_poll, netapp_poll_at(&n->net, sched_now_us()));
}

void mqtt(mqtt_ctx_t *ctx, uint32_t unused)
{
    (void)unused;
    stream_t *s = &sched_res(ctx, st);
    uint64_t at = UINT64_MAX;
    bool poll_net = false;
    sched_lock(ctx, net, n) {
        uint64_t now = sched_now_us();
        at = stream_mqtt_run(s, now);
        poll_net = netapp_poll_at(&n->net, now) <= now;
    }
    if (poll_net)
        (void)sched_spawn(net_poll, 0);
    NETAPP_REARM(&s->timer, mqtt, at);
}

void tick(tick_ctx_t *ctx, uint32_t unused)
{
    (void)unused;
    uint32_t events = 0;
    sched_lock(ctx, net, n) {
        events = netapp_link_watch(&n->net, sched_now_us());
        if (events & NETAPP_EV_LINK_DOWN)
            net_tcp_abort(&n->sock); /* the client reconnects once the link is back */
    }
    sched_lock(ctx, st, s) {
        stream_progress(s);
    }
    if (events) {
        (void)sched_spawn(net_poll, 0);
        (void)sched_spawn(mqtt, 0);
    }
    sched_spawn_after(tick, TICK_US, 0, NULL);
}
