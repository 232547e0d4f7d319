/* Telemetry cadence and publishing. The period is read from the setting at every poll, so a
 * change applies at once: the next message is due one new period after the last one. */
#include "internal.h"
#include "log/log.h"

static struct mqtt_bytes topic_of(const struct miniconf *m, char *buf, const char *leaf, size_t n)
{
    return (struct mqtt_bytes){(const uint8_t *)buf, prefixed_topic(m, buf, leaf, n)};
}

bool meta_publish(struct miniconf *m)
{
    char topic[MINICONF_TOPIC_MAX + 16], body[MINICONF_TELEMETRY_MAX];
    size_t n = telemetry_write_meta(body, sizeof body, m->cfg->firmware);
    if (n >= sizeof body) {
        LOG_ERROR("miniconf: meta message larger than %u bytes", (unsigned)sizeof body);
        return true; /* it never will fit: do not retry */
    }
    struct mqtt_pub pub = {.topic = topic_of(m, topic, "/meta", 5),
                           .payload = {(const uint8_t *)body, n}, .qos = 1};
    int rc = mqtt_publish(m->mqtt, &pub, NULL);
    if (rc == MQTT_ERR_BUSY)
        return false;
    if (rc != MQTT_OK)
        LOG_WARN("miniconf: meta not published (%d)", rc);
    return true;
}

static uint64_t period_us(const struct miniconf *m)
{
    const uint32_t *p = m->cfg->telemetry.period_s;
    return p ? (uint64_t)*p * 1000000u : 0;
}

/* When the next message is due (UINT64_MAX: none). */
static uint64_t telemetry_due(const struct miniconf *m)
{
    uint64_t period = period_us(m);
    if (!period || m->state == ST_OFFLINE || !mqtt_connected(m->mqtt))
        return UINT64_MAX;
    return m->telemetry_sent ? m->telemetry_last + period : m->now;
}

void miniconf_telemetry_poll(struct miniconf *m)
{
    uint64_t due = telemetry_due(m);
    if (due > m->now)
        return;
    const struct miniconf_config *cfg = m->cfg;
    struct telemetry_stats stats = {0}, *sp = NULL;
    if (cfg->stats) {
        cfg->stats(&stats, cfg->ctx);
        sp = &stats;
    }
    char topic[MINICONF_TOPIC_MAX + 16], body[MINICONF_TELEMETRY_MAX];
    uint32_t connects = m->mqtt->connects;
    size_t n = telemetry_write(body, sizeof body, m->now, connects ? connects - 1 : 0, sp,
                               cfg->app_values, cfg->ctx);
    if (n >= sizeof body) {
        LOG_ERROR("miniconf: telemetry larger than %u bytes, not sent", (unsigned)sizeof body);
    } else {
        struct mqtt_pub pub = {.topic = topic_of(m, topic, "/telemetry", 10),
                               .payload = {(const uint8_t *)body, n}, .qos = 0};
        int rc = mqtt_publish(m->mqtt, &pub, NULL);
        if (rc == MQTT_ERR_BUSY) { /* the transmit buffer is full: soon again */
            m->retry_at = m->now + MINICONF_RETRY_US;
            return;
        }
        if (rc != MQTT_OK)
            LOG_WARN("miniconf: telemetry not published (%d)", rc);
    }
    /* Keep the cadence (no drift) unless we are a whole period late (a long stall, or the
     * period just became shorter): then start counting from now. */
    uint64_t period = period_us(m);
    m->telemetry_last = m->telemetry_sent && m->now - due < period ? due : m->now;
    m->telemetry_sent = true;
}

uint64_t miniconf_telemetry_next(const struct miniconf *m)
{
    return telemetry_due(m);
}
