/* mqtt-posix: the kit's MQTT client as a command-line program on POSIX sockets, for the
 * integration tests (against a real mosquitto) and the benchmarks. One line on stdout per
 * event, so a test can read exactly what the client saw:
 *
 *   CONNECTED sp=0|1 [assigned=ID] [ka=S] [rmax=N]
 *   DISCONNECTED reason=0xNN source=N [rs=REASON STRING]
 *   MSG qos=Q retain=R dup=D id=N topic=T payload=P [rt=..] [cd=..] [ct=..] [pf=..] [exp=..] [up=k=v,..]
 *   PUBLISHED id=N reason=0xNN
 *   SUBACK id=N codes=XX,YY   (codes= empty when lost with the connection)
 *   RATE n=N seconds=S per_s=R
 *
 * Exit status: 0 done, 2 bad usage, 3 timeout. */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mqtt/client.h"
#include "mqtt/posix_transport.h"
#include "mqtt/topic.h"

#define MAX_SUBS 8

static struct opts {
    struct mqtt_config cfg;
    struct mqtt_pub will;
    struct mqtt_pub_props will_props;
    const char *subs[MAX_SUBS];
    unsigned nsubs;
    uint8_t sub_options;
    uint32_t sub_id;
    const char *topic, *message, *response_topic, *correlation;
    uint8_t qos;
    bool retain, seq, respond, quiet, resub, print_only_payload;
    long count, expect;
    double rate, timeout_s, linger_s;
    bool bench;
    uint8_t stop_reason;
    long rx_size, tx_size, store_size, inflight, qos2;
} o;

static struct mqtt_client client;
static long received, acked, published;

static uint64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static uint32_t entropy(void *ctx)
{
    (void)ctx;
    return (uint32_t)random();
}

static void print_bytes(const char *label, struct mqtt_bytes b, bool hex)
{
    printf(" %s=", label);
    for (size_t i = 0; i < b.len; i++) {
        uint8_t ch = b.p[i];
        if (hex)
            printf("%02x", ch);
        else if (ch >= 0x21 && ch < 0x7F && ch != '\\')
            putchar(ch);
        else
            printf("\\x%02x", ch);
    }
}

static void subscribe_all(void)
{
    struct mqtt_sub subs[MAX_SUBS];
    for (unsigned i = 0; i < o.nsubs; i++) {
        subs[i].filter = mqtt_str(o.subs[i]);
        subs[i].options = o.sub_options;
    }
    if (o.nsubs && mqtt_subscribe(&client, subs, o.nsubs, o.sub_id, NULL) != MQTT_OK)
        printf("SUBSCRIBE-FAILED\n");
}

static void on_message(const struct mqtt_message *m, const struct mqtt_props *p)
{
    received++;
    if (o.quiet)
        return;
    printf("MSG qos=%u retain=%u dup=%u id=%u", m->qos, m->retain, m->dup, m->packet_id);
    print_bytes("topic", m->topic, false);
    print_bytes("payload", m->payload, false);
    if (p) {
        if (mqtt_props_has(p, MQTT_PROP_RESPONSE_TOPIC))
            print_bytes("rt", p->response_topic, false);
        if (mqtt_props_has(p, MQTT_PROP_CORRELATION_DATA))
            print_bytes("cd", p->correlation_data, true);
        if (mqtt_props_has(p, MQTT_PROP_CONTENT_TYPE))
            print_bytes("ct", p->content_type, false);
        if (mqtt_props_has(p, MQTT_PROP_PAYLOAD_FORMAT))
            printf(" pf=%u", p->payload_format);
        if (mqtt_props_has(p, MQTT_PROP_MESSAGE_EXPIRY))
            printf(" exp=%u", (unsigned)p->message_expiry);
        if (p->sub_id_count)
            printf(" subid=%u", (unsigned)p->subscription_id);
        size_t pos = 0;
        struct mqtt_bytes k, v;
        while (mqtt_user_prop_next(p, &pos, &k, &v)) {
            print_bytes("up", k, false);
            print_bytes("", v, false);
        }
    }
    printf("\n");
}

