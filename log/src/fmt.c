/* The formatter behind the log: a subset of C's printf, matching it for every format it accepts
 * (tests/unit/log/test_fmt.c compares the two). Output goes through put(), the one place that
 * writes to the buffer, and only below size - 1. */
#include "log/fmt.h"

#include <limits.h>
#include <stdint.h>

struct out {
    char *buf;
    size_t size, len;
};

struct spec {
    int left;        /* '-' */
    char pad;        /* ' ' or '0' */
    unsigned width;
    int precision;   /* -1: none */
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void put_repeat(struct out *o, char c, size_t n)
{
    while (n--)
        put(o, c);
}

static void put_padded(struct out *o, const char *s, size_t n, const struct spec *sp)
{
    size_t fill = sp->width > n ? sp->width - n : 0;
    if (!sp->left)
        put_repeat(o, ' ', fill);
    while (n--)
        put(o, *s++);
    if (sp->left)
        put_repeat(o, ' ', fill);
}

/* [prefix][zeros][digits], padded to the width: spaces outside the prefix, or zeros inside it
 * with the '0' flag (which C ignores when a precision is given or the output is left-aligned). */
static void put_number(struct out *o, uint64_t v, unsigned base, int upper, const char *prefix,
                       const struct spec *sp)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    size_t n = 0;
    if (v != 0 || sp->precision != 0) /* C: value 0 with precision 0 prints no digits */
        do {
            tmp[sizeof tmp - 1 - n++] = digits[v % base];
            v /= base;
        } while (v);
    size_t prefix_len = 0;
    while (prefix[prefix_len])
        prefix_len++;
    size_t zeros = sp->precision > 0 && (size_t)sp->precision > n ? (size_t)sp->precision - n : 0;
    size_t body = prefix_len + zeros + n;
    size_t fill = sp->width > body ? sp->width - body : 0;
    if (sp->pad == '0' && !sp->left && sp->precision < 0) {
        zeros += fill;
        fill = 0;
    }
    if (!sp->left)
        put_repeat(o, ' ', fill);
    for (size_t i = 0; i < prefix_len; i++)
        put(o, prefix[i]);
    put_repeat(o, '0', zeros);
    for (size_t i = sizeof tmp - n; i < sizeof tmp; i++)
        put(o, tmp[i]);
    if (sp->left)
        put_repeat(o, ' ', fill);
}

enum length { LEN_CHAR, LEN_SHORT, LEN_INT, LEN_LONG, LEN_LONG_LONG, LEN_SIZE };

static enum length parse_length(const char **p)
{
    enum length len = LEN_INT;
    if (**p == 'h') {
        len = (*p)[1] == 'h' ? LEN_CHAR : LEN_SHORT;
        *p += len == LEN_CHAR ? 2 : 1;
    } else if (**p == 'l') {
        len = (*p)[1] == 'l' ? LEN_LONG_LONG : LEN_LONG;
        *p += len == LEN_LONG_LONG ? 2 : 1;
    } else if (**p == 'z') {
        len = LEN_SIZE;
        (*p)++;
    }
    return len;
}

/* Arguments narrower than int arrive promoted to int: C converts them back before printing. */
static int64_t signed_arg(va_list *ap, enum length len)
{
    switch (len) {
    case LEN_CHAR: return (signed char)va_arg(*ap, int);
    case LEN_SHORT: return (short)va_arg(*ap, int);
    case LEN_LONG: return va_arg(*ap, long);
    case LEN_LONG_LONG: return va_arg(*ap, long long);
    case LEN_SIZE: return (int64_t)va_arg(*ap, size_t);
    default: return va_arg(*ap, int);
    }
}

static uint64_t unsigned_arg(va_list *ap, enum length len)
{
    switch (len) {
    case LEN_CHAR: return (unsigned char)va_arg(*ap, unsigned);
    case LEN_SHORT: return (unsigned short)va_arg(*ap, unsigned);
    case LEN_LONG: return va_arg(*ap, unsigned long);
    case LEN_LONG_LONG: return va_arg(*ap, unsigned long long);
    case LEN_SIZE: return va_arg(*ap, size_t);
    default: return va_arg(*ap, unsigned);
    }
}

/* Widths and precisions are capped: a log line is a few hundred bytes, and an absurd width
 * must cost neither an overflow nor millions of padding iterations. */
#define FMT_FIELD_MAX 1024u

static unsigned parse_decimal(const char **p)
{
    unsigned v = 0;
    while (**p >= '0' && **p <= '9') {
        v = v * 10 + (unsigned)(**p - '0');
        if (v > FMT_FIELD_MAX)
            v = FMT_FIELD_MAX;
        (*p)++;
    }
    return v;
}

/* Flags, width, precision: everything between '%' and the length modifier. */
static struct spec parse_spec(const char **p, va_list *ap)
{
    struct spec sp = {0, ' ', 0, -1};
    for (;; (*p)++) {
        if (**p == '-')
            sp.left = 1;
        else if (**p == '0')
            sp.pad = '0';
        else
            break;
    }
    if (**p == '*') {
        int w = va_arg(*ap, int);
        if (w < 0) { /* C: a negative '*' width means '-' and its magnitude */
            sp.left = 1;
            w = w == INT_MIN ? INT_MAX : -w;
        }
        sp.width = (unsigned)w > FMT_FIELD_MAX ? FMT_FIELD_MAX : (unsigned)w;
        (*p)++;
    } else {
        sp.width = parse_decimal(p);
    }
    if (**p == '.') {
        (*p)++;
        if (**p == '*') {
            int prec = va_arg(*ap, int);
            sp.precision = prec < 0 ? -1 : prec > (int)FMT_FIELD_MAX ? (int)FMT_FIELD_MAX : prec;
            (*p)++;
        } else {
            sp.precision = (int)parse_decimal(p);
        }
    }
    return sp;
}

size_t fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap_in)
{
    struct out o = {buf, size, 0};
    va_list ap;
    va_copy(ap, ap_in);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put(&o, *p);
            continue;
        }
        p++;
        struct spec sp = parse_spec(&p, &ap);
        enum length len = parse_length(&p);
        switch (*p) {
        case 'd':
        case 'i': {
            int64_t v = signed_arg(&ap, len);
            uint64_t magnitude = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            put_number(&o, magnitude, 10, 0, v < 0 ? "-" : "", &sp);
            break;
        }
        case 'u':
            put_number(&o, unsigned_arg(&ap, len), 10, 0, "", &sp);
            break;
        case 'x':
        case 'X':
            put_number(&o, unsigned_arg(&ap, len), 16, *p == 'X', "", &sp);
            break;
        case 'o':
            put_number(&o, unsigned_arg(&ap, len), 8, 0, "", &sp);
            break;
        case 'p':
            put_number(&o, (uintptr_t)va_arg(ap, void *), 16, 0, "0x", &sp);
            break;
        case 'c': {
            char c = (char)va_arg(ap, int);
            put_padded(&o, &c, 1, &sp);
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            size_t n = 0;
            while ((sp.precision < 0 || n < (size_t)sp.precision) && s[n])
                n++;
            put_padded(&o, s, n, &sp);
            break;
        }
        case '%':
            put(&o, '%');
            break;
        case '\0':
            p--; /* a lone '%' at the end: stop at the terminator */
            break;
        default: /* not a conversion we know: print it as written, consume no argument */
            put(&o, '%');
            put(&o, *p);
            break;
        }
    }
    va_end(ap);
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
