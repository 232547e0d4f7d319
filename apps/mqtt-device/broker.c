/* The broker's address from the build (compile definitions of this file alone) and the command
 * line. The checks are the build's (CMakeLists.txt) made again for values typed at run time. */
#include "broker.h"

#include <stdbool.h>
#include <string.h>

#include "net_tcp_transport.h"
#include "netapp/netapp.h"

#ifndef MQTT_DEVICE_BROKER_HOST
#define MQTT_DEVICE_BROKER_HOST "10.0.2.100"
#endif
#ifndef MQTT_DEVICE_BROKER_PORT
#define MQTT_DEVICE_BROKER_PORT BROKER_DEFAULT_PORT
#endif
#ifndef MQTT_DEVICE_BROKER_IS_NAME
#define MQTT_DEVICE_BROKER_IS_NAME 1
#endif

void broker_defaults(struct broker_addr *b)
{
    _Static_assert(sizeof MQTT_DEVICE_BROKER_HOST <= sizeof b->host, "broker name too long");
    memcpy(b->host, MQTT_DEVICE_BROKER_HOST, sizeof MQTT_DEVICE_BROKER_HOST);
    b->port = MQTT_DEVICE_BROKER_PORT;
}

static bool host_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.';
}

const char *broker_parse(struct broker_addr *b, const char *text)
{
    const char *colon = NULL, *end = text;
    for (; *end; end++) /* the last ':' (no strrchr: it pulls strchr, 244 bytes on Cortex-M) */
        if (*end == ':')
            colon = end;
    size_t host_len = (size_t)((colon ? colon : end) - text);
    if (host_len == 0 || host_len >= sizeof b->host)
        return "a host of 1..253 characters";
    for (size_t i = 0; i < host_len; i++)
        if (!host_char(text[i]))
            return "HOST is an IPv4 address or a name (letters, digits, '-' and dots)";
    uint32_t port = BROKER_DEFAULT_PORT;
    if (colon) {
        const char *p = colon + 1;
        port = 0;
        for (; *p >= '0' && *p <= '9' && port <= 65535; p++)
            port = port * 10 + (uint32_t)(*p - '0');
        if (p == colon + 1 || *p || port == 0 || port > 65535)
            return "PORT is a number 1..65535";
    }
    memcpy(b->host, text, host_len);
    b->host[host_len] = '\0';
    b->port = (uint16_t)port;
    return NULL;
}

const char *broker_option(void *ctx, const char *value)
{
    return broker_parse(ctx, value);
}

void broker_resolver(const struct broker_addr *b, struct netapp *n, struct net_tcp_transport *t)
{
#if defined(KIT_NATIVE) || MQTT_DEVICE_BROKER_IS_NAME /* native: --broker may name one */
    net_ip4 ip;
    struct net_dns_client *dns;
    if (!net_ip4_parse(b->host, &ip) && (dns = netapp_dns(n)) != NULL)
        net_tcp_transport_use_dns(t, dns);
#else
    (void)b;
    (void)n;
    (void)t;
#endif
}
