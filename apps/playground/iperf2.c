/* The iperf 2 server: a sink that counts, on a pool of listening sockets. */
#include "iperf2.h"

#include "log/log.h"

/* The connection's result, from its establishment to the client's end of stream. */
static void log_result(const struct iperf2_server *srv, unsigned i, const struct net_tcp_socket *s,
                       uint64_t now_us)
{
    const struct iperf2_conn *c = &srv->state[i];
    uint64_t us = now_us > c->start_us ? now_us - c->start_us : 1;
    uint64_t centi_mbps = c->bytes * 8u * 100u / us; /* bits per microsecond = Mbit/s */
    char ip[NET_IP4_STR_MAX];
    struct net_endpoint r = net_tcp_remote(s);
    LOG_INFO("iperf: conn %u %s:%u %llu bytes in %u.%03u s = %u.%02u Mbit/s", i,
             net_ip4_format(r.addr, ip, sizeof ip), r.port, (unsigned long long)c->bytes,
             (unsigned)(us / 1000000u), (unsigned)(us / 1000u % 1000u),
             (unsigned)(centi_mbps / 100u), (unsigned)(centi_mbps % 100u));
}

static void opened(void *ctx, unsigned i, struct net_tcp_socket *s, uint64_t now_us)
{
    (void)s;
    struct iperf2_server *srv = ctx;
    srv->state[i] = (struct iperf2_conn){.start_us = now_us};
}

/* Keeps the stream's first bytes until the header says what the client wants. False when the
 * mode is one we do not serve (the caller resets the connection). */
static bool check_header(struct iperf2_server *srv, unsigned i, const uint8_t *p, size_t n,
                         bool ended)
{
    struct iperf2_conn *c = &srv->state[i];
    while (c->header_len < IPERF2_HEADER_LEN && n > 0) {
        c->header[c->header_len++] = *p++;
        n--;
    }
    enum iperf2_request r = iperf2_classify(c->header, c->header_len, ended);
    if (r == IPERF2_NEED_MORE)
        return true;
    c->checked = true;
    if (r == IPERF2_SEND_ONLY)
        return true;
    LOG_WARN("iperf: conn %u asks for %s: not served, reset (plain `iperf -c` only)", i,
             iperf2_request_str(r));
    srv->refused++;
    return false;
}

static bool serve(void *ctx, unsigned i, struct net_tcp_socket *s, uint64_t now_us)
{
    struct iperf2_server *srv = ctx;
    struct iperf2_conn *c = &srv->state[i];
    bool moved = false;
    for (;;) {
        size_t n;
        const uint8_t *p = net_tcp_recv_peek(s, &n);
        if (!p)
            break;
        if (!c->checked && !check_header(srv, i, p, n, false)) {
            net_tcp_abort(s);
            return true;
        }
        net_tcp_recv_consume(s, n);
        c->bytes += n;
        srv->bytes += n;
        moved = true;
    }
    if (net_tcp_eof(s) && !c->reported) {
        if (!c->checked && !check_header(srv, i, c->header, 0, true)) {
            net_tcp_abort(s);
            return true;
        }
        c->reported = true;
        log_result(srv, i, s, now_us);
    }
    return moved;
}

static const struct netapp_tcp_service iperf2_service = {opened, serve};

bool iperf2_open(struct iperf2_server *srv)
{
    srv->pool.name = "iperf";
    srv->pool.port = IPERF2_PORT;
    return netapp_tcp_pool_listen(&srv->pool);
}

bool iperf2_run(struct iperf2_server *srv, uint64_t now_us)
{
    return netapp_tcp_pool_run(&srv->pool, &iperf2_service, srv, now_us);
}
