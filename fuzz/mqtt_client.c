/* fuzz-deps: kit_mqtt kit_log */
/* The MQTT client's whole input path: the input is a script of what the broker sends (in
 * chunks of fuzzer-chosen sizes) interleaved with what the application does (publish at each
 * QoS, subscribe, request/respond from the callback) and what time and the network do (clock
 * jumps, connection loss). Whatever the bytes, the client must neither crash nor read out of
 * bounds, and must keep its own invariants. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mqtt/client.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t *in;
static size_t in_len, in_pos, chunk;
static int dead, connect_result;
static uint64_t now;
static struct mqtt_client cl;

static int t_connect(void *ctx, const struct mqtt_ip *ip, uint16_t port)
{
    (void)ctx, (void)ip, (void)port;
    return connect_result;
}

static int t_send(void *ctx, const uint8_t *p, size_t n)
{
    (void)ctx;
    volatile uint8_t sink = 0;
    for (size_t i = 0; i < n; i++)
        sink ^= p[i]; /* touch every byte the client claims to send */
    (void)sink;
    return dead ? -1 : (int)(n > 7 ? n - n / 3 : n); /* partial sends too */
}

static int t_recv(void *ctx, uint8_t *buf, size_t n)
{
    (void)ctx;
    if (dead)
        return -1;
    size_t k = in_len - in_pos;
    if (k > chunk)
        k = chunk;
    if (k > n)
        k = n;
    memcpy(buf, in + in_pos, k);
    in_pos += k;
    return (int)k;
}

static void t_close(void *ctx)
{
    (void)ctx;
}

static int t_resolve(void *ctx, const char *host, struct mqtt_ip *ip)
{
    (void)ctx, (void)host;
    memset(ip, 0, sizeof *ip);
    ip->family = 4;
    return 1;
}

static const struct mqtt_transport tp = {t_connect, t_send, t_recv, t_close, t_resolve, NULL};

static void on_event(struct mqtt_client *c, const struct mqtt_event *ev)
{
    if (ev->type == MQTT_EV_MESSAGE) {
        const struct mqtt_message *m = ev->msg;
        volatile uint8_t sink = 0;
        for (size_t i = 0; i < m->topic.len; i++)
            sink ^= m->topic.p[i];
        for (size_t i = 0; i < m->payload.len; i++)
            sink ^= m->payload.p[i];
        (void)sink;
        struct mqtt_user_prop up = {mqtt_str("code"), mqtt_str("Ok")};
        mqtt_respond(c, m, m->payload, m->qos, &up, 1, NULL);
    } else if (ev->type == MQTT_EV_CONNECTED && !ev->session_present) {
        struct mqtt_sub s = {mqtt_str("a/#"), 2};
        mqtt_subscribe(c, &s, 1, 1, NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    static uint8_t rx[256], tx[256], store[512];
    static struct mqtt_inflight fl[4];
    static uint16_t q2[2];
    /* QoS 2 linked or not (a storage without it: the broker's QoS 2 is a protocol error). */
    static const struct mqtt_storage with_qos2 = {rx, sizeof rx, tx, sizeof tx, store, sizeof store,
                                                  fl, 4, q2, 2, &mqtt_qos2};
    static const struct mqtt_storage without = {rx, sizeof rx, tx, sizeof tx, store, sizeof store,
                                                fl, 4, q2, 0, NULL};
    const struct mqtt_storage *st = data[0] & 4 ? &without : &with_qos2;
    struct mqtt_config cfg = {.version = data[0] & 1 ? MQTT_V5 : MQTT_V311,
                              .host = data[0] & 2 ? "broker" : "10.0.0.1", .port = 1883,
                              .client_id = "fz", .keep_alive_s = 5, .clean_start = true,
                              .session_expiry_s = 60, .on_event = on_event};
    /* The broker's bytes are everything after the script's first half. */
    size_t split = 1 + (size - 1) / 2;
    const uint8_t *ops = data + 1;
    size_t nops = split - 1;
    in = data + split;
    in_len = size - split;
    in_pos = 0;
    chunk = 1 + data[0] % 64;
    dead = 0;
    connect_result = 1;
    now = 1;
    mqtt_init(&cl, &cfg, &tp, st);
    mqtt_start(&cl, now);
    for (size_t i = 0; i < nops; i++) {
        uint8_t op = ops[i];
        switch (op & 7) {
        case 0:
        case 1:
            mqtt_poll(&cl, now);
            break;
        case 2: {
            struct mqtt_pub p = {mqtt_str(op & 8 ? "a/b" : "x"), {ops, i}, (uint8_t)(op >> 4) % 3,
                                 op & 0x80, NULL};
            mqtt_publish(&cl, &p, NULL);
            break;
        }
        case 3:
            now += (uint64_t)(op >> 3) * 250000u; /* up to ~8 s: keep-alive and backoff */
            mqtt_poll(&cl, now);
            break;
        case 4:
            dead = op & 8;
            mqtt_poll(&cl, now);
            dead = 0;
            break;
        case 5:
            chunk = 1 + (op >> 3);
            break;
        case 6: {
            struct mqtt_bytes f = mqtt_str("a/#");
            if (op & 8)
                mqtt_unsubscribe(&cl, &f, 1, NULL);
            else
                mqtt_request(&cl, &(struct mqtt_pub){mqtt_str("q"), mqtt_str("?"), 1, 0, NULL},
                             mqtt_str("r"), mqtt_str("c"), NULL);
            break;
        }
        case 7:
            if (op & 8)
                mqtt_stop(&cl, 0);
            else
                mqtt_start(&cl, now);
            break;
        }
        /* Invariants: the store and the slots never overflow, whatever happened. */
        if (cl.fl_count > 4 || cl.store_used > sizeof store || cl.q2_count > 2 ||
            cl.tx_len > sizeof tx || cl.rx_len > sizeof rx || cl.tx_head > cl.tx_len ||
            cl.store_dead > cl.store_used)
            abort();
        uint32_t sum = 0;
        unsigned busy = 0, rel = 0;
        for (unsigned k = 0; k < cl.fl_count; k++) {
            sum += fl[k].len;
            busy += fl[k].state != 0; /* not FL_QUEUED */
            rel += fl[k].state == 2;  /* FL_REL_QUEUED */
        }
        if (sum != cl.store_used - cl.store_dead || busy != cl.fl_busy || rel != cl.fl_rel_queued)
            abort();
        if (mqtt_poll_at(&cl) < now && mqtt_connected(&cl))
            abort(); /* a deadline in the past would mean a busy loop */
    }
    mqtt_poll(&cl, now);
    return 0;
}
