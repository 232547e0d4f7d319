/* ITM stimulus port 0 log sink (SWO trace on Cortex-M3/M4/M7). Writes only when the debugger has
 * enabled tracing (DEMCR.TRCENA), the ITM (TCR.ITMENA) and port 0 (TER bit 0); never blocks: if
 * the port stays busy longer than a short bounded wait, the rest of the line is dropped and
 * counted in log_dropped. Cortex-M builds only. */
#ifndef LOG_ITM_H
#define LOG_ITM_H

#include <stddef.h>

void log_itm_sink(const char *line, size_t len);

#endif
