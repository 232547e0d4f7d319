/* The layer's life on a connection (announce, subscribe, settle, dump), its event routing and
 * its poll. Requests are request.c's, replies reply.c's, List/Dump multipart.c's. */
#include <string.h>

#include "internal.h"
#include "log/fmt.h"
#include "log/log.h"
#include "mqtt/topic.h"

/* After a subscribe the client refused for a reason other than room (not connected...). */
#define SUBSCRIBE_RETRY_US 1000000u

int miniconf_init(struct miniconf *m, const struct miniconf_config *cfg, struct mqtt_client *mqtt)
{
    memset(m, 0, sizeof *m);
    m->cfg = cfg;
    m->mqtt = mqtt;
    m->retry_at = UINT64_MAX;
    size_t plen = strlen(cfg->prefix);
    if (!plen || !mqtt_topic_name_valid(cfg->prefix, plen)) {
        LOG_ERROR("miniconf: prefix '%s' is not a topic name", cfg->prefix);
        return -1;
    }
    /* The longest settings topic must fit the buffers that build topics and keep addresses. */
    struct settings_iter it;
    struct settings_ref leaf;
    char path[SETTINGS_PATH_MAX];
    size_t longest = 0;
    settings_iter_start(&it, cfg->settings, "", 0, NULL, 0);
    while (settings_iter_next(&it, &leaf, path, sizeof path)) {
        size_t n = strlen(path);
        longest = n > longest ? n : longest;
    }
    if (plen + SETTINGS_SUFFIX_LEN + longest > MINICONF_TOPIC_MAX) {
        LOG_ERROR("miniconf: prefix '%s' too long: settings topics up to %u bytes, limit %u",
                  cfg->prefix, (unsigned)(plen + SETTINGS_SUFFIX_LEN + longest),
                  MINICONF_TOPIC_MAX);
        return -1;
    }
    m->prefix_len = (uint8_t)plen;
    prefixed_topic(m, m->alive_topic, "/alive", 6);
    /* An empty retained message deletes the retained "1": the broker sends it for us when the
     * connection dies without a DISCONNECT (power loss, cable, crash). */
    m->will = (struct mqtt_pub){.topic = {(const uint8_t *)m->alive_topic, plen + 6},
                                .payload = {NULL, 0}, .qos = 1, .retain = true};
    return 0;
}

const struct mqtt_pub *miniconf_will(const struct miniconf *m)
{
    return &m->will;
}

bool miniconf_ready(const struct miniconf *m)
{
    return m->state == ST_READY;
}

static void go_offline(struct miniconf *m)
{
    m->state = ST_OFFLINE;
    m->multi.kind = MULTI_NONE; /* its requester sees the connection drop; it asks again */
}

bool miniconf_on_event(struct miniconf *m, const struct mqtt_event *ev)
{
    switch (ev->type) {
    case MQTT_EV_CONNECTED:
        /* Every connection starts over, as miniconf_mqtt does: a resumed session may have
         * missed retained settings, and the broker's view of us must be refreshed. */
        go_offline(m);
        m->state = ST_ANNOUNCE;
        m->telemetry_sent = false;
        return false;
    case MQTT_EV_DISCONNECTED:
        go_offline(m);
        return false;
    case MQTT_EV_SUBACK:
        if (m->state != ST_WAIT_SUBACK || ev->packet_id != m->sub_id)
            return false;
        if (ev->reasons.len && ev->reasons.p[0] >= 0x80)
            LOG_ERROR("miniconf: broker refused the settings subscription (0x%02x)",
                      ev->reasons.p[0]);
        m->state = ST_SETTLE;
        m->settle_at = 0; /* counted from the next poll, which has the time */
        return true;
    case MQTT_EV_MESSAGE:
        return request_handle(m, ev->msg);
    default:
        return false;
    }
}

static void announce(struct miniconf *m)
{
    struct mqtt_pub alive = {.topic = m->will.topic, .payload = {(const uint8_t *)"1", 1},
                             .qos = 1, .retain = true};
    int rc = mqtt_publish(m->mqtt, &alive, NULL);
    if (rc == MQTT_ERR_BUSY) {
        m->retry_at = m->now + MINICONF_RETRY_US;
        return;
    }
    if (rc != MQTT_OK)
        LOG_WARN("miniconf: alive not published (%d)", rc);
    m->state = ST_META;
}

