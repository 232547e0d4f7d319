/* udp:LOCALPORT:REMOTEPORT: one Ethernet frame per datagram on 127.0.0.1, the framing of QEMU's
 * `-netdev dgram` and `-netdev socket,udp=...`. We bind LOCALPORT and send to REMOTEPORT; what
 * arrives on LOCALPORT is taken as frames whoever sent it (only loopback can reach it). */
#include "endpoint.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int udp_open(struct endpoint *ep, char *err, size_t errlen)
{
    ep->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (ep->fd < 0) {
        snprintf(err, errlen, "udp socket: %s", strerror(errno));
        return -1;
    }
    /* Room for bursts: the bridge may be busy with the other side for a moment. */
    int size = 4 << 20;
    if (setsockopt(ep->fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0)
        setsockopt(ep->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    if (setsockopt(ep->fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size) < 0)
        setsockopt(ep->fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    struct sockaddr_in me = {.sin_family = AF_INET, .sin_port = htons(ep->port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(ep->fd, (struct sockaddr *)&me, sizeof me) < 0) {
        snprintf(err, errlen, "bind 127.0.0.1:%u: %s", ep->port, strerror(errno));
        return -1;
    }
    return 0;
}
