/* mqtt-stream's state (app.def.h) and its options.
 *
 * The stream: `count` QoS 1 messages "q1-<i>" on <out>/q1 and `count` QoS 2 messages "q2-<i>" on
 * <out>/q2, interleaved, `rate` of each per second; everything arriving on the subscription
 * <in> (QoS 2) is logged as one line per message:
 *
 *   stream: MSG qos=Q dup=D topic=T payload=P
 *   stream: published N of N, acknowledged N           (once all are acknowledged: "done")
 *
 * The session survives reconnects (session expiry), so nothing is lost across them. */
#ifndef MQTT_STREAM_H
#define MQTT_STREAM_H

#include <stdbool.h>
#include <stdint.h>

#include "broker.h"
#include "mqtt/client.h"
#include "net/socket/tcp.h"
#include "net_tcp_transport.h"
#include "netapp/netapp.h"

#define STREAM_TOPIC_MAX 64

struct stream_opts {
    struct broker_addr broker;
    uint32_t count; /* messages of each QoS */
    uint32_t rate;  /* messages of each QoS per second */
    char out[STREAM_TOPIC_MAX]; /* topic prefix of what we publish */
    char in[STREAM_TOPIC_MAX];  /* filter we subscribe to */
    char client_id[STREAM_TOPIC_MAX];
};

typedef struct stream_net {
    struct netapp net;
    struct net_tcp tcp;
    struct net_tcp_socket sock;
    struct net_tcp_transport tp;
    bool up;
} stream_net_t;

typedef struct stream {
    struct mqtt_client mq;
    struct netapp_timer timer; /* mqtt's pending timed spawn */
    const struct stream_opts *o;
    bool started;          /* first connection made: the stream's clock runs */
    uint64_t start_us;
    uint32_t published;    /* handed to the client (both QoS) */
    uint32_t acked;        /* ended by MQTT_EV_PUBLISHED with success */
    uint32_t refused;      /* ended with an error reason */
    uint32_t received;
    uint32_t connects;
    bool done_said;
} stream_t;

/* stream.c */
void stream_mqtt_start(stream_t *s, stream_net_t *n, const struct stream_opts *o);
/* The client and the stream, with both resources held; returns the next deadline. */
uint64_t stream_mqtt_run(stream_t *s, uint64_t now_us);
void stream_progress(const stream_t *s);

#endif
