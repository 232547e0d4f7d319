#include "log/log.h"

#include <stdarg.h>

#include "log/fmt.h"
#include "sinks.h"

static log_sink_fn sinks[LOG_MAX_SINKS];
static unsigned sink_count;
static volatile bool panicking;
volatile uint32_t log_dropped;

bool log_is_panicking(void)
{
    return panicking;
}

void log_dropped_add(uint32_t lines)
{
    /* LDREX/STREX on ARMv7-M: sinks at different priorities may drop at the same time. */
    __atomic_fetch_add(&log_dropped, lines, __ATOMIC_RELAXED);
}

__attribute__((weak)) uint64_t log_timestamp_us(void)
{
    return 0;
}

int log_add_sink(log_sink_fn sink)
{
    for (unsigned i = 0; i < sink_count; i++)
        if (sinks[i] == sink)
            return 0;
    if (sink_count >= LOG_MAX_SINKS)
        return -1;
    sinks[sink_count++] = sink;
    return 0;
}

void log_sinks_write(const char *bytes, size_t len)
{
    for (unsigned i = 0; i < sink_count; i++)
        sinks[i](bytes, len);
}

void log_set_panicking(void)
{
    panicking = true;
}

static void emit(char *line, size_t len)
{
    if (len > LOG_LINE_MAX - 2)
        len = LOG_LINE_MAX - 2; /* truncated: keep room for the newline */
    line[len++] = '\n';
    line[len] = '\0';
    log_sinks_write(line, len);
}

void log_write(int level, const char *fmt, ...)
{
    static const char letters[] = "-EWIDT";
    char line[LOG_LINE_MAX];
    /* Seconds and microseconds: us / 10^6 as (us / 64) / 15625, divisors fmt_divmod takes. */
    uint64_t s = log_timestamp_us();
    unsigned long us = (unsigned long)(s & 63u);
    s >>= 6;
    us += (unsigned long)fmt_divmod(&s, 15625u) << 6;
    size_t n = fmt_snprintf(line, sizeof line, "[%5lu.%06lu] %c ", (unsigned long)s, us,
                            letters[(unsigned)level <= 5u ? level : 0]);
    va_list ap;
    va_start(ap, fmt);
    if (n < sizeof line)
        n += fmt_vsnprintf(line + n, sizeof line - n, fmt, ap);
    va_end(ap);
    emit(line, n);
}

void(log_panic)(const char *fmt, ...)
{
    log_set_panicking();
    char line[LOG_LINE_MAX];
    va_list ap;
    va_start(ap, fmt);
    size_t n = fmt_vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    emit(line, n);
}