static void on_event(struct mqtt_client *c, const struct mqtt_event *ev)
{
    switch (ev->type) {
    case MQTT_EV_CONNECTED:
        printf("CONNECTED sp=%d", ev->session_present);
        if (ev->props && ev->props->assigned_client_id.len)
            print_bytes("assigned", ev->props->assigned_client_id, false);
        printf(" ka=%u", c->keep_alive_s);
        if (ev->props && mqtt_props_has(ev->props, MQTT_PROP_RECEIVE_MAX))
            printf(" rmax=%u", ev->props->receive_max);
        printf("\n");
        /* The application's duty when the broker has no session: subscribe (again). */
        if (!ev->session_present || o.resub)
            subscribe_all();
        break;
    case MQTT_EV_DISCONNECTED:
        printf("DISCONNECTED reason=0x%02x source=%u", ev->reason, ev->source);
        if (ev->props && ev->props->reason_string.len)
            print_bytes("rs", ev->props->reason_string, false);
        printf("\n");
        break;
    case MQTT_EV_MESSAGE:
        on_message(ev->msg, ev->props);
        if (o.respond) {
            char reply[300];
            int n = snprintf(reply, sizeof reply, "echo:%.*s", (int)ev->msg->payload.len,
                             (const char *)ev->msg->payload.p);
            struct mqtt_user_prop up = {mqtt_str("code"), mqtt_str("Ok")};
            struct mqtt_bytes pl = {(const uint8_t *)reply, (size_t)n};
            int rc = mqtt_respond(c, ev->msg, pl, 1, &up, 1, NULL);
            if (rc)
                printf("RESPOND-FAILED rc=%d\n", rc);
        }
        break;
    case MQTT_EV_PUBLISHED:
        acked++;
        if (!o.quiet || ev->reason >= 0x80)
            printf("PUBLISHED id=%u reason=0x%02x\n", ev->packet_id, ev->reason);
        break;
    case MQTT_EV_SUBACK:
    case MQTT_EV_UNSUBACK:
        printf("%s id=%u codes=", ev->type == MQTT_EV_SUBACK ? "SUBACK" : "UNSUBACK",
               ev->packet_id);
        for (size_t i = 0; i < ev->reasons.len; i++)
            printf("%s%02x", i ? "," : "", ev->reasons.p[i]);
        printf("\n");
        break;
    }
    fflush(stdout);
}

static int publish_next(void)
{
    char payload[512];
    int n;
    if (o.seq)
        n = snprintf(payload, sizeof payload, "%s%ld", o.message ? o.message : "", published);
    else
        n = snprintf(payload, sizeof payload, "%s", o.message ? o.message : "");
    struct mqtt_pub p = {.topic = mqtt_str(o.topic), .qos = o.qos, .retain = o.retain};
    p.payload.p = (const uint8_t *)payload;
    p.payload.len = (size_t)n;
    if (o.response_topic)
        return mqtt_request(&client, &p, mqtt_str(o.response_topic),
                            mqtt_str(o.correlation ? o.correlation : ""), NULL);
    return mqtt_publish(&client, &p, NULL);
}

static void usage(void)
{
    fprintf(stderr,
            "usage: mqtt-posix [-h host] [-p port] [-V 3|5] [-i id] [-k keepalive] [-c] [-x expiry]\n"
            "  [--will-topic T --will-payload P --will-qos Q --will-retain --will-delay S]\n"
            "  [--user U --pass P] [-s filter]... [--sub-qos Q] [--no-local] [--rap] [--rh N]\n"
            "  [--sub-id N] [-t topic -q qos -n count -m payload --seq -r --rate N]\n"
            "  [--request-to RT --correlation C] [--respond] [-e expect] [-T timeout]\n"
            "  [--linger S] [--stop-reason R] [--backoff MIN_MS:MAX_MS] [--bench] [--quiet]\n"
            "  [--rx N --tx N --store N --inflight N --qos2 N] [--resub]\n");
    exit(2);
}

