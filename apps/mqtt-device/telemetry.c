/* Telemetry: one JSON message on <prefix>/telemetry (QoS 0) every telemetry_period seconds,
 * written by the settings layer's telemetry_write() with the numbers only the application knows:
 * the link, the interface's counters, TCP retransmissions, the stack's free bytes. */
#include <string.h>

#include "app.def.h"
#include "log/log.h"

#if defined(KIT_CROSS)
#include "stack.h"
#endif

#define TOPIC_SUFFIX "/telemetry"

static void gather(const mqttdev_net_t *n, struct telemetry_stats *s)
{
    *s = (struct telemetry_stats){.free_stack = TELEMETRY_UNKNOWN,
                                  .tcp_retransmits = TELEMETRY_UNKNOWN};
#if defined(KIT_CROSS)
    s->free_stack = (uint32_t)(stack_size_bytes() - stack_high_water_bytes());
#endif
    if (!n->up)
        return;
    const struct net_counters *k = net_iface_counters(&n->net.iface);
    s->link_up = n->net.link_up;
    s->rx_frames = k->eth.rx + k->eth.drop; /* every frame that arrived, used or not */
    s->tx_frames = k->eth.tx;
    s->rx_bytes = k->rx_bytes;
    s->tx_bytes = k->tx_bytes;
    for (unsigned r = 0; r < NET_DROP_REASON_COUNT; r++) {
        bool tx = r >= NET_DROP_TX_NO_ROUTE && r <= NET_DROP_TX_TOO_BIG;
        if (tx)
            s->tx_drops += k->drops[r];
        else
            s->rx_drops += k->drops[r];
    }
    s->tcp_retransmits = net_tcp_counters(&n->tcp)->retransmits;
}

uint64_t mqttdev_telemetry_publish(mqttdev_t *d, const mqttdev_net_t *n, uint64_t now_us)
{
    uint64_t period = (uint64_t)mqttdev_cfg.telemetry_period * 1000000u;
    if (!mqtt_connected(&d->mq))
        return period;
    struct telemetry_stats stats;
    gather(n, &stats);
    char body[MINICONF_TELEMETRY_MAX], topic[MINICONF_TOPIC_MAX + sizeof TOPIC_SUFFIX];
    uint32_t connects = d->mq.connects;
    size_t len = telemetry_write(body, sizeof body, now_us, connects ? connects - 1 : 0, &stats,
                                 d->mc.cfg->app_values, d);
    if (len >= sizeof body) {
        LOG_ERROR("telemetry: message larger than %u bytes, not sent", (unsigned)sizeof body);
        return period;
    }
    size_t plen = d->mc.prefix_len;
    memcpy(topic, d->mc.cfg->prefix, plen);
    memcpy(topic + plen, TOPIC_SUFFIX, sizeof TOPIC_SUFFIX - 1);
    struct mqtt_pub pub = {.topic = {(const uint8_t *)topic, plen + sizeof TOPIC_SUFFIX - 1},
                           .payload = {(const uint8_t *)body, len}, .qos = 0};
    int rc = mqtt_publish(&d->mq, &pub, NULL);
    if (rc != MQTT_OK)
        LOG_WARN("telemetry: not published (%d)", rc); /* the next one comes a period later */
    return period;
}
