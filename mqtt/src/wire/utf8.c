/* UTF-8 validation as MQTT requires it of every string (spec 1.5.4, RFC 3629). */
#include "mqtt/codec.h"

bool mqtt_utf8_valid(const uint8_t *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint8_t b = s[i];
        if (b < 0x80) {
            if (b == 0)
                return false; /* U+0000 is forbidden in MQTT strings */
            i++;
            continue;
        }
        size_t n;
        uint32_t cp, min;
        if ((b & 0xE0) == 0xC0) {
            n = 1, cp = b & 0x1Fu, min = 0x80;
        } else if ((b & 0xF0) == 0xE0) {
            n = 2, cp = b & 0x0Fu, min = 0x800;
        } else if ((b & 0xF8) == 0xF0) {
            n = 3, cp = b & 0x07u, min = 0x10000;
        } else {
            return false; /* a continuation byte where a lead byte belongs, or 0xF8..0xFF */
        }
        if (n >= len - i)
            return false; /* truncated sequence */
        for (size_t k = 1; k <= n; k++) {
            uint8_t c = s[i + k];
            if ((c & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (c & 0x3Fu);
        }
        /* Overlong forms would let a forbidden character (like U+0000) slip past this check. */
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n + 1;
    }
    return true;
}
