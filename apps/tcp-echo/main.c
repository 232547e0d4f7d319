/* tcp-echo: init and the three tasks (app.def.h). Native options beyond the network's own:
 *   --port N              the echo port (default 1234)
 *   --user-timeout MS     RFC 5482 user timeout of every connection (default: the stack's) */
#include "app.def.h"
#include "board.h"
#include "log/log.h"
#include "netapp/config.h"
#include "netapp/netapp.h"

#include "sched/app_impl.h"

#define TICK_US 1000000u
#define POLL_ROUNDS 4 /* data echoed by the service is sent by the next poll, at most this */

/* Options land here before the resource exists (the parser runs first in init). */
static struct {
    uint32_t port;
    uint32_t user_timeout_ms;
} opts = {TCP_ECHO_PORT, 0};

static const char *parse_u32(const char *value, uint32_t max, uint32_t *out)
{
    uint32_t v = 0;
    const char *p = value;
    for (; *p >= '0' && *p <= '9' && v <= max; p++)
        v = v * 10 + (uint32_t)(*p - '0');
    if (p == value || *p || v == 0 || v > max)
        return "a whole number in range";
    *out = v;
    return NULL;
}

static const char *apply_port(void *ctx, const char *value)
{
    (void)ctx;
    return parse_u32(value, 65535, &opts.port);
}

static const char *apply_user_timeout(void *ctx, const char *value)
{
    (void)ctx;
    return parse_u32(value, 3600000, &opts.user_timeout_ms);
}

static const struct netapp_option options[] = {
    {"--port", "N", "TCP echo port (default 1234)", apply_port, NULL},
    {"--user-timeout", "MS", "abort a connection whose data stays unacknowledged this long",
     apply_user_timeout, NULL},
};

void tcp_echo_init(sched_init_ctx_t *ctx)
{
    board_init();
    struct netapp_config cfg; /* native: --help and malformed options end here, before any log */
    netapp_config_load(&cfg, "tcp-echo", options, sizeof options / sizeof options[0]);
    log_banner("tcp-echo");

    tcp_echo_t *app = &sched_res(ctx, net);
    app->port = (uint16_t)opts.port;
    app->user_timeout_ms = opts.user_timeout_ms;
    if (!netapp_start(&app->net, &cfg)) {
        LOG_WARN("tcp-echo: no network: idle");
        return;
    }
    board_led_set(BOARD_LED_LINK, app->net.link_up);
    tcp_echo_open(app);
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
    tcp_echo_t *app = &sched_res(ctx, net);
    for (int round = 0; round < POLL_ROUNDS; round++) {
        netapp_poll(&app->net, sched_now_us());
        if (!tcp_echo_run(app, sched_now_us()))
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
        tcp_echo_report(app);
    }
    if (events)
        (void)sched_spawn(net_poll, 0);
    sched_spawn_after(tick, TICK_US, 0, NULL);
}
