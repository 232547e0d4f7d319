#include "script.h"

#include <stdio.h>

struct script net;
struct recorded events[64];
unsigned event_count;
struct mqtt_client cl;
struct mqtt_config cfg;
uint64_t now;

static uint8_t rx[512], tx[512], store[1024];
static struct mqtt_inflight inflight[8];
static uint16_t qos2[4];
static const struct mqtt_storage storage = {rx,       sizeof rx, tx,   sizeof tx, store,
                                            sizeof store, inflight, 8, qos2, 4, &mqtt_qos2};
static const struct mqtt_storage storage_qos1 = {rx,       sizeof rx, tx,   sizeof tx, store,
                                                 sizeof store, inflight, 8, qos2, 0, NULL};
bool script_qos2;

static int s_connect(void *ctx, const struct mqtt_ip *ip, uint16_t port)
{
    (void)ctx;
    (void)port;
    net.connects++;
    net.last_ip = *ip;
    return net.connect_result;
}

static int s_send(void *ctx, const uint8_t *data, size_t len)
{
    (void)ctx;
    if (net.dead)
        return -1;
    if (net.blocked)
        return 0;
    if (net.send_limit && len > net.send_limit)
        len = net.send_limit;
    if (len > sizeof net.out - net.out_len)
        len = sizeof net.out - net.out_len;
    memcpy(net.out + net.out_len, data, len);
    net.out_len += len;
    return (int)len;
}

static int s_recv(void *ctx, uint8_t *buf, size_t len)
{
    (void)ctx;
    if (net.dead)
        return -1;
    size_t avail = net.in_len - net.in_pos;
    if (len > avail)
        len = avail;
    if (net.recv_limit && len > net.recv_limit)
        len = net.recv_limit;
    memcpy(buf, net.in + net.in_pos, len);
    net.in_pos += len;
    return (int)len;
}

static void s_close(void *ctx)
{
    (void)ctx;
    net.closes++;
    net.in_len = net.in_pos = 0;
}

static int s_resolve(void *ctx, const char *host, struct mqtt_ip *ip)
{
    (void)ctx;
    (void)host;
    net.resolves++;
    if (net.resolve_result > 0) {
        memset(ip, 0, sizeof *ip);
        ip->family = 4;
        ip->addr[0] = 10, ip->addr[3] = 7;
    }
    return net.resolve_result;
}

struct mqtt_transport transport = {s_connect, s_send, s_recv, s_close, s_resolve, NULL};

static void copy(char *dst, size_t cap, struct mqtt_bytes b)
{
    size_t n = b.len < cap - 1 ? b.len : cap - 1;
    if (n)
        memcpy(dst, b.p, n);
    dst[n] = '\0';
}

static void on_event(struct mqtt_client *c, const struct mqtt_event *ev)
{
    (void)c;
    if (event_count >= sizeof events / sizeof events[0])
        return;
    struct recorded *r = &events[event_count++];
    memset(r, 0, sizeof *r);
    r->type = ev->type;
    r->reason = ev->reason;
    r->source = ev->source;
    r->session_present = ev->session_present;
    r->packet_id = ev->packet_id;
    r->reasons_len = ev->reasons.len < 8 ? ev->reasons.len : 8;
    if (r->reasons_len)
        memcpy(r->reasons, ev->reasons.p, r->reasons_len);
    if (ev->msg) {
        copy(r->topic, sizeof r->topic, ev->msg->topic);
        copy(r->payload, sizeof r->payload, ev->msg->payload);
        r->qos = ev->msg->qos;
        r->retain = ev->msg->retain;
        r->dup = ev->msg->dup;
    }
    if (ev->props) {
        copy(r->response_topic, sizeof r->response_topic, ev->props->response_topic);
        copy(r->correlation, sizeof r->correlation, ev->props->correlation_data);
        copy(r->assigned, sizeof r->assigned, ev->props->assigned_client_id);
        copy(r->rs, sizeof r->rs, ev->props->reason_string);
    }
}

static uint32_t zero_entropy(void *ctx)
{
    (void)ctx;
    return 0;
}

void script_reset(const struct mqtt_version *version)
{
    memset(&net, 0, sizeof net);
    net.connect_result = 1;
    net.resolve_result = 1;
    memset(events, 0, sizeof events);
    event_count = 0;
    now = 1000000;
    memset(&cfg, 0, sizeof cfg);
    cfg.version = version;
    cfg.host = "127.0.0.1";
    cfg.port = 1883;
    cfg.client_id = "c";
    cfg.keep_alive_s = 10;
    cfg.clean_start = true;
    cfg.backoff_min_ms = 100;
    cfg.backoff_max_ms = 1000;
    cfg.entropy = zero_entropy;
    cfg.on_event = on_event;
    script_qos2 = true;
}

void script_init_client(void)
{
    mqtt_init(&cl, &cfg, &transport, script_qos2 ? &storage : &storage_qos1);
}

void script_feed(const uint8_t *bytes, size_t n)
{
    memcpy(net.in + net.in_len, bytes, n);
    net.in_len += n;
}

size_t script_sent(const uint8_t **p)
{
    *p = net.out + net.out_read;
    size_t n = net.out_len - net.out_read;
    net.out_read = net.out_len;
    return n;
}

void poll_at(uint64_t t)
{
    now = t;
    mqtt_poll(&cl, now);
}

void script_connect(bool session_present)
{
    script_init_client();
    mqtt_start(&cl, now);
    mqtt_poll(&cl, now);
    const uint8_t *p;
    script_sent(&p); /* the CONNECT */
    if (cfg.version == MQTT_V5) {
        const uint8_t ack[] = {0x20, 3, session_present, 0, 0};
        script_feed(ack, sizeof ack);
    } else {
        const uint8_t ack[] = {0x20, 2, session_present, 0};
        script_feed(ack, sizeof ack);
    }
    mqtt_poll(&cl, now);
}
