/* playground: init and the five tasks (app.def.h). Native options: the network's own
 * (--tap, --mac, --ip, --gw, --dns; netapp/config.h). */
#include "app.def.h"
#include "board.h"
#include "log/log.h"
#include "netapp/config.h"
#include "netapp/netapp.h"

#include "sched/app_impl.h"

#define SECOND_US 1000000u
#define HEARTBEAT_US 500000u /* a toggle every half second: the LED blinks at 1 Hz */
#define POLL_ROUNDS 4 /* output queued by the services is sent by another poll, at most this */

void playground_init(sched_init_ctx_t *ctx)
{
    board_init();
    struct netapp_config cfg; /* native: --help and malformed options end here, before any log */
    netapp_config_load(&cfg, "playground", NULL, 0);
    log_banner("playground");
    sched_spawn_after(heartbeat, HEARTBEAT_US, 0, NULL);

    playground_t *app = &sched_res(ctx, net);
    app->stats_idle = true;
    if (!netapp_start(&app->net, &cfg)) {
        LOG_WARN("playground: no network: heartbeat only");
        return;
    }
    static uint8_t reasm[NET_REASM_SLOTS * NETAPP_REASM_SLOT]; /* ping -s 4000 */
    netapp_enable_reasm(&app->net, reasm, sizeof reasm);
    playground_link_led(app->net.link_up);
    playground_open(app);
    app->stats_then = sched_now_us();
    sched_spawn(net_poll, 0);
    sched_spawn_after(stats, SECOND_US, 0, NULL);
    sched_spawn_after(link_watch, SECOND_US, 0, NULL);
}

void eth_irq(eth_irq_ctx_t *ctx)
{
    (void)ctx;
    if (netapp_irq())
        (void)sched_spawn(net_poll, 0); /* EFULL: a poll is already on its way */
}

void net_poll(net_poll_ctx_t *ctx, uint32_t unused)
{
    (void)unused;
    playground_t *app = &sched_res(ctx, net);
    for (int round = 0; round < POLL_ROUNDS; round++) {
        netapp_poll(&app->net, sched_now_us());
        if (!playground_run(app, sched_now_us()))
            break;
    }
    playground_activity(app, sched_now_us());
    NETAPP_REARM(&app->net.timer, net_poll, netapp_poll_at(&app->net, sched_now_us()));
}

void stats(stats_ctx_t *ctx, uint32_t unused)
{
    (void)unused;
    sched_lock(ctx, net, app) {
        playground_report(app, sched_now_us());
    }
    sched_spawn_after(stats, SECOND_US, 0, NULL);
}

void heartbeat(heartbeat_ctx_t *ctx, uint32_t unused)
{
    (void)ctx;
    (void)unused;
    board_led_toggle(BOARD_LED_USER);
    sched_spawn_after(heartbeat, HEARTBEAT_US, 0, NULL);
}

void link_watch(link_watch_ctx_t *ctx, uint32_t unused)
{
    (void)unused;
    uint32_t events = 0;
    sched_lock(ctx, net, app) {
        events = netapp_link_watch(&app->net, sched_now_us());
        if (events)
            playground_link_led(app->net.link_up);
    }
    if (events)
        (void)sched_spawn(net_poll, 0); /* DHCP restarted, neighbours forgotten: act at once */
    sched_spawn_after(link_watch, SECOND_US, 0, NULL);
}
