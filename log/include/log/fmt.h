/* A small, allocation-free printf-style formatter (no floats): %d %i %u %x %X %o %c %s %p %%,
 * flags '-' '0', width and precision (also as '*'), and the hh/h/l/ll/z length modifiers. For
 * those it prints exactly what C's snprintf prints, except %p of a null pointer ("0x0").
 * Widths and precisions are capped at 1024. Unknown conversions are copied as written. Never writes past size; always NUL-terminates
 * (when size > 0); returns the length the full output would have had. */
#ifndef LOG_FMT_H
#define LOG_FMT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

size_t fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
size_t fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* *v /= divisor, returning the remainder, with 32-bit divisions only (divisor 1..65536): how the
 * formatter prints 64-bit numbers without libgcc's __udivmoddi4 (700 bytes on Cortex-M, pulled
 * by any 64-bit '/' or '%'). For code that prints or splits a uint64_t by a small constant. */
uint32_t fmt_divmod(uint64_t *v, uint32_t divisor);

#endif
