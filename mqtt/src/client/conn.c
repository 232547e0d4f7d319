/* The connection's life: resolve, connect, CONNECT/CONNACK, traffic, keep-alive, loss, backoff,
 * reconnect. Driven only by mqtt_poll(); nothing here blocks or waits. */
#include <string.h>

#include "internal.h"

/* Time inside the client (struct mqtt_client's now, deadline, last_tx, last_rx) is in ticks of
 * 1024 us, taken from now_us by a shift. A span in ms or s becomes ticks rounded up, and a
 * deadline one tick more (now is rounded down): timers fire never early, at most 2 ms late. */
#define TICK_SHIFT 10

static uint32_t ticks_of_us(uint64_t us)
{
    return (uint32_t)(us >> TICK_SHIFT);
}

/* ms * 1000 / 1024 = ms * 125 / 128, rounded up, without overflow for any ms. */
static uint32_t ticks_of_ms(uint32_t ms)
{
    return ms - 3u * (ms >> 7) - (3u * (ms & 127u) >> 7);
}

/* t has come (t is at most 2^31 ticks, 25 days, away from now). */
static bool reached(const struct mqtt_client *c, uint32_t t)
{
    return (int32_t)(c->now - t) >= 0;
}

static void set_now(struct mqtt_client *c, uint64_t now_us)
{
    c->now_us = now_us;
    c->now = ticks_of_us(now_us);
}

/* The versions. Only 3.1.1's sets mqtt__v311_used (internal.h), so that an image in which
 * nothing names MQTT_V311 has none of its code. */
bool mqtt__v311_used;

static void use_v311(void)
{
    mqtt__v311_used = true;
}

const struct mqtt_version mqtt_version_5 = {MQTT_LEVEL_5, NULL};
const struct mqtt_version mqtt_version_311 = {MQTT_LEVEL_311, use_v311};

void mqtt_init(struct mqtt_client *c, const struct mqtt_config *cfg,
               const struct mqtt_transport *tp, const struct mqtt_storage *st)
{
    memset(c, 0, sizeof *c);
    c->cfg = cfg;
    c->tp = tp;
    c->st = *st;
    c->version = cfg->version ? cfg->version : MQTT_V5;
    if (c->version->use)
        c->version->use(); /* 3.1.1 */
    if (st->qos2)
        st->qos2->use();
    c->next_id = 1;
}

uint16_t next_packet_id(struct mqtt_client *c)
{
    uint16_t id;
    do {
        id = c->next_id++;
    } while (id == 0 || session_id_in_use(c, id));
    return id;
}

static uint32_t random32(struct mqtt_client *c)
{
    if (c->cfg->entropy)
        return c->cfg->entropy(c->cfg->entropy_ctx);
    /* xorshift32: enough to keep a fleet of devices from reconnecting in lockstep. */
    uint32_t x = c->rng ? c->rng : (uint32_t)c->now | 1u;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return c->rng = x;
}

static void deadline_in_ms(struct mqtt_client *c, uint32_t ms)
{
    c->deadline = c->now + ticks_of_ms(ms) + 1;
}

/* Exponential backoff with jitter: the n-th consecutive failure waits a random time between
 * half and all of min * 2^n, capped at max. */
static void schedule_reconnect(struct mqtt_client *c)
{
    uint32_t min = c->cfg->backoff_min_ms ? c->cfg->backoff_min_ms : 250;
    uint32_t max = c->cfg->backoff_max_ms ? c->cfg->backoff_max_ms : 30000;
    uint32_t d = min;
    for (unsigned i = 0; i < c->attempts && d < max; i++)
        d *= 2;
    if (d > max)
        d = max;
    d = d / 2 + random32(c) % (d / 2 + 1);
    if (c->attempts < 255)
        c->attempts++;
    c->state = ST_BACKOFF;
    deadline_in_ms(c, d);
}

/* Queues our DISCONNECT; false when the transmit buffer has no room for it. */
static bool queue_disconnect(struct mqtt_client *c, uint8_t reason)
{
    size_t cap;
    uint8_t *p = tx_room(c, &cap);
    return tx_commit(c, mqtt_encode_disconnect(p, cap, version_of(c), reason), cap);
}

void conn_fail(struct mqtt_client *c, uint8_t reason, uint8_t source, const struct mqtt_props *props)
{
    if (source == MQTT_BY_CLIENT && client_v5(c) &&
        (c->state == ST_CONNACK || c->state == ST_UP)) {
        /* Tell the broker why (4.13): best effort, whatever the transport takes right now. */
        queue_disconnect(c, reason);
        tx_flush(c);
    }
    c->tp->close(c->tp->ctx);
    c->rx_len = c->tx_head = c->tx_len = 0;
    c->ping_out = 0;
    if (c->stopping)
        c->state = ST_IDLE;
    else
        schedule_reconnect(c);
    struct mqtt_event ev = {.type = MQTT_EV_DISCONNECTED, .reason = reason, .source = source,
                            .props = props};
    emit(c, &ev);
    /* SUBSCRIBEs are not part of the session (4.6): unanswered ones are simply gone. */
    for (unsigned i = 0; i < MQTT_PENDING_SUBS; i++) {
        if (!c->pending_subs[i])
            continue;
        struct mqtt_event sev = {.type = c->pending_kind[i], .packet_id = c->pending_subs[i]};
        c->pending_subs[i] = 0;
        emit(c, &sev);
    }
}

