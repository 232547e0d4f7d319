/* The echo service: every connection's received bytes go back to it as they come; a socket
 * whose connection ended listens again. The bytes move straight from the receive buffer into the
 * send buffer (zero-copy peek), so a connection never holds more than its two buffers. */
#include "log/fmt.h"
#include "log/log.h"
#include "tcp_echo.h"

/* The sockets' buffers, outside the resource: on the H743 the tightly coupled RAM (.bss) is too
 * small for them, the AXI SRAM is not. Only net_poll reaches them, through the sockets. */
#if defined(BOARD_NUCLEO_H743ZI2)
#include "stm32h743_sections.h"
#define TCP_ECHO_BUFFERS KIT_SECTION_AXISRAM
#else
#define TCP_ECHO_BUFFERS
#endif
static uint8_t big[TCP_ECHO_BIG][2][TCP_ECHO_BIG_BUF] TCP_ECHO_BUFFERS;
static uint8_t small[TCP_ECHO_SMALL][2][TCP_ECHO_SMALL_BUF] TCP_ECHO_BUFFERS;

static uint8_t *buffer_of(unsigned i, int which)
{
    return i < TCP_ECHO_BIG ? big[i][which] : small[i - TCP_ECHO_BIG][which];
}

static size_t buffer_size(unsigned i)
{
    return i < TCP_ECHO_BIG ? TCP_ECHO_BIG_BUF : TCP_ECHO_SMALL_BUF;
}

static void listen_again(tcp_echo_t *app, struct tcp_echo_conn *c)
{
    c->open = c->closing = false;
    if (net_tcp_listen(&c->sock, app->port) != NET_OK)
        LOG_ERROR("tcp-echo: cannot listen on %u", app->port);
    if (app->user_timeout_ms)
        net_tcp_set_user_timeout(&c->sock, app->user_timeout_ms * 1000u);
}

void tcp_echo_open(tcp_echo_t *app)
{
    net_tcp_init(&app->tcp, &app->net.iface, NULL);
    /* Small sockets listen first: the protocol hands a SYN to the socket that listened last, so
     * a lone bulk client gets a big one. */
    for (unsigned k = 0; k < TCP_ECHO_SOCKETS; k++) {
        unsigned i = TCP_ECHO_SOCKETS - 1 - k;
        struct tcp_echo_conn *c = &app->conn[i];
        size_t size = buffer_size(i);
        net_tcp_socket_init(&c->sock, &app->tcp, buffer_of(i, 0), size, buffer_of(i, 1), size);
        listen_again(app, c);
    }
    net_udp_init(&app->stats, &NET_RING_STORAGE(app->stats_rx_meta, app->stats_rx_data),
                 &NET_RING_STORAGE(app->stats_tx_meta, app->stats_tx_data));
    if (net_udp_bind(&app->net.iface, &app->stats, TCP_ECHO_STATS_PORT) != NET_OK)
        LOG_ERROR("tcp-echo: cannot bind UDP port %u", TCP_ECHO_STATS_PORT);
    app->up = true;
    LOG_INFO("tcp-echo: TCP echo on port %u (%u sockets: %u of %u bytes, %u of %u), counters on "
             "UDP port %u",
             app->port, TCP_ECHO_SOCKETS, TCP_ECHO_BIG, TCP_ECHO_BIG_BUF, TCP_ECHO_SMALL,
             TCP_ECHO_SMALL_BUF, TCP_ECHO_STATS_PORT);
}

static void log_end(const struct tcp_echo_conn *c, unsigned i)
{
    const struct net_tcp_socket_counters *k = net_tcp_socket_counters(&c->sock);
    char ip[NET_IP4_STR_MAX];
    struct net_endpoint r = net_tcp_remote(&c->sock);
    LOG_INFO("tcp-echo: conn %u %s:%u closed (%s), in %llu out %llu bytes, %u retransmits", i,
             net_ip4_format(r.addr, ip, sizeof ip), r.port,
             net_tcp_error_str(net_tcp_error(&c->sock)), (unsigned long long)k->rx_bytes,
             (unsigned long long)k->tx_bytes, (unsigned)k->retransmits);
}

/* Moves what arrived back out: as much as the send buffer takes. */
static bool echo(tcp_echo_t *app, struct net_tcp_socket *s)
{
    bool moved = false;
    for (;;) {
        size_t n;
        const uint8_t *p = net_tcp_recv_peek(s, &n);
        if (!p)
            break;
        size_t sent = net_tcp_send(s, p, n);
        if (sent == 0)
            break;
        net_tcp_recv_consume(s, sent);
        app->echoed += sent;
        moved = true;
        if (sent < n)
            break;
    }
    return moved;
}

