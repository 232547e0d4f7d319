/* One JSON text holding one scalar, parsed strictly (see settings/json.h). Every read checks the
 * position against the end first: the input is a (pointer, length) pair, never NUL-terminated. */
#include "settings/json.h"

#include <string.h>

#include "utf8/utf8.h"

/* Exponents beyond this are clamped: the value is then certainly out of every float's range (or
 * zero), and the arithmetic on exp10 cannot overflow. */
#define EXP10_CLAMP 100000000

struct reader {
    const char *text;
    size_t len, pos;
    struct json_error *err;
};

static enum json_status fail(struct reader *rd, const char *message)
{
    if (rd->err) {
        rd->err->message = message;
        rd->err->offset = rd->pos;
    }
    return JSON_SYNTAX;
}

static bool at_end(const struct reader *rd)
{
    return rd->pos >= rd->len;
}

static int peek(const struct reader *rd)
{
    return at_end(rd) ? -1 : (unsigned char)rd->text[rd->pos];
}

static void skip_ws(struct reader *rd)
{
    for (int c = peek(rd); c == ' ' || c == '\t' || c == '\n' || c == '\r'; c = peek(rd))
        rd->pos++;
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static enum json_status read_literal(struct reader *rd, const char *word)
{
    size_t n = 0;
    for (; word[n]; n++)
        if (rd->len - rd->pos <= n || rd->text[rd->pos + n] != word[n])
            return fail(rd, "invalid literal");
    rd->pos += n;
    return JSON_OK;
}

/* Significant digits go to v->number; zeros after the last non-zero digit are only counted, so
 * "1000" and "1.000" both end up as digits "1" with the exponent adjusted. Both counts saturate
 * at EXP10_CLAMP (an input that long is out of every float's range anyway), so the exponent's
 * sum stays within int32 without 64-bit arithmetic. */
struct digit_sink {
    struct json_value *v;
    int32_t pending_zeros; /* zeros seen since the last non-zero significant digit */
    int32_t fraction;      /* fraction digits read */
};

static void sink_digit(struct digit_sink *ds, int c, bool in_fraction)
{
    struct fp_decimal *d = &ds->v->number;
    if (in_fraction && ds->fraction < EXP10_CLAMP)
        ds->fraction++;
    if (c == '0') {
        if (d->ndigits && ds->pending_zeros < EXP10_CLAMP)
            ds->pending_zeros++;
        return;
    }
    if (d->ndigits + ds->pending_zeros + 1 > FP_DECIMAL_DIGITS_MAX) {
        ds->v->too_many_digits = true;
        ds->pending_zeros = 0;
        return;
    }
    while (ds->pending_zeros) {
        d->digits[d->ndigits++] = '0';
        ds->pending_zeros--;
    }
    d->digits[d->ndigits++] = (char)c;
}

static enum json_status read_number(struct reader *rd, struct json_value *v)
{
    struct digit_sink ds = {v, 0, 0};
    v->kind = JSON_NUMBER;
    v->is_integer = true;
    if (peek(rd) == '-') {
        v->number.negative = true;
        rd->pos++;
    }
    /* int = "0" / digit1-9 *digit */
    if (!is_digit(peek(rd)))
        return fail(rd, "expected a digit");
    if (peek(rd) == '0') {
        rd->pos++;
        if (is_digit(peek(rd)))
            return fail(rd, "leading zero");
    } else {
        while (is_digit(peek(rd)))
            sink_digit(&ds, rd->text[rd->pos++], false);
    }
    /* frac = "." 1*digit */
    if (peek(rd) == '.') {
        rd->pos++;
        v->is_integer = false;
        if (!is_digit(peek(rd)))
            return fail(rd, "expected a digit after '.'");
        while (is_digit(peek(rd)))
            sink_digit(&ds, rd->text[rd->pos++], true);
    }
    /* exp = ("e" / "E") ["-" / "+"] 1*digit */
    int32_t exp = 0;
    if (peek(rd) == 'e' || peek(rd) == 'E') {
        rd->pos++;
        v->is_integer = false;
        bool exp_negative = false;
        if (peek(rd) == '-' || peek(rd) == '+')
            exp_negative = rd->text[rd->pos++] == '-';
        if (!is_digit(peek(rd)))
            return fail(rd, "expected a digit in the exponent");
        while (is_digit(peek(rd))) {
            if (exp < EXP10_CLAMP)
                exp = exp * 10 + (rd->text[rd->pos] - '0');
            rd->pos++;
        }
        if (exp_negative)
            exp = -exp;
    }
    if (v->number.ndigits == 0) {
        v->number.exp10 = 0; /* zero, whatever the exponent said */
        return JSON_OK;
    }
    /* Each term is within +-10 * EXP10_CLAMP: the sum fits int32; clamp it back. */
    int32_t e = exp - ds.fraction + ds.pending_zeros;
    if (e > EXP10_CLAMP)
        e = EXP10_CLAMP;
    if (e < -EXP10_CLAMP)
        e = -EXP10_CLAMP;
    v->number.exp10 = e;
    return JSON_OK;
}

static int hex_value(int c)
{
    if (is_digit(c))
        return c - '0';
    c |= 0x20; /* 'A'..'F' to 'a'..'f'; no other byte lands there */
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Four hex digits after "\u"; -1 if malformed. */
static long read_hex4(struct reader *rd)
{
    if (rd->len - rd->pos < 4)
        return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hex_value((unsigned char)rd->text[rd->pos + (size_t)i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    rd->pos += 4;
    return v;
}

struct string_out {
    char *buf;
    size_t size, len;
    bool overflow;
};

static void out_bytes(struct string_out *o, const char *b, size_t n)
{
    if (o->buf) {
        if (o->len + n + 1 > o->size)
            o->overflow = true;
        else
            memcpy(o->buf + o->len, b, n);
    }
    o->len += n;
}

static void out_codepoint(struct string_out *o, unsigned long cp)
{
    /* UTF-8: a lead byte carrying the top bits, then 6 bits per continuation byte. */
    static const uint8_t lead[] = {0x00, 0xC0, 0xE0, 0xF0};
    char b[4];
    size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (size_t i = n; --i > 0; cp >>= 6)
        b[i] = (char)(0x80 | (cp & 0x3F));
    b[0] = (char)(lead[n - 1] | cp);
    out_bytes(o, b, n);
}

/* A \u escape (the "\u" already consumed), joining a surrogate pair into one code point. */
static enum json_status read_unicode_escape(struct reader *rd, unsigned long *cp)
{
    long u = read_hex4(rd);
    if (u < 0)
        return fail(rd, "bad \\u escape");
    if (u >= 0xDC00 && u <= 0xDFFF)
        return fail(rd, "lone low surrogate");
    if (u >= 0xD800 && u <= 0xDBFF) {
        if (rd->len - rd->pos < 2 || rd->text[rd->pos] != '\\' || rd->text[rd->pos + 1] != 'u')
            return fail(rd, "lone high surrogate");
        rd->pos += 2;
        long lo = read_hex4(rd);
        if (lo < 0)
            return fail(rd, "bad \\u escape");
        if (lo < 0xDC00 || lo > 0xDFFF)
            return fail(rd, "high surrogate not followed by a low one");
        *cp = 0x10000 + (((unsigned long)u - 0xD800) << 10) + ((unsigned long)lo - 0xDC00);
        return JSON_OK;
    }
    *cp = (unsigned long)u;
    return JSON_OK;
}

static enum json_status read_string(struct reader *rd, struct json_value *v, char *str,
                                    size_t str_size)
{
    struct string_out o = {str, str_size, 0, false};
    bool has_nul = false;
    v->kind = JSON_STRING;
    rd->pos++; /* opening quote */
    for (;;) {
        int c = peek(rd);
        if (c < 0)
            return fail(rd, "unterminated string");
        if (c == '"') {
            rd->pos++;
            break;
        }
        if (c < 0x20)
            return fail(rd, "control character in string");
        if (c >= 0x80) {
            size_t n = utf8_char_len((const uint8_t *)rd->text + rd->pos, rd->len - rd->pos);
            if (!n)
                return fail(rd, "invalid UTF-8");
            out_bytes(&o, rd->text + rd->pos, n);
            rd->pos += n;
            continue;
        }
        rd->pos++;
        if (c != '\\') {
            char ch = (char)c;
            out_bytes(&o, &ch, 1);
            continue;
        }
        int e = peek(rd);
        static const char escapes[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
        const char *hit = NULL;
        for (size_t i = 0; e >= 0 && i + 1 < sizeof escapes; i += 2)
            if (escapes[i] == e)
                hit = &escapes[i + 1];
        if (hit) {
            rd->pos++;
            out_bytes(&o, hit, 1);
        } else if (e == 'u') {
            rd->pos++;
            unsigned long cp = 0;
            enum json_status st = read_unicode_escape(rd, &cp);
            if (st != JSON_OK)
                return st;
            if (cp == 0)
                has_nul = true;
            out_codepoint(&o, cp);
        } else {
            return fail(rd, "bad escape");
        }
    }
    v->string_len = o.len;
    if (o.buf && !o.overflow)
        o.buf[o.len] = '\0';
    if (has_nul)
        return JSON_NUL_IN_STRING;
    if (o.buf && o.overflow)
        return JSON_STRING_TOO_LONG;
    return JSON_OK;
}

enum json_status json_read_value(const char *text, size_t len, struct json_value *v, char *str,
                                 size_t str_size, struct json_error *err)
{
    struct reader rd = {text, len, 0, err};
    memset(v, 0, sizeof *v);
    if (str && str_size)
        str[0] = '\0';
    if (err) {
        err->message = "";
        err->offset = 0;
    }
    skip_ws(&rd);
    enum json_status st;
    switch (peek(&rd)) {
    case -1:
        return fail(&rd, "empty");
    case 'n':
        v->kind = JSON_NULL;
        st = read_literal(&rd, "null");
        break;
    case 't':
        v->kind = JSON_BOOL;
        v->boolean = true;
        st = read_literal(&rd, "true");
        break;
    case 'f':
        v->kind = JSON_BOOL;
        st = read_literal(&rd, "false");
        break;
    case '"':
        st = read_string(&rd, v, str, str && str_size ? str_size : 0);
        break;
    case '{':
        v->kind = JSON_OBJECT;
        return JSON_OK;
    case '[':
        v->kind = JSON_ARRAY;
        return JSON_OK;
    default:
        if (peek(&rd) != '-' && !is_digit(peek(&rd)))
            return fail(&rd, "expected a value");
        st = read_number(&rd, v);
        break;
    }
    if (st == JSON_SYNTAX)
        return st;
    skip_ws(&rd);
    if (!at_end(&rd))
        return fail(&rd, "trailing characters");
    return st;
}
