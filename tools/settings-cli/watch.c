/* --watch: <prefix>/telemetry as a table, one row per message, the header again every 20 rows
 * or when the members change. A wildcard prefix watches several devices (a "device" column). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kitconf.h"

#define HEADER_EVERY 20

struct table {
    struct flat cols; /* keys of the current header (values unused) */
    int width[FLAT_MAX];
    bool multi;       /* several devices: the topic's prefix is a column */
    long rows, want;
    bool enough, got;
};

static bool same_keys(const struct flat *a, const struct flat *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->key[i], b->key[i]) != 0)
            return false;
    return true;
}

static void header(struct table *t, const struct flat *f)
{
    t->cols = *f;
    printf("%-12s", "time");
    if (t->multi)
        printf(" %-40s", "device");
    for (size_t i = 0; i < f->n; i++) {
        int w = (int)strlen(f->key[i]);
        int v = (int)strlen(f->value[i]) + 2; /* room for counters to grow */
        t->width[i] = w > v ? w : v;
        printf(" %*s", t->width[i], f->key[i]);
    }
    printf("\n");
}

static void on_telemetry(struct kc *k, const struct mosquitto_message *msg,
                         const mosquitto_property *props)
{
    (void)k, (void)props;
    struct table *t = k->op;
    struct flat f;
    size_t tlen = strlen(msg->topic);
    if (tlen < 10 || strcmp(msg->topic + tlen - 10, "/telemetry") != 0)
        return;
    if (!flat_parse(msg->payload, (size_t)msg->payloadlen, &f)) {
        fprintf(stderr, "kitconf: %s: not a JSON object: %.*s\n", msg->topic, msg->payloadlen,
                (const char *)msg->payload);
        return;
    }
    if (t->rows % HEADER_EVERY == 0 || !same_keys(&t->cols, &f))
        header(t, &f);
    char stamp[16];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%H:%M:%S", &tm);
    printf("%-12s", stamp);
    if (t->multi)
        printf(" %-40.*s", (int)(tlen - 10), msg->topic);
    for (size_t i = 0; i < f.n; i++)
        printf(" %*s", t->width[i], f.value[i]);
    printf("\n");
    fflush(stdout);
    t->rows++;
    t->got = true;
    if (t->want && t->rows >= t->want)
        t->enough = true;
}

int kc_watch(struct kc *k, long count)
{
    struct table t = {.multi = strpbrk(k->prefix, "+#") != NULL, .want = count};
    char topic[600];
    snprintf(topic, sizeof topic, "%s/telemetry", k->prefix);
    k->on_message = on_telemetry;
    k->op = &t;
    int rc = kc_subscribe(k, topic, 0);
    while (rc == KC_OK && !t.enough) {
        /* k->timeout_s here is the longest silence tolerated (0: forever) */
        t.got = false;
        bool ok = k->timeout_s > 0 ? kc_wait(k, &t.got, k->timeout_s) : kc_wait(k, &t.enough, 3600);
        if (k->lost) {
            fprintf(stderr, "kitconf: lost the broker\n");
            rc = KC_BROKER;
        } else if (!ok && k->timeout_s > 0) {
            fprintf(stderr, "kitconf: no telemetry from %s for %g s\n", k->prefix, k->timeout_s);
            rc = KC_TIMEOUT;
        }
    }
    k->on_message = NULL;
    return rc;
}
