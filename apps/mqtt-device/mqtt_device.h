/* mqtt-device's state, shared by its tasks (app.def.h). Two resources:
 *
 *   net  the interface, TCP, the MQTT connection's socket and its transport: net_poll owns it
 *        (priority 3); the MQTT task, telemetry and the link watch lock it
 *   dev  the MQTT client, the settings layer and the telemetry timer: the MQTT task owns it
 *        (priority 2); telemetry and the link watch lock it
 *
 * The settings struct (mqttdev_cfg) belongs to `dev`: only a task holding dev touches it. */
#ifndef MQTT_DEVICE_H
#define MQTT_DEVICE_H

#include <stdbool.h>
#include <stdint.h>

#include "broker.h"
#include "miniconf/miniconf.h"
#include "mqtt/client.h"
#include "net/socket/tcp.h"
#include "net_tcp_transport.h"
#include "netapp/netapp.h"
#include "settings/settings.h"

#define MQTT_DEVICE_NAME "mqtt-device"
#define MQTT_DEVICE_VENDOR "kit"

/* ---- settings (settings_tree.c) ----------------------------------------------------------- */

/* What the network is, for the host tool to read (read-only: the firmware fills them in). */
struct mqttdev_net_settings {
    char mac[NET_MAC_STR_MAX];
    char ip[NET_IP4_STR_MAX + 3]; /* "a.b.c.d/nn", "" until an address is configured */
    char gateway[NET_IP4_STR_MAX];
    char broker[64];              /* "host:port" (a longer host name is cut) */
};

struct mqttdev_settings {
    bool led;                  /* the user LED */
    uint32_t telemetry_period; /* seconds between telemetry messages */
    struct mqttdev_net_settings net;
};

extern struct mqttdev_settings mqttdev_cfg;
extern const struct settings mqttdev_settings;

/* Restores led and telemetry_period from the board's store (a file on native with --store, RAM
 * that survives a warm reset on the others), else the defaults. The store is returned for the
 * settings layer's debounced saves (NULL: none). */
const struct settings_backend *mqttdev_settings_restore(const char *native_store_path);

/* ---- the resources ------------------------------------------------------------------------ */

typedef struct mqttdev_net {
    struct netapp net;
    struct net_tcp tcp;
    struct net_tcp_socket sock;
    struct net_tcp_transport tp;
    bool up;              /* netapp started: there is a device */
    bool usable;          /* link up with an address: connecting can succeed */
    bool kick;            /* it just became usable: the MQTT task reconnects at once */
    uint32_t frames_seen; /* frames in + out at the last poll (the activity LED) */
} mqttdev_net_t;

typedef struct mqttdev {
    struct mqtt_client mq;
    struct miniconf mc;
    struct netapp_timer timer; /* the MQTT task's pending timed spawn */
    bool telemetry_armed;
    sched_handle_t telemetry_handle;
    uint64_t telemetry_at; /* the pending telemetry spawn's deadline */
    bool connected;        /* as the last event said */
    bool unreachable_said; /* failures to connect are logged once until the next connection */
    bool restarting;       /* mqtt_stop for a reconnect at once: its event is not news */
} mqttdev_t;

/* ---- mqtt.c: the MQTT client and the settings layer on the TCP socket ---------------------- */

/* From init: the socket and its transport on the interface, the client and the layer, started.
 * Returns false (logged) when the configuration does not fit (e.g. a prefix too long). */
bool mqttdev_mqtt_start(mqttdev_t *d, mqttdev_net_t *n, const struct broker_addr *broker,
                        const struct settings_backend *store);

/* The MQTT task's work, with both resources held: the client, the layer, a reconnect at once
 * when the network just became usable. Returns when the task must run again (UINT64_MAX: only
 * on I/O). */
uint64_t mqttdev_mqtt_run(mqttdev_t *d, mqttdev_net_t *n, uint64_t now_us);

/* The link went down or the address was lost: drop the connection (the client notices on its
 * next poll and reconnects, backing off, until the network is usable again). */
void mqttdev_mqtt_network_lost(mqttdev_net_t *n);

/* ---- telemetry.c ------------------------------------------------------------------------ */

/* Publishes one telemetry message (QoS 0) when connected; returns the period in microseconds
 * until the next one. */
uint64_t mqttdev_telemetry_publish(mqttdev_t *d, const mqttdev_net_t *n, uint64_t now_us);

#endif
