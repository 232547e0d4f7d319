/* Where the MQTT broker is: the build's value (BROKER_IP_ADDRESS or BROKER, checked by
 * CMakeLists.txt) and, on native, the --broker HOST[:PORT] option over it. Shared by mqtt-device
 * and mqtt-stream. */
#ifndef MQTT_DEVICE_BROKER_H
#define MQTT_DEVICE_BROKER_H

#include <stdint.h>

#include "net/wire/dns.h"

#define BROKER_DEFAULT_PORT 1883

struct broker_addr {
    char host[NET_DNS_NAME_TEXT_MAX]; /* an IPv4 literal or a DNS name */
    uint16_t port;
};

/* The build's broker. */
void broker_defaults(struct broker_addr *b);

/* Reads "HOST" or "HOST:PORT" into b. Returns NULL, or the reason the text is malformed (b is
 * then unchanged). */
const char *broker_parse(struct broker_addr *b, const char *text);

/* A netapp_option apply() for --broker: ctx is the struct broker_addr to fill. */
const char *broker_option(void *ctx, const char *value);

struct netapp;
struct net_tcp_transport;

/* Gives the transport the DNS client (netapp_dns) when the broker is a name. A board's broker
 * is fixed at build time: when it is an IPv4 address this does nothing and no DNS code is in
 * the image. */
void broker_resolver(const struct broker_addr *b, struct netapp *n, struct net_tcp_transport *t);

#endif
