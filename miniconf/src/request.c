/* The request dispatcher: what a message on <prefix>/settings<path> asks for, and its answer.
 * Everything in msg points into the client's receive buffer and is gone after the event. */
#include <string.h>

#include "internal.h"
#include "log/log.h"
#include "mqtt/topic.h"

/* miniconf_mqtt's text for a List/Dump that finds another one running. */
#define PENDING_TEXT "Pending multipart response"

/* The settings path in topic, or false when topic is not <prefix>/settings["/"...]. */
static bool topic_path(const struct miniconf *m, struct mqtt_bytes topic, const char **path,
                       size_t *path_len)
{
    size_t head = m->prefix_len + SETTINGS_SUFFIX_LEN;
    if (topic.len < head || memcmp(topic.p, m->cfg->prefix, m->prefix_len) != 0 ||
        memcmp(topic.p + m->prefix_len, SETTINGS_SUFFIX, SETTINGS_SUFFIX_LEN) != 0)
        return false;
    *path = (const char *)topic.p + head;
    *path_len = topic.len - head;
    return *path_len == 0 || (*path)[0] == '/'; /* not <prefix>/settingsfoo */
}

/* Not inlined: its buffers would otherwise sit under every Get too (a Get's value buffer and
 * float printing make the deepest path). */
__attribute__((noinline)) static void handle_set(struct miniconf *m, const struct mqtt_message *msg,
                       const struct settings_ref *leaf, const char *path, size_t path_len,
                       struct mqtt_bytes to, struct mqtt_bytes cd)
{
    const struct settings *s = m->cfg->settings;
    char reason[SETTINGS_REASON_MAX];
    /* The leaf's bytes before, to tell a change from a set of the same value. settings_check
     * bounds every leaf to SETTINGS_STRING_MAX bytes (numbers are at most 8). */
    uint8_t before[SETTINGS_STRING_MAX];
    uint8_t *live = (uint8_t *)s->data + leaf->offset;
    size_t size = setting_is_leaf(leaf->desc) && leaf->desc->size <= sizeof before
                      ? leaf->desc->size : 0;
    memcpy(before, live, size);
    enum settings_status st = settings_set(s, leaf, (const char *)msg->payload.p,
                                           msg->payload.len, reason, sizeof reason);
    if (st != SETTINGS_OK) {
        m->rejects++;
        LOG_INFO("miniconf: set %.*s refused: %s", LOG_SPAN(path_len, path), reason);
        reply_text(m, to, cd, CODE_ERROR, reason);
        return;
    }
    m->sets++;
    /* The application first, then the reply: whoever sees "OK" knows the device acted on it. */
    if (memcmp(before, live, size) != 0) {
        m->change_seen = true;
        if (m->cfg->changed) {
            char p[SETTINGS_PATH_MAX]; /* the lookup succeeded: the path is shorter than this */
            memcpy(p, path, path_len);
            p[path_len] = '\0';
            m->cfg->changed(m, leaf, p, m->cfg->ctx);
        }
    }
    reply_text(m, to, cd, CODE_OK, "OK");
}

/* An empty payload on an inner node: List (with a response topic) or Dump (without). */
__attribute__((noinline)) static void handle_multipart(struct miniconf *m, const char *path, size_t path_len,
                             struct mqtt_bytes to, struct mqtt_bytes cd)
{
    char reason[SETTINGS_REASON_MAX];
    if (m->state != ST_READY || m->multi.kind != MULTI_NONE) {
        reply_text(m, to, cd, CODE_ERROR, PENDING_TEXT);
        return;
    }
    if (to.len && !mqtt_topic_name_valid((const char *)to.p, to.len)) {
        LOG_INFO("miniconf: list with an invalid response topic ignored");
        return;
    }
    if (!addr_set(&m->multi.to, to, cd)) {
        reply_text(m, to, cd, CODE_ERROR,
                   to.len > MINICONF_TOPIC_MAX ? "Response topic too long"
                                               : "Correlation data too long");
        return;
    }
    enum settings_status st = multipart_start(m, to.len ? MULTI_LIST : MULTI_DUMP, path, path_len,
                                              reason, sizeof reason);
    if (st != SETTINGS_OK)
        reply_text(m, to, cd, CODE_ERROR, reason);
    else
        multipart_step(m);
}

bool request_handle(struct miniconf *m, const struct mqtt_message *msg)
{
    const char *path;
    size_t path_len;
    if (!topic_path(m, msg->topic, &path, &path_len))
        return false;
    /* A kept reply goes first, so answers to one requester keep their order. */
    reply_flush(m);
    struct mqtt_bytes to = msg->props.response_topic, cd = msg->props.correlation_data;
    char reason[SETTINGS_REASON_MAX];
    struct settings_ref ref;
    enum settings_status st =
        settings_lookup(m->cfg->settings, path, path_len, &ref, reason, sizeof reason);
    if (st != SETTINGS_OK) {
        if (msg->payload.len)
            m->rejects++;
        reply_text(m, to, cd, CODE_ERROR, reason);
        return true;
    }
    if (msg->payload.len) {
        handle_set(m, msg, &ref, path, path_len, to, cd);
    } else if (setting_is_leaf(ref.desc)) {
        /* Get; without a response topic the value goes back to its own topic (a Dump of one
         * leaf: our subscription is no-local, so it does not come back to us). */
        m->gets++;
        reply_value(m, to.len ? to : msg->topic, cd, &ref);
    } else {
        handle_multipart(m, path, path_len, to, cd);
    }
    return true;
}
