/* The RTT log sink: static storage for the control block and its buffers. */
#include "log/rtt.h"

#include "critical.h"
#include "log/log.h"
#include "rtt_ring.h"

#define LOG_RTT_DOWN_SIZE 16

struct rtt_control_block log_rtt_control_block; /* _SEGGER_RTT, see rtt_ring.h */
static char up_buffer[LOG_RTT_UP_SIZE];
static char down_buffer[LOG_RTT_DOWN_SIZE];
static bool ready;

void log_rtt_init(void)
{
    if (ready)
        return;
    rtt_control_block_init(&log_rtt_control_block, up_buffer, sizeof up_buffer, down_buffer,
                           sizeof down_buffer);
    ready = true;
}

void log_rtt_sink(const char *line, size_t len)
{
    if (!ready)
        return;
    uint32_t state = log_critical_enter();
    bool written = rtt_ring_write_skip(&log_rtt_control_block.up[0], line, len);
    log_critical_exit(state);
    if (!written)
        log_dropped_add(1);
}
