/* Requests and their replies, miniconf_mqtt's way: a publish on <prefix>/settings<path> with a
 * response topic (<prefix>/response) and fresh correlation data; replies carry a user property
 * code = Continue (one List entry), Ok (done) or Error (refused, with the reason). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kitconf.h"

#define CD_LEN 16
#define DUMP_QUIET_S 0.5 /* a Dump has no end marker: it is over after this much silence */

struct reply {
    uint8_t cd[CD_LEN];
    const char *topic; /* where replies come (List/Get/Set) */
    bool done, error;
    char *final;   /* the Ok or Error payload */
    char **parts;  /* Continue payloads */
    size_t n;
    double last;   /* Dump: when the last value came */
};

static char response_topic[512];
static bool response_subscribed;

static void fresh_cd(uint8_t cd[CD_LEN])
{
    FILE *f = fopen("/dev/urandom", "rb");
    if (!f || fread(cd, 1, CD_LEN, f) != CD_LEN) {
        srand((unsigned)(getpid() ^ (unsigned)(kc_now() * 1e6)));
        for (int i = 0; i < CD_LEN; i++)
            cd[i] = (uint8_t)rand();
    }
    if (f)
        fclose(f);
}

static bool same_cd(const mosquitto_property *props, const uint8_t cd[CD_LEN])
{
    void *v = NULL;
    uint16_t len = 0;
    if (!mosquitto_property_read_binary(props, MQTT_PROP_CORRELATION_DATA, &v, &len, false))
        return false;
    bool same = len == CD_LEN && memcmp(v, cd, CD_LEN) == 0;
    free(v);
    return same;
}

static char *text_of(const struct mosquitto_message *msg)
{
    char *s = malloc((size_t)msg->payloadlen + 1);
    if (!s) {
        perror("kitconf");
        exit(KC_FAILED);
    }
    if (msg->payloadlen) /* an empty payload has no buffer at all */
        memcpy(s, msg->payload, (size_t)msg->payloadlen);
    s[msg->payloadlen] = '\0';
    return s;
}

static void on_reply(struct kc *k, const struct mosquitto_message *msg,
                     const mosquitto_property *props)
{
    struct reply *r = k->op;
    char code[32];
    if (r->done || strcmp(msg->topic, r->topic) != 0 || !same_cd(props, r->cd) ||
        !kc_user_prop(props, "code", code, sizeof code))
        return;
    char *text = text_of(msg);
    if (strcmp(code, "Continue") == 0) {
        char **grown = realloc(r->parts, (r->n + 1) * sizeof *grown);
        if (!grown) {
            perror("kitconf");
            exit(KC_FAILED);
        }
        r->parts = grown;
        r->parts[r->n++] = text;
        return;
    }
    r->final = text;
    r->error = strcmp(code, "Ok") != 0;
    r->done = true;
}

static void reply_free(struct reply *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->parts[i]);
    free(r->parts);
    free(r->final);
}

static int publish(struct kc *k, const char *path, const char *payload, const uint8_t cd[CD_LEN],
                   bool with_response_topic)
{
    char topic[512];
    snprintf(topic, sizeof topic, "%s/settings%s", k->prefix, path);
    mosquitto_property *props = NULL;
    if (with_response_topic)
        mosquitto_property_add_string(&props, MQTT_PROP_RESPONSE_TOPIC, response_topic);
    mosquitto_property_add_binary(&props, MQTT_PROP_CORRELATION_DATA, cd, CD_LEN);
    /* QoS 0, as miniconf's client: a QoS 1 request makes the broker send a PUBACK just before
     * the reply, and a broker without TCP_NODELAY (mosquitto's default) then holds the reply
     * for our delayed ACK, 40 ms per request. The reply is the acknowledgement that counts. */
    int rc = mosquitto_publish_v5(k->mosq, NULL, topic, (int)strlen(payload), payload, 0, false,
                                  props);
    mosquitto_property_free_all(&props);
    if (rc != MOSQ_ERR_SUCCESS) {
        fprintf(stderr, "kitconf: cannot publish to %s: %s\n", topic, mosquitto_strerror(rc));
        return rc == MOSQ_ERR_INVAL ? KC_USAGE : KC_BROKER;
    }
    return KC_OK;
}

