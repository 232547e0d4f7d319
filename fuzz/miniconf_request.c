/* fuzz-deps: kit_miniconf kit_mqtt kit_settings kit_log */
/* The settings-over-MQTT request dispatcher: arbitrary topics, payloads, response topics and
 * correlation data, interleaved with polls, clock jumps, PUBACKs that free the client's store
 * (which paces List/Dump and pushes single replies to QoS 0 or the kept slot), connection
 * events and SUBACKs. The layer runs on a real client, connected through a scripted transport.
 *
 * Invariants: no crash, no out-of-bounds access (ASan), and
 *  - the settings change exactly as settings_set_path() on a shadow copy says a request does
 *    (a refused set changes nothing; a topic outside the settings changes nothing);
 *  - the changed callback fires exactly when a leaf's bytes changed, with that leaf's path;
 *  - when the store is drained and time passes, every List/Dump ends and a save restores the
 *    same writable values. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../miniconf/src/internal.h" /* the layer's states, to drive it to each */
#include "mqtt/packet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- the tree, twice: live (served by the layer) and shadow (settings_set_path alone) -- */

enum mode { MODE_OFF, MODE_ON, MODE_BLINK };
static const char *const mode_names[] = {[MODE_OFF] = "off", [MODE_ON] = "on", [MODE_BLINK] = "blink"};

struct pid {
    float kp;
    double kd;
};
struct cfg {
    bool led;
    uint32_t period;
    enum mode mode;
    struct {
        char ip[16];
        uint16_t port;
    } net;
    struct pid pid[2];
    int16_t offset;
    uint8_t gains[3];
    char name[12];
};
typedef __typeof__(((struct cfg *)0)->net) net_t;

static const char *no_spaces(const char *s)
{
    return strchr(s, ' ') ? "no spaces allowed" : NULL;
}

SETTING_TABLE(net_t, net_fields) = {
    SETTING_STRING(net_t, ip, .read_only = true),
    SETTING_U16(net_t, port, .min = 1, .max = 65535),
};
SETTING_TABLE(struct pid, pid_fields) = {
    SETTING_F32(struct pid, kp, .min = 0, .max = 100),
    SETTING_F64(struct pid, kd, .nullable = true),
};
SETTING_TABLE(struct cfg, cfg_fields) = {
    SETTING_BOOL(struct cfg, led),
    SETTING_U32(struct cfg, period, .min = 1, .max = 3600),
    SETTING_ENUM(struct cfg, mode, mode_names),
    SETTING_NODE(struct cfg, net, net_fields),
    SETTING_ARRAY(struct cfg, pid, NODE, pid_fields),
    SETTING_I16(struct cfg, offset, .min = -1000, .max = 1000),
    SETTING_ARRAY(struct cfg, gains, U8),
    SETTING_STRING(struct cfg, name, .validate = no_spaces),
};
static const struct setting_desc cfg_root = SETTINGS_ROOT(struct cfg, cfg_fields);
static const struct cfg defaults = {
    .period = 10, .net = {.ip = "10.0.2.15", .port = 1883}, .pid = {{1.0f, 0.5}, {2.0f, -1.0}},
    .gains = {1, 2, 3}, .name = "dev",
};

static struct cfg live, shadow, restored;
static const struct settings live_tree = {.root = &cfg_root, .data = &live, .defaults = &defaults};
static const struct settings shadow_tree = {.root = &cfg_root, .data = &shadow,
                                            .defaults = &defaults};
static const struct settings restored_tree = {.root = &cfg_root, .data = &restored,
                                              .defaults = &defaults};

/* ---- a transport the harness feeds -------------------------------------------------------- */

static uint8_t rxq[256];
static size_t rxq_len, rxq_pos;

static int t_connect(void *ctx, const struct mqtt_ip *ip, uint16_t port)
{
    (void)ctx, (void)ip, (void)port;
    return 1;
}

static int t_send(void *ctx, const uint8_t *p, size_t n)
{
    (void)ctx;
    volatile uint8_t sink = 0;
    for (size_t i = 0; i < n; i++)
        sink ^= p[i]; /* every byte the client claims to send is readable */
    (void)sink;
    return (int)n;
}

static int t_recv(void *ctx, uint8_t *buf, size_t n)
{
    (void)ctx;
    size_t k = rxq_len - rxq_pos;
    if (k > n)
        k = n;
    memcpy(buf, rxq + rxq_pos, k);
    rxq_pos += k;
    if (rxq_pos == rxq_len)
        rxq_pos = rxq_len = 0;
    return (int)k;
}

