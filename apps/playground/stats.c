/* What the playground shows of its traffic: the activity LED, the link LED, and the rx/tx
 * throughput line in the log every second. */
#include "board.h"
#include "log/log.h"
#include "playground.h"

/* Toggling on every poll would make the LED look dimly lit under load: 20 toggles a second at
 * most keep it visibly blinking. */
#define ACTIVITY_MIN_US 50000u

static uint32_t frames(const playground_t *app)
{
    const struct net_counters *k = net_iface_counters(&app->net.iface);
    return k->eth.rx + k->eth.tx + k->eth.drop;
}

void playground_activity(playground_t *app, uint64_t now_us)
{
    if (!netapp_has_device(&app->net))
        return;
    uint32_t seen = frames(app);
    if (seen == app->frames_seen || now_us - app->activity_at < ACTIVITY_MIN_US)
        return;
    app->frames_seen = seen;
    app->activity_at = now_us;
    board_led_toggle(BOARD_LED_ACTIVITY);
}

void playground_link_led(bool up)
{
    board_led_set(BOARD_LED_LINK, up);
    LOG_INFO("led: link %s", up ? "on" : "off");
}

/* bytes over us microseconds as Mbit/s in hundredths (bits per microsecond = Mbit/s). */
static uint32_t centi_mbps(uint32_t bytes, uint64_t us)
{
    return us ? (uint32_t)((uint64_t)bytes * 8u * 100u / us) : 0;
}

void playground_report(playground_t *app, uint64_t now_us)
{
    if (!netapp_has_device(&app->net))
        return;
    const struct net_counters *k = net_iface_counters(&app->net.iface);
    /* The counters are 32 bits: the difference is right across a wrap. */
    uint32_t rx = k->rx_bytes - app->rx_bytes_then, tx = k->tx_bytes - app->tx_bytes_then;
    uint64_t us = now_us - app->stats_then;
    app->rx_bytes_then = k->rx_bytes;
    app->tx_bytes_then = k->tx_bytes;
    app->stats_then = now_us;
    uint32_t r = centi_mbps(rx, us), t = centi_mbps(tx, us);
    /* A second below 0.01 Mbit/s both ways (ARP, a ping) is idle: one line saying 0.00, then
     * quiet until traffic comes back, so an idle device's log stays readable. */
    bool idle = r == 0 && t == 0;
    if (idle && app->stats_idle)
        return;
    app->stats_idle = idle;
    LOG_INFO("playground: rx %lu.%02lu Mbit/s tx %lu.%02lu Mbit/s (echo %u open, iperf %u open)",
             (unsigned long)(r / 100u), (unsigned long)(r % 100u), (unsigned long)(t / 100u),
             (unsigned long)(t % 100u), app->echo.open, app->iperf.pool.open);
}
