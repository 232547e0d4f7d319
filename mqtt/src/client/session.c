/* The outgoing half of the session: QoS 1/2 messages kept, encoded, in the caller's store from
 * mqtt_publish() until the broker's last acknowledgement, in the order they were published (the
 * order the spec requires for re-sending, 4.6). The store is compacted on every release, so it
 * needs no free list and never fragments. */
#include <string.h>

#include "internal.h"

void emit(struct mqtt_client *c, struct mqtt_event *ev)
{
    if (c->cfg->on_event)
        c->cfg->on_event(c, ev);
}

/* Frees message i's bytes. The oldest message's bytes just join the dead space at the front
 * (acknowledgements mostly come in order, so this is the common case and costs nothing); any
 * other is cut out at once. The dead space is reclaimed when an append needs it. */
void session_release_bytes(struct mqtt_client *c, unsigned i)
{
    struct mqtt_inflight *s = &c->st.inflight[i];
    uint32_t end = s->off + s->len;
    if (!s->len)
        return; /* freed at PUBREC already; its offset is stale */
    if (s->off == c->store_dead) {
        c->store_dead = end;
    } else {
        memmove(c->st.store + s->off, c->st.store + end, c->store_used - end);
        c->store_used -= s->len;
        for (unsigned k = i + 1; k < c->fl_count; k++)
            c->st.inflight[k].off -= s->len;
    }
    if (c->store_dead == c->store_used)
        c->store_dead = c->store_used = 0;
    s->len = 0;
}

static void compact(struct mqtt_client *c)
{
    uint32_t dead = c->store_dead;
    memmove(c->st.store, c->st.store + dead, c->store_used - dead);
    for (unsigned k = 0; k < c->fl_count; k++)
        c->st.inflight[k].off = c->st.inflight[k].len ? c->st.inflight[k].off - dead : 0;
    c->store_used -= dead;
    c->store_dead = 0;
}

/* Ends message i: tells the application, then forgets it. */
void session_finish(struct mqtt_client *c, unsigned i, uint8_t reason)
{
    struct mqtt_inflight *s = &c->st.inflight[i];
    struct mqtt_event ev = {.type = MQTT_EV_PUBLISHED, .reason = reason, .packet_id = s->packet_id};
    c->fl_busy -= s->state != FL_QUEUED;
    c->fl_rel_queued -= s->state == FL_REL_QUEUED;
    session_release_bytes(c, i);
    c->fl_count--;
    memmove(s, s + 1, (c->fl_count - i) * sizeof *s);
    emit(c, &ev);
}

int session_store(struct mqtt_client *c, const struct mqtt_pub *p, uint16_t id)
{
    size_t cap = c->st.store_size - c->store_used;
    size_t n = mqtt_encode_publish(c->st.store + c->store_used, cap, version_of(c), p, id, false);
    if (n > cap && c->store_dead && n <= cap + c->store_dead) {
        compact(c);
        cap = c->st.store_size - c->store_used;
        n = mqtt_encode_publish(c->st.store + c->store_used, cap, version_of(c), p, id, false);
    }
    if (n > c->st.tx_size || (c->state == ST_UP && n > c->broker_max_packet))
        return MQTT_ERR_TOO_LARGE;
    if (n > cap || c->fl_count >= c->st.inflight_count)
        return MQTT_ERR_BUSY;
    struct mqtt_inflight *s = &c->st.inflight[c->fl_count++];
    s->off = c->store_used;
    s->len = (uint32_t)n;
    s->packet_id = id;
    s->state = FL_QUEUED;
    s->qos = p->qos;
    c->store_used += (uint32_t)n;
    return MQTT_OK;
}

bool session_id_in_use(const struct mqtt_client *c, uint16_t id)
{
    /* Ids are handed out in sequence and the store keeps publication order, so stored ids lie
     * between the first and the last one (modulo 2^16): outside that, no need to look. */
    if (c->fl_count) {
        uint16_t first = c->st.inflight[0].packet_id;
        uint16_t span = (uint16_t)(c->st.inflight[c->fl_count - 1].packet_id - first);
        if ((uint16_t)(id - first) <= span && session_find(c, id) >= 0)
            return true;
    }
    for (unsigned i = 0; i < MQTT_PENDING_SUBS; i++)
        if (c->pending_subs[i] == id)
            return true;
    return false;
}

/* Sends what the broker's Receive Maximum and the transmit buffer allow, oldest first.
 * fl_busy counts the messages the broker has not finished (they count against its Receive
 * Maximum), fl_rel_queued the PUBRELs to re-send: with both, the common cases (nothing to
 * send, or the broker's quota used up) return at once instead of walking the store. */
void session_pump(struct mqtt_client *c)
{
    const struct mqtt_qos2 *q2 = qos2_of(c);
    for (unsigned i = 0; i < c->fl_count && c->state == ST_UP; i++) {
        int quota = c->fl_busy < c->broker_receive_max;
        if ((!quota || c->fl_busy == c->fl_count) && !c->fl_rel_queued)
            return;
        struct mqtt_inflight *s = &c->st.inflight[i];
        size_t cap;
        if (s->state == FL_QUEUED && quota) {
            if (s->len > c->broker_max_packet) {
                /* Stored before the CONNACK told us the broker's limit: it can never go. */
                session_finish(c, i--, MQTT_RC_PACKET_TOO_LARGE);
                continue;
            }
            uint8_t *p = tx_room(c, &cap);
            if (s->len > cap)
                return;
            memcpy(p, c->st.store + s->off, s->len);
            c->tx_len += s->len;
            s->state = FL_SENT;
            c->fl_busy++;
        } else if (q2 && s->state == FL_REL_QUEUED && !q2->release(c, s)) {
            return; /* only QoS 2 messages get there */
        }
    }
}

/* After a CONNACK: re-send what the broker may not have, as the session it kept dictates. */
void session_resume(struct mqtt_client *c, bool present)
{
    const struct mqtt_qos2 *q2 = qos2_of(c);
    if (!present)
        c->q2_count = 0; /* the broker forgot the QoS 2 messages it was sending us too */
    for (unsigned i = 0; i < c->fl_count; i++) {
        struct mqtt_inflight *s = &c->st.inflight[i];
        if (s->state <= FL_SENT) {
            uint8_t *first = c->st.store + s->off;
            c->fl_busy -= s->state == FL_SENT;
            if (!present)
                *first &= (uint8_t)~MQTT_PUBLISH_DUP; /* a new message in a new session */
            else if (s->state == FL_SENT)
                *first |= MQTT_PUBLISH_DUP;
            s->state = FL_QUEUED;
        } else if (q2 && q2->resume(c, i, present)) {
            i--; /* past PUBREC: only QoS 2 messages get there */
        }
    }
}

int session_find(const struct mqtt_client *c, uint16_t id)
{
    for (unsigned i = 0; i < c->fl_count; i++)
        if (c->st.inflight[i].packet_id == id)
            return (int)i;
    return -1;
}