static void t_close(void *ctx)
{
    (void)ctx;
}

static const struct mqtt_transport transport = {t_connect, t_send, t_recv, t_close, NULL, NULL};

static void feed(const uint8_t *bytes, size_t n)
{
    if (rxq_len + n <= sizeof rxq) {
        memcpy(rxq + rxq_len, bytes, n);
        rxq_len += n;
    }
}

/* ---- the layer, the client, the clock --------------------------------------------------- */

#define PREFIX "dt/fz/dev/02-00-00-00-00-01"

static struct mqtt_client mq;
static struct miniconf mc;
static uint64_t now;
static uint8_t store_ram[512];
static struct settings_backend store;
static uint8_t m_rx[512], m_tx[4096], m_store[4096];
static struct mqtt_inflight m_inflight[8];
static uint16_t m_qos2[4];

static bool changed_seen;
static char changed_path[SETTINGS_PATH_MAX];

static void on_changed(struct miniconf *m, const struct settings_ref *leaf, const char *path,
                       void *ctx)
{
    (void)m, (void)ctx;
    char again[SETTINGS_PATH_MAX];
    if (settings_path_of(&live_tree, leaf, again, sizeof again) != SETTINGS_OK ||
        strcmp(again, path) != 0)
        abort(); /* the path given is the leaf's */
    changed_seen = true;
    strcpy(changed_path, path);
}

static void app_values(struct json_obj *o, void *ctx)
{
    (void)ctx;
    json_obj_bool(o, "led", live.led);
}

static const struct miniconf_config mc_cfg = {
    .settings = &live_tree, .prefix = PREFIX, .changed = on_changed, .store = &store,
    .save_delay_ms = 50, .telemetry = MINICONF_TELEMETRY(&live.period), .app_values = app_values,
    .firmware = "fuzz",
};

static void on_event(struct mqtt_client *c, const struct mqtt_event *ev)
{
    (void)c;
    miniconf_on_event(&mc, ev);
}

static const struct mqtt_config mq_cfg = {
    .version = MQTT_V5, .host = "10.0.0.1", .port = 1883, .client_id = "fz",
    .on_event = on_event, .will = NULL,
};

static void poll_both(void)
{
    mqtt_poll(&mq, now);
    miniconf_poll(&mc, now);
}

/* PUBACK for the oldest message the client holds, if any. */
static void ack_one(void)
{
    for (unsigned i = 0; i < mq.st.inflight_count; i++) {
        const struct mqtt_inflight *f = &mq.st.inflight[i];
        if (f->len && f->packet_id) {
            uint8_t ack[4] = {0x40, 0x02, (uint8_t)(f->packet_id >> 8), (uint8_t)f->packet_id};
            feed(ack, sizeof ack);
            return;
        }
    }
}

static void suback(void)
{
    uint8_t p[6] = {0x90, 0x04, (uint8_t)(mc.sub_id >> 8), (uint8_t)mc.sub_id, 0x00, 0x01};
    feed(p, sizeof p);
}

static void setup(size_t store_size)
{
    rxq_len = rxq_pos = 0;
    memset(store_ram, 0xFF, sizeof store_ram);
    settings_ram_backend(&store, store_ram, sizeof store_ram);
    settings_reset(&live_tree);
    settings_reset(&shadow_tree);
    changed_seen = false;
    if (miniconf_init(&mc, &mc_cfg, &mq) != 0)
        abort();
    struct mqtt_storage st = {m_rx, sizeof m_rx, m_tx, sizeof m_tx, m_store, store_size,
                              m_inflight, 8, m_qos2, 4};
    static struct mqtt_storage st_kept;
    st_kept = st;
    mqtt_init(&mq, &mq_cfg, &transport, &st_kept);
    now = 1000;
    static const uint8_t connack[] = {0x20, 0x03, 0x00, 0x00, 0x00};
    mqtt_start(&mq, now);
    poll_both(); /* TCP connected, CONNECT sent */
    feed(connack, sizeof connack);
    poll_both(); /* CONNACK: announce, subscribe */
    suback();
    poll_both();
    now += MINICONF_SETTLE_US + 1;
    poll_both(); /* settled: the first dump starts */
}

/* ---- the script ------------------------------------------------------------------------- */

static const uint8_t *in;
static size_t in_len, in_pos;

static uint8_t byte(void)
{
    return in_pos < in_len ? in[in_pos++] : 0;
}

