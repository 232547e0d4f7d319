/* List and Dump: one message per leaf, as many as the client takes per poll. The iterator is
 * plain data, and the leaf it last yielded is held until its message went out, so a full store
 * only pauses the walk: it resumes on the next poll exactly where it stopped. */
#include <string.h>

#include "internal.h"
#include "log/log.h"

size_t prefixed_topic(const struct miniconf *m, char *buf, const char *suffix, size_t n)
{
    memcpy(buf, m->cfg->prefix, m->prefix_len);
    memcpy(buf + m->prefix_len, suffix, n);
    return m->prefix_len + n;
}

size_t settings_topic(const struct miniconf *m, char *buf, const char *path, size_t path_len)
{
    /* miniconf_init checked that prefix + suffix + the longest path fits */
    size_t n = prefixed_topic(m, buf, SETTINGS_SUFFIX, SETTINGS_SUFFIX_LEN);
    memcpy(buf + n, path, path_len);
    return n + path_len;
}

enum settings_status multipart_start(struct miniconf *m, uint8_t kind, const char *path,
                                     size_t path_len, char *reason, size_t reason_size)
{
    struct miniconf_multipart *mp = &m->multi;
    enum settings_status st =
        settings_iter_start(&mp->it, m->cfg->settings, path, path_len, reason, reason_size);
    if (st != SETTINGS_OK)
        return st;
    mp->kind = kind;
    mp->have_leaf = false;
    if (kind == MULTI_LIST)
        m->lists++;
    else
        m->dumps++;
    return SETTINGS_OK;
}

/* The message for the held leaf: its path (List) or its value on its own topic (Dump). */
static int send_leaf(struct miniconf *m)
{
    struct miniconf_multipart *mp = &m->multi;
    size_t path_len = strlen(mp->path);
    if (mp->kind == MULTI_LIST)
        return publish_coded(m, addr_topic(&mp->to), addr_cd(&mp->to),
                             (struct mqtt_bytes){(const uint8_t *)mp->path, path_len},
                             CODE_CONTINUE);
    char topic[MINICONF_TOPIC_MAX];
    size_t n = settings_topic(m, topic, mp->path, path_len);
    return publish_value(m, (struct mqtt_bytes){(const uint8_t *)topic, n}, addr_cd(&mp->to),
                         &mp->leaf);
}

void multipart_step(struct miniconf *m)
{
    struct miniconf_multipart *mp = &m->multi;
    while (mp->kind != MULTI_NONE) {
        if (!mp->have_leaf) {
            if (settings_iter_next(&mp->it, &mp->leaf, mp->path, sizeof mp->path)) {
                mp->have_leaf = true;
            } else {
                /* The end: a List says so with an empty Ok; a Dump just stops. */
                if (mp->kind == MULTI_LIST) {
                    int rc = publish_coded(m, addr_topic(&mp->to), addr_cd(&mp->to),
                                           (struct mqtt_bytes){NULL, 0}, CODE_OK);
                    if (rc == MQTT_ERR_BUSY) {
                        m->retry_at = m->now + MINICONF_RETRY_US;
                        return;
                    }
                }
                mp->kind = MULTI_NONE;
                return;
            }
        }
        int rc = send_leaf(m);
        if (rc == MQTT_ERR_BUSY) {
            m->retry_at = m->now + MINICONF_RETRY_US;
            return;
        }
        if (rc != MQTT_OK) /* this leaf cannot be sent at all: say so in the log, go on */
            LOG_WARN("miniconf: %s of %s failed (%d)", mp->kind == MULTI_LIST ? "list" : "dump",
                     mp->path, rc);
        mp->have_leaf = false;
    }
}
