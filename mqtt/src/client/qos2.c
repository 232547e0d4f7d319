/* QoS 2 both ways (spec 4.3.3): the ids of messages received and not yet released, and the
 * PUBREC -> PUBREL -> PUBCOMP half of the outgoing session. Reached only through the table at
 * the end (struct mqtt_storage's qos2), so that an image whose storage has no QoS 2 ids does
 * not carry any of it. */
#include "internal.h"

bool mqtt__qos2_used;

static void q2_use(void)
{
    mqtt__qos2_used = true;
}

static int q2_find(const struct mqtt_client *c, uint16_t id)
{
    for (unsigned i = 0; i < c->q2_count; i++)
        if (c->st.qos2_ids[i] == id)
            return (int)i;
    return -1;
}

static uint8_t q2_publish(struct mqtt_client *c, uint16_t id)
{
    if (q2_find(c, id) >= 0)
        return 1;
    if (c->q2_count >= c->st.qos2_count)
        return MQTT_RC_RECEIVE_MAX_EXCEEDED;
    c->st.qos2_ids[c->q2_count++] = id;
    return 0;
}

static void q2_ack(struct mqtt_client *c, uint8_t type, const struct mqtt_ack *ack)
{
    uint16_t id = ack->packet_id;
    if (type == MQTT_PUBREL) {
        int i = q2_find(c, id);
        if (i >= 0)
            c->st.qos2_ids[i] = c->st.qos2_ids[--c->q2_count];
        tx_ack(c, MQTT_PUBCOMP, id, i >= 0 ? 0 : MQTT_RC_PACKET_ID_NOT_FOUND);
        return;
    }
    int i = session_find(c, id);
    struct mqtt_inflight *s = i >= 0 ? &c->st.inflight[i] : NULL;
    /* FL_QUEUED stands for "nothing to act on": unknown id, QoS 1, or not sent yet. */
    uint8_t state = s && s->qos == 2 ? s->state : FL_QUEUED;
    if (type == MQTT_PUBCOMP) {
        if (state == FL_REL_SENT)
            session_finish(c, (unsigned)i, ack->reason);
        return;
    }
    if (state == FL_QUEUED) {
        /* A PUBREC for an id we do not have must still be answered, or the broker waits
         * forever. */
        tx_ack(c, MQTT_PUBREL, id, MQTT_RC_PACKET_ID_NOT_FOUND);
        return;
    }
    if (state == FL_SENT) {
        if (ack->reason >= 0x80) {
            session_finish(c, (unsigned)i, ack->reason); /* refused: no PUBREL follows */
            return;
        }
        session_release_bytes(c, (unsigned)i); /* the broker owns the message now */
    }
    /* The first PUBREC, or a repeated one (our PUBREL may have been lost): PUBREL. */
    c->fl_rel_queued -= state == FL_REL_QUEUED;
    s->state = FL_REL_SENT;
    tx_ack(c, MQTT_PUBREL, id, 0);
}

static bool q2_release(struct mqtt_client *c, struct mqtt_inflight *s)
{
    size_t cap;
    uint8_t *p = tx_room(c, &cap);
    if (!tx_commit(c, mqtt_encode_ack(p, cap, version_of(c), MQTT_PUBREL, s->packet_id, 0), cap))
        return false;
    s->state = FL_REL_SENT;
    c->fl_rel_queued--;
    return true;
}

static bool q2_resume(struct mqtt_client *c, unsigned i, bool present)
{
    struct mqtt_inflight *s = &c->st.inflight[i];
    if (present) {
        c->fl_rel_queued += s->state == FL_REL_SENT;
        s->state = FL_REL_QUEUED;
        return false;
    }
    /* The broker had this QoS 2 message (it sent PUBREC) and lost it with the session:
     * re-sending could duplicate it, not re-sending may lose it. Say so. */
    session_finish(c, i, MQTT_RC_PACKET_ID_NOT_FOUND);
    return true;
}

const struct mqtt_qos2 mqtt_qos2 = {q2_use, q2_publish, q2_ack, q2_release, q2_resume};
