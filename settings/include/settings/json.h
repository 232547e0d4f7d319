/* Strict, allocation-free JSON for single leaf values (RFC 8259): the role serde-json-core plays
 * for miniconf. A settings payload is one JSON text holding one scalar; objects and arrays are
 * recognised (so the caller can say "wrong type") but not parsed.
 *
 * Decoding accepts exactly RFC 8259: literals true/false/null, numbers by the RFC grammar (no
 * leading zeros, no '+', no bare '.', no NaN/Infinity), strings with every escape including
 * \uXXXX surrogate pairs (converted to UTF-8), raw bytes checked as UTF-8, and nothing but
 * whitespace (space, tab, CR, LF) around the value. Lone surrogates are refused, and so is
 * \u0000 (settings strings are C strings). */
#ifndef SETTINGS_JSON_H
#define SETTINGS_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "settings/fpconv.h"

enum json_kind {
    JSON_NULL,
    JSON_BOOL,
    JSON_NUMBER,
    JSON_STRING,
    JSON_OBJECT, /* only recognised by its first character */
    JSON_ARRAY,  /* likewise */
};

enum json_status {
    JSON_OK,
    JSON_SYNTAX,          /* not a JSON text (message and offset say where) */
    JSON_STRING_TOO_LONG, /* a valid string that does not fit the caller's buffer */
    JSON_NUL_IN_STRING,   /* valid JSON, but \u0000 cannot live in a C string */
};

struct json_value {
    enum json_kind kind;
    bool boolean;         /* JSON_BOOL */
    bool is_integer;      /* JSON_NUMBER without fraction or exponent */
    bool too_many_digits; /* JSON_NUMBER with more than FP_DECIMAL_DIGITS_MAX significant digits */
    struct fp_decimal number;
    size_t string_len; /* JSON_STRING: decoded UTF-8 bytes, NUL excluded */
};

struct json_error {
    const char *message; /* static text: "bad escape", "trailing characters", ... */
    size_t offset;       /* byte offset in the input where the problem was found */
};

/* Parses text[0..len) as one JSON text holding a scalar. A string is decoded into str (NUL
 * terminated) when str is not NULL, else only checked. On failure err says what and where. */
enum json_status json_read_value(const char *text, size_t len, struct json_value *v, char *str,
                                 size_t str_size, struct json_error *err);

/* Writers: like snprintf, they return the length the whole output needs (NUL excluded), write at
 * most size - 1 bytes plus a NUL, and the caller checks the return against size. */
size_t json_write_bool(char *buf, size_t size, bool v);
size_t json_write_u64(char *buf, size_t size, uint64_t v);
size_t json_write_i64(char *buf, size_t size, int64_t v);
size_t json_write_double(char *buf, size_t size, double v); /* NaN, infinities: "null" */
size_t json_write_float(char *buf, size_t size, float v);
/* Quotes and escapes s[0..len): '"', '\\' and control characters (as \n, \t, ... or \u00XX);
 * other bytes, UTF-8 included, are copied as they are. */
size_t json_write_string(char *buf, size_t size, const char *s, size_t len);

#endif
