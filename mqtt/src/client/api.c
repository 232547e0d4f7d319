/* What the application calls: publish, subscribe, unsubscribe, request/response. */
#include <string.h>

#include "internal.h"
#include "mqtt/topic.h"

int mqtt_publish(struct mqtt_client *c, const struct mqtt_pub *p, uint16_t *packet_id)
{
    if (p->qos > 2 || !mqtt_topic_name_valid((const char *)p->topic.p, p->topic.len))
        return MQTT_ERR_INVALID;
    if (p->qos == 2 && !qos2_of(c))
        return MQTT_ERR_NOT_SUPPORTED; /* the storage has no QoS 2 */
    int up = c->state == ST_UP;
    if (up && (p->qos > c->broker_max_qos || (p->retain && !c->broker_retain)))
        return MQTT_ERR_NOT_SUPPORTED; /* sending it would be a protocol error (3.2.2.3.4) */
    if (p->qos == 0) {
        if (!up)
            return MQTT_ERR_NOT_CONNECTED;
        size_t cap;
        uint8_t *buf = tx_room(c, &cap);
        size_t n = mqtt_encode_publish(buf, cap, version_of(c), p, 0, false);
        if (n > c->st.tx_size || n > c->broker_max_packet)
            return MQTT_ERR_TOO_LARGE;
        if (!tx_commit(c, n, cap))
            return MQTT_ERR_BUSY;
    } else {
        uint16_t id = next_packet_id(c);
        int rc = session_store(c, p, id);
        if (rc)
            return rc;
        if (packet_id)
            *packet_id = id;
        if (up)
            session_pump(c);
    }
    /* Send now rather than at the next poll; a failure shows up there. */
    if (up)
        tx_flush(c);
    return MQTT_OK;
}

/* SUBSCRIBE (subs) or UNSUBSCRIBE (filters): the same bookkeeping of the pending answer. */
static int sub_or_unsub(struct mqtt_client *c, const struct mqtt_sub *subs,
                        const struct mqtt_bytes *filters, size_t count, uint32_t sub_id,
                        uint16_t *packet_id)
{
    if (!count || sub_id > MQTT_VARINT_MAX)
        return MQTT_ERR_INVALID;
    for (size_t i = 0; i < count; i++) {
        const struct mqtt_bytes *f = subs ? &subs[i].filter : &filters[i];
        if (!mqtt_topic_filter_valid((const char *)f->p, f->len))
            return MQTT_ERR_INVALID;
        /* QoS 3, retain handling 3 and the reserved bits 6-7 are malformed (3.8.3.1). */
        unsigned qos = subs ? subs[i].options & 3u : 0;
        if (qos == 3u || (subs && (subs[i].options & 0xF0u) >= 0x30u))
            return MQTT_ERR_INVALID;
        if (qos == 2u && !qos2_of(c))
            return MQTT_ERR_NOT_SUPPORTED; /* a QoS 2 message could not be received */
    }
    if (c->state != ST_UP)
        return MQTT_ERR_NOT_CONNECTED;
    unsigned slot = 0;
    while (slot < MQTT_PENDING_SUBS && c->pending_subs[slot])
        slot++;
    if (slot == MQTT_PENDING_SUBS)
        return MQTT_ERR_BUSY;
    uint16_t id = next_packet_id(c);
    size_t cap, n;
    uint8_t *buf = tx_room(c, &cap);
    if (subs)
        n = mqtt_encode_subscribe(buf, cap, version_of(c), id, subs, count, sub_id);
    else
        n = mqtt_encode_unsubscribe(buf, cap, version_of(c), id, filters, count);
    if (n > c->st.tx_size || n > c->broker_max_packet)
        return MQTT_ERR_TOO_LARGE;
    if (!tx_commit(c, n, cap))
        return MQTT_ERR_BUSY;
    c->pending_subs[slot] = id;
    c->pending_kind[slot] = subs ? MQTT_EV_SUBACK : MQTT_EV_UNSUBACK; /* the answer's event */
    if (packet_id)
        *packet_id = id;
    tx_flush(c);
    return MQTT_OK;
}

int mqtt_subscribe(struct mqtt_client *c, const struct mqtt_sub *subs, size_t count,
                   uint32_t subscription_id, uint16_t *packet_id)
{
    return sub_or_unsub(c, subs, NULL, count, subscription_id, packet_id);
}

int mqtt_unsubscribe(struct mqtt_client *c, const struct mqtt_bytes *filters, size_t count,
                     uint16_t *packet_id)
{
    return sub_or_unsub(c, NULL, filters, count, 0, packet_id);
}

int mqtt_request(struct mqtt_client *c, const struct mqtt_pub *p, struct mqtt_bytes response_topic,
                 struct mqtt_bytes correlation, uint16_t *packet_id)
{
    if (!mqtt_topic_name_valid((const char *)response_topic.p, response_topic.len))
        return MQTT_ERR_INVALID;
    struct mqtt_pub_props props = {0};
    if (p->props)
        props = *p->props;
    props.response_topic = response_topic;
    props.correlation_data = correlation;
    struct mqtt_pub req = *p;
    req.props = &props;
    return mqtt_publish(c, &req, packet_id);
}

int mqtt_respond(struct mqtt_client *c, const struct mqtt_message *req, struct mqtt_bytes payload,
                 uint8_t qos, const struct mqtt_user_prop *user, uint8_t user_count,
                 uint16_t *packet_id)
{
    if (!req->props.response_topic.len)
        return MQTT_ERR_NO_RESPONSE_TOPIC;
    struct mqtt_pub_props props = {.correlation_data = req->props.correlation_data,
                                   .user = user, .user_count = user_count};
    struct mqtt_pub rsp = {.topic = req->props.response_topic, .payload = payload, .qos = qos,
                           .props = &props};
    return mqtt_publish(c, &rsp, packet_id);
}
