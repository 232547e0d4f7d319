/* Between the log core (log.c) and the dictionary encoder (dict.c). */
#ifndef LOG_SINKS_H
#define LOG_SINKS_H

#include <stddef.h>

/* Hands bytes, a text line or a dictionary record, to every registered sink. */
void log_sinks_write(const char *bytes, size_t len);

/* What log_panic does first: from now on the sinks write synchronously. */
void log_set_panicking(void);

#endif
