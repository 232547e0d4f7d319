/* UTF-8 well-formedness as RFC 3629 defines it: no overlong forms, no UTF-16 surrogates
 * (U+D800..DFFF), nothing above U+10FFFF. U+0000 is refused too: MQTT forbids it in strings
 * (MQTT 5.0, 1.5.4) and settings strings are C strings. */
#ifndef UTF8_UTF8_H
#define UTF8_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Length (1..4) of the well-formed character at s, or 0 when there is none within avail bytes
 * (ill-formed, truncated, or U+0000). */
size_t utf8_char_len(const uint8_t *s, size_t avail);

/* True when s[0..len) is a sequence of well-formed characters, none of them U+0000. */
bool utf8_valid(const void *s, size_t len);

#endif
