/* MQTT's primitive data types (spec 1.5): big-endian integers, Variable Byte Integers, UTF-8
 * strings and binary data, read and written with bounds checks.
 *
 * The writer never writes past its capacity but keeps counting, so one pass tells both whether a
 * packet fits and how long it would be (a writer with cap 0 only measures). The reader's first
 * error sticks: callers read a whole packet and check `err` once at the end, and every read after
 * an error returns zeros without touching memory past the buffer. */
#ifndef MQTT_CODEC_H
#define MQTT_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "utf8/utf8.h"

/* A span of bytes inside some buffer (usually the receive buffer: zero-copy). Strings are not
 * NUL-terminated; print them with "%.*s", (int)s.len, (const char *)s.p. */
struct mqtt_bytes {
    const uint8_t *p;
    size_t len;
};

#define MQTT_VARINT_MAX 268435455u /* 4 bytes of 7 bits */

/* Decodes a Variable Byte Integer from buf[0..len). Returns the number of bytes used (1..4),
 * 0 when more bytes are needed, -1 when malformed (a 5th continuation byte). The spec allows
 * non-minimal encodings on the wire (0x80 0x00 is 0), so they are accepted. */
int mqtt_varint_decode(const uint8_t *buf, size_t len, uint32_t *value);

/* Number of bytes the Variable Byte Integer encoding of v takes (1..4). */
size_t mqtt_varint_size(uint32_t v);

/* True when s[0..len) is well-formed UTF-8 (RFC 3629: no overlong forms, nothing above U+10FFFF,
 * no UTF-16 surrogates) and contains no U+0000, as MQTT requires of every string (1.5.4). The
 * validator is kit_utf8's, shared with the settings library. */
static inline bool mqtt_utf8_valid(const uint8_t *s, size_t len)
{
    return utf8_valid(s, len);
}

struct mqtt_writer {
    uint8_t *buf;
    size_t cap;
    size_t len; /* may exceed cap: the packet did not fit */
};

static inline bool mqtt_w_fits(const struct mqtt_writer *w)
{
    return w->len <= w->cap;
}

void mqtt_w_u8(struct mqtt_writer *w, uint8_t v);
void mqtt_w_u16(struct mqtt_writer *w, uint16_t v);
void mqtt_w_u32(struct mqtt_writer *w, uint32_t v);
void mqtt_w_varint(struct mqtt_writer *w, uint32_t v);
void mqtt_w_raw(struct mqtt_writer *w, const void *p, size_t n);
/* Two-byte length then the bytes (UTF-8 string or binary data); n must be <= 65535. */
void mqtt_w_lenbytes(struct mqtt_writer *w, const void *p, size_t n);

/* A length-prefixed section whose size is not known in advance (remaining length, property
 * length): mark reserves one byte, close writes the real Variable Byte Integer, sliding the
 * section up when the length needs more bytes. */
size_t mqtt_w_mark(struct mqtt_writer *w);
void mqtt_w_close(struct mqtt_writer *w, size_t mark);

struct mqtt_reader {
    const uint8_t *p;
    size_t len, pos;
    uint8_t err; /* 0, or the reason code of the first error (MQTT_RC_MALFORMED...) */
};

static inline size_t mqtt_r_left(const struct mqtt_reader *r)
{
    return r->len - r->pos;
}

uint8_t mqtt_r_u8(struct mqtt_reader *r);
uint16_t mqtt_r_u16(struct mqtt_reader *r);
uint32_t mqtt_r_u32(struct mqtt_reader *r);
uint32_t mqtt_r_varint(struct mqtt_reader *r);
/* Two-byte length then data; the span points into the reader's buffer. */
struct mqtt_bytes mqtt_r_bin(struct mqtt_reader *r);
/* As mqtt_r_bin, and the bytes must be a valid MQTT UTF-8 string (else MALFORMED). */
struct mqtt_bytes mqtt_r_str(struct mqtt_reader *r);
/* Takes n raw bytes. */
struct mqtt_bytes mqtt_r_take(struct mqtt_reader *r, size_t n);

#endif
