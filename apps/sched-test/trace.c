#include "trace.h"

#include "log/fmt.h"
#include "log/log.h"
#include "sched/sched.h"

#define TRACE_MAX 16

struct event {
    uint8_t who;
    uint8_t locked;
    int32_t value;
};

volatile enum scenario scenario;
volatile int in_lock;
volatile unsigned trace_len;
uint64_t timed_ran_at[16];
static struct event events[TRACE_MAX];

static const char *const names[] = {
    [EV_LOW] = "low",           [EV_LOW_B] = "low_b",         [EV_QUEUE] = "queue",
    [EV_MID] = "mid",           [EV_TIMED] = "timed",         [EV_HIGH] = "high",
    [EV_ASYNC] = "async",       [EV_HW_MID] = "hw_mid",       [EV_LOW_AFTER_HIGH] = "low+high",
    [EV_LOW_AFTER_LOW_B] = "low+low_b", [EV_LOW_END] = "low_end", [EV_LOCKED] = "locked",
    [EV_UNLOCKED] = "unlocked", [EV_BASEPRI] = "basepri",     [EV_RC] = "rc",
};

/* Tasks preempt each other: the slot is claimed with one atomic step (interrupts off), so nested
 * appends never collide. */
void trace_add(enum who who, int32_t value)
{
    uint32_t cs = sched_port_cs_enter();
    unsigned i = trace_len;
    if (i < TRACE_MAX) {
        events[i] = (struct event){(uint8_t)who, (uint8_t)(in_lock != 0), value};
        trace_len = i + 1;
    }
    sched_port_cs_exit(cs);
}

void trace_print(const char *scenario_name)
{
    char line[LOG_LINE_MAX];
    size_t n = fmt_snprintf(line, sizeof line, "TRACE %s", scenario_name);
    unsigned len = trace_len;
    for (unsigned i = 0; i < len && i < TRACE_MAX && n < sizeof line; i++)
        n += fmt_snprintf(line + n, sizeof line - n, " %s:%ld%s", names[events[i].who],
                          (long)events[i].value, events[i].locked ? "@lock" : "");
    if (len > TRACE_MAX)
        LOG_ERROR("trace overflow: %u events", len);
    LOG_INFO("%s", line);
    trace_len = 0;
}
