/* netcheck: init and the three tasks (app.def.h). Native options beyond the network's own:
 *   --resolve NAME          resolve NAME once a DNS server is known (firmware: RESOLVE_NAME)
 *   --stats-period SECONDS  counters in the log this often (default 10) */
#include <string.h>

#include "app.def.h"
#include "board.h"
#include "log/log.h"
#include "netapp/config.h"
#include "netapp/netapp.h"

#include "sched/app_impl.h"

#ifndef NETCHECK_RESOLVE_NAME
#define NETCHECK_RESOLVE_NAME ""
#endif
#define TICK_US 1000000u
#define DEFAULT_STATS_PERIOD_S 10u
#define POLL_ROUNDS 4 /* replies queued by the services are sent by another poll, at most this */

/* Options land here before the resource exists (the parser runs first in init). */
static struct {
    char resolve[NET_DNS_NAME_TEXT_MAX];
    uint32_t stats_period_s;
} opts = {NETCHECK_RESOLVE_NAME, DEFAULT_STATS_PERIOD_S};

static const char *apply_resolve(void *ctx, const char *value)
{
    (void)ctx;
    size_t len = strlen(value);
    if (len == 0 || len >= sizeof opts.resolve)
        return "a DNS name of 1..253 characters";
    for (const char *p = value; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '.'))
            return "letters, digits, '-' and dots only";
    memcpy(opts.resolve, value, len + 1);
    return NULL;
}

static const char *apply_stats_period(void *ctx, const char *value)
{
    (void)ctx;
    uint32_t v = 0;
    const char *p = value;
    for (; *p >= '0' && *p <= '9' && v <= 3600; p++)
        v = v * 10 + (uint32_t)(*p - '0');
    if (p == value || *p || v == 0 || v > 3600)
        return "whole seconds, 1..3600";
    opts.stats_period_s = v;
    return NULL;
}

static const struct netapp_option options[] = {
    {"--resolve", "NAME", "DNS name to resolve once the network is up", apply_resolve, NULL},
    {"--stats-period", "SECONDS", "log the counters this often (default 10)", apply_stats_period,
     NULL},
};

void netcheck_init(sched_init_ctx_t *ctx)
{
    board_init();
    struct netapp_config cfg; /* native: --help and malformed options end here, before any log */
    netapp_config_load(&cfg, "netcheck", options, sizeof options / sizeof options[0]);
    log_banner("netcheck");

    netcheck_t *app = &sched_res(ctx, net);
    memcpy(app->resolve_name, opts.resolve, sizeof app->resolve_name);
    app->stats_period_s = opts.stats_period_s;
    if (!netapp_start(&app->net, &cfg)) {
        LOG_WARN("netcheck: no network: idle");
        return;
    }
    static uint8_t reasm[NET_REASM_SLOTS * NETAPP_REASM_SLOT]; /* ping -s 4000 */
    netapp_enable_reasm(&app->net, reasm, sizeof reasm);
    if (app->resolve_name[0])
        netapp_dns(&app->net);
    board_led_set(BOARD_LED_LINK, app->net.link_up);
    netcheck_services_open(app);
    sched_spawn(net_poll, 0);
    sched_spawn_after(tick, TICK_US, 0, NULL);
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
    netcheck_t *app = &sched_res(ctx, net);
    for (int round = 0; round < POLL_ROUNDS; round++) {
        uint32_t events = netapp_poll(&app->net, sched_now_us());
        netcheck_resolve_run(app, events);
        if (!netcheck_services_run(app))
            break;
    }
    NETAPP_REARM(&app->net.timer, net_poll, netapp_poll_at(&app->net, sched_now_us()));
}

void tick(tick_ctx_t *ctx, uint32_t unused)
{
    (void)unused;
    uint32_t events = 0;
    sched_lock(ctx, net, app) {
        events = netapp_link_watch(&app->net, sched_now_us());
        if (events)
            board_led_set(BOARD_LED_LINK, app->net.link_up);
        if (++app->seconds % app->stats_period_s == 0)
            netapp_stats_log(&app->net);
    }
    if (events)
        (void)sched_spawn(net_poll, 0); /* DHCP restarted: let it send at once */
    sched_spawn_after(tick, TICK_US, 0, NULL);
}