static void net_fail(struct mqtt_client *c)
{
    conn_fail(c, MQTT_RC_SERVER_UNAVAILABLE, MQTT_BY_NETWORK, NULL);
}

static void queue_connect(struct mqtt_client *c)
{
    const struct mqtt_config *cfg = c->cfg;
    int v5 = client_v5(c);
    struct mqtt_connect k = {
        .version = version_of(c),
        .clean_start = cfg->clean_start && (!v5 || c->connects == 0),
        .keep_alive_s = cfg->keep_alive_s,
        .client_id = mqtt_str(cfg->client_id),
        .username = mqtt_str(cfg->username),
        .password = cfg->password,
        .session_expiry_s = cfg->session_expiry_s,
        .max_packet_size = (uint32_t)c->st.rx_size,
        .receive_max = c->st.qos2_count,
        .will = cfg->will,
    };
    if (v5 && c->assigned_len) {
        k.client_id.p = (const uint8_t *)c->assigned_id;
        k.client_id.len = c->assigned_len;
    }
    c->rx_len = c->tx_head = c->tx_len = 0;
    size_t cap;
    uint8_t *p = tx_room(c, &cap);
    if (!tx_commit(c, mqtt_encode_connect(p, cap, &k), cap))
        conn_fail(c, MQTT_RC_PACKET_TOO_LARGE, MQTT_BY_CLIENT, NULL); /* tx_size too small */
}

/* Takes every complete packet out of the receive buffer. False when the connection ended. */
static bool rx_process(struct mqtt_client *c)
{
    size_t off = 0;
    while (c->state == ST_CONNACK || c->state == ST_UP) {
        struct mqtt_fixed_header h;
        size_t avail = c->rx_len - off, cap;
        int hl = mqtt_fixed_header_decode(version_of(c), c->st.rx + off, avail, &h);
        uint8_t rc = hl < 0 ? MQTT_RC_MALFORMED : 0;
        if (!rc && hl > 0 && h.remaining > c->st.rx_size - (size_t)hl)
            rc = MQTT_RC_PACKET_TOO_LARGE; /* more than the Maximum Packet Size we announced */
        if (!rc) {
            tx_room(c, &cap);
            if (hl == 0 || avail - (size_t)hl < h.remaining || cap < ACK_RESERVE)
                break; /* incomplete, or no room for the answer yet */
            c->last_rx = c->now;
            c->ping_out = 0;
            rc = rx_packet(c, &h, c->st.rx + off + hl);
            off += (size_t)hl + h.remaining;
        }
        if (rc) {
            conn_fail(c, rc, MQTT_BY_CLIENT, NULL);
            return false;
        }
    }
    if (c->state != ST_CONNACK && c->state != ST_UP)
        return false; /* ended inside (refused, DISCONNECT, mqtt_stop): the buffer is stale */
    memmove(c->st.rx, c->st.rx + off, c->rx_len - off);
    c->rx_len -= (uint32_t)off;
    return true;
}

/* Sends what is queued, then takes in what arrived, until the transport has nothing more;
 * answers produced by the last packets go out in one more flush at the end. */
static void io(struct mqtt_client *c)
{
    int n;
    do {
        if (c->state == ST_UP)
            session_pump(c);
        if (tx_flush(c) < 0) {
            net_fail(c);
            return;
        }
        if (c->state == ST_CLOSING) {
            /* Our DISCONNECT is out: wait for the broker to close first, discarding what it
             * still sends. Closing on unread data would reset the connection, and a reset can
             * cost the broker our last messages before it has read them. */
            while (!c->tx_len && (n = c->tp->recv(c->tp->ctx, c->st.rx, c->st.rx_size)) > 0)
                ;
            if (!c->tx_len && n < 0)
                conn_fail(c, c->stop_reason, MQTT_BY_CLIENT, NULL);
            return;
        }
        n = 0;
        if (c->rx_len < c->st.rx_size) {
            n = c->tp->recv(c->tp->ctx, c->st.rx + c->rx_len, c->st.rx_size - c->rx_len);
            if (n < 0) {
                net_fail(c);
                return;
            }
            c->rx_len += (uint32_t)n;
        }
        if (!rx_process(c))
            return;
    } while (n > 0);
    if (c->state == ST_UP)
        session_pump(c);
    if (tx_flush(c) < 0)
        net_fail(c);
}

