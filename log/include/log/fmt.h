/* A small, allocation-free printf-style formatter (no floats): %d %i %u %x %X %o %c %s %p %%,
 * flags '-' '0', width, precision for %s, and the h/hh/l/ll/z length modifiers.
 * Always NUL-terminates (when size > 0); returns the length the full output would have had. */
#ifndef LOG_FMT_H
#define LOG_FMT_H

#include <stdarg.h>
#include <stddef.h>

size_t fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
size_t fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
