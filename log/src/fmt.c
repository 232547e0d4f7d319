#include "log/fmt.h"

#include <stdint.h>

struct out {
    char *buf;
    size_t size, len;
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void put_padded(struct out *o, const char *s, size_t n, unsigned width, int left, char pad)
{
    size_t fill = width > n ? width - n : 0;
    if (!left)
        while (fill--)
            put(o, pad);
    while (n--)
        put(o, *s++);
    if (left)
        while (fill--)
            put(o, ' ');
}

static void put_number(struct out *o, uint64_t v, int negative, unsigned base, int upper,
                       unsigned width, int left, char pad)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    size_t n = 0;
    do {
        tmp[sizeof tmp - 1 - n++] = digits[v % base];
        v /= base;
    } while (v);
    if (negative) {
        if (pad == '0') {
            put(o, '-');
            if (width)
                width--;
        } else {
            tmp[sizeof tmp - 1 - n++] = '-';
        }
    }
    put_padded(o, tmp + sizeof tmp - n, n, width, left, left ? ' ' : pad);
}

size_t fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = {buf, size, 0};
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put(&o, *p);
            continue;
        }
        p++;
        int left = 0;
        char pad = ' ';
        for (;; p++) {
            if (*p == '-')
                left = 1;
            else if (*p == '0')
                pad = '0';
            else
                break;
        }
        unsigned width = 0;
        if (*p == '*') {
            int w = va_arg(ap, int);
            width = w < 0 ? 0u : (unsigned)w;
            p++;
        }
        while (*p >= '0' && *p <= '9')
            width = width * 10 + (unsigned)(*p++ - '0');
        int precision = -1;
        if (*p == '.') {
            p++;
            precision = 0;
            if (*p == '*') {
                precision = va_arg(ap, int);
                p++;
            }
            while (*p >= '0' && *p <= '9')
                precision = precision * 10 + (*p++ - '0');
        }
        int longness = 0; /* 0 int, 1 long, 2 long long, 3 size_t */
        while (*p == 'l' || *p == 'h' || *p == 'z') {
            if (*p == 'l')
                longness++;
            else if (*p == 'z')
                longness = 3;
            p++;
        }
        switch (*p) {
        case 'd':
        case 'i': {
            int64_t v = longness == 2   ? va_arg(ap, long long)
                        : longness == 1 ? va_arg(ap, long)
                        : longness == 3 ? (int64_t)va_arg(ap, size_t)
                                        : va_arg(ap, int);
            put_number(&o, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, v < 0, 10, 0, width,
                       left, pad);
            break;
        }
        case 'u':
        case 'x':
        case 'X':
        case 'o': {
            uint64_t v = longness == 2   ? va_arg(ap, unsigned long long)
                         : longness == 1 ? va_arg(ap, unsigned long)
                         : longness == 3 ? va_arg(ap, size_t)
                                         : va_arg(ap, unsigned);
            unsigned base = *p == 'u' ? 10 : *p == 'o' ? 8 : 16;
            put_number(&o, v, 0, base, *p == 'X', width, left, pad);
            break;
        }
        case 'p':
            put(&o, '0');
            put(&o, 'x');
            put_number(&o, (uintptr_t)va_arg(ap, void *), 0, 16, 0, width, left, pad);
            break;
        case 'c': {
            char c = (char)va_arg(ap, int);
            put_padded(&o, &c, 1, width, left, ' ');
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            size_t n = 0;
            while (s[n] && (precision < 0 || n < (size_t)precision))
                n++;
            put_padded(&o, s, n, width, left, ' ');
            break;
        }
        case '%':
            put(&o, '%');
            break;
        case '\0':
            p--; /* a lone '%' at the end: stop at the terminator */
            break;
        default:
            put(&o, '%');
            put(&o, *p);
            break;
        }
    }
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return o.len;
}

size_t fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t n = fmt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
