/* Discovery: devices announce themselves with a retained "1" on <prefix>/alive (cleared by their
 * will), so subscribing to <filter>/alive gets every live one at once from the broker. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kitconf.h"

/* Retained messages follow the SUBACK at once; this leaves room for a slow broker. */
#define DISCOVER_LINGER_S 0.3

struct found {
    char **names;
    size_t n;
};

static bool alive_payload(const struct mosquitto_message *msg)
{
    /* miniconf's tools read the payload as JSON and want the number 1 */
    const char *p = msg->payload;
    int len = msg->payloadlen;
    while (len && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++, len--;
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r' ||
                   p[len - 1] == '\n'))
        len--;
    return len == 1 && p[0] == '1';
}

static void on_alive(struct kc *k, const struct mosquitto_message *msg,
                     const mosquitto_property *props)
{
    (void)props;
    struct found *f = k->op;
    size_t tlen = strlen(msg->topic);
    if (tlen < 6 || strcmp(msg->topic + tlen - 6, "/alive") != 0 || !alive_payload(msg))
        return;
    for (size_t i = 0; i < f->n; i++)
        if (strncmp(f->names[i], msg->topic, tlen - 6) == 0 && f->names[i][tlen - 6] == '\0')
            return;
    char **grown = realloc(f->names, (f->n + 1) * sizeof *grown);
    char *name = strndup(msg->topic, tlen - 6);
    if (!grown || !name) {
        perror("kitconf");
        exit(KC_FAILED);
    }
    f->names = grown;
    f->names[f->n++] = name;
}

int kc_discover(struct kc *k, const char *filter, char ***names, size_t *count)
{
    struct found f = {0};
    char topic[600];
    snprintf(topic, sizeof topic, "%s/alive", filter);
    k->on_message = on_alive;
    k->op = &f;
    int rc = kc_subscribe(k, topic, 0);
    if (rc == KC_OK) {
        bool never = false;
        kc_wait(k, &never, DISCOVER_LINGER_S);
    }
    k->on_message = NULL;
    mosquitto_unsubscribe(k->mosq, NULL, topic);
    *names = f.names;
    *count = f.n;
    return rc;
}
