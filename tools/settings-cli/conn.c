/* The broker connection: MQTT 5, a random client id, waiting on the network with deadlines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kitconf.h"

double kc_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void on_connect(struct mosquitto *m, void *obj, int rc, int flags,
                       const mosquitto_property *props)
{
    (void)m, (void)flags, (void)props;
    struct kc *k = obj;
    k->connect_rc = rc;
    k->connected = rc == 0;
    if (rc)
        k->lost = true;
}

static void on_disconnect(struct mosquitto *m, void *obj, int rc, const mosquitto_property *props)
{
    (void)m, (void)rc, (void)props;
    struct kc *k = obj;
    k->connected = false;
    k->lost = true;
}

static void on_subscribe(struct mosquitto *m, void *obj, int mid, int n, const int *granted,
                         const mosquitto_property *props)
{
    (void)m, (void)props;
    struct kc *k = obj;
    if (mid == k->sub_mid) {
        k->subacked = true;
        if (n < 1 || granted[0] >= 0x80)
            k->sub_mid = -1; /* refused */
    }
}

static void on_message(struct mosquitto *m, void *obj, const struct mosquitto_message *msg,
                       const mosquitto_property *props)
{
    (void)m;
    struct kc *k = obj;
    if (k->on_message)
        k->on_message(k, msg, props);
}

int kc_connect(struct kc *k, const char *host, int port)
{
    mosquitto_lib_init();
    k->mosq = mosquitto_new(NULL, true, k);
    if (!k->mosq) {
        fprintf(stderr, "kitconf: cannot create an MQTT client\n");
        return KC_FAILED;
    }
    mosquitto_int_option(k->mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
    /* Requests are small and sequential: Nagle would hold each one for the previous
     * segment's delayed ACK (40 ms a request on Linux). */
    mosquitto_int_option(k->mosq, MOSQ_OPT_TCP_NODELAY, 1);
    mosquitto_connect_v5_callback_set(k->mosq, on_connect);
    mosquitto_disconnect_v5_callback_set(k->mosq, on_disconnect);
    mosquitto_subscribe_v5_callback_set(k->mosq, on_subscribe);
    mosquitto_message_v5_callback_set(k->mosq, on_message);
    int rc = mosquitto_connect_bind_v5(k->mosq, host, port, 30, NULL, NULL);
    if (rc == MOSQ_ERR_SUCCESS)
        kc_wait(k, &k->connected, k->timeout_s);
    if (!k->connected) {
        fprintf(stderr, "kitconf: cannot connect to the broker at %s:%d: %s\n", host, port,
                rc != MOSQ_ERR_SUCCESS ? mosquitto_strerror(rc)
                : k->connect_rc       ? mosquitto_reason_string(k->connect_rc)
                                      : "no answer");
        return KC_BROKER;
    }
    return KC_OK;
}

void kc_close(struct kc *k)
{
    if (k->mosq) {
        if (k->connected) {
            mosquitto_disconnect_v5(k->mosq, 0, NULL);
            mosquitto_loop(k->mosq, 100, 1);
        }
        mosquitto_destroy(k->mosq);
    }
    mosquitto_lib_cleanup();
}

bool kc_wait(struct kc *k, const bool *flag, double seconds)
{
    double deadline = kc_now() + seconds;
    while (!*flag) {
        double left = deadline - kc_now();
        if (left <= 0 || (k->lost && !*flag))
            return false;
        int rc = mosquitto_loop(k->mosq, left > 0.05 ? 50 : (int)(left * 1000) + 1, 1);
        if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_NO_CONN) {
            k->lost = true;
            return false;
        }
    }
    return true;
}

int kc_subscribe(struct kc *k, const char *filter, int options)
{
    k->subacked = false;
    int rc = mosquitto_subscribe_v5(k->mosq, &k->sub_mid, filter, 1, options, NULL);
    if (rc != MOSQ_ERR_SUCCESS) {
        fprintf(stderr, "kitconf: cannot subscribe to %s: %s\n", filter, mosquitto_strerror(rc));
        return rc == MOSQ_ERR_INVAL ? KC_USAGE : KC_BROKER;
    }
    if (!kc_wait(k, &k->subacked, k->timeout_s)) {
        fprintf(stderr, "kitconf: the broker did not answer the subscription to %s\n", filter);
        return k->lost ? KC_BROKER : KC_TIMEOUT;
    }
    if (k->sub_mid < 0) {
        fprintf(stderr, "kitconf: the broker refused the subscription to %s\n", filter);
        return KC_BROKER;
    }
    return KC_OK;
}

bool kc_user_prop(const mosquitto_property *props, const char *key, char *buf, size_t size)
{
    bool skip = false;
    for (const mosquitto_property *p = props;; skip = true) {
        char *name = NULL, *value = NULL;
        p = mosquitto_property_read_string_pair(p, MQTT_PROP_USER_PROPERTY, &name, &value, skip);
        if (!p)
            return false;
        bool hit = name && value && strcmp(name, key) == 0;
        if (hit)
            snprintf(buf, size, "%s", value);
        free(name);
        free(value);
        if (hit)
            return true;
    }
}
