/* Is a value (as it sits in the struct) acceptable for its leaf? The one place where type,
 * range and validator rules are applied, for candidates, defaults and restored values alike. */
#include "leaf_value.h"
#include "settings/json.h"
#include "utf8/utf8.h"

/* Unsigned leaves: signed ones print theirs in leaf_int.c, floats in leaf_float.c. */
void leaf_range_reason(const struct setting_desc *d, char *reason, size_t reason_size)
{
    uint64_t lo, hi;
    leaf_uint_range(d, &lo, &hi);
    reason_printf(reason, reason_size, "out of range: %llu..%llu", (unsigned long long)lo,
                  (unsigned long long)hi);
}

enum settings_status leaf_check_uint_range(const struct setting_desc *d, uint64_t v, char *reason,
                                           size_t reason_size)
{
    uint64_t lo, hi;
    leaf_uint_range(d, &lo, &hi);
    if (v >= lo && v <= hi)
        return SETTINGS_OK;
    leaf_range_reason(d, reason, reason_size);
    return SETTINGS_E_RANGE;
}

enum settings_status leaf_no_ops(char *reason, size_t reason_size)
{
    reason_printf(reason, reason_size, "leaf without its operations (not declared by SETTING_*)");
    return SETTINGS_E_TREE;
}

size_t leaf_text_len(const char *s, size_t size)
{
    size_t n = 0;
    while (n < size && s[n])
        n++;
    return n;
}

enum settings_status leaf_verdict(const char *refusal, char *reason, size_t reason_size)
{
    if (!refusal)
        return SETTINGS_OK;
    reason_printf(reason, reason_size, "%s", refusal);
    return SETTINGS_E_INVALID;
}

enum settings_status leaf_check_value(const struct setting_desc *d, const void *value,
                                      char *reason, size_t reason_size)
{
    switch (setting_kind(d)) {
    case SETTING_KIND_BOOL: {
        uint8_t b;
        memcpy(&b, value, 1);
        if (b > 1) {
            reason_printf(reason, reason_size, "not a bool (byte %u)", b);
            return SETTINGS_E_INVALID;
        }
        return leaf_verdict(d->rule.b.validate ? d->rule.b.validate(b != 0) : NULL, reason,
                                 reason_size);
    }
    case SETTING_KIND_UINT: {
        uint64_t v = leaf_load_uint(value, d->size);
        enum settings_status st = leaf_check_uint_range(d, v, reason, reason_size);
        if (st != SETTINGS_OK)
            return st;
        return leaf_verdict(d->rule.u.validate ? d->rule.u.validate(v) : NULL, reason,
                                 reason_size);
    }
    case SETTING_KIND_STRING: {
        const char *s = value;
        size_t len = leaf_text_len(s, d->size);
        if (len == d->size) {
            reason_printf(reason, reason_size, "string not terminated within %u bytes",
                          (unsigned)d->size);
            return SETTINGS_E_TOO_LONG;
        }
        if (!utf8_valid(s, len)) {
            reason_printf(reason, reason_size, "string is not valid UTF-8");
            return SETTINGS_E_INVALID;
        }
        return leaf_verdict(d->rule.s.validate ? d->rule.s.validate(s) : NULL, reason,
                                 reason_size);
    }
    case SETTING_KIND_NODE:
    case SETTING_KIND_ARRAY:
        reason_printf(reason, reason_size, "not a leaf");
        return SETTINGS_E_NOT_LEAF;
    default: /* float, double, signed, enum: through their operations */
        if (!leaf_ops(d))
            return leaf_no_ops(reason, reason_size);
        return leaf_ops(d)->check(d, value, reason, reason_size);
    }
}
