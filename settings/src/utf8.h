/* UTF-8 well-formedness (private to settings). */
#ifndef SETTINGS_UTF8_H
#define SETTINGS_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Length of the well-formed sequence at s (1 for ASCII), or 0 if there is none within avail
 * bytes: RFC 3629, no overlong forms, no surrogates, nothing above U+10FFFF. */
size_t utf8_sequence_length(const unsigned char *s, size_t avail);

bool utf8_valid(const char *s, size_t len);

#endif
