/* Signed integer leaves, behind settings_int_ops: only SETTING_I8..I64 refer to it, so an image
 * whose tree has no signed leaf links none of this (unsigned leaves are the generic code's). */
#include "leaf_value.h"
#include "settings/json.h"

static int64_t load(const void *p, uint32_t size)
{
    switch (size) {
    case 1: { int8_t v; memcpy(&v, p, 1); return v; }
    case 2: { int16_t v; memcpy(&v, p, 2); return v; }
    case 4: { int32_t v; memcpy(&v, p, 4); return v; }
    default: { int64_t v; memcpy(&v, p, 8); return v; }
    }
}

/* The declared range, or the C type's when none was declared (both bounds 0). */
static void range(const struct setting_desc *d, int64_t *lo, int64_t *hi)
{
    if (d->rule.i.min || d->rule.i.max) {
        *lo = d->rule.i.min;
        *hi = d->rule.i.max;
        return;
    }
    *hi = d->size >= 8 ? INT64_MAX : (int64_t)(((uint64_t)1 << (8 * d->size - 1)) - 1);
    *lo = -*hi - 1;
}

static enum settings_status out_of_range(const struct setting_desc *d, char *reason,
                                         size_t reason_size)
{
    int64_t lo, hi;
    range(d, &lo, &hi);
    reason_printf(reason, reason_size, "out of range: %lld..%lld", (long long)lo, (long long)hi);
    return SETTINGS_E_RANGE;
}

static enum settings_status check_range(const struct setting_desc *d, int64_t v, char *reason,
                                        size_t reason_size)
{
    int64_t lo, hi;
    range(d, &lo, &hi);
    return v >= lo && v <= hi ? SETTINGS_OK : out_of_range(d, reason, reason_size);
}

static enum settings_status decode(const struct setting_desc *d, const struct json_value *v,
                                   void *out, char *reason, size_t reason_size)
{
    uint64_t m;
    bool negative, fits;
    if (!leaf_integer(v, &m, &negative, &fits, reason, reason_size))
        return SETTINGS_E_TYPE;
    /* Magnitudes up to 2^63 (INT64_MIN) when negative, 2^63 - 1 when not. */
    const uint64_t limit = negative ? (uint64_t)1 << 63 : ((uint64_t)1 << 63) - 1;
    if (!fits || m > limit)
        return out_of_range(d, reason, reason_size);
    int64_t val = negative ? (int64_t)(0 - m) : (int64_t)m;
    enum settings_status st = check_range(d, val, reason, reason_size);
    if (st == SETTINGS_OK)
        leaf_store_uint(out, d->size, (uint64_t)val);
    return st;
}

static size_t encode(const struct setting_desc *d, const void *p, char *buf, size_t size)
{
    return json_write_i64(buf, size, load(p, d->size));
}

static enum settings_status check(const struct setting_desc *d, const void *p, char *reason,
                                  size_t reason_size)
{
    int64_t v = load(p, d->size);
    enum settings_status st = check_range(d, v, reason, reason_size);
    if (st != SETTINGS_OK)
        return st;
    return leaf_verdict(d->rule.i.validate ? d->rule.i.validate(v) : NULL, reason, reason_size);
}

const struct setting_leaf_ops settings_int_ops = {decode, encode, check, NULL};
