/* struct mqtt_transport over a non-blocking POSIX TCP socket. */
#include "mqtt/posix_transport.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int would_block(void)
{
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
}

static int tp_connect(void *ctx, const struct mqtt_ip *ip, uint16_t port)
{
    struct mqtt_posix_transport *t = ctx;
    if (t->fd < 0) {
        if (ip->family != 4)
            return -1;
        t->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (t->fd < 0)
            return -1;
        int one = 1; /* MQTT packets are small and latency matters more than segment count */
        setsockopt(t->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
        memcpy(&sa.sin_addr, ip->addr, 4);
        if (connect(t->fd, (struct sockaddr *)&sa, sizeof sa) == 0)
            return 1;
        return errno == EINPROGRESS ? 0 : -1;
    }
    struct pollfd p = {.fd = t->fd, .events = POLLOUT};
    if (poll(&p, 1, 0) <= 0)
        return 0;
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(t->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err)
        return -1;
    return 1;
}

static int tp_send(void *ctx, const uint8_t *data, size_t len)
{
    struct mqtt_posix_transport *t = ctx;
    ssize_t n = send(t->fd, data, len > INT_MAX ? INT_MAX : len, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0)
        return (int)n;
    return would_block() ? 0 : -1;
}

static int tp_recv(void *ctx, uint8_t *buf, size_t len)
{
    struct mqtt_posix_transport *t = ctx;
    ssize_t n = recv(t->fd, buf, len > INT_MAX ? INT_MAX : len, MSG_DONTWAIT);
    if (n > 0)
        return (int)n;
    if (n == 0)
        return -1; /* the broker closed the connection */
    return would_block() ? 0 : -1;
}

static void tp_close(void *ctx)
{
    struct mqtt_posix_transport *t = ctx;
    if (t->fd >= 0)
        close(t->fd);
    t->fd = -1;
}

static int tp_resolve(void *ctx, const char *host, struct mqtt_ip *ip)
{
    (void)ctx;
    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM}, *res;
    if (getaddrinfo(host, NULL, &hints, &res) != 0)
        return -1;
    memset(ip, 0, sizeof *ip);
    ip->family = 4;
    memcpy(ip->addr, &((struct sockaddr_in *)(void *)res->ai_addr)->sin_addr, 4);
    freeaddrinfo(res);
    return 1;
}

void mqtt_posix_transport_init(struct mqtt_posix_transport *t)
{
    t->fd = -1;
    t->ops.connect = tp_connect;
    t->ops.send = tp_send;
    t->ops.recv = tp_recv;
    t->ops.close = tp_close;
    t->ops.resolve = tp_resolve;
    t->ops.ctx = t;
}
