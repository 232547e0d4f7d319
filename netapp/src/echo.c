/* The echo loops: zero-copy peeks from the receive side into the send side. */
#include "netapp/echo.h"

size_t netapp_tcp_echo(struct net_tcp_socket *s)
{
    size_t moved = 0;
    for (;;) {
        size_t n;
        const uint8_t *p = net_tcp_recv_peek(s, &n);
        if (!p)
            break;
        size_t sent = net_tcp_send(s, p, n);
        if (sent == 0)
            break;
        net_tcp_recv_consume(s, sent);
        moved += sent;
        if (sent < n)
            break; /* the send buffer is full */
    }
    return moved;
}

size_t netapp_udp_echo(struct net_udp_socket *s, size_t *bytes)
{
    size_t total = 0, count = 0;
    for (;;) {
        struct net_endpoint from;
        size_t len;
        const uint8_t *data = net_udp_peek(s, &from, &len);
        if (!data || !net_udp_can_send(s, len))
            break;
        if (net_udp_send_to(s, &from, data, len) == NET_OK) {
            total += len;
            count++;
        }
        net_udp_consume(s);
    }
    if (bytes)
        *bytes = total;
    return count;
}
