/* Replies: the code user property, addresses kept past their request, and what happens when
 * the client has no room. A single reply goes out with QoS 1; when the client's QoS 1 store is
 * full (a burst of requests, a List in progress) it goes with QoS 0 through the transmit buffer
 * instead (TCP still delivers it, unless the connection drops); when that is full too, one reply
 * is kept and sent from the next poll. The request itself is gone with the receive buffer, so
 * what is needed to answer is copied. List and Dump messages are QoS 1 only: they wait for room
 * in the store, which is what paces them. */
#include <string.h>

#include "internal.h"
#include "log/log.h"

static const char *const code_names[] = {[CODE_OK] = "Ok", [CODE_CONTINUE] = "Continue",
                                         [CODE_ERROR] = "Error"};

bool addr_set(struct miniconf_addr *a, struct mqtt_bytes topic, struct mqtt_bytes cd)
{
    if (topic.len > sizeof a->topic || cd.len > sizeof a->cd)
        return false;
    if (topic.len)
        memcpy(a->topic, topic.p, topic.len);
    if (cd.len)
        memcpy(a->cd, cd.p, cd.len);
    a->topic_len = (uint8_t)topic.len;
    a->cd_len = (uint8_t)cd.len;
    return true;
}

struct mqtt_bytes addr_topic(const struct miniconf_addr *a)
{
    return (struct mqtt_bytes){(const uint8_t *)a->topic, a->topic_len};
}

struct mqtt_bytes addr_cd(const struct miniconf_addr *a)
{
    return (struct mqtt_bytes){a->cd, a->cd_len};
}

static int publish_qos(struct miniconf *m, struct mqtt_bytes topic, struct mqtt_bytes cd,
                       struct mqtt_bytes payload, uint8_t code, bool qos0_when_full)
{
    struct mqtt_user_prop up = {mqtt_str("code"), mqtt_str(code_names[code])};
    struct mqtt_pub_props props = {.correlation_data = cd, .user = &up, .user_count = 1};
    struct mqtt_pub pub = {.topic = topic, .payload = payload, .qos = 1, .props = &props};
    int rc = mqtt_publish(m->mqtt, &pub, NULL);
    /* NOT_SUPPORTED: a broker without QoS 1 (miniconf downgrades too) */
    if (rc == MQTT_ERR_NOT_SUPPORTED || (rc == MQTT_ERR_BUSY && qos0_when_full)) {
        pub.qos = 0;
        rc = mqtt_publish(m->mqtt, &pub, NULL);
        if (rc == MQTT_ERR_NOT_CONNECTED) /* QoS 0 needs a connection: wait for one */
            rc = MQTT_ERR_BUSY;
    }
    return rc;
}

int publish_coded(struct miniconf *m, struct mqtt_bytes topic, struct mqtt_bytes cd,
                  struct mqtt_bytes payload, uint8_t code)
{
    return publish_qos(m, topic, cd, payload, code, false);
}

static int value_qos(struct miniconf *m, struct mqtt_bytes topic, struct mqtt_bytes cd,
                     const struct settings_ref *leaf, bool qos0_when_full)
{
    char value[SETTINGS_VALUE_MAX];
    size_t len = 0;
    enum settings_status st = settings_get(m->cfg->settings, leaf, value, sizeof value, &len);
    struct mqtt_bytes payload = {(const uint8_t *)value, len};
    if (st != SETTINGS_OK)
        payload = mqtt_str(settings_status_text(st));
    int rc = publish_qos(m, topic, cd, payload, st == SETTINGS_OK ? CODE_OK : CODE_ERROR,
                         qos0_when_full);
    if (rc == MQTT_ERR_TOO_LARGE) /* larger than the broker's or our packet limit */
        rc = publish_qos(m, topic, cd, mqtt_str("Serialized value too large"), CODE_ERROR,
                         qos0_when_full);
    return rc;
}

int publish_value(struct miniconf *m, struct mqtt_bytes topic, struct mqtt_bytes cd,
                  const struct settings_ref *leaf)
{
    return value_qos(m, topic, cd, leaf, false);
}

/* A single reply: the text (leaf NULL) or the leaf's value, as it is now. */
static int send_reply(struct miniconf *m, struct mqtt_bytes topic, struct mqtt_bytes cd,
                      uint8_t code, const char *text, size_t text_len,
                      const struct settings_ref *leaf)
{
    if (leaf)
        return value_qos(m, topic, cd, leaf, true);
    return publish_qos(m, topic, cd, (struct mqtt_bytes){(const uint8_t *)text, text_len}, code,
                       true);
}

static void log_failure(int rc, struct mqtt_bytes topic)
{
    if (rc != MQTT_OK && rc != MQTT_ERR_BUSY)
        LOG_WARN("miniconf: reply to %.*s failed (%d)", LOG_SPAN(topic.len, topic.p), rc);
}

/* Sends the reply now, or keeps it when the client has no room (one at most). */
static void reply(struct miniconf *m, struct mqtt_bytes topic, struct mqtt_bytes cd, uint8_t code,
                  const char *text, const struct settings_ref *leaf)
{
    size_t n = text ? strlen(text) : 0;
    int rc = send_reply(m, topic, cd, code, text, n, leaf);
    log_failure(rc, topic);
    if (rc != MQTT_ERR_BUSY)
        return;
    if (m->reply.kind != REPLY_NONE || !addr_set(&m->reply.to, topic, cd)) {
        m->dropped_replies++;
        LOG_WARN("miniconf: no room for a reply to %.*s, dropped", LOG_SPAN(topic.len, topic.p));
        return;
    }
    m->retry_at = m->now + MINICONF_RETRY_US;
    if (leaf) {
        m->reply.leaf = *leaf; /* the value is read when it is sent: it is the current one then */
        m->reply.kind = REPLY_VALUE;
        return;
    }
    if (n >= sizeof m->reply.text)
        n = sizeof m->reply.text - 1;
    memcpy(m->reply.text, text, n);
    m->reply.text[n] = '\0';
    m->reply.text_len = (uint8_t)n;
    m->reply.code = code;
    m->reply.kind = REPLY_TEXT;
}

void reply_text(struct miniconf *m, struct mqtt_bytes topic, struct mqtt_bytes cd, uint8_t code,
                const char *text)
{
    if (topic.len) /* else nobody to tell (a retained or fire-and-forget set) */
        reply(m, topic, cd, code, text, NULL);
}

void reply_value(struct miniconf *m, struct mqtt_bytes topic, struct mqtt_bytes cd,
                 const struct settings_ref *leaf)
{
    reply(m, topic, cd, CODE_OK, NULL, leaf);
}

bool reply_flush(struct miniconf *m)
{
    struct miniconf_reply *r = &m->reply;
    if (r->kind == REPLY_NONE)
        return true;
    int rc = send_reply(m, addr_topic(&r->to), addr_cd(&r->to), r->code, r->text, r->text_len,
                        r->kind == REPLY_VALUE ? &r->leaf : NULL);
    if (rc == MQTT_ERR_BUSY) {
        m->retry_at = m->now + MINICONF_RETRY_US;
        return false;
    }
    log_failure(rc, addr_topic(&r->to));
    r->kind = REPLY_NONE;
    return true;
}
