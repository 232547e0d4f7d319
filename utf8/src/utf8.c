#include "utf8/utf8.h"

size_t utf8_char_len(const uint8_t *s, size_t avail)
{
    if (!avail)
        return 0;
    uint32_t c = s[0];
    if (c < 0x80)
        return c != 0;
    /* Lead bytes C2..DF, E0..EF, F0..F4 (C0, C1 could only start overlong forms; F5.. would
     * be above U+10FFFF; 80..BF are continuation bytes). */
    if (c < 0xC2 || c > 0xF4)
        return 0;
    size_t n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (avail < n)
        return 0;
    uint32_t cp = c & (0x7Fu >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3Fu);
    }
    /* Overlong: a 3-byte form below U+0800, a 4-byte form below U+10000 (2-byte ones were
     * refused by their lead byte). The shortest form is the only one, so a check made on
     * decoded text cannot be dodged (U+0000 as C0 80). */
    if (cp >> (5 * n - 4) == 0 || cp > 0x10FFFF || (cp & 0xFFFFF800u) == 0xD800)
        return 0;
    return n;
}

bool utf8_valid(const void *s, size_t len)
{
    const uint8_t *p = s;
    while (len) {
        size_t n = utf8_char_len(p, len);
        if (!n)
            return false;
        p += n;
        len -= n;
    }
    return true;
}
