/* Float and double leaves: decoding, printing and checking, behind settings_float_ops. Only the
 * SETTING_F32/SETTING_F64 macros refer to that table, so this file, the exact conversions it
 * calls (fp_parse.c, fp_format.c, bignum.c) and the soft-float arithmetic of its comparisons
 * are linked only into images whose tree has a float leaf. */
#include "leaf_value.h"
#include "settings/json.h"

static bool single(const struct setting_desc *d)
{
    return setting_kind(d) == SETTING_KIND_FLOAT;
}

static double load(const struct setting_desc *d, const void *p)
{
    if (single(d)) {
        float f;
        memcpy(&f, p, sizeof f);
        return f;
    }
    double v;
    memcpy(&v, p, sizeof v);
    return v;
}

static enum settings_status decode(const struct setting_desc *d, const struct json_value *v,
                                   void *out, char *reason, size_t reason_size)
{
    if (v->too_many_digits) {
        reason_printf(reason, reason_size, "more than %u significant digits",
                      FP_DECIMAL_DIGITS_MAX);
        return SETTINGS_E_RANGE;
    }
    enum fp_status st;
    if (single(d)) {
        float f;
        st = fp_decimal_to_float(&v->number, &f);
        memcpy(out, &f, sizeof f);
    } else {
        double x;
        st = fp_decimal_to_double(&v->number, &x);
        memcpy(out, &x, sizeof x);
    }
    if (st == FP_OVERFLOW) {
        reason_printf(reason, reason_size, "out of range: beyond the largest %s",
                      single(d) ? "float (3.4028235e38)" : "double (1.7976931348623157e308)");
        return SETTINGS_E_RANGE;
    }
    if (st == FP_UNDERFLOW) {
        reason_printf(reason, reason_size, "out of range: too small for a %s, rounds to 0",
                      single(d) ? "float" : "double");
        return SETTINGS_E_RANGE;
    }
    return SETTINGS_OK;
}

static size_t encode(const struct setting_desc *d, const void *p, char *buf, size_t size)
{
    if (single(d)) {
        float f;
        memcpy(&f, p, sizeof f);
        return json_write_float(buf, size, f);
    }
    return json_write_double(buf, size, load(d, p));
}

static enum settings_status check(const struct setting_desc *d, const void *p, char *reason,
                                  size_t reason_size)
{
    double v = load(d, p);
    if (v != v || v - v != 0) { /* NaN, or infinite: JSON has no spelling for either */
        reason_printf(reason, reason_size, "not a finite number");
        return SETTINGS_E_RANGE;
    }
    const double lo = d->rule.f.min, hi = d->rule.f.max;
    if ((lo != 0 || hi != 0) && (v < lo || v > hi)) { /* both 0: no declared range */
        char lo_text[FP_TEXT_MAX], hi_text[FP_TEXT_MAX];
        json_write_double(lo_text, sizeof lo_text, lo);
        json_write_double(hi_text, sizeof hi_text, hi);
        reason_printf(reason, reason_size, "out of range: %s..%s", lo_text, hi_text);
        return SETTINGS_E_RANGE;
    }
    return leaf_verdict(d->rule.f.validate ? d->rule.f.validate(v) : NULL, reason, reason_size);
}

static bool range_valid(const struct setting_desc *d)
{
    const double lo = d->rule.f.min, hi = d->rule.f.max;
    return lo <= hi && lo - lo == 0 && hi - hi == 0; /* !(lo <= hi) also catches NaN bounds */
}

const struct setting_leaf_ops settings_float_ops = {decode, encode, check, range_valid};