static bool run_conn(tcp_echo_t *app, unsigned i)
{
    struct tcp_echo_conn *c = &app->conn[i];
    struct net_tcp_socket *s = &c->sock;
    enum net_tcp_state st = net_tcp_state(s);
    if (st == NET_TCP_LISTEN)
        return false; /* the usual case for most of them: nothing to look at */
    if (st == NET_TCP_CLOSED) {
        if (c->open) {
            log_end(c, i);
            app->open_count--;
        }
        listen_again(app, c);
        return false;
    }
    if (!c->open && (st >= NET_TCP_ESTABLISHED)) {
        char ip[NET_IP4_STR_MAX];
        struct net_endpoint r = net_tcp_remote(s);
        LOG_INFO("tcp-echo: conn %u from %s:%u", i, net_ip4_format(r.addr, ip, sizeof ip), r.port);
        c->open = true;
        app->open_count++;
    }
    bool moved = echo(app, s);
    /* the peer is done and everything it sent went back: close our side too */
    if (st == NET_TCP_CLOSE_WAIT && !c->closing && net_tcp_eof(s)) {
        net_tcp_close(s);
        c->closing = true;
        moved = true;
    }
    return moved;
}

/* The protocol's counters as "tcp.name=value" tokens, a few per line (as netapp's lines). */
static size_t format_tcp(const tcp_echo_t *app, char *buf, size_t cap)
{
    const struct net_tcp_counters *k = net_tcp_counters(&app->tcp);
    const struct {
        const char *name;
        uint32_t value;
    } items[] = {
        {"rx_segs", k->rx_segs},
        {"tx_segs", k->tx_segs},
        {"rx_bad_checksum", k->rx_bad_checksum},
        {"rx_malformed", k->rx_malformed},
        {"rx_not_unicast", k->rx_not_unicast},
        {"rx_no_socket", k->rx_no_socket},
        {"rx_out_of_window", k->rx_out_of_window},
        {"rx_paws", k->rx_paws},
        {"rx_ooo", k->rx_ooo},
        {"rx_ooo_dropped", k->rx_ooo_dropped},
        {"rx_dup_acks", k->rx_dup_acks},
        {"rst_rx", k->rst_rx},
        {"rst_tx", k->rst_tx},
        {"challenge_acks", k->challenge_acks},
        {"challenge_acks_limited", k->challenge_acks_limited},
        {"retransmits", k->retransmits},
        {"fast_retransmits", k->fast_retransmits},
        {"rto_expired", k->rto_expired},
        {"zero_window_probes", k->zero_window_probes},
        {"keepalive_probes", k->keepalive_probes},
        {"syn_evicted", k->syn_evicted},
        {"syn_no_listener", k->syn_no_listener},
        {"syn_unreachable", k->syn_unreachable},
        {"conn_active", k->conn_active},
        {"conn_passive", k->conn_passive},
        {"conn_reset", k->conn_reset},
        {"conn_timeout", k->conn_timeout},
        {"tx_blocked", k->tx_blocked},
        {"open", app->open_count},
    };
    size_t n = 0;
    for (size_t i = 0; i < sizeof items / sizeof items[0] && n + 1 < cap; i++) {
        bool eol = i % 5 == 4 || i + 1 == sizeof items / sizeof items[0];
        n += fmt_snprintf(buf + n, cap - n, "tcp.%s=%lu%c", items[i].name,
                          (unsigned long)items[i].value, eol ? '\n' : ' ');
    }
    return n < cap ? n : cap - 1;
}

/* A request's content does not matter: the answer is the counters as text. */
static bool run_stats(tcp_echo_t *app)
{
    bool queued = false;
    for (;;) {
        struct net_endpoint from;
        size_t len;
        if (!net_udp_peek(&app->stats, &from, &len))
            break;
        net_udp_consume(&app->stats);
        char text[2048];
        size_t n = netapp_stats_format(&app->net, text, sizeof text);
        n += format_tcp(app, text + n, sizeof text - n);
        if (net_udp_send_to(&app->stats, &from, text, n) == NET_OK)
            queued = true;
    }
    return queued;
}

bool tcp_echo_run(tcp_echo_t *app)
{
    if (!app->up)
        return false;
    bool queued = false;
    for (unsigned i = 0; i < TCP_ECHO_SOCKETS; i++)
        if (run_conn(app, i))
            queued = true;
    if (run_stats(app))
        queued = true;
    return queued;
}

void tcp_echo_report(tcp_echo_t *app)
{
    if (!app->up || app->echoed == app->echoed_logged)
        return;
    uint64_t bits = (app->echoed - app->echoed_logged) * 8u;
    app->echoed_logged = app->echoed;
    /* echoed bytes came in and went out: the same rate both ways */
    LOG_INFO("tcp-echo: %u.%02u Mbit/s each way, %u open", (unsigned)(bits / 1000000u),
             (unsigned)(bits / 10000u % 100u), app->open_count);
}
