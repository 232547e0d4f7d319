/* The formatter behind the log: a subset of C's printf, matching it for every format it accepts
 * (tests/unit/log/test_fmt.c compares the two). Output goes through put(), the one place that
 * writes to the buffer, and only below size - 1.
 *
 * Written for flash: one field emitter for numbers, characters and strings, every integer read
 * as 64 bits and narrowed by shifts, and no 64-bit division (fmt_divmod splits it into 32-bit
 * ones): on Cortex-M a 64-bit '/' pulls libgcc's __udivmoddi4, 700 bytes. */
#include "log/fmt.h"

#include <limits.h>
#include <stdbool.h>
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

static void put_repeat(struct out *o, char c, size_t n)
{
    while (n--)
        put(o, c);
}

static void put_n(struct out *o, const char *s, size_t n)
{
    while (n--)
        put(o, *s++);
}

/* One field: [spaces][prefix][zeros][body][spaces] to the width. `zero_fill` moves the padding
 * inside the prefix, as C's '0' flag does for numbers (never with '-' or a precision). */
struct field {
    const char *prefix, *body;
    size_t prefix_len, zeros, body_len;
    unsigned width;
    bool left, zero_fill;
};

static void put_field(struct out *o, struct field *f)
{
    size_t used = f->prefix_len + f->zeros + f->body_len;
    size_t fill = f->width > used ? f->width - used : 0;
    if (f->zero_fill) {
        f->zeros += fill;
        fill = 0;
    }
    if (!f->left)
        put_repeat(o, ' ', fill);
    put_n(o, f->prefix, f->prefix_len);
    put_repeat(o, '0', f->zeros);
    put_n(o, f->body, f->body_len);
    if (f->left)
        put_repeat(o, ' ', fill);
}

uint32_t fmt_divmod(uint64_t *v, uint32_t divisor)
{
    /* Long division in 32-bit steps: the high word, then the low word 16 bits at a time, each
     * step's remainder (< divisor <= 2^16) above the next 16 bits, so no step overflows. */
    uint32_t hi = (uint32_t)(*v >> 32), lo = (uint32_t)*v;
    uint32_t q_hi = hi / divisor, r = hi % divisor;
    uint32_t mid = r << 16 | lo >> 16;
    uint32_t q_mid = mid / divisor;
    uint32_t low = (mid % divisor) << 16 | (lo & 0xFFFFu);
    *v = (uint64_t)q_hi << 32 | q_mid << 16 | low / divisor;
    return low % divisor;
}

/* Widths and precisions are capped: a log line is a few hundred bytes, and an absurd width
 * must cost neither an overflow nor millions of padding iterations. */
#define FMT_FIELD_MAX 1024

/* A width or precision: digits, or '*' for an int argument (clamped, sign kept). */
static int parse_field(const char **p, va_list *ap)
{
    int v = 0;
    if (**p == '*') {
        (*p)++;
        v = va_arg(*ap, int);
        return v < -FMT_FIELD_MAX ? -FMT_FIELD_MAX : v > FMT_FIELD_MAX ? FMT_FIELD_MAX : v;
    }
    while (**p >= '0' && **p <= '9') {
        v = v * 10 + (**p - '0');
        if (v > FMT_FIELD_MAX)
            v = FMT_FIELD_MAX;
        (*p)++;
    }
    return v;
}

/* Doubling a modifier ("hh", "ll") is the next value. */
enum length { LEN_INT, LEN_SHORT, LEN_CHAR, LEN_LONG, LEN_LONG_LONG, LEN_SIZE };

static const uint8_t length_bits[] = {
    [LEN_INT] = sizeof(int) * CHAR_BIT,        [LEN_CHAR] = CHAR_BIT,
    [LEN_SHORT] = sizeof(short) * CHAR_BIT,    [LEN_LONG] = sizeof(long) * CHAR_BIT,
    [LEN_LONG_LONG] = 64,                      [LEN_SIZE] = sizeof(size_t) * CHAR_BIT,
};

