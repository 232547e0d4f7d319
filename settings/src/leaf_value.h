/* Reading and writing a leaf's bytes by kind and size, and its effective range (private). */
#ifndef SETTINGS_LEAF_VALUE_H
#define SETTINGS_LEAF_VALUE_H

#include <string.h>

#include "internal.h"

static inline uint64_t leaf_load_uint(const void *p, uint32_t size)
{
    switch (size) {
    case 1: { uint8_t v; memcpy(&v, p, 1); return v; }
    case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}

/* Stores the low `size` bytes of v as an integer of that size (two's complement for signed). */
static inline void leaf_store_uint(void *p, uint32_t size, uint64_t v)
{
    switch (size) {
    case 1: { uint8_t t = (uint8_t)v; memcpy(p, &t, 1); break; }
    case 2: { uint16_t t = (uint16_t)v; memcpy(p, &t, 2); break; }
    case 4: { uint32_t t = (uint32_t)v; memcpy(p, &t, 4); break; }
    default: memcpy(p, &v, 8); break;
    }
}

/* The declared range, or the C type's when none was declared (both bounds 0). */
static inline void leaf_uint_range(const struct setting_desc *d, uint64_t *lo, uint64_t *hi)
{
    if (d->rule.u.min || d->rule.u.max) {
        *lo = d->rule.u.min;
        *hi = d->rule.u.max;
        return;
    }
    *lo = 0;
    *hi = d->size >= 8 ? UINT64_MAX : ((uint64_t)1 << (8 * d->size)) - 1;
}

/* The kinds an image pays for only when its tree has them (float and double, signed, enum),
 * reached only through their descriptor (settings_float_ops in leaf_float.c, settings_int_ops
 * in leaf_int.c, settings_enum_ops in leaf_enum.c): the generic code never calls them directly,
 * so an image whose tree has no float leaf links neither the float conversions nor the
 * soft-float arithmetic, one without enums no name matching, one without signed leaves no
 * signed ranges. */
struct json_value;
struct setting_leaf_ops {
    /* A JSON value of the leaf's JSON kind into the leaf's representation at out (which holds
     * the decoded text of a JSON string); refuses what the type cannot hold (the declared
     * range and validator are check's). */
    enum settings_status (*decode)(const struct setting_desc *d, const struct json_value *v,
                                   void *out, char *reason, size_t reason_size);
    /* The value at p as JSON, with snprintf's contract. */
    size_t (*encode)(const struct setting_desc *d, const void *p, char *buf, size_t size);
    /* Valid for the type, within the declared range, accepted by the validator. */
    enum settings_status (*check)(const struct setting_desc *d, const void *p, char *reason,
                                  size_t reason_size);
    /* For settings_check (floats): the declared range is finite with min <= max. */
    bool (*range_valid)(const struct setting_desc *d);
};

/* The operations of a float, signed or enum leaf; NULL for a descriptor written by hand
 * without them (settings_check refuses it, and every use answers SETTINGS_E_TREE). */
static inline const struct setting_leaf_ops *leaf_ops(const struct setting_desc *d)
{
    return d->rule.common.ops;
}

/* What set answers for a leaf whose kind needs operations it does not have. */
enum settings_status leaf_no_ops(char *reason, size_t reason_size);

/* A JSON number as an integer magnitude (*negative says the sign; -0 is 0): false, with the
 * type error said, for a fraction or exponent; *fits false when it exceeds 64 bits. */
bool leaf_integer(const struct json_value *v, uint64_t *m, bool *negative, bool *fits,
                  char *reason, size_t reason_size);

/* The length of a string leaf's text: up to its NUL, or size when it has none (a loop of its
 * own: libc's memchr is 160 bytes on Cortex-M, for what settings alone would use it for). */
size_t leaf_text_len(const char *s, size_t size);

/* A validator's answer: NULL accepts; a reason refuses with SETTINGS_E_INVALID. */
enum settings_status leaf_verdict(const char *refusal, char *reason, size_t reason_size);

/* The unsigned range check, and its message (signed leaves have theirs in leaf_int.c). */
enum settings_status leaf_check_uint_range(const struct setting_desc *d, uint64_t v, char *reason,
                                           size_t reason_size);
void leaf_range_reason(const struct setting_desc *d, char *reason, size_t reason_size);

#endif
