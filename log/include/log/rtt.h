/* SEGGER-RTT-compatible log sink: up channel 0 "Terminal" in RAM, read by a debugger through the
 * debug port while the target runs (OpenOCD `rtt setup` + `rtt start`, pyOCD `rtt`, J-Link).
 * Non-blocking: a line that does not fit is dropped whole and counted in log_dropped. The control
 * block is the symbol _SEGGER_RTT, which tools can also find by name in the ELF. */
#ifndef LOG_RTT_H
#define LOG_RTT_H

#include <stddef.h>

#ifndef LOG_RTT_UP_SIZE
#define LOG_RTT_UP_SIZE 1024
#endif

/* Builds the control block (idempotent). Call before adding the sink. */
void log_rtt_init(void);

/* The sink for log_add_sink(). */
void log_rtt_sink(const char *line, size_t len);

#endif
