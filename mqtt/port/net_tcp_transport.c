/* struct mqtt_transport over the kit's TCP socket and DNS client. The client asks again on every
 * poll until a step is done, so each call here looks at the socket's state and never waits. */
#include "net_tcp_transport.h"

#include <limits.h>
#include <string.h>

/* The client's buffers are sized in kilobytes; an int return still needs the clamp. */
static size_t clamp(size_t len)
{
    return len > INT_MAX ? INT_MAX : len;
}

static int tp_connect(void *ctx, const struct mqtt_ip *ip, uint16_t port)
{
    struct net_tcp_transport *t = ctx;
    struct net_tcp_socket *s = t->sock;
    if (!t->connecting) {
        if (ip->family != 4)
            return -1;
        /* Left over from a connection the client gave up on without closing: start clean. */
        net_tcp_abort(s);
        struct net_endpoint remote = {
            .addr = NET_IP4(ip->addr[0], ip->addr[1], ip->addr[2], ip->addr[3]),
            .port = port,
        };
        /* NO_ROUTE (no address yet: DHCP), INVALID, IN_USE: the client backs off and retries. */
        if (net_tcp_connect(s, &remote, 0) != NET_OK)
            return -1;
        /* MQTT packets are small and answered one by one: Nagle would hold each for an ACK. */
        net_tcp_set_nodelay(s, true);
        t->connecting = true;
        t->counters.connects++;
        return 0; /* the SYN leaves on the interface's next poll */
    }
    if (net_tcp_is_established(s)) {
        t->connecting = false;
        t->counters.connected++;
        return 1;
    }
    if (net_tcp_state(s) == NET_TCP_CLOSED) {
        t->connecting = false; /* refused, timed out, no route: net_tcp_error() says which */
        return -1;
    }
    return 0;
}

static int tp_send(void *ctx, const uint8_t *data, size_t len)
{
    struct net_tcp_transport *t = ctx;
    if (!net_tcp_may_send(t->sock))
        return -1; /* reset, aborted, or closed */
    size_t n = net_tcp_send(t->sock, data, clamp(len));
    t->counters.tx_bytes += (uint32_t)n;
    return (int)n; /* 0: the send buffer is full; NET_EV_TX wakes the task when it drains */
}

static int tp_recv(void *ctx, uint8_t *buf, size_t len)
{
    struct net_tcp_transport *t = ctx;
    size_t n = net_tcp_recv(t->sock, buf, clamp(len));
    if (n) {
        t->counters.rx_bytes += (uint32_t)n;
        return (int)n;
    }
    /* Nothing buffered: either the broker closed its side (FIN read) or the connection is gone. */
    return net_tcp_eof(t->sock) ? -1 : 0;
}

static void tp_close(void *ctx)
{
    struct net_tcp_transport *t = ctx;
    t->connecting = false;
    /* Abortive: the socket is CLOSED at once and ready for the next connect. When the broker
     * closed first (after our DISCONNECT), its side is done and the RST costs nothing. */
    net_tcp_abort(t->sock);
}

/* The close of a transport that resolves: a query in flight is cancelled first. Installed by
 * net_tcp_transport_use_dns, so that tp_close does not reference the DNS client. */
static void tp_close_dns(void *ctx)
{
    struct net_tcp_transport *t = ctx;
    if (t->resolving)
        net_dns_cancel(t->dns, t->query);
    t->resolving = false;
    tp_close(ctx);
}

static int tp_resolve(void *ctx, const char *host, struct mqtt_ip *ip)
{
    struct net_tcp_transport *t = ctx;
    if (!t->resolving) {
        /* NO_ROUTE: no DNS server known yet (DHCP pending); the client backs off and asks
         * again. FULL: every query slot busy; the same. */
        if (net_dns_start(t->dns, host, &t->query) != NET_OK)
            return -1;
        t->resolving = true;
        t->counters.resolves++;
    }
    net_ip4 addr = 0;
    size_t count = 0;
    enum net_dns_status st = net_dns_result(t->dns, t->query, &addr, 1, &count, NULL);
    if (st == NET_DNS_PENDING)
        return 0;
    t->resolving = false; /* the result was read: the query slot is free again */
    if (st != NET_DNS_OK || count == 0) {
        t->counters.resolve_fails++;
        return -1;
    }
    memset(ip, 0, sizeof *ip);
    ip->family = 4;
    ip->addr[0] = (uint8_t)(addr >> 24);
    ip->addr[1] = (uint8_t)(addr >> 16);
    ip->addr[2] = (uint8_t)(addr >> 8);
    ip->addr[3] = (uint8_t)addr;
    return 1;
}

void net_tcp_transport_init(struct net_tcp_transport *t, struct net_tcp_socket *sock,
                            net_waker_fn wake, void *wake_ctx)
{
    memset(t, 0, sizeof *t);
    t->sock = sock;
    t->wake = wake;
    t->wake_ctx = wake_ctx;
    t->ops.connect = tp_connect;
    t->ops.send = tp_send;
    t->ops.recv = tp_recv;
    t->ops.close = tp_close;
    t->ops.ctx = t;
    net_tcp_set_waker(sock, wake, wake_ctx);
}

/* The resolver is installed here, not by init: an image whose broker is an address never
 * calls this, and links no DNS code. */
void net_tcp_transport_use_dns(struct net_tcp_transport *t, struct net_dns_client *dns)
{
    t->dns = dns;
    t->ops.resolve = tp_resolve;
    t->ops.close = tp_close_dns;
    net_dns_set_waker(dns, t->wake, t->wake_ctx);
}