static void subscribe(struct miniconf *m)
{
    char filter[MINICONF_TOPIC_MAX + 2];
    /* no-local: our own dumps and replies on these topics must not come back as requests */
    size_t n = prefixed_topic(m, filter, SETTINGS_SUFFIX "/#", SETTINGS_SUFFIX_LEN + 2);
    struct mqtt_sub sub = {{(const uint8_t *)filter, n}, 1 | MQTT_SUB_NO_LOCAL};
    int rc = mqtt_subscribe(m->mqtt, &sub, 1, 0, &m->sub_id);
    if (rc == MQTT_OK) {
        m->state = ST_WAIT_SUBACK;
        return;
    }
    if (rc != MQTT_ERR_BUSY)
        LOG_WARN("miniconf: subscribe failed (%d)", rc);
    m->retry_at = m->now + (rc == MQTT_ERR_BUSY ? MINICONF_RETRY_US : SUBSCRIBE_RETRY_US);
}

static void settle(struct miniconf *m)
{
    if (!m->settle_at)
        m->settle_at = m->now + MINICONF_SETTLE_US;
    if (m->now < m->settle_at)
        return;
    m->state = ST_READY;
    LOG_INFO("miniconf: settings applied, publishing them");
    m->multi.to = (struct miniconf_addr){0};
    multipart_start(m, MULTI_DUMP, "", 0, NULL, 0);
}

void miniconf_poll(struct miniconf *m, uint64_t now_us)
{
    m->now = now_us;
    m->retry_at = UINT64_MAX;
    if (m->state != ST_OFFLINE && !mqtt_connected(m->mqtt))
        go_offline(m); /* the DISCONNECTED event was not passed on: do not publish into a void */
    switch (m->state) {
    case ST_ANNOUNCE:
        announce(m);
        if (m->state != ST_META)
            break;
        /* fall through */
    case ST_META:
        if (!meta_publish(m)) {
            m->retry_at = m->now + MINICONF_RETRY_US;
            break;
        }
        m->state = ST_SUBSCRIBE;
        /* fall through */
    case ST_SUBSCRIBE:
        subscribe(m);
        break;
    case ST_SETTLE:
        settle(m);
        break;
    default:
        break;
    }
    reply_flush(m);
    if (m->state != ST_OFFLINE)
        multipart_step(m);
    if (m->cfg->telemetry.poll)
        m->cfg->telemetry.poll(m);
    persist_poll(m);
}

static uint64_t earliest(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

uint64_t miniconf_poll_at(const struct miniconf *m)
{
    uint64_t t = m->retry_at;
    if (m->state == ST_ANNOUNCE && t == UINT64_MAX)
        t = m->now; /* connected since the last poll */
    if (m->state == ST_SETTLE)
        t = earliest(t, m->settle_at ? m->settle_at : m->now);
    if (m->change_seen)
        t = earliest(t, m->now);
    if (m->dirty)
        t = earliest(t, m->save_at);
    return m->cfg->telemetry.next ? earliest(t, m->cfg->telemetry.next(m)) : t;
}

int miniconf_changed(struct miniconf *m, const char *path, size_t path_len)
{
    m->change_seen = true;
    if (m->state != ST_READY || m->multi.kind != MULTI_NONE)
        return -1;
    m->multi.to = (struct miniconf_addr){0};
    if (multipart_start(m, MULTI_DUMP, path, path_len, NULL, 0) != SETTINGS_OK)
        return -1;
    multipart_step(m);
    return 0;
}

size_t miniconf_prefix(char *buf, size_t size, const char *vendor, const char *app,
                       const uint8_t mac[6])
{
    return fmt_snprintf(buf, size, "dt/%s/%s/%02x-%02x-%02x-%02x-%02x-%02x", vendor, app, mac[0],
                        mac[1], mac[2], mac[3], mac[4], mac[5]);
}
