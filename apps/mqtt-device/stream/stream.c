/* The stream over the MQTT client: publish at a steady rate, log what arrives. */
#include <string.h>

#include "app.def.h"
#include "log/fmt.h"
#include "log/log.h"

/* The store holds what is unacknowledged: at 5 % loss a lost segment holds up acknowledgements
 * for a retransmission timeout, while the stream goes on. QoS 2 ids: one per message received
 * and not yet released. mosquitto 2.0.11 does not keep to the Receive Maximum we announce while
 * a session streams (a client announcing 8 was seen with 554 unreleased, 32 with 147), and the
 * client rightly ends such a connection with 0x93: room for every message of a test stream. */
MQTT_STORAGE_DEFINE(mq_mem, 1024, 2048, 16384, 64, 2048);
static uint8_t sock_rx[4096], sock_tx[4096];

static struct mqtt_config cfg;
static char topic_q1[STREAM_TOPIC_MAX + 3], topic_q2[STREAM_TOPIC_MAX + 3];

static void subscribe(struct mqtt_client *c, const stream_t *s)
{
    struct mqtt_sub sub = {mqtt_str(s->o->in), 2};
    int rc = mqtt_subscribe(c, &sub, 1, 0, NULL);
    if (rc != MQTT_OK)
        LOG_ERROR("stream: subscribe to %s failed (%d)", s->o->in, rc);
}

static void on_event(struct mqtt_client *c, const struct mqtt_event *ev)
{
    stream_t *s = mqtt_user(c);
    switch (ev->type) {
    case MQTT_EV_CONNECTED:
        s->connects++;
        LOG_INFO("stream: connected (session %s)", ev->session_present ? "resumed" : "new");
        if (!ev->session_present)
            subscribe(c, s);
        if (!s->started) {
            s->started = true;
            s->start_us = sched_now_us();
        }
        break;
    case MQTT_EV_DISCONNECTED:
        LOG_INFO("stream: disconnected (reason 0x%02x, source %u)", ev->reason, ev->source);
        break;
    case MQTT_EV_SUBACK:
        /* Without reasons it was lost with the connection; the session was then not kept
         * either, and the next CONNECTED (session new) subscribes again. */
        if (ev->reasons.len)
            LOG_INFO("stream: subscribed to %s (0x%02x)", s->o->in, ev->reasons.p[0]);
        break;
    case MQTT_EV_MESSAGE: {
        const struct mqtt_message *m = ev->msg;
        s->received++;
        LOG_INFO("stream: MSG qos=%u dup=%u topic=%.*s payload=%.*s", m->qos, m->dup,
                 LOG_SPAN(m->topic.len, m->topic.p), LOG_SPAN(m->payload.len, m->payload.p));
        break;
    }
    case MQTT_EV_PUBLISHED:
        if (ev->reason < 0x80) {
            s->acked++;
        } else {
            s->refused++;
            LOG_WARN("stream: message %u ended with 0x%02x", ev->packet_id, ev->reason);
        }
        break;
    default:
        break;
    }
}

static void wake_mqtt(void *ctx, uint32_t events)
{
    (void)ctx;
    (void)events;
    (void)sched_spawn(mqtt, 0);
}

void stream_mqtt_start(stream_t *s, stream_net_t *n, const struct stream_opts *o)
{
    s->o = o;
    fmt_snprintf(topic_q1, sizeof topic_q1, "%s/q1", o->out);
    fmt_snprintf(topic_q2, sizeof topic_q2, "%s/q2", o->out);
    net_tcp_init(&n->tcp, &n->net.iface, NULL);
    net_tcp_enable_sack(&n->tcp); /* streams: SACK recovery */
    net_tcp_socket_init(&n->sock, &n->tcp, sock_rx, sizeof sock_rx, sock_tx, sizeof sock_tx);
    net_tcp_transport_init(&n->tp, &n->sock, wake_mqtt, NULL);
    broker_resolver(&o->broker, &n->net, &n->tp);
    cfg = (struct mqtt_config){
        .version = MQTT_V5, .host = o->broker.host, .port = o->broker.port,
        .client_id = o->client_id, .keep_alive_s = 20, .clean_start = true,
        .session_expiry_s = 600, .backoff_min_ms = 100, .backoff_max_ms = 2000,
        .on_event = on_event, .user = s,
    };
    mqtt_init(&s->mq, &cfg, &n->tp.ops, &mq_mem);
    LOG_INFO("stream: broker %s:%u, client id %s, %lu messages of QoS 1 and 2 at %lu/s to %s/q1 "
             "and %s/q2, subscribed to %s",
             o->broker.host, (unsigned)o->broker.port, o->client_id, (unsigned long)o->count,
             (unsigned long)o->rate, o->out, o->out, o->in);
    mqtt_start(&s->mq, sched_now_us());
}

/* When message k (0-based, QoS 1 and 2 interleaved) is due. */
static uint64_t due(const stream_t *s, uint32_t k)
{
    return s->start_us + (uint64_t)(k / 2) * 1000000u / s->o->rate;
}

static void publish_due(stream_t *s, uint64_t now_us)
{
    uint32_t total = 2 * s->o->count;
    while (s->started && s->published < total && due(s, s->published) <= now_us) {
        uint32_t k = s->published;
        uint8_t qos = (uint8_t)(1 + k % 2);
        char payload[16];
        size_t len = fmt_snprintf(payload, sizeof payload, "q%u-%lu", qos, (unsigned long)(k / 2));
        struct mqtt_pub pub = {mqtt_str(qos == 1 ? topic_q1 : topic_q2),
                               {(const uint8_t *)payload, len}, qos, false, NULL};
        int rc = mqtt_publish(&s->mq, &pub, NULL);
        if (rc == MQTT_ERR_BUSY)
            return; /* the store is full: an acknowledgement (socket event) makes room */
        if (rc != MQTT_OK) {
            LOG_ERROR("stream: publish %s failed (%d)", payload, rc);
            return;
        }
        s->published++;
    }
}

uint64_t stream_mqtt_run(stream_t *s, uint64_t now_us)
{
    mqtt_poll(&s->mq, now_us);
    publish_due(s, now_us);
    mqtt_poll(&s->mq, now_us); /* send what was just stored */
    uint32_t total = 2 * s->o->count;
    if (!s->done_said && s->acked + s->refused == total) {
        s->done_said = true;
        LOG_INFO("stream: done: published %lu, acknowledged %lu, refused %lu",
                 (unsigned long)s->published, (unsigned long)s->acked, (unsigned long)s->refused);
    }
    uint64_t at = mqtt_poll_at(&s->mq);
    if (s->started && s->published < total) {
        uint64_t next = due(s, s->published);
        if (next <= now_us)
            next = now_us + 10000u; /* held back by a full store: look again soon */
        at = next < at ? next : at;
    }
    return at;
}

void stream_progress(const stream_t *s)
{
    LOG_INFO("stream: published %lu of %lu, acknowledged %lu, received %lu, connects %lu",
             (unsigned long)s->published, (unsigned long)(2 * s->o->count),
             (unsigned long)s->acked, (unsigned long)s->received, (unsigned long)s->connects);
}
