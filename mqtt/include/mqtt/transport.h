/* What the MQTT client needs from a network: a byte stream, opened and driven without blocking.
 *
 * The client does not know whose TCP it runs on: our own stack's socket gets an adapter, the
 * native tests use POSIX sockets (mqtt/posix_transport.h). Every call returns at once:
 * a positive count of bytes done, 0 for "would block, call again later", or < 0 when the
 * connection failed or was closed by the peer. The owner wakes the client's task (mqtt_poll)
 * when the socket becomes readable or writable, or when mqtt_poll_at() is reached. */
#ifndef MQTT_TRANSPORT_H
#define MQTT_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

struct mqtt_ip {
    uint8_t family; /* 4 or 6 */
    uint8_t addr[16];
};

struct mqtt_transport {
    /* Starts a connection to ip:port, or reports on one already started: 1 connected,
     * 0 in progress, < 0 failed. Called again until it says 1 or fails. */
    int (*connect)(void *ctx, const struct mqtt_ip *ip, uint16_t port);
    int (*send)(void *ctx, const uint8_t *data, size_t len);
    int (*recv)(void *ctx, uint8_t *buf, size_t len);
    /* Closes (abortively is fine) and makes the transport ready for the next connect. */
    void (*close)(void *ctx);
    /* Optional (may be NULL: the broker must then be an IP literal). Looks host up: 1 with *ip
     * filled, 0 while the query is in progress (called again), < 0 when it failed. */
    int (*resolve)(void *ctx, const char *host, struct mqtt_ip *ip);
    void *ctx;
};

/* Parses a dotted-quad IPv4 literal ("192.168.1.10"); returns 0, or -1 when s is not one. */
int mqtt_parse_ipv4(const char *s, struct mqtt_ip *ip);

#endif
