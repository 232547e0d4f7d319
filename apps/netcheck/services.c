/* netcheck's UDP services: echo (port 7) and the counters on request (port 9). */
#include "log/log.h"
#include "netapp/echo.h"
#include "netcheck.h"

void netcheck_services_open(netcheck_t *app)
{
    struct net_iface *iface = &app->net.iface;
    net_udp_init(&app->echo, &NET_RING_STORAGE(app->echo_rx_meta, app->echo_rx_data),
                 &NET_RING_STORAGE(app->echo_tx_meta, app->echo_tx_data));
    net_udp_init(&app->stats, &NET_RING_STORAGE(app->stats_rx_meta, app->stats_rx_data),
                 &NET_RING_STORAGE(app->stats_tx_meta, app->stats_tx_data));
    if (net_udp_bind(iface, &app->echo, NETCHECK_ECHO_PORT) != NET_OK ||
        net_udp_bind(iface, &app->stats, NETCHECK_STATS_PORT) != NET_OK) {
        LOG_ERROR("netcheck: cannot bind the UDP services");
        return;
    }
    app->services_up = true;
    LOG_INFO("netcheck: UDP echo on port %u, counters on port %u", NETCHECK_ECHO_PORT,
             NETCHECK_STATS_PORT);
}

/* A request's content does not matter: the answer is the counters as text. */
static bool run_stats(netcheck_t *app)
{
    bool queued = false;
    for (;;) {
        struct net_endpoint from;
        size_t len;
        if (!net_udp_peek(&app->stats, &from, &len))
            break;
        net_udp_consume(&app->stats);
        char text[1400];
        size_t n = netapp_stats_format(&app->net, text, sizeof text);
        if (net_udp_send_to(&app->stats, &from, text, n) == NET_OK)
            queued = true;
    }
    return queued;
}

bool netcheck_services_run(netcheck_t *app)
{
    if (!app->services_up)
        return false;
    bool echo = netapp_udp_echo(&app->echo, NULL) > 0;
    bool stats = run_stats(app);
    return echo || stats;
}