static enum length parse_length(const char **p)
{
    const char *s = *p;
    enum length len = LEN_INT;
    if (*s == 'z') {
        len = LEN_SIZE;
        s++;
    } else if (*s == 'h' || *s == 'l') {
        len = *s == 'h' ? LEN_SHORT : LEN_LONG;
        if (s[1] == *s)
            len++, s++;
        s++;
    }
    *p = s;
    return len;
}

/* An integer argument, converted as C does to the type its length modifier names: read at its
 * passed width, then narrowed (hh, h: the argument arrived promoted to int) and sign-extended.
 * Only long long (and long, size_t on 64-bit hosts) takes the 64-bit path. */
static uint64_t int_arg(va_list *ap, enum length len, bool is_signed)
{
    unsigned bits = length_bits[len];
    if (bits > 32)
        return len == LEN_LONG_LONG ? va_arg(*ap, unsigned long long)
               : len == LEN_LONG    ? va_arg(*ap, unsigned long)
                                    : va_arg(*ap, size_t);
    uint32_t w = len == LEN_LONG   ? (uint32_t)va_arg(*ap, unsigned long)
                 : len == LEN_SIZE ? (uint32_t)va_arg(*ap, size_t)
                                   : va_arg(*ap, unsigned);
    unsigned shift = 32u - bits;
    w <<= shift;
    return is_signed ? (uint64_t)(int64_t)((int32_t)w >> shift) : w >> shift;
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
        struct field f = {.prefix = "", .body = p};
        bool zero_flag = false;
        for (;; p++) {
            if (*p == '-')
                f.left = true;
            else if (*p == '0')
                zero_flag = true;
            else
                break;
        }
        int width = parse_field(&p, &ap);
        if (width < 0) { /* C: a negative '*' width means '-' and its magnitude */
            f.left = true;
            width = -width;
        }
        f.width = (unsigned)width;
        int precision = -1;
        if (*p == '.') {
            p++;
            precision = parse_field(&p, &ap);
            if (precision < 0)
                precision = -1; /* a negative '*' precision: as if none */
        }
        enum length len = parse_length(&p);
        char c = *p;
        char digits[24];
        if (c == 'c') {
            digits[0] = (char)va_arg(ap, int);
            f.body = digits;
            f.body_len = 1;
        } else if (c == 's') {
            f.body = va_arg(ap, const char *);
            if (!f.body)
                f.body = "(null)";
            while ((precision < 0 || f.body_len < (size_t)precision) && f.body[f.body_len])
                f.body_len++;
        } else if (c == '\0') {
            p--; /* a lone '%' at the end: stop at the terminator */
            continue;
        } else {
            unsigned base = c == 'o' ? 8 : c == 'x' || c == 'X' || c == 'p' ? 16 : 10;
            bool is_signed = c == 'd' || c == 'i';
            uint64_t v;
            if (c == 'p') {
                v = (uintptr_t)va_arg(ap, void *);
                f.prefix = "0x";
                f.prefix_len = 2;
            } else if (is_signed || base != 10 || c == 'u') {
                v = int_arg(&ap, len, is_signed);
                if (is_signed && (int64_t)v < 0) {
                    v = 0 - v;
                    f.prefix = "-";
                    f.prefix_len = 1;
                }
            } else { /* '%%', or not a conversion we know: printed as written, no argument */
                if (c != '%')
                    put(&o, '%');
                put(&o, c);
                continue;
            }
            /* C: the value 0 with precision 0 prints no digits */
            if (v != 0 || precision != 0)
                do {
                    unsigned d = fmt_divmod(&v, base);
                    digits[sizeof digits - 1 - f.body_len++] =
                        (char)(d < 10 ? '0' + d : d - 10 + (c == 'X' ? 'A' : 'a'));
                } while (v);
            f.body = digits + sizeof digits - f.body_len;
            if (precision > (int)f.body_len)
                f.zeros = (size_t)precision - f.body_len;
            f.zero_fill = zero_flag && !f.left && precision < 0;
        }
        put_field(&o, &f);
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
