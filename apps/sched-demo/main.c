/* sched-demo: boot banner, then two periodic tasks sharing a counter, for ever (`make run`). */
#include "app.def.h"
#include "board.h"
#include "log/log.h"

#include "sched/app_impl.h"

#define HEARTBEAT_US 1000000u
#define TICK_US 100000u

void demo_init(sched_init_ctx_t *ctx)
{
    board_init();
    log_banner("sched-demo");
    sched_res(ctx, counter) = 0;
    sched_spawn(heartbeat, 1);
    sched_spawn_after(ticker, TICK_US, 1, NULL);
}

/* Priority 1, below ticker: reading the counter needs the lock. */
void heartbeat(heartbeat_ctx_t *ctx, uint32_t beat)
{
    uint32_t ticks = 0;
    sched_lock(ctx, counter, c) {
        ticks = *c;
    }
    board_led_toggle(BOARD_LED_USER);
    LOG_INFO("heartbeat %lu: %lu ticks", (unsigned long)beat, (unsigned long)ticks);
    /* From the previous deadline would be drift-free; from now is simpler and good enough here. */
    sched_spawn_after(heartbeat, HEARTBEAT_US, beat + 1, NULL);
}

/* Priority 2 = the counter's ceiling: this lock compiles to nothing. */
void ticker(ticker_ctx_t *ctx, uint32_t n)
{
    sched_lock(ctx, counter, c) {
        (*c)++;
    }
    sched_spawn_after(ticker, TICK_US, n + 1, NULL);
}
