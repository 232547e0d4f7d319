/* What the client does with each packet the broker sends. Returns 0, or the reason code of the
 * violation (the caller then ends the connection with it). */
#include <string.h>

#include "internal.h"

static const struct mqtt_props *props_or_null(const struct mqtt_client *c, const struct mqtt_props *p)
{
    return c->version == MQTT_V5 ? p : NULL;
}

static uint8_t on_connack(struct mqtt_client *c, const uint8_t *body, size_t len)
{
    struct mqtt_connack ack;
    uint8_t rc = mqtt_decode_connack(c->version, body, len, &ack);
    if (rc)
        return rc;
    if (ack.reason) {
        conn_fail(c, ack.reason, MQTT_BY_BROKER, props_or_null(c, &ack.props));
        return 0;
    }
    const struct mqtt_props *p = &ack.props;
    /* The broker's limits (3.2.2.3); absent properties mean "no limit" / the spec default. */
    c->keep_alive_s = mqtt_props_has(p, MQTT_PROP_SERVER_KEEP_ALIVE) ? p->server_keep_alive
                                                                     : c->cfg->keep_alive_s;
    c->broker_receive_max = mqtt_props_has(p, MQTT_PROP_RECEIVE_MAX) ? p->receive_max : 65535;
    c->broker_max_packet = mqtt_props_has(p, MQTT_PROP_MAX_PACKET_SIZE) ? p->max_packet_size
                                                                        : UINT32_MAX;
    c->broker_max_qos = mqtt_props_has(p, MQTT_PROP_MAX_QOS) ? p->max_qos : 2;
    c->broker_retain = mqtt_props_has(p, MQTT_PROP_RETAIN_AVAILABLE) ? p->retain_available : 1;
    if (p->assigned_client_id.len && p->assigned_client_id.len <= MQTT_ASSIGNED_ID_MAX) {
        /* Reconnects must present it, or the session the broker keeps is unreachable. */
        memcpy(c->assigned_id, p->assigned_client_id.p, p->assigned_client_id.len);
        c->assigned_len = (uint8_t)p->assigned_client_id.len;
    }
    c->state = ST_UP;
    c->attempts = 0;
    c->connects++;
    session_resume(c, ack.session_present);
    struct mqtt_event ev = {.type = MQTT_EV_CONNECTED, .session_present = ack.session_present,
                            .props = props_or_null(c, p)};
    emit(c, &ev);
    return 0;
}

static int q2_find(const struct mqtt_client *c, uint16_t id)
{
    for (unsigned i = 0; i < c->q2_count; i++)
        if (c->st.qos2_ids[i] == id)
            return (int)i;
    return -1;
}

static uint8_t on_publish(struct mqtt_client *c, uint8_t flags, const uint8_t *body, size_t len)
{
    struct mqtt_message m;
    uint8_t rc = mqtt_decode_publish(c->version, flags, body, len, &m);
    if (rc)
        return rc;
    if (mqtt_props_has(&m.props, MQTT_PROP_TOPIC_ALIAS))
        return MQTT_RC_TOPIC_ALIAS_INVALID; /* we announce Topic Alias Maximum 0 */
    int known = m.qos == 2 ? q2_find(c, m.packet_id) >= 0 : 0;
    if (m.qos == 2 && !known) {
        if (c->q2_count >= c->st.qos2_count)
            return MQTT_RC_RECEIVE_MAX_EXCEEDED;
        c->st.qos2_ids[c->q2_count++] = m.packet_id;
    }
    /* A QoS 2 message is delivered once, when its id is new; a re-sent copy (the broker did not
     * see our PUBREC) only gets the PUBREC again. */
    if (!known) {
        struct mqtt_event ev = {.type = MQTT_EV_MESSAGE, .packet_id = m.packet_id, .msg = &m,
                                .props = props_or_null(c, &m.props)};
        emit(c, &ev);
        if (c->state != ST_UP)
            return 0; /* the application stopped the client: no acknowledgement */
    }
    if (m.qos)
        tx_ack(c, m.qos == 1 ? MQTT_PUBACK : MQTT_PUBREC, m.packet_id, 0);
    return 0;
}

static uint8_t on_pubrel(struct mqtt_client *c, const struct mqtt_ack *ack)
{
    int i = q2_find(c, ack->packet_id);
    if (i >= 0)
        c->st.qos2_ids[i] = c->st.qos2_ids[--c->q2_count];
    tx_ack(c, MQTT_PUBCOMP, ack->packet_id, i >= 0 ? 0 : MQTT_RC_PACKET_ID_NOT_FOUND);
    return 0;
}

static uint8_t on_suback(struct mqtt_client *c, uint8_t type, const struct mqtt_ack *ack)
{
    uint8_t kind = type == MQTT_SUBACK ? MQTT_EV_SUBACK : MQTT_EV_UNSUBACK;
    for (unsigned i = 0; i < MQTT_PENDING_SUBS; i++) {
        if (c->pending_subs[i] != ack->packet_id || c->pending_kind[i] != kind)
            continue;
        c->pending_subs[i] = 0;
        struct mqtt_event ev = {.type = kind, .packet_id = ack->packet_id, .reasons = ack->reasons,
                                .props = props_or_null(c, &ack->props)};
        emit(c, &ev);
        return 0;
    }
    return MQTT_RC_PROTOCOL_ERROR; /* an answer to nothing we asked */
}

uint8_t rx_packet(struct mqtt_client *c, const struct mqtt_fixed_header *h, const uint8_t *body)
{
    size_t len = h->remaining;
    if (h->type == MQTT_CONNACK)
        return c->state == ST_CONNACK ? on_connack(c, body, len) : MQTT_RC_PROTOCOL_ERROR;
    if (c->state != ST_UP)
        return MQTT_RC_PROTOCOL_ERROR; /* nothing but CONNACK may come first (3.2) */
    if (h->type == MQTT_PUBLISH)
        return on_publish(c, h->flags, body, len);
    if (h->type == MQTT_PINGRESP)
        return len ? MQTT_RC_MALFORMED : 0;
    struct mqtt_ack ack;
    switch (h->type) {
    case MQTT_PUBACK:
    case MQTT_PUBREC:
    case MQTT_PUBREL:
    case MQTT_PUBCOMP:
    case MQTT_SUBACK:
    case MQTT_UNSUBACK:
        break;
    case MQTT_DISCONNECT:
        if (c->version == MQTT_V5)
            break;
        return MQTT_RC_PROTOCOL_ERROR; /* 3.1.1 brokers never send DISCONNECT */
    default: /* CONNECT, SUBSCRIBE, UNSUBSCRIBE, PINGREQ, AUTH: not for a client */
        return MQTT_RC_PROTOCOL_ERROR;
    }
    uint8_t rc = mqtt_decode_ack(c->version, h->type, body, len, &ack);
    if (rc)
        return rc;
    switch (h->type) {
    case MQTT_PUBREL:
        return on_pubrel(c, &ack);
    case MQTT_SUBACK:
    case MQTT_UNSUBACK:
        return on_suback(c, h->type, &ack);
    case MQTT_DISCONNECT:
        conn_fail(c, ack.reason, MQTT_BY_BROKER, &ack.props);
        return 0;
    default:
        session_ack(c, h->type, &ack);
        return 0;
    }
}
