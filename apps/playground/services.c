/* The playground's services: TCP echo and UDP echo on port 1234, the iperf 2 server on 5001. */
#include "log/log.h"
#include "netapp/echo.h"
#include "playground.h"

/* The sockets' buffers, outside the resource: on the H743 the tightly coupled RAM (.bss) is too
 * small for them, the AXI SRAM is not. Only net_poll reaches them, through the sockets. */
#if defined(BOARD_NUCLEO_H743ZI2)
#include "stm32h743_sections.h"
#define PLAYGROUND_BUFFERS KIT_SECTION_AXISRAM
#else
#define PLAYGROUND_BUFFERS
#endif
static uint8_t echo_buf[PLAYGROUND_ECHO_SOCKETS][2][PLAYGROUND_ECHO_BUF] PLAYGROUND_BUFFERS;
static uint8_t iperf_rx[PLAYGROUND_IPERF_SOCKETS][PLAYGROUND_IPERF_RX_BUF] PLAYGROUND_BUFFERS;
static uint8_t iperf_tx[PLAYGROUND_IPERF_SOCKETS][PLAYGROUND_IPERF_TX_BUF] PLAYGROUND_BUFFERS;

static bool echo_serve(void *ctx, unsigned i, struct net_tcp_socket *s, uint64_t now_us)
{
    (void)i;
    (void)now_us;
    playground_t *app = ctx;
    size_t moved = netapp_tcp_echo(s);
    app->echoed += moved;
    return moved > 0;
}

static const struct netapp_tcp_service echo_service = {NULL, echo_serve};

static void open_echo(playground_t *app)
{
    for (unsigned i = 0; i < PLAYGROUND_ECHO_SOCKETS; i++)
        net_tcp_socket_init(&app->echo_conn[i].sock, &app->tcp, echo_buf[i][0], PLAYGROUND_ECHO_BUF,
                            echo_buf[i][1], PLAYGROUND_ECHO_BUF);
    app->echo = (struct netapp_tcp_pool){.name = "echo",
                                         .port = PLAYGROUND_ECHO_PORT,
                                         .conns = app->echo_conn,
                                         .count = PLAYGROUND_ECHO_SOCKETS};
    netapp_tcp_pool_listen(&app->echo);
}

static void open_iperf(playground_t *app)
{
    for (unsigned i = 0; i < PLAYGROUND_IPERF_SOCKETS; i++)
        net_tcp_socket_init(&app->iperf_conn[i].sock, &app->tcp, iperf_rx[i],
                            PLAYGROUND_IPERF_RX_BUF, iperf_tx[i], PLAYGROUND_IPERF_TX_BUF);
    app->iperf.pool = (struct netapp_tcp_pool){.conns = app->iperf_conn,
                                               .count = PLAYGROUND_IPERF_SOCKETS};
    app->iperf.state = app->iperf_state;
    iperf2_open(&app->iperf);
}

static void open_udp(playground_t *app)
{
    net_udp_init(&app->udp, &NET_RING_STORAGE(app->udp_rx_meta, app->udp_rx_data),
                 &NET_RING_STORAGE(app->udp_tx_meta, app->udp_tx_data));
    if (net_udp_bind(&app->net.iface, &app->udp, PLAYGROUND_ECHO_PORT) != NET_OK)
        LOG_ERROR("playground: cannot bind UDP port %u", PLAYGROUND_ECHO_PORT);
}

void playground_open(playground_t *app)
{
    net_tcp_init(&app->tcp, &app->net.iface, NULL);
    net_tcp_enable_sack(&app->tcp); /* streams: SACK recovery */
    open_echo(app);
    open_iperf(app);
    open_udp(app);
    app->up = true;
    LOG_INFO("playground: TCP and UDP echo on port %u (%u clients, %u-byte buffers), iperf 2 on "
             "TCP port %u (%u-byte window)",
             PLAYGROUND_ECHO_PORT, PLAYGROUND_ECHO_SOCKETS, PLAYGROUND_ECHO_BUF, IPERF2_PORT,
             PLAYGROUND_IPERF_RX_BUF);
}

bool playground_run(playground_t *app, uint64_t now_us)
{
    if (!app->up)
        return false;
    bool queued = netapp_tcp_pool_run(&app->echo, &echo_service, app, now_us);
    if (iperf2_run(&app->iperf, now_us))
        queued = true;
    size_t datagrams = netapp_udp_echo(&app->udp, NULL);
    app->udp_echoed += datagrams;
    return queued || datagrams > 0;
}
