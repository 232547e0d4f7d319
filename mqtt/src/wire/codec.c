/* MQTT primitive types: big-endian integers, Variable Byte Integers, length-prefixed data. */
#include "mqtt/codec.h"

#include <string.h>

#include "mqtt/reason.h"

int mqtt_varint_decode(const uint8_t *buf, size_t len, uint32_t *value)
{
    uint32_t v = 0;
    for (size_t i = 0; i < 4; i++) {
        if (i >= len)
            return 0;
        v |= (uint32_t)(buf[i] & 0x7Fu) << (7 * i);
        if (!(buf[i] & 0x80u)) {
            *value = v;
            return (int)i + 1;
        }
    }
    return -1;
}

size_t mqtt_varint_size(uint32_t v)
{
    size_t n = 1;
    while (v >= 128u && n < 4) {
        v >>= 7;
        n++;
    }
    return n;
}

void mqtt_w_u8(struct mqtt_writer *w, uint8_t v)
{
    if (w->len < w->cap)
        w->buf[w->len] = v;
    w->len++;
}

void mqtt_w_u16(struct mqtt_writer *w, uint16_t v)
{
    mqtt_w_u8(w, (uint8_t)(v >> 8));
    mqtt_w_u8(w, (uint8_t)v);
}

void mqtt_w_u32(struct mqtt_writer *w, uint32_t v)
{
    mqtt_w_u16(w, (uint16_t)(v >> 16));
    mqtt_w_u16(w, (uint16_t)v);
}

void mqtt_w_varint(struct mqtt_writer *w, uint32_t v)
{
    do {
        uint8_t b = v & 0x7Fu;
        v >>= 7;
        mqtt_w_u8(w, v ? (uint8_t)(b | 0x80u) : b);
    } while (v);
}

void mqtt_w_raw(struct mqtt_writer *w, const void *p, size_t n)
{
    if (n && w->len <= w->cap && n <= w->cap - w->len)
        memcpy(w->buf + w->len, p, n);
    w->len += n;
}

void mqtt_w_lenbytes(struct mqtt_writer *w, const void *p, size_t n)
{
    mqtt_w_u16(w, (uint16_t)n);
    mqtt_w_raw(w, p, n);
}

size_t mqtt_w_mark(struct mqtt_writer *w)
{
    size_t mark = w->len;
    w->len += 1; /* the shortest length; close makes room if the section needs more */
    return mark;
}

void mqtt_w_close(struct mqtt_writer *w, size_t mark)
{
    size_t body = w->len - mark - 1;
    size_t vlen = mqtt_varint_size((uint32_t)body);
    /* Growing (never shrinking) the length field keeps the writer's length at or below the
     * final one throughout, so a packet that fits exactly never loses bytes on the way. */
    if (w->len + vlen - 1 <= w->cap) {
        memmove(w->buf + mark + vlen, w->buf + mark + 1, body);
        struct mqtt_writer lw = {w->buf + mark, vlen, 0};
        mqtt_w_varint(&lw, (uint32_t)body);
    }
    w->len += vlen - 1;
}

/* Reads fail once: the first shortfall records MALFORMED and every later read yields zeros. */
static const uint8_t *take(struct mqtt_reader *r, size_t n)
{
    if (r->err || n > r->len - r->pos) {
        if (!r->err)
            r->err = MQTT_RC_MALFORMED;
        r->pos = r->len;
        return NULL;
    }
    const uint8_t *p = r->p + r->pos;
    r->pos += n;
    return p;
}

uint8_t mqtt_r_u8(struct mqtt_reader *r)
{
    const uint8_t *p = take(r, 1);
    return p ? p[0] : 0;
}

uint16_t mqtt_r_u16(struct mqtt_reader *r)
{
    const uint8_t *p = take(r, 2);
    return p ? (uint16_t)(p[0] << 8 | p[1]) : 0;
}

uint32_t mqtt_r_u32(struct mqtt_reader *r)
{
    const uint8_t *p = take(r, 4);
    return p ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3] : 0;
}

uint32_t mqtt_r_varint(struct mqtt_reader *r)
{
    uint32_t v = 0;
    if (r->err)
        return 0;
    int n = mqtt_varint_decode(r->p + r->pos, r->len - r->pos, &v);
    if (n <= 0) {
        r->err = MQTT_RC_MALFORMED;
        r->pos = r->len;
        return 0;
    }
    r->pos += (size_t)n;
    return v;
}

struct mqtt_bytes mqtt_r_take(struct mqtt_reader *r, size_t n)
{
    struct mqtt_bytes b = {take(r, n), 0};
    if (b.p)
        b.len = n;
    return b;
}

struct mqtt_bytes mqtt_r_bin(struct mqtt_reader *r)
{
    return mqtt_r_take(r, mqtt_r_u16(r));
}

struct mqtt_bytes mqtt_r_str(struct mqtt_reader *r)
{
    struct mqtt_bytes s = mqtt_r_bin(r);
    if (!r->err && !mqtt_utf8_valid(s.p, s.len))
        r->err = MQTT_RC_MALFORMED;
    return s;
}
