/* Endpoint specs, and the frame I/O shared by the datagram-like kinds (tap, raw, udp). */
#include "endpoint.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int parse_port(const char *s, uint16_t *port)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || (*end && *end != ':') || v < 1 || v > 65535)
        return -1;
    *port = (uint16_t)v;
    return 0;
}

/* "NAME" or "NAME@NETNS" -> name (copied into a bounded buffer) and netns (or NULL). */
static int split_netns(const char *s, char *name, size_t namelen, const char **netns)
{
    const char *at = strchr(s, '@');
    size_t n = at ? (size_t)(at - s) : strlen(s);
    if (n == 0 || n >= namelen)
        return -1;
    memcpy(name, s, n);
    name[n] = '\0';
    *netns = at ? at + 1 : NULL;
    return (at && !at[1]) ? -1 : 0;
}

int endpoint_open(struct endpoint *ep, const char *spec, char *err, size_t errlen)
{
    ep->spec = spec;
    ep->fd = ep->listen_fd = -1;
    ep->rx_start = ep->rx_end = ep->tx_start = ep->tx_end = 0;
    ep->connecting = false;
    ep->retry_at_us = 0;

    char name[64];
    const char *netns;
    if (strncmp(spec, "tap:", 4) == 0 || strncmp(spec, "raw:", 4) == 0) {
        if (split_netns(spec + 4, name, sizeof name, &netns)) {
            snprintf(err, errlen, "bad interface name in '%s'", spec);
            return -1;
        }
        ep->kind = spec[0] == 't' ? EP_TAP : EP_RAW;
        return ep->kind == EP_TAP ? tap_open(ep, name, netns, err, errlen)
                                  : raw_open(ep, name, netns, err, errlen);
    }
    if (strncmp(spec, "udp:", 4) == 0) {
        const char *colon = strchr(spec + 4, ':');
        if (!colon || parse_port(spec + 4, &ep->port) || parse_port(colon + 1, &ep->remote_port)
            || strchr(colon + 1, ':')) {
            snprintf(err, errlen, "expected udp:LOCALPORT:REMOTEPORT, got '%s'", spec);
            return -1;
        }
        ep->kind = EP_UDP;
        return udp_open(ep, err, errlen);
    }
    if (strncmp(spec, "tcp-listen:", 11) == 0 || strncmp(spec, "tcp:", 4) == 0) {
        ep->kind = spec[3] == '-' ? EP_TCP_LISTEN : EP_TCP_CONNECT;
        const char *p = strchr(spec, ':') + 1;
        if (parse_port(p, &ep->port) || strchr(p, ':')) {
            snprintf(err, errlen, "bad port in '%s'", spec);
            return -1;
        }
        return tcp_open(ep, err, errlen);
    }
    snprintf(err, errlen, "unknown endpoint '%s' (tap:, raw:, udp:, tcp-listen:, tcp:)", spec);
    return -1;
}

void endpoint_close(struct endpoint *ep)
{
    if (ep->kind == EP_TCP_LISTEN || ep->kind == EP_TCP_CONNECT) {
        tcp_close(ep);
        return;
    }
    if (ep->fd >= 0)
        close(ep->fd);
    ep->fd = -1;
}

int endpoint_pollfds(const struct endpoint *ep, struct pollfd *p)
{
    if (ep->kind == EP_TCP_LISTEN || ep->kind == EP_TCP_CONNECT)
        return tcp_pollfds(ep, p);
    p[0] = (struct pollfd){.fd = ep->fd, .events = POLLIN};
    return 1;
}

void endpoint_service(struct endpoint *ep, const struct pollfd *p, int n, uint64_t now_us)
{
    if (ep->kind == EP_TCP_LISTEN || ep->kind == EP_TCP_CONNECT)
        tcp_service(ep, p, n, now_us);
}

uint64_t endpoint_deadline(const struct endpoint *ep)
{
    if (ep->kind == EP_TCP_CONNECT && ep->fd < 0)
        return ep->retry_at_us;
    return UINT64_MAX;
}

int endpoint_read(struct endpoint *ep, uint8_t *buf)
{
    if (ep->kind == EP_TCP_LISTEN || ep->kind == EP_TCP_CONNECT)
        return tcp_read_frame(ep, buf);
    return fd_read_frame(ep, buf);
}

bool endpoint_write(struct endpoint *ep, const uint8_t *frame, size_t len)
{
    if (ep->kind == EP_TCP_LISTEN || ep->kind == EP_TCP_CONNECT)
        return tcp_write_frame(ep, frame, len);
    return fd_write_frame(ep, frame, len);
}

int fd_read_frame(struct endpoint *ep, uint8_t *buf)
{
    ssize_t n;
    if (ep->kind == EP_TAP) {
        /* A TAP hands over one frame per read; no frame is longer than its MTU (< FRAME_MAX). */
        n = read(ep->fd, buf, FRAME_MAX);
    } else {
        /* MSG_TRUNC makes recv report the real length, so a too-long datagram is seen as such. */
        n = recv(ep->fd, buf, FRAME_MAX, MSG_TRUNC);
        if (n > (ssize_t)FRAME_MAX)
            return EP_READ_OVERSIZE;
    }
    if (n < 0)
        return EP_READ_NONE;    /* EAGAIN, or a transient error: poll again */
    return (int)n;
}

bool fd_write_frame(struct endpoint *ep, const uint8_t *frame, size_t len)
{
    ssize_t n;
    if (ep->kind == EP_UDP) {
        struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(ep->remote_port),
                                 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        n = sendto(ep->fd, frame, len, 0, (const struct sockaddr *)&to, sizeof to);
    } else if (ep->kind == EP_TAP) {
        n = write(ep->fd, frame, len);
    } else {
        n = send(ep->fd, frame, len, 0);
    }
    return n == (ssize_t)len;
}
