/* A JSON object writer on the caller's buffer, no heap: telemetry and meta messages are built
 * with it. Keys and values are escaped and numbers formatted by settings/json.h (floats with the
 * shortest digits that read back exactly), so a telemetry value reads back as what was measured.
 *
 *   struct json_obj o;
 *   json_obj_begin(&o, buf, sizeof buf);
 *   json_obj_u64(&o, "rx_frames", 12);
 *   json_obj_open(&o, "app");  json_obj_bool(&o, "led", true);  json_obj_close(&o);
 *   size_t n = json_obj_end(&o);       -> {"rx_frames":12,"app":{"led":true}}
 *   if (n >= sizeof buf) ...           too small: like snprintf, n is the length needed
 *
 * Writes never go past size - 1 and the text is always NUL-terminated (size > 0). Nesting is
 * limited to JSON_OBJ_DEPTH_MAX objects; json_obj_open beyond it, or json_obj_close with nothing
 * open, marks the object broken and json_obj_end returns SIZE_MAX. */
#ifndef MINICONF_JSON_OBJ_H
#define MINICONF_JSON_OBJ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_OBJ_DEPTH_MAX 8

struct json_obj {
    char *buf;
    size_t size;
    size_t len;       /* length of the whole text so far, even past size (as snprintf counts) */
    uint8_t depth;    /* objects open, the outermost included */
    uint8_t has_member; /* bit d: the object at depth d already has a member (a comma is due) */
    bool broken;      /* nesting misuse */
};

void json_obj_begin(struct json_obj *o, char *buf, size_t size);
void json_obj_bool(struct json_obj *o, const char *key, bool v);
void json_obj_u64(struct json_obj *o, const char *key, uint64_t v);
void json_obj_i64(struct json_obj *o, const char *key, int64_t v);
void json_obj_double(struct json_obj *o, const char *key, double v); /* NaN, inf: null */
void json_obj_float(struct json_obj *o, const char *key, float v);
/* v / 10^decimals (decimals <= 19) in plain notation with at least one decimal and no trailing
 * zeros ("12.5", "3.0", "0.001"): the text json_obj_double prints for the nearest double, from
 * integer arithmetic only (no float conversion linked). */
void json_obj_fixed(struct json_obj *o, const char *key, uint64_t v, unsigned decimals);
void json_obj_str(struct json_obj *o, const char *key, const char *s); /* escaped */
void json_obj_null(struct json_obj *o, const char *key);
/* A member whose value is an object; members written until json_obj_close go inside it. */
void json_obj_open(struct json_obj *o, const char *key);
void json_obj_close(struct json_obj *o);
/* Closes every open object; returns the text's length (NUL excluded), >= size when it did not
 * fit, SIZE_MAX after a nesting misuse. */
size_t json_obj_end(struct json_obj *o);

#endif
