/* The echo service: every connection's received bytes go back to it as they come
 * (netapp_tcp_echo: straight from the receive buffer into the send buffer, so a connection never
 * holds more than its two buffers); the listening pool (netapp/tcp_pool.h) listens again with a
 * socket whose connection ended. */
#include "log/fmt.h"
#include "log/log.h"
#include "netapp/echo.h"
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

static bool serve(void *ctx, unsigned i, struct net_tcp_socket *s, uint64_t now_us)
{
    (void)i;
    (void)now_us;
    tcp_echo_t *app = ctx;
    size_t moved = netapp_tcp_echo(s);
    app->echoed += moved;
    return moved > 0;
}

static const struct netapp_tcp_service echo_service = {NULL, serve};

void tcp_echo_open(tcp_echo_t *app)
{
    net_tcp_init(&app->tcp, &app->net.iface, NULL);
    net_tcp_enable_sack(&app->tcp); /* streams: SACK recovery */
    for (unsigned i = 0; i < TCP_ECHO_SOCKETS; i++) {
        size_t size = buffer_size(i);
        net_tcp_socket_init(&app->conn[i].sock, &app->tcp, buffer_of(i, 0), size,
                            buffer_of(i, 1), size);
    }
    /* The big sockets come first: the pool lets conn[0] take the first client, so a lone bulk
     * client gets a big one. */
    app->pool = (struct netapp_tcp_pool){.name = "tcp-echo",
                                         .port = app->port,
                                         .user_timeout_us = app->user_timeout_ms * 1000u,
                                         .conns = app->conn,
                                         .count = TCP_ECHO_SOCKETS};
    netapp_tcp_pool_listen(&app->pool);
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
        {"open", app->pool.open},
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

bool tcp_echo_run(tcp_echo_t *app, uint64_t now_us)
{
    if (!app->up)
        return false;
    bool queued = netapp_tcp_pool_run(&app->pool, &echo_service, app, now_us);
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
             (unsigned)(bits / 10000u % 100u), app->pool.open);
}
