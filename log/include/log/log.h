/* Leveled logging with compile-time filtering and pluggable, non-blocking sinks.
 *
 *   LOG_INFO("link up, %u Mbit/s", speed);
 *
 * A line is "[   12.345678] I message\n": seconds since boot from the monotonic clock. Calls below
 * LOG_LEVEL (a compile definition, default LOG_LEVEL_INFO) vanish at compile time, arguments and
 * all. Each line is formatted on the caller's stack, then handed whole to every sink; sinks never
 * block (a full RTT buffer or UART ring drops the line and counts it).
 *
 * With LOG_DICT=1 (CMake: -DKIT_LOG_DICT=ON) the same calls send binary records instead of text:
 * the format string stays in the ELF (section log_dict, not loaded) and tools/logdecode turns the
 * records back into the text lines (docs/logging.md). A `%.*s` whose span is not NUL-terminated
 * takes its two arguments through LOG_SPAN(len, ptr), in both builds. */
#ifndef LOG_LOG_H
#define LOG_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LOG_LEVEL_NONE 0
#define LOG_LEVEL_ERROR 1
#define LOG_LEVEL_WARN 2
#define LOG_LEVEL_INFO 3
#define LOG_LEVEL_DEBUG 4
#define LOG_LEVEL_TRACE 5

#ifndef LOG_LEVEL
#define LOG_LEVEL LOG_LEVEL_INFO
#endif

#ifndef LOG_LINE_MAX
#define LOG_LINE_MAX 160
#endif
#ifndef LOG_MAX_SINKS
#define LOG_MAX_SINKS 4
#endif

/* LOG_EMIT writes at `level` whatever LOG_LEVEL says (the boot banner); LOG_AT filters. */
#if defined(LOG_DICT) && LOG_DICT
#include "log/dict.h"
#define LOG_EMIT(level, ...) LOG_DICT_EMIT(log_dict_write, '0' + (level), __VA_ARGS__)
#define LOG_SPAN(len, ptr) ((struct log_span){(const char *)(ptr), (int)(len)})
/* The fault handlers' call sites stay as written; their messages go to the dictionary too. */
#define log_panic(...) LOG_DICT_EMIT(log_dict_panic, LOG_DICT_PANIC, __VA_ARGS__)
#else
#define LOG_EMIT(level, ...) log_write((level), __VA_ARGS__)
#define LOG_SPAN(len, ptr) (int)(len), (const char *)(ptr)
#endif
#define LOG_AT(level, ...)                                                                         \
    do {                                                                                           \
        if ((level) <= LOG_LEVEL)                                                                  \
            LOG_EMIT((level), __VA_ARGS__);                                                        \
    } while (0)
#define LOG_ERROR(...) LOG_AT(LOG_LEVEL_ERROR, __VA_ARGS__)
#define LOG_WARN(...) LOG_AT(LOG_LEVEL_WARN, __VA_ARGS__)
#define LOG_INFO(...) LOG_AT(LOG_LEVEL_INFO, __VA_ARGS__)
#define LOG_DEBUG(...) LOG_AT(LOG_LEVEL_DEBUG, __VA_ARGS__)
#define LOG_TRACE(...) LOG_AT(LOG_LEVEL_TRACE, __VA_ARGS__)

/* A sink takes one whole line (with its '\n'); it must not block. */
typedef void (*log_sink_fn)(const char *line, size_t len);

/* Registers a sink; returns 0, or -1 when LOG_MAX_SINKS are already registered. */
int log_add_sink(log_sink_fn sink);

void log_write(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* For fault handlers: formats and writes without the timestamp, whatever LOG_LEVEL says. (The
 * parentheses keep the dictionary build's log_panic macro off the declaration.) */
void(log_panic)(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* True once log_panic() has run: interrupts may never be served again, so a sink that normally
 * queues (UART ring drained by its interrupt) must now write synchronously, bounded in time. */
bool log_is_panicking(void);

/* Lines dropped by sinks that were full. Sinks add with log_dropped_add(), which is safe from
 * any interrupt priority. */
extern volatile uint32_t log_dropped;
void log_dropped_add(uint32_t lines);

/* The boot banner, one line at INFO whatever LOG_LEVEL says: application name, version and git
 * revision (kit_version.h), board and core clock (board_cpu_hz()). */
void log_banner(const char *app_name);

/* Microseconds since boot for the timestamp; the scheduler's monotonic clock provides it.
 * Weak default: 0. */
uint64_t log_timestamp_us(void);

#endif
