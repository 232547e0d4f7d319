/* The MQTT transport over a POSIX non-blocking TCP socket (native builds: tests, tools,
 * benchmarks against a real mosquitto). The firmware's own stack has its own adapter. */
#ifndef MQTT_POSIX_TRANSPORT_H
#define MQTT_POSIX_TRANSPORT_H

#include "mqtt/transport.h"

struct mqtt_posix_transport {
    struct mqtt_transport ops; /* hand &t->ops to mqtt_init */
    int fd;                    /* -1 when closed; poll it for the client's wake-ups */
};

void mqtt_posix_transport_init(struct mqtt_posix_transport *t);

#endif
