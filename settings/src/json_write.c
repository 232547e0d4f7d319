/* JSON writers with snprintf's contract: return the full length, write what fits, NUL-terminate. */
#include "settings/json.h"

#include <string.h>

#include "log/fmt.h"

struct writer {
    char *buf;
    size_t size, len;
};

static void put(struct writer *w, char c)
{
    if (w->len + 1 < w->size)
        w->buf[w->len] = c;
    w->len++;
}

static void put_str(struct writer *w, const char *s, size_t n)
{
    while (n--)
        put(w, *s++);
}

static size_t finish(struct writer *w)
{
    if (w->size)
        w->buf[w->len < w->size ? w->len : w->size - 1] = '\0';
    return w->len;
}

size_t json_write_bool(char *buf, size_t size, bool v)
{
    struct writer w = {buf, size, 0};
    put_str(&w, v ? "true" : "false", v ? 4 : 5);
    return finish(&w);
}

/* Integers through the log formatter, which the library links anyway (reasons) and which
 * splits 64-bit numbers in 32-bit steps: no libgcc 64-bit division (about 750 bytes). */
size_t json_write_u64(char *buf, size_t size, uint64_t v)
{
    return fmt_snprintf(buf, size, "%llu", (unsigned long long)v);
}

size_t json_write_i64(char *buf, size_t size, int64_t v)
{
    return fmt_snprintf(buf, size, "%lld", (long long)v);
}

size_t json_write_double(char *buf, size_t size, double v)
{
    char tmp[FP_TEXT_MAX];
    struct writer w = {buf, size, 0};
    put_str(&w, tmp, fp_format_double(v, tmp, sizeof tmp));
    return finish(&w);
}

size_t json_write_float(char *buf, size_t size, float v)
{
    char tmp[FP_TEXT_MAX];
    struct writer w = {buf, size, 0};
    put_str(&w, tmp, fp_format_float(v, tmp, sizeof tmp));
    return finish(&w);
}

size_t json_write_string(char *buf, size_t size, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    struct writer w = {buf, size, 0};
    put(&w, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *short_escape = NULL;
        switch (c) {
        case '"': short_escape = "\\\""; break;
        case '\\': short_escape = "\\\\"; break;
        case '\b': short_escape = "\\b"; break;
        case '\f': short_escape = "\\f"; break;
        case '\n': short_escape = "\\n"; break;
        case '\r': short_escape = "\\r"; break;
        case '\t': short_escape = "\\t"; break;
        default: break;
        }
        if (short_escape) {
            put_str(&w, short_escape, 2);
        } else if (c < 0x20) {
            put_str(&w, "\\u00", 4);
            put(&w, hex[c >> 4]);
            put(&w, hex[c & 15]);
        } else {
            put(&w, (char)c);
        }
    }
    put(&w, '"');
    return finish(&w);
}
