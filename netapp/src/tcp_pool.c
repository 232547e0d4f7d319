/* The listening pool of a TCP server: listen, re-listen, log, close after the peer's FIN. */
#include "netapp/tcp_pool.h"

#include "log/log.h"

static bool listen_again(struct netapp_tcp_pool *p, struct netapp_tcp_conn *c)
{
    c->open = c->closing = false;
    if (net_tcp_listen(&c->sock, p->port) != NET_OK) {
        LOG_ERROR("%s: cannot listen on port %u", p->name, p->port);
        return false;
    }
    if (p->user_timeout_us)
        net_tcp_set_user_timeout(&c->sock, p->user_timeout_us);
    return true;
}

bool netapp_tcp_pool_listen(struct netapp_tcp_pool *p)
{
    bool ok = true;
    p->open = 0;
    for (unsigned k = 0; k < p->count; k++)
        if (!listen_again(p, &p->conns[p->count - 1 - k]))
            ok = false;
    return ok;
}

static void log_start(const struct netapp_tcp_pool *p, unsigned i)
{
    char ip[NET_IP4_STR_MAX];
    struct net_endpoint r = net_tcp_remote(&p->conns[i].sock);
    LOG_INFO("%s: conn %u from %s:%u", p->name, i, net_ip4_format(r.addr, ip, sizeof ip), r.port);
}

static void log_end(const struct netapp_tcp_pool *p, unsigned i)
{
    const struct net_tcp_socket *s = &p->conns[i].sock;
    const struct net_tcp_socket_counters *k = net_tcp_socket_counters(s);
    char ip[NET_IP4_STR_MAX];
    struct net_endpoint r = net_tcp_remote(s);
    LOG_INFO("%s: conn %u %s:%u closed (%s), in %llu out %llu bytes, %u retransmits", p->name, i,
             net_ip4_format(r.addr, ip, sizeof ip), r.port, net_tcp_error_str(net_tcp_error(s)),
             (unsigned long long)k->rx_bytes, (unsigned long long)k->tx_bytes,
             (unsigned)k->retransmits);
}

static bool run_conn(struct netapp_tcp_pool *p, unsigned i, const struct netapp_tcp_service *svc,
                     void *ctx, uint64_t now_us)
{
    struct netapp_tcp_conn *c = &p->conns[i];
    struct net_tcp_socket *s = &c->sock;
    enum net_tcp_state st = net_tcp_state(s);
    if (st == NET_TCP_LISTEN)
        return false; /* most of them, most of the time: nothing to look at */
    if (st == NET_TCP_CLOSED) {
        if (c->open) {
            log_end(p, i);
            p->open--;
        }
        listen_again(p, c);
        return false;
    }
    if (!c->open) {
        if (st < NET_TCP_ESTABLISHED)
            return false; /* still in the handshake */
        log_start(p, i);
        c->open = true;
        p->open++;
        p->accepted++;
        if (svc && svc->opened)
            svc->opened(ctx, i, s, now_us);
    }
    bool moved = svc && svc->serve ? svc->serve(ctx, i, s, now_us) : false;
    /* The service may have aborted it: the next run listens again. */
    if (net_tcp_state(s) == NET_TCP_CLOSE_WAIT && !c->closing && net_tcp_eof(s)) {
        net_tcp_close(s); /* the FIN goes after whatever the service still queued */
        c->closing = true;
        moved = true;
    }
    return moved;
}

bool netapp_tcp_pool_run(struct netapp_tcp_pool *p, const struct netapp_tcp_service *svc, void *ctx,
                         uint64_t now_us)
{
    bool moved = false;
    for (unsigned i = 0; i < p->count; i++)
        if (run_conn(p, i, svc, ctx, now_us))
            moved = true;
    return moved;
}