/* A length-prefixed field of the input (points into it; no copy). */
static struct mqtt_bytes field(void)
{
    size_t n = byte();
    if (n > in_len - in_pos)
        n = in_len - in_pos;
    struct mqtt_bytes b = {in + in_pos, n};
    in_pos += n;
    return b;
}

static void message(void)
{
    uint8_t flags = byte();
    struct mqtt_bytes path = field(), payload = field(), rt = field(), cd = field();
    /* Each field gets its own exactly-sized heap copy, so ASan sees any read past it. */
    uint8_t topic_buf[300];
    size_t tlen = 0;
    if (flags & 1) { /* under the prefix, as most requests are */
        memcpy(topic_buf, PREFIX "/settings", sizeof PREFIX + 8);
        tlen = sizeof PREFIX + 8;
    }
    memcpy(topic_buf + tlen, path.p, path.len);
    tlen += path.len;
    uint8_t *topic = malloc(tlen ? tlen : 1), *pl = malloc(payload.len ? payload.len : 1);
    uint8_t *rtc = malloc(rt.len ? rt.len : 1), *cdc = malloc(cd.len ? cd.len : 1);
    memcpy(topic, topic_buf, tlen);
    memcpy(pl, payload.p, payload.len);
    memcpy(rtc, rt.p, rt.len);
    memcpy(cdc, cd.p, cd.len);
    struct mqtt_message msg = {.topic = {topic, tlen}, .payload = {pl, payload.len},
                               .qos = flags >> 6 & 1};
    if (flags & 2) {
        msg.props.response_topic = (struct mqtt_bytes){rtc, rt.len};
        mqtt_props_set(&msg.props, MQTT_PROP_RESPONSE_TOPIC);
    }
    if (flags & 4) {
        msg.props.correlation_data = (struct mqtt_bytes){cdc, cd.len};
        mqtt_props_set(&msg.props, MQTT_PROP_CORRELATION_DATA);
    }

    /* What settings alone make of it, on the shadow copy. */
    size_t head = sizeof PREFIX + 8;
    bool ours = tlen >= head && memcmp(topic, PREFIX "/settings", head) == 0 &&
                (tlen == head || topic[head] == '/');
    if (ours && payload.len)
        settings_set_path(&shadow_tree, (const char *)topic + head, tlen - head,
                          (const char *)pl, payload.len, NULL, 0);
    struct cfg before = live;
    changed_seen = false;
    struct mqtt_event ev = {.type = MQTT_EV_MESSAGE, .msg = &msg};
    miniconf_on_event(&mc, &ev);
    if (memcmp(&live, &shadow, sizeof live) != 0)
        abort(); /* the layer did something else than the set asked for */
    if (changed_seen != (memcmp(&before, &live, sizeof live) != 0))
        abort(); /* told of a change that was none, or not told of one */
    free(topic);
    free(pl);
    free(rtc);
    free(cdc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    in = data;
    in_len = size;
    in_pos = 0;
    static const size_t stores[] = {64, 128, 256, 600, 1024, 4096};
    setup(stores[byte() % 6]);
    for (int steps = 0; in_pos < in_len && steps < 200; steps++) {
        switch (byte() % 8) {
        case 0:
        case 1:
        case 2: message(); break;
        case 3: now += (uint64_t)byte() * 20000u; poll_both(); break;
        case 4: ack_one(); poll_both(); break;
        case 5: { /* the connection restarts (as the client reports it) */
            struct mqtt_event ev = {.type = byte() & 1 ? MQTT_EV_CONNECTED : MQTT_EV_DISCONNECTED};
            miniconf_on_event(&mc, &ev);
            poll_both();
            break;
        }
        case 6: suback(); poll_both(); break;
        default: poll_both(); break;
        }
    }
    /* Drain: acknowledge everything, let time pass: every List/Dump ends, the save happens. */
    for (int i = 0; i < 2000 && (mc.multi.kind || mc.dirty || mc.change_seen || mq.fl_count); i++) {
        ack_one();
        now += 10000;
        poll_both();
        if (mc.state == ST_WAIT_SUBACK) {
            suback();
            poll_both();
        }
    }
    if (mc.multi.kind || mc.dirty || mc.change_seen)
        abort(); /* stuck although the client had room and time */
    if (settings_load(&restored_tree, &store, NULL, 0) == SETTINGS_OK &&
        memcmp(&restored, &live, sizeof live) != 0)
        abort(); /* the saved image is not what is live */
    return 0;
}
