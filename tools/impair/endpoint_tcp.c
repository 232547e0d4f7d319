/* tcp-listen:PORT and tcp:PORT on 127.0.0.1: frames as a 4-byte big-endian length followed by
 * the frame, the framing of QEMU's `-netdev stream` and `-netdev socket,listen=/connect=`.
 *
 * The peer (a QEMU) may come and go: a listener takes the newest connection, a connector retries
 * every RETRY_US. Frames for a side that is not connected are dropped (tx error), as a cable
 * pulled out would. Writes are buffered (STREAM_TX_BUFFER) so a slow reader never blocks the
 * bridge; when the buffer is full the frame is dropped. */
#include "endpoint.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define RETRY_US 100000u

static void drop_connection(struct endpoint *ep)
{
    if (ep->fd >= 0)
        close(ep->fd);
    ep->fd = -1;
    ep->connecting = false;
    ep->rx_start = ep->rx_end = ep->tx_start = ep->tx_end = 0;
}

static void configure(int fd)
{
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

static void start_connect(struct endpoint *ep, uint64_t now_us)
{
    ep->retry_at_us = now_us + RETRY_US;
    ep->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (ep->fd < 0)
        return;
    configure(ep->fd);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(ep->port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (connect(ep->fd, (struct sockaddr *)&to, sizeof to) == 0) {
        ep->connecting = false;
    } else if (errno == EINPROGRESS) {
        ep->connecting = true;
    } else {
        drop_connection(ep);
    }
}

int tcp_open(struct endpoint *ep, char *err, size_t errlen)
{
    if (ep->kind == EP_TCP_CONNECT) {
        start_connect(ep, 0);
        return 0;
    }
    ep->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (ep->listen_fd < 0) {
        snprintf(err, errlen, "tcp socket: %s", strerror(errno));
        return -1;
    }
    int one = 1;
    setsockopt(ep->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in me = {.sin_family = AF_INET, .sin_port = htons(ep->port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(ep->listen_fd, (struct sockaddr *)&me, sizeof me) < 0
        || listen(ep->listen_fd, 1) < 0) {
        snprintf(err, errlen, "listen 127.0.0.1:%u: %s", ep->port, strerror(errno));
        return -1;
    }
    return 0;
}

void tcp_close(struct endpoint *ep)
{
    drop_connection(ep);
    if (ep->listen_fd >= 0)
        close(ep->listen_fd);
    ep->listen_fd = -1;
}

int tcp_pollfds(const struct endpoint *ep, struct pollfd *p)
{
    int n = 0;
    if (ep->listen_fd >= 0)
        p[n++] = (struct pollfd){.fd = ep->listen_fd, .events = POLLIN};
    if (ep->fd >= 0) {
        short events = ep->connecting ? POLLOUT : POLLIN;
        if (ep->tx_end > ep->tx_start)
            events |= POLLOUT;
        p[n++] = (struct pollfd){.fd = ep->fd, .events = events};
    }
    return n;
}

static void flush_tx(struct endpoint *ep)
{
    while (ep->fd >= 0 && ep->tx_end > ep->tx_start) {
        ssize_t n = send(ep->fd, ep->tx + ep->tx_start, ep->tx_end - ep->tx_start,
                         MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                drop_connection(ep);
            return;
        }
        ep->tx_start += (size_t)n;
    }
    ep->tx_start = ep->tx_end = 0;
}

void tcp_service(struct endpoint *ep, const struct pollfd *p, int n, uint64_t now_us)
{
    for (int i = 0; i < n; i++) {
        if (p[i].fd == ep->listen_fd && (p[i].revents & POLLIN)) {
            int fd = accept4(ep->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd >= 0) {
                /* The newest peer wins: a restarted QEMU replaces the old connection. */
                drop_connection(ep);
                ep->fd = fd;
                configure(fd);
            }
        } else if (p[i].fd == ep->fd && ep->fd >= 0) {
            if (ep->connecting && (p[i].revents & (POLLOUT | POLLERR | POLLHUP))) {
                int e = 0;
                socklen_t len = sizeof e;
                getsockopt(ep->fd, SOL_SOCKET, SO_ERROR, &e, &len);
                if (e)
                    drop_connection(ep);
                else
                    ep->connecting = false;
            } else if (p[i].revents & POLLOUT) {
                flush_tx(ep);
            }
        }
    }
    if (ep->kind == EP_TCP_CONNECT && ep->fd < 0 && now_us >= ep->retry_at_us)
        start_connect(ep, now_us);
}

static uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int tcp_read_frame(struct endpoint *ep, uint8_t *buf)
{
    if (ep->fd < 0 || ep->connecting)
        return EP_READ_NONE;
    for (;;) {
        size_t have = ep->rx_end - ep->rx_start;
        if (have >= 4) {
            size_t len = get_be32(ep->rx + ep->rx_start);
            if (len > FRAME_MAX) {
                /* Not our framing, or a frame we cannot hold: the stream cannot resynchronise. */
                drop_connection(ep);
                return EP_READ_OVERSIZE;
            }
            if (have - 4 >= len) {
                memcpy(buf, ep->rx + ep->rx_start + 4, len);
                ep->rx_start += 4 + len;
                if (len == 0)
                    continue;   /* an empty frame carries nothing: skip it */
                return (int)len;
            }
        }
        /* Move the partial frame to the front: then a whole one always fits behind it. */
        if (ep->rx_start) {
            memmove(ep->rx, ep->rx + ep->rx_start, have);
            ep->rx_end = have;
            ep->rx_start = 0;
        }
        ssize_t n = recv(ep->fd, ep->rx + ep->rx_end, sizeof ep->rx - ep->rx_end, MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            return EP_READ_NONE;
        if (n <= 0) {
            drop_connection(ep);
            return EP_READ_CLOSED;
        }
        ep->rx_end += (size_t)n;
    }
}

bool tcp_write_frame(struct endpoint *ep, const uint8_t *frame, size_t len)
{
    if (ep->fd < 0 || ep->connecting)
        return false;
    if (ep->tx_start && ep->tx_end + 4 + len > sizeof ep->tx) {
        memmove(ep->tx, ep->tx + ep->tx_start, ep->tx_end - ep->tx_start);
        ep->tx_end -= ep->tx_start;
        ep->tx_start = 0;
    }
    if (ep->tx_end + 4 + len > sizeof ep->tx)
        return false;
    uint8_t *p = ep->tx + ep->tx_end;
    p[0] = (uint8_t)(len >> 24);
    p[1] = (uint8_t)(len >> 16);
    p[2] = (uint8_t)(len >> 8);
    p[3] = (uint8_t)len;
    memcpy(p + 4, frame, len);
    ep->tx_end += 4 + len;
    flush_tx(ep);
    return true;
}
