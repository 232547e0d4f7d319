/* JSON object writer: every piece goes through the settings JSON writers, which share
 * snprintf's contract, so overflow handling lives in one place (append). */
#include "miniconf/json_obj.h"

#include <string.h>

#include "log/fmt.h"
#include "settings/json.h"

/* Where the next piece goes and how much room it has: nothing once the buffer is full, so a
 * writer given size 0 only counts. The buffer keeps its NUL after the last whole byte. */
static char *tail(const struct json_obj *o, size_t *room)
{
    if (o->len + 1 < o->size) {
        *room = o->size - o->len;
        return o->buf + o->len;
    }
    *room = 0;
    return NULL;
}

static void append_raw(struct json_obj *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (o->len + 1 < o->size)
            o->buf[o->len] = s[i];
        o->len++;
    }
    if (o->size)
        o->buf[o->len < o->size ? o->len : o->size - 1] = '\0';
}

/* Adds the output of a settings JSON writer: it returns the full length and writes what fits. */
#define APPEND(o, writer, ...)                                                                     \
    do {                                                                                           \
        size_t room_;                                                                              \
        char *at_ = tail((o), &room_);                                                             \
        (o)->len += writer(at_, room_, __VA_ARGS__);                                               \
    } while (0)

void json_obj_begin(struct json_obj *o, char *buf, size_t size)
{
    *o = (struct json_obj){.buf = buf, .size = size};
    if (size)
        buf[0] = '\0';
    append_raw(o, "{", 1);
    o->depth = 1;
}

/* ,"key": (the comma only after a first member) */
static bool member(struct json_obj *o, const char *key)
{
    if (o->broken || o->depth == 0)
        return false;
    uint8_t bit = (uint8_t)(1u << (o->depth - 1));
    if (o->has_member & bit)
        append_raw(o, ",", 1);
    o->has_member |= bit;
    APPEND(o, json_write_string, key, strlen(key));
    append_raw(o, ":", 1);
    return true;
}

void json_obj_bool(struct json_obj *o, const char *key, bool v)
{
    if (member(o, key))
        APPEND(o, json_write_bool, v);
}

void json_obj_u64(struct json_obj *o, const char *key, uint64_t v)
{
    if (member(o, key))
        APPEND(o, json_write_u64, v);
}

void json_obj_i64(struct json_obj *o, const char *key, int64_t v)
{
    if (member(o, key))
        APPEND(o, json_write_i64, v);
}

void json_obj_double(struct json_obj *o, const char *key, double v)
{
    if (member(o, key))
        APPEND(o, json_write_double, v);
}

void json_obj_float(struct json_obj *o, const char *key, float v)
{
    if (member(o, key))
        APPEND(o, json_write_float, v);
}

void json_obj_fixed(struct json_obj *o, const char *key, uint64_t v, unsigned decimals)
{
    if (!member(o, key))
        return;
    if (decimals > 19)
        decimals = 19;
    /* Right to left: the decimals (trailing zeros dropped, at least one kept), the point, the
     * integer part; digits by fmt_divmod (32-bit steps, no libgcc 64-bit division). */
    char text[42];
    size_t at = sizeof text;
    bool kept = false;
    if (!decimals)
        text[--at] = '0';
    for (unsigned i = 0; i < decimals; i++) {
        char digit = (char)('0' + fmt_divmod(&v, 10));
        if (kept || digit != '0' || i + 1 == decimals) {
            text[--at] = digit;
            kept = true;
        }
    }
    text[--at] = '.';
    do
        text[--at] = (char)('0' + fmt_divmod(&v, 10));
    while (v);
    append_raw(o, text + at, sizeof text - at);
}

void json_obj_str(struct json_obj *o, const char *key, const char *s)
{
    if (member(o, key))
        APPEND(o, json_write_string, s, strlen(s));
}

void json_obj_null(struct json_obj *o, const char *key)
{
    if (member(o, key))
        append_raw(o, "null", 4);
}

void json_obj_open(struct json_obj *o, const char *key)
{
    if (o->depth >= JSON_OBJ_DEPTH_MAX) {
        o->broken = true;
        return;
    }
    if (!member(o, key))
        return;
    append_raw(o, "{", 1);
    o->depth++;
    o->has_member &= (uint8_t)~(1u << (o->depth - 1)); /* the new object is empty */
}

void json_obj_close(struct json_obj *o)
{
    if (o->depth <= 1) { /* the outermost object is closed by json_obj_end */
        o->broken = true;
        return;
    }
    append_raw(o, "}", 1);
    o->depth--;
}

size_t json_obj_end(struct json_obj *o)
{
    if (o->broken)
        return SIZE_MAX;
    while (o->depth) {
        append_raw(o, "}", 1);
        o->depth--;
    }
    return o->len;
}