/* One request; on KC_OK, r holds the answer (done, error, final, parts). */
static int request(struct kc *k, const char *path, const char *payload, struct reply *r)
{
    if (!response_subscribed) {
        snprintf(response_topic, sizeof response_topic, "%s/response", k->prefix);
        int rc = kc_subscribe(k, response_topic, 0);
        if (rc)
            return rc;
        response_subscribed = true;
    }
    memset(r, 0, sizeof *r);
    fresh_cd(r->cd);
    r->topic = response_topic;
    k->on_message = on_reply;
    k->op = r;
    int rc = publish(k, path, payload, r->cd, true);
    if (rc == KC_OK && !kc_wait(k, &r->done, k->timeout_s)) {
        if (k->lost) {
            fprintf(stderr, "kitconf: lost the broker\n");
            rc = KC_BROKER;
        } else {
            fprintf(stderr, "kitconf: no reply from %s within %g s (no device there, or it is "
                            "busy)\n", k->prefix, k->timeout_s);
            rc = KC_TIMEOUT;
        }
    }
    k->on_message = NULL;
    return rc;
}

static int refused(const char *what, const struct reply *r)
{
    fprintf(stderr, "kitconf: %s: refused: %s\n", what, r->final ? r->final : "");
    return KC_REFUSED;
}

int kc_get(struct kc *k, const char *path)
{
    struct reply r;
    int rc = request(k, path, "", &r);
    if (rc == KC_OK) {
        if (r.error) {
            rc = refused(path[0] ? path : "/", &r);
        } else if (r.n) { /* an inner node: the device listed it */
            fprintf(stderr, "kitconf: %s is not a leaf (%zu leaves below; list them with "
                            "'%s?')\n", path[0] ? path : "/", r.n, path);
            rc = KC_REFUSED;
        } else {
            printf("%s=%s\n", path, r.final);
        }
    }
    reply_free(&r);
    return rc;
}

int kc_set(struct kc *k, const char *path, const char *value)
{
    struct reply r;
    int rc = request(k, path, value, &r);
    if (rc == KC_OK) {
        if (r.error) {
            char what[1024];
            snprintf(what, sizeof what, "%s=%s", path, value);
            rc = refused(what, &r);
        } else {
            printf("%s=%s\n", path, value);
        }
    }
    reply_free(&r);
    return rc;
}

int kc_list(struct kc *k, const char *path)
{
    struct reply r;
    int rc = request(k, path, "", &r);
    if (rc == KC_OK) {
        if (r.error) {
            char what[600];
            snprintf(what, sizeof what, "%s?", path);
            rc = refused(what, &r);
        } else if (!r.n) { /* a leaf answers a List with its value (a Get) */
            printf("%s=%s\n", path, r.final);
        } else {
            /* then each leaf's value, as miniconf's tool prints them */
            for (size_t i = 0; i < r.n; i++) {
                int one = kc_get(k, r.parts[i]);
                if (one && !rc)
                    rc = one;
            }
        }
    }
    reply_free(&r);
    return rc;
}

static void on_dumped(struct kc *k, const struct mosquitto_message *msg,
                      const mosquitto_property *props)
{
    struct reply *r = k->op;
    char code[32];
    size_t head = strlen(k->prefix) + strlen("/settings");
    if (strlen(msg->topic) < head || !same_cd(props, r->cd) ||
        !kc_user_prop(props, "code", code, sizeof code))
        return;
    char *text = text_of(msg);
    if (strcmp(code, "Ok") == 0) {
        printf("%s=%s\n", msg->topic + head, text);
    } else {
        fprintf(stderr, "kitconf: %s: %s\n", msg->topic + head, text);
        r->error = true;
    }
    free(text);
    r->n++;
    r->last = kc_now();
}

int kc_dump(struct kc *k, const char *path)
{
    /* The device re-publishes on the settings topics themselves: listen there (not our own
     * request, not what the broker retained), matching our correlation data. */
    char filter[600];
    snprintf(filter, sizeof filter, "%s/settings%s/#", k->prefix, path);
    int rc = kc_subscribe(k, filter, MQTT_SUB_OPT_NO_LOCAL | MQTT_SUB_OPT_SEND_RETAIN_NEVER);
    if (rc)
        return rc;
    struct reply r = {0};
    fresh_cd(r.cd);
    k->on_message = on_dumped;
    k->op = &r;
    rc = publish(k, path, "", r.cd, false);
    bool never = false;
    if (rc == KC_OK) {
        double deadline = kc_now() + k->timeout_s;
        while (!k->lost) {
            double until = r.n ? r.last + DUMP_QUIET_S : deadline;
            if (kc_now() >= until)
                break;
            kc_wait(k, &never, until - kc_now());
        }
        if (k->lost) {
            fprintf(stderr, "kitconf: lost the broker\n");
            rc = KC_BROKER;
        } else if (!r.n) {
            fprintf(stderr, "kitconf: nothing re-published under %s%s within %g s (no device, "
                            "an unknown path, or the device is busy)\n", k->prefix, path,
                    k->timeout_s);
            rc = KC_TIMEOUT;
        } else if (r.error) {
            rc = KC_REFUSED;
        }
    }
    k->on_message = NULL;
    mosquitto_unsubscribe(k->mosq, NULL, filter);
    return rc;
}