/* Keep-alive (connected, keep_alive_s set): returns when the broker counts as dead (nothing
 * heard for 1.5 intervals); *ping is when a PINGREQ is due, one interval after the last packet
 * sent (for the broker's sake) or received (for ours: its PINGRESP proves the broker alive
 * before the 1.5 intervals pass), whichever is earlier. */
static uint32_t keep_alive_times(const struct mqtt_client *c, uint32_t *ping)
{
    /* s * 10^6 / 1024 = s * 15625 / 16 ticks, rounded up; at most 2^30 for 65535 s. */
    uint32_t ka = (c->keep_alive_s * 15625u + 15u) / 16u + 1u;
    *ping = ((int32_t)(c->last_tx - c->last_rx) < 0 ? c->last_tx : c->last_rx) + ka;
    return c->last_rx + ka + ka / 2;
}

static void timers(struct mqtt_client *c)
{
    uint32_t ping;
    bool due = reached(c, c->deadline);
    if (c->state >= ST_RESOLVE && c->state <= ST_CONNACK && due) {
        net_fail(c); /* connect timeout */
    } else if (c->state == ST_CLOSING && due) {
        conn_fail(c, c->stop_reason, MQTT_BY_CLIENT, NULL); /* DISCONNECT never drained */
    } else if (c->state == ST_UP && c->keep_alive_s) {
        if (reached(c, keep_alive_times(c, &ping))) {
            /* Nothing heard for 1.5 keep-alive intervals, though we pinged after one. */
            conn_fail(c, MQTT_RC_KEEP_ALIVE_TIMEOUT, MQTT_BY_CLIENT, NULL);
        } else if (!c->ping_out && reached(c, ping)) {
            size_t cap;
            uint8_t *p = tx_room(c, &cap);
            if (tx_commit(c, mqtt_encode_pingreq(p, cap), cap)) {
                c->ping_out = 1;
                if (tx_flush(c) < 0)
                    net_fail(c);
            }
        }
    }
}

void mqtt_poll(struct mqtt_client *c, uint64_t now_us)
{
    set_now(c, now_us);
    if (c->state == ST_BACKOFF && reached(c, c->deadline)) {
        c->state = ST_RESOLVE;
        deadline_in_ms(c, c->cfg->connect_timeout_ms ? c->cfg->connect_timeout_ms : 10000);
    }
    if (c->state == ST_RESOLVE) {
        int r = mqtt_parse_ipv4(c->cfg->host, &c->ip) == 0 ? 1 : -1;
        if (r < 0 && c->tp->resolve)
            r = c->tp->resolve(c->tp->ctx, c->cfg->host, &c->ip);
        if (r < 0)
            net_fail(c);
        else if (r > 0)
            c->state = ST_TCP;
    }
    if (c->state == ST_TCP) {
        int r = c->tp->connect(c->tp->ctx, &c->ip, c->cfg->port);
        if (r < 0) {
            net_fail(c);
        } else if (r > 0) {
            c->state = ST_CONNACK;
            c->last_tx = c->last_rx = c->now;
            queue_connect(c);
        }
    }
    if (c->state >= ST_CONNACK)
        io(c);
    timers(c);
}

uint64_t mqtt_poll_at(const struct mqtt_client *c)
{
    uint32_t t = c->deadline;
    if (c->state == ST_IDLE)
        return UINT64_MAX;
    if (c->state == ST_UP) {
        if (!c->keep_alive_s)
            return UINT64_MAX;
        uint32_t ping, dead = keep_alive_times(c, &ping);
        /* An overdue ping (no room to queue it yet) waits for writability, not for the clock. */
        t = c->ping_out || reached(c, ping) ? dead : ping;
    }
    if (reached(c, t))
        return c->now_us;
    /* Back in now_us time: the start of tick t, the first now_us that reaches it. */
    return (c->now_us >> TICK_SHIFT << TICK_SHIFT) + ((uint64_t)(t - c->now) << TICK_SHIFT);
}

void mqtt_start(struct mqtt_client *c, uint64_t now_us)
{
    set_now(c, now_us);
    c->stopping = 0;
    if (c->state == ST_IDLE) {
        c->state = ST_BACKOFF;
        c->deadline = c->now;
    }
}

void mqtt_stop(struct mqtt_client *c, uint8_t reason)
{
    c->stopping = 1;
    c->stop_reason = reason;
    if (c->state == ST_UP && queue_disconnect(c, reason)) {
        c->state = ST_CLOSING;
        deadline_in_ms(c, 1000);
        io(c);
        return;
    }
    if (c->state >= ST_RESOLVE)
        conn_fail(c, reason, MQTT_BY_CLIENT, NULL);
    else
        c->state = ST_IDLE;
}

bool mqtt_wants_write(const struct mqtt_client *c)
{
    return c->tx_head < c->tx_len || c->state == ST_TCP; /* a TCP connect ends in writability */
}

bool mqtt_connected(const struct mqtt_client *c)
{
    return c->state == ST_UP;
}

unsigned mqtt_unacked(const struct mqtt_client *c)
{
    return c->fl_count;
}