static void parse(int argc, char **argv)
{
    enum { WT = 256, WP, WQ, WR, WD, USER, PASS, SQ, NL, RAP, RH, SID, SEQ, RATE, REQ, CORR,
           RESP, LINGER, STOPR, BACKOFF, BENCH, QUIET, RX, TX, STORE, INFL, Q2, RESUB };
    static const struct option longopts[] = {
        {"will-topic", 1, 0, WT}, {"will-payload", 1, 0, WP}, {"will-qos", 1, 0, WQ},
        {"will-retain", 0, 0, WR}, {"will-delay", 1, 0, WD}, {"user", 1, 0, USER},
        {"pass", 1, 0, PASS}, {"sub-qos", 1, 0, SQ}, {"no-local", 0, 0, NL}, {"rap", 0, 0, RAP},
        {"rh", 1, 0, RH}, {"sub-id", 1, 0, SID}, {"seq", 0, 0, SEQ}, {"rate", 1, 0, RATE},
        {"request-to", 1, 0, REQ}, {"correlation", 1, 0, CORR}, {"respond", 0, 0, RESP},
        {"linger", 1, 0, LINGER}, {"stop-reason", 1, 0, STOPR}, {"backoff", 1, 0, BACKOFF},
        {"bench", 0, 0, BENCH}, {"quiet", 0, 0, QUIET}, {"rx", 1, 0, RX}, {"tx", 1, 0, TX},
        {"store", 1, 0, STORE}, {"inflight", 1, 0, INFL}, {"qos2", 1, 0, Q2},
        {"resub", 0, 0, RESUB}, {0, 0, 0, 0}};
    struct mqtt_config *cfg = &o.cfg;
    cfg->version = MQTT_V5;
    cfg->host = "127.0.0.1";
    cfg->port = 1883;
    cfg->client_id = "";
    cfg->keep_alive_s = 60;
    cfg->entropy = entropy;
    cfg->on_event = on_event;
    o.timeout_s = 30;
    o.rx_size = o.tx_size = 4096;
    o.store_size = 65536;
    o.inflight = 256;
    o.qos2 = 32;
    int ch;
    while ((ch = getopt_long(argc, argv, "h:p:V:i:k:cx:s:t:q:n:m:re:T:", longopts, NULL)) != -1) {
        switch (ch) {
        case 'h': cfg->host = optarg; break;
        case 'p': cfg->port = (uint16_t)atoi(optarg); break;
        case 'V': cfg->version = atoi(optarg) == 3 ? MQTT_V311 : MQTT_V5; break;
        case 'i': cfg->client_id = optarg; break;
        case 'k': cfg->keep_alive_s = (uint16_t)atoi(optarg); break;
        case 'c': cfg->clean_start = true; break;
        case 'x': cfg->session_expiry_s = (uint32_t)strtoul(optarg, NULL, 0); break;
        case 's': if (o.nsubs < MAX_SUBS) o.subs[o.nsubs++] = optarg; break;
        case 't': o.topic = optarg; break;
        case 'q': o.qos = (uint8_t)atoi(optarg); break;
        case 'n': o.count = atol(optarg); break;
        case 'm': o.message = optarg; break;
        case 'r': o.retain = true; break;
        case 'e': o.expect = atol(optarg); break;
        case 'T': o.timeout_s = atof(optarg); break;
        case WT: o.will.topic = mqtt_str(optarg); cfg->will = &o.will; break;
        case WP: o.will.payload = mqtt_str(optarg); break;
        case WQ: o.will.qos = (uint8_t)atoi(optarg); break;
        case WR: o.will.retain = true; break;
        case WD: o.will_props.will_delay = (uint32_t)atoi(optarg); o.will.props = &o.will_props; break;
        case USER: cfg->username = optarg; break;
        case PASS: cfg->password = mqtt_str(optarg); break;
        case SQ: o.sub_options = (uint8_t)((o.sub_options & ~3u) | (atoi(optarg) & 3)); break;
        case NL: o.sub_options |= MQTT_SUB_NO_LOCAL; break;
        case RAP: o.sub_options |= MQTT_SUB_RETAIN_AS_PUBLISHED; break;
        case RH: o.sub_options = (uint8_t)(o.sub_options | (atoi(optarg) & 3) << 4); break;
        case SID: o.sub_id = (uint32_t)atol(optarg); break;
        case SEQ: o.seq = true; break;
        case RATE: o.rate = atof(optarg); break;
        case REQ: o.response_topic = optarg; break;
        case CORR: o.correlation = optarg; break;
        case RESP: o.respond = true; break;
        case LINGER: o.linger_s = atof(optarg); break;
        case STOPR: o.stop_reason = (uint8_t)strtoul(optarg, NULL, 0); break;
        case BACKOFF:
            if (sscanf(optarg, "%u:%u", &cfg->backoff_min_ms, &cfg->backoff_max_ms) != 2)
                usage();
            break;
        case BENCH: o.bench = true; o.quiet = true; break;
        case QUIET: o.quiet = true; break;
        case RX: o.rx_size = atol(optarg); break;
        case TX: o.tx_size = atol(optarg); break;
        case STORE: o.store_size = atol(optarg); break;
        case INFL: o.inflight = atol(optarg); break;
        case Q2: o.qos2 = atol(optarg); break;
        case RESUB: o.resub = true; break;
        default: usage();
        }
    }
    if (optind != argc || (o.count && !o.topic) || o.rx_size < 16 || o.tx_size < 16)
        usage();
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    srandom((unsigned)getpid() ^ (unsigned)now_us());
    parse(argc, argv);

    /* The client's memory is the caller's: sized here from the command line. */
    static uint8_t rx[1 << 20], tx[1 << 20], store[1 << 24];
    static struct mqtt_inflight inflight[4096];
    static uint16_t qos2[1024];
    if (o.rx_size > (long)sizeof rx || o.tx_size > (long)sizeof tx ||
        o.store_size > (long)sizeof store || o.inflight > 4096 || o.qos2 > 1024)
        usage();
    /* --qos2 0: a client without QoS 2 (it refuses QoS 2 both ways) */
    struct mqtt_storage st = {rx, (size_t)o.rx_size, tx, (size_t)o.tx_size, store,
                              (size_t)o.store_size, inflight, (uint16_t)o.inflight, qos2,
                              (uint16_t)o.qos2, o.qos2 ? &mqtt_qos2 : NULL};
    struct mqtt_posix_transport tp;
    mqtt_posix_transport_init(&tp);
    mqtt_init(&client, &o.cfg, &tp.ops, &st);

    uint64_t start = now_us(), deadline = start + (uint64_t)(o.timeout_s * 1e6);
    uint64_t first_pub = 0, linger_until = 0;
    mqtt_start(&client, start);
    int status = 3;
    for (;;) {
        uint64_t now = now_us();
        mqtt_poll(&client, now);
        uint64_t wake = mqtt_poll_at(&client);

        /* Publish what the rate allows; QoS 1/2 go into the store even while disconnected. */
        while (published < o.count && (o.qos || mqtt_connected(&client))) {
            if (o.rate > 0) {
                uint64_t due = first_pub + (uint64_t)(published * 1e6 / o.rate);
                if (first_pub && now < due) {
                    if (due < wake)
                        wake = due;
                    break;
                }
            }
            int rc = publish_next();
            if (rc == MQTT_ERR_BUSY || rc == MQTT_ERR_NOT_CONNECTED)
                break;
            if (rc != MQTT_OK) {
                printf("PUBLISH-FAILED rc=%d\n", rc);
                return 1;
            }
            if (!first_pub)
                first_pub = now_us();
            published++;
        }
        bool sent_all = published >= o.count && (o.qos ? acked >= o.count : !mqtt_wants_write(&client));
        bool got_all = received >= o.expect;
        if (sent_all && got_all && (o.count || o.expect || o.linger_s) && mqtt_connected(&client)) {
            if (o.bench && o.count) {
                double secs = (double)(now_us() - first_pub) / 1e6;
                printf("RATE n=%ld seconds=%.3f per_s=%.0f\n", o.count, secs, o.count / secs);
            }
            if (!linger_until)
                linger_until = now_us() + (uint64_t)(o.linger_s * 1e6);
            if (now_us() >= linger_until) {
                /* Until the broker has closed (the client waits for that, at most 1 s). */
                mqtt_stop(&client, o.stop_reason);
                while (mqtt_poll_at(&client) != UINT64_MAX) {
                    struct pollfd p = {.fd = tp.fd, .events = POLLIN};
                    poll(&p, tp.fd >= 0 ? 1 : 0, 10);
                    mqtt_poll(&client, now_us());
                }
                status = 0;
                break;
            }
            if (linger_until < wake)
                wake = linger_until;
        }
        now = now_us();
        if (now >= deadline) {
            printf("TIMEOUT received=%ld published=%ld acked=%ld\n", received, published, acked);
            break;
        }
        if (deadline < wake)
            wake = deadline;
        int ms = wake > now ? (int)((wake - now + 999) / 1000) : 0;
        if (ms > 1000)
            ms = 1000;
        struct pollfd pfd = {.fd = tp.fd, .events = POLLIN};
        if (mqtt_wants_write(&client))
            pfd.events |= POLLOUT;
        if (poll(&pfd, tp.fd >= 0 ? 1 : 0, ms) < 0 && errno != EINTR)
            break;
    }
    fflush(stdout);
    return status;
}
