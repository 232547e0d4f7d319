/* Is a value (as it sits in the struct) acceptable for its leaf? The one place where type,
 * range and validator rules are applied, for candidates, defaults and restored values alike. */
#include "leaf_value.h"
#include "settings/json.h"
#include "utf8.h"

/* Integer leaves only: a float leaf's range is printed by its own operations (leaf_float.c). */
void leaf_range_reason(const struct setting_desc *d, char *reason, size_t reason_size)
{
    if (setting_kind(d) == SETTING_KIND_UINT) {
        uint64_t lo, hi;
        leaf_uint_range(d, &lo, &hi);
        reason_printf(reason, reason_size, "out of range: %llu..%llu", (unsigned long long)lo,
                      (unsigned long long)hi);
    } else {
        int64_t lo, hi;
        leaf_int_range(d, &lo, &hi);
        reason_printf(reason, reason_size, "out of range: %lld..%lld", (long long)lo,
                      (long long)hi);
    }
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

enum settings_status leaf_check_int_range(const struct setting_desc *d, int64_t v, char *reason,
                                          size_t reason_size)
{
    int64_t lo, hi;
    leaf_int_range(d, &lo, &hi);
    if (v >= lo && v <= hi)
        return SETTINGS_OK;
    leaf_range_reason(d, reason, reason_size);
    return SETTINGS_E_RANGE;
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
    enum settings_status st;
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
        if ((st = leaf_check_uint_range(d, v, reason, reason_size)) != SETTINGS_OK)
            return st;
        return leaf_verdict(d->rule.u.validate ? d->rule.u.validate(v) : NULL, reason,
                                 reason_size);
    }
    case SETTING_KIND_INT: {
        int64_t v = leaf_load_int(value, d->size);
        if ((st = leaf_check_int_range(d, v, reason, reason_size)) != SETTINGS_OK)
            return st;
        return leaf_verdict(d->rule.i.validate ? d->rule.i.validate(v) : NULL, reason,
                                 reason_size);
    }
    case SETTING_KIND_FLOAT:
    case SETTING_KIND_DOUBLE:
        if (!leaf_float_ops(d))
            break;
        return leaf_float_ops(d)->check(d, value, reason, reason_size);
    case SETTING_KIND_ENUM: {
        uint64_t v = leaf_load_uint(value, d->size);
        if (v >= d->rule.e.count || !d->rule.e.names[v]) {
            reason_printf(reason, reason_size, "%llu is not a named value", (unsigned long long)v);
            return SETTINGS_E_INVALID;
        }
        return leaf_verdict(d->rule.e.validate ? d->rule.e.validate((unsigned)v) : NULL,
                                 reason, reason_size);
    }
    case SETTING_KIND_STRING: {
        const char *s = value;
        const char *nul = memchr(s, '\0', d->size);
        if (!nul) {
            reason_printf(reason, reason_size, "string not terminated within %u bytes",
                          (unsigned)d->size);
            return SETTINGS_E_TOO_LONG;
        }
        if (!utf8_valid(s, (size_t)(nul - s))) {
            reason_printf(reason, reason_size, "string is not valid UTF-8");
            return SETTINGS_E_INVALID;
        }
        return leaf_verdict(d->rule.s.validate ? d->rule.s.validate(s) : NULL, reason,
                                 reason_size);
    }
    default:
        reason_printf(reason, reason_size, "not a leaf");
        return SETTINGS_E_NOT_LEAF;
    }
    reason_printf(reason, reason_size, "float leaf without settings_float_ops");
    return SETTINGS_E_TREE;
}
