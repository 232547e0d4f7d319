/* What the client does with each packet the broker sends. Returns 0, or the reason code of the
 * violation (the caller then ends the connection with it). */
#include <string.h>

#include "internal.h"

static const struct mqtt_props *props_or_null(const struct mqtt_client *c, const struct mqtt_props *p)
{
    return client_v5(c) ? p : NULL;
}

static void on_connack(struct mqtt_client *c, const struct mqtt_connack *ack)
{
    if (ack->reason) {
        conn_fail(c, ack->reason, MQTT_BY_BROKER, props_or_null(c, &ack->props));
        return;
    }
    const struct mqtt_props *p = &ack->props;
    /* The broker's limits (3.2.2.3); absent properties mean "no limit" / the spec default. */
    c->keep_alive_s = mqtt_props_has(p, MQTT_PROP_SERVER_KEEP_ALIVE) ? p->server_keep_alive
                                                                     : c->cfg->keep_alive_s;
    /* These two are never 0 when present (the decoder refuses it): 0 means absent. */
    c->broker_receive_max = p->receive_max ? p->receive_max : 65535;
    c->broker_max_packet = p->max_packet_size ? p->max_packet_size : UINT32_MAX;
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
    session_resume(c, ack->session_present);
    struct mqtt_event ev = {.type = MQTT_EV_CONNECTED, .session_present = ack->session_present,
                            .props = props_or_null(c, p)};
    emit(c, &ev);
}

static uint8_t on_publish(struct mqtt_client *c, const struct mqtt_message *m)
{
    if (mqtt_props_has(&m->props, MQTT_PROP_TOPIC_ALIAS))
        return MQTT_RC_TOPIC_ALIAS_INVALID; /* we announce Topic Alias Maximum 0 */
    uint8_t known = 0;
    if (m->qos == 2) {
        /* Without QoS 2 we never subscribe with it, and a broker sends at most the QoS it
         * granted ([MQTT-3.8.4-8] in 5.0, [MQTT-3.8.4-6] in 3.1.1): a Protocol Error. (0x9B
         * "QoS not supported" is the server's code for a client's QoS above its maximum,
         * 3.14.2.1; a client has no other.) */
        const struct mqtt_qos2 *q2 = qos2_of(c);
        if (!q2)
            return MQTT_RC_PROTOCOL_ERROR;
        /* A QoS 2 message is delivered once, when its id is new; a re-sent copy (the broker
         * did not see our PUBREC) only gets the PUBREC again. */
        known = q2->publish(c, m->packet_id);
        if (known > 1)
            return known;
    }
    if (!known) {
        struct mqtt_event ev = {.type = MQTT_EV_MESSAGE, .packet_id = m->packet_id, .msg = m,
                                .props = props_or_null(c, &m->props)};
        emit(c, &ev);
        if (c->state != ST_UP)
            return 0; /* the application stopped the client: no acknowledgement */
    }
    if (m->qos)
        tx_ack(c, (uint8_t)(MQTT_PUBACK - 1 + m->qos), m->packet_id, 0); /* PUBACK or PUBREC */
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

/* Kept out of io() (the one caller): inlined there, it costs 64 bytes more on Cortex-M. */
__attribute__((noinline)) uint8_t rx_packet(struct mqtt_client *c,
                                            const struct mqtt_fixed_header *h, const uint8_t *body)
{
    uint8_t type = h->type;
    /* What may come now. Nothing but CONNACK first (3.2), and CONNACK only then. After it: the
     * messages, the answers, DISCONNECT (5.0; 3.1.1 brokers never send it). PUBREC, PUBREL and
     * PUBCOMP exist only for QoS 2, which a client without it has neither sent nor subscribed
     * to. CONNECT, SUBSCRIBE, UNSUBSCRIBE, PINGREQ, AUTH are never for a client. */
    const struct mqtt_qos2 *q2 = qos2_of(c);
    unsigned ok = 1u << MQTT_CONNACK;
    if (c->state == ST_UP) {
        ok = 1u << MQTT_PUBLISH | 1u << MQTT_PUBACK | 1u << MQTT_SUBACK | 1u << MQTT_UNSUBACK |
             1u << MQTT_PINGRESP;
        if (client_v5(c))
            ok |= 1u << MQTT_DISCONNECT;
        if (q2)
            ok |= 1u << MQTT_PUBREC | 1u << MQTT_PUBREL | 1u << MQTT_PUBCOMP;
    }
    if (!(ok >> type & 1u))
        return MQTT_RC_PROTOCOL_ERROR;
    if (type == MQTT_PINGRESP)
        return h->remaining ? MQTT_RC_MALFORMED : 0;
    union mqtt_packet_in in;
    uint8_t rc = mqtt_decode_packet(version_of(c), type, h->flags, body, h->remaining, &in);
    if (rc)
        return rc;
    if (type == MQTT_CONNACK) {
        on_connack(c, &in.connack);
    } else if (type == MQTT_PUBLISH) {
        return on_publish(c, &in.msg);
    } else if (type == MQTT_PUBACK) {
        /* Ends a QoS 1 message; for an id we do not have (or not a QoS 1 one) it is ignored. */
        int i = session_find(c, in.ack.packet_id);
        if (i >= 0 && c->st.inflight[i].state == FL_SENT && c->st.inflight[i].qos == 1)
            session_finish(c, (unsigned)i, in.ack.reason);
    } else if (type == MQTT_DISCONNECT) {
        conn_fail(c, in.ack.reason, MQTT_BY_BROKER, &in.ack.props);
    } else if (type == MQTT_SUBACK || type == MQTT_UNSUBACK) {
        return on_suback(c, type, &in.ack);
    } else if (q2) {
        q2->ack(c, type, &in.ack); /* PUBREC, PUBREL, PUBCOMP */
    }
    return 0;
}
