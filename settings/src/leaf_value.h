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

static inline int64_t leaf_load_int(const void *p, uint32_t size)
{
    switch (size) {
    case 1: { int8_t v; memcpy(&v, p, 1); return v; }
    case 2: { int16_t v; memcpy(&v, p, 2); return v; }
    case 4: { int32_t v; memcpy(&v, p, 4); return v; }
    default: { int64_t v; memcpy(&v, p, 8); return v; }
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

static inline void leaf_int_range(const struct setting_desc *d, int64_t *lo, int64_t *hi)
{
    if (d->rule.i.min || d->rule.i.max) {
        *lo = d->rule.i.min;
        *hi = d->rule.i.max;
        return;
    }
    *hi = d->size >= 8 ? INT64_MAX : (int64_t)(((uint64_t)1 << (8 * d->size - 1)) - 1);
    *lo = -*hi - 1;
}

/* Float and double leaves, reached only through their descriptor (settings_float_ops, in
 * leaf_float.c): the generic code never calls the float conversions directly, so an image whose
 * tree has no float leaf links neither them nor the soft-float arithmetic. */
struct json_value;
struct setting_float_ops {
    /* A JSON number into the leaf's representation at out; refuses what the format cannot hold
     * (the declared range and validator are check's). */
    enum settings_status (*decode)(const struct setting_desc *d, const struct json_value *v,
                                   void *out, char *reason, size_t reason_size);
    /* The value at p as JSON, with snprintf's contract. */
    size_t (*encode)(const struct setting_desc *d, const void *p, char *buf, size_t size);
    /* Finite, within the declared range, accepted by the validator. */
    enum settings_status (*check)(const struct setting_desc *d, const void *p, char *reason,
                                  size_t reason_size);
    /* For settings_check: the declared range is finite with min <= max. */
    bool (*range_valid)(const struct setting_desc *d);
};

/* The float operations of a float or double leaf; NULL for a descriptor written by hand
 * without them (settings_check refuses it, and every use answers SETTINGS_E_TREE). */
static inline const struct setting_float_ops *leaf_float_ops(const struct setting_desc *d)
{
    return d->rule.f.ops;
}

/* A validator's answer: NULL accepts; a reason refuses with SETTINGS_E_INVALID. */
enum settings_status leaf_verdict(const char *refusal, char *reason, size_t reason_size);

/* Range check messages shared by set (wide candidates) and stored values. */
enum settings_status leaf_check_uint_range(const struct setting_desc *d, uint64_t v, char *reason,
                                           size_t reason_size);
enum settings_status leaf_check_int_range(const struct setting_desc *d, int64_t v, char *reason,
                                          size_t reason_size);
void leaf_range_reason(const struct setting_desc *d, char *reason, size_t reason_size);

#endif
