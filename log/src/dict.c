/* The dictionary encoder (log/dict.h): one record per call, on the caller's stack, handed whole
 * to the sinks like a text line. Nothing here formats: tools/logdecode does, on the host.
 *
 * A record on the wire: 0x00, COBS(payload), 0x00. The payload: the entry's offset in log_dict,
 * the timestamp in microseconds (not for log_panic), then each argument: an integer as the LEB128
 * varint of its bits (32 or 64 of them; 7 bits a byte, low first), a string as its bytes and a 0,
 * a LOG_SPAN as the varint of its length, then its bytes (at most that many) and a 0. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "log/dict.h" /* also in a text build, which links this file only if a call needs it */
#include "log/log.h"
#include "sinks.h"

/* The payload: up to LOG_DICT_PAYLOAD_MAX bytes, more than a line holds, so that a string the
 * text build shows whole (at most LOG_LINE_MAX - 2 characters with the timestamp) fits with the
 * record's other fields. Below 254, COBS needs one code byte per 0 in it and no more. */
#define LOG_DICT_PAYLOAD_MAX (LOG_LINE_MAX + 32)
#define VARINT_MAX 10 /* bytes of a 64-bit LEB128 */
_Static_assert(LOG_DICT_PAYLOAD_MAX < 254, "COBS in place needs payloads below 254 bytes");
/* The id (3 bytes: a log_dict below 2 MB), the timestamp and 9 integers always fit. */
_Static_assert(LOG_DICT_PAYLOAD_MAX >= 3 + VARINT_MAX + 9 * VARINT_MAX, "payload too small");

/* Where the section starts: the linker scripts define it (chips/cortex-m/cortex-m-sections.ld),
 * GNU ld provides it on the host, so an entry's id is its offset whatever the section's address. */
extern const char __start_log_dict[];

static uint8_t *put_varint(uint8_t *p, uint64_t v)
{
    do {
        uint8_t low = (uint8_t)(v & 0x7Fu);
        v >>= 7;
        *p++ = (uint8_t)(low | (v ? 0x80u : 0u));
    } while (v);
    return p;
}

/* A string, or a span's bytes: up to the NUL, at most `max` bytes, and below `end`, then a 0. */
static uint8_t *put_string(uint8_t *p, const uint8_t *end, const char *s, size_t max)
{
    if (!s)
        s = "(null)"; /* what the text build prints */
    while (max-- && *s && p < end - 1)
        *p++ = (uint8_t)*s++;
    *p++ = 0;
    return p;
}

static void send(const char *entry, uint32_t types, va_list ap, bool timestamped)
{
    uint8_t buf[LOG_DICT_PAYLOAD_MAX + 3]; /* 0x00, COBS code, payload, 0x00 */
    uint8_t *p = put_varint(buf + 2, (uintptr_t)entry - (uintptr_t)__start_log_dict);
    if (timestamped)
        p = put_varint(p, log_timestamp_us());
    for (; types > 1u; types >>= 2) {
        /* A string leaves VARINT_MAX bytes to each argument after it: a long string is cut
         * (the line is cut there in the text build too), no argument is lost. */
        unsigned after = (31u - (unsigned)__builtin_clz(types >> 2)) / 2u;
        const uint8_t *end = buf + 2 + LOG_DICT_PAYLOAD_MAX - after * VARINT_MAX;
        unsigned type = types & 3u;
        if (type == LOG_DICT_STR) {
            p = put_string(p, end, va_arg(ap, const char *), SIZE_MAX);
        } else if (type == LOG_DICT_SPAN) {
            struct log_span span = va_arg(ap, struct log_span);
            /* A negative precision is no precision: up to the NUL, as C (and the text build). */
            p = put_varint(p, (uint32_t)span.len);
            p = put_string(p, end, span.ptr, span.len < 0 ? SIZE_MAX : (size_t)span.len);
        } else {
            p = put_varint(p, type == LOG_DICT_I64 ? va_arg(ap, uint64_t) : va_arg(ap, uint32_t));
        }
    }
    /* COBS in place: each 0 of the payload becomes the distance to the next one (or to the end),
     * the first distance goes in buf[1]. */
    size_t len = (size_t)(p - buf), code = 1;
    for (size_t i = 2; i < len; i++) {
        if (buf[i] == 0) {
            buf[code] = (uint8_t)(i - code);
            code = i;
        }
    }
    buf[code] = (uint8_t)(len - code);
    buf[0] = 0;
    buf[len++] = 0;
    log_sinks_write((const char *)buf, len);
}

void log_dict_write(const char *entry, uint32_t types, ...)
{
    va_list ap;
    va_start(ap, types);
    send(entry, types, ap, true);
    va_end(ap);
}

void log_dict_panic(const char *entry, uint32_t types, ...)
{
    log_set_panicking();
    va_list ap;
    va_start(ap, types);
    send(entry, types, ap, false);
    va_end(ap);
}
