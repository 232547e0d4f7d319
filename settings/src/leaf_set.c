/* Setting a leaf from JSON, atomically: decode into a candidate, check it exactly as a stored
 * value would be checked, and only then copy it into the struct. */
#include "leaf_value.h"
#include "settings/json.h"

/* The candidate: a string leaf's text, or any other leaf's bytes. */
union candidate {
    char text[SETTINGS_STRING_MAX];
    uint64_t align_u;
    double align_d;
};

static const char *json_kind_name(enum json_kind k)
{
    static const char *const names[] = {
        [JSON_NULL] = "null",       [JSON_BOOL] = "a boolean",  [JSON_NUMBER] = "a number",
        [JSON_STRING] = "a string", [JSON_OBJECT] = "an object", [JSON_ARRAY] = "an array",
    };
    return names[k];
}

/* The JSON a leaf kind takes, and its name in type errors. */
static const struct {
    uint8_t json;
    const char *name;
} expected[] = {
    [SETTING_KIND_BOOL] = {JSON_BOOL, "true or false"},
    [SETTING_KIND_INT] = {JSON_NUMBER, "an integer"},
    [SETTING_KIND_UINT] = {JSON_NUMBER, "an integer"},
    [SETTING_KIND_FLOAT] = {JSON_NUMBER, "a number"},
    [SETTING_KIND_DOUBLE] = {JSON_NUMBER, "a number"},
    [SETTING_KIND_ENUM] = {JSON_STRING, "a string"},
    [SETTING_KIND_STRING] = {JSON_STRING, "a string"},
};

/* digits * 10^exp10 as an unsigned 64-bit magnitude; false if it does not fit. */
static bool integer_magnitude(const struct json_value *v, uint64_t *out)
{
    const struct fp_decimal *n = &v->number;
    if (v->too_many_digits || n->exp10 < 0 || n->exp10 > 20)
        return false;
    const int places = n->ndigits + n->exp10; /* digits, then exp10 zeros */
    uint64_t m = 0;
    if (places > 20)
        return false;
    for (int i = 0; i < places; i++)
        m = m * 10 + (i < n->ndigits ? (unsigned)(n->digits[i] - '0') : 0);
    /* Up to 19 places always fit (10^19 < 2^64). 20 places fit only below 2^64 =
     * 18446744073709551616: a leading digit of 1, and then a value that did not wrap (a wrapped
     * one is below 2e19 - 2^64 < 10^19). */
    if (places == 20 && (n->digits[0] != '1' || m < 10000000000000000000u))
        return false;
    *out = m;
    return true;
}

bool leaf_integer(const struct json_value *v, uint64_t *m, bool *negative, bool *fits,
                  char *reason, size_t reason_size)
{
    if (!v->is_integer) {
        reason_printf(reason, reason_size, "expected an integer, got a fraction or exponent");
        return false;
    }
    *fits = integer_magnitude(v, m);
    *negative = v->number.negative && (!*fits || *m != 0); /* -0 is 0 */
    return true;
}

static enum settings_status decode_uint(const struct setting_desc *d, const struct json_value *v,
                                        union candidate *c, char *reason, size_t reason_size)
{
    uint64_t m;
    bool negative, fits;
    if (!leaf_integer(v, &m, &negative, &fits, reason, reason_size))
        return SETTINGS_E_TYPE;
    if (!fits || negative) {
        leaf_range_reason(d, reason, reason_size);
        return SETTINGS_E_RANGE;
    }
    enum settings_status st = leaf_check_uint_range(d, m, reason, reason_size);
    if (st == SETTINGS_OK)
        leaf_store_uint(c, d->size, m);
    return st;
}

enum settings_status settings_set(const struct settings *s, const struct settings_ref *leaf,
                                  const char *json, size_t json_len, char *reason,
                                  size_t reason_size)
{
    const struct setting_desc *d = leaf->desc;
    if (reason && reason_size)
        reason[0] = '\0';
    if (setting_kind(d) > SETTING_KIND_STRING) { /* a node or array (or no kind at all) */
        reason_printf(reason, reason_size, "a node has no value of its own");
        return SETTINGS_E_NOT_LEAF;
    }
    if (leaf->read_only) {
        reason_printf(reason, reason_size, "read-only");
        return SETTINGS_E_READ_ONLY;
    }
    union candidate c;
    if (d->size > sizeof c) {
        reason_printf(reason, reason_size, "leaf larger than %u bytes", (unsigned)sizeof c);
        return SETTINGS_E_TREE;
    }
    memset(&c, 0, sizeof c); /* a string's unused tail is zeros: stable bytes to persist */

    /* Text for string and enum leaves lands in c.text; a string leaf gets only its own size. */
    const enum json_kind wanted = (enum json_kind)expected[setting_kind(d)].json;
    const bool texty = wanted == JSON_STRING;
    size_t text_size = setting_kind(d) == SETTING_KIND_STRING ? d->size : sizeof c.text;
    struct json_value v;
    struct json_error err;
    enum json_status js =
        json_read_value(json, json_len, &v, texty ? c.text : NULL, texty ? text_size : 0, &err);
    if (js == JSON_SYNTAX) {
        reason_printf(reason, reason_size, "invalid JSON at byte %u: %s", (unsigned)err.offset,
                      err.message);
        return SETTINGS_E_JSON;
    }

    enum settings_status st = SETTINGS_OK;
    if (v.kind == JSON_NULL && d->rule.common.nullable) {
        const uint8_t *def = s->defaults ? (const uint8_t *)s->defaults + leaf->offset : NULL;
        if (def)
            memcpy(&c, def, d->size);
    } else if (v.kind != wanted) {
        reason_printf(reason, reason_size, "expected %s, got %s", expected[setting_kind(d)].name,
                      json_kind_name(v.kind));
        return SETTINGS_E_TYPE;
    } else if (js == JSON_NUL_IN_STRING) {
        reason_printf(reason, reason_size, "\\u0000 cannot be stored in a string");
        return SETTINGS_E_INVALID;
    } else if (js == JSON_STRING_TOO_LONG) {
        if (setting_kind(d) == SETTING_KIND_STRING)
            reason_printf(reason, reason_size, "string longer than %u bytes",
                          (unsigned)d->size - 1);
        else
            reason_printf(reason, reason_size, "unknown value (longer than any name)");
        return setting_kind(d) == SETTING_KIND_STRING ? SETTINGS_E_TOO_LONG : SETTINGS_E_INVALID;
    } else {
        switch (setting_kind(d)) {
        case SETTING_KIND_BOOL:
            c.text[0] = (char)v.boolean;
            break;
        case SETTING_KIND_UINT:
            st = decode_uint(d, &v, &c, reason, reason_size);
            break;
        case SETTING_KIND_STRING: /* already decoded into c.text */
            break;
        default: /* float, double, signed, enum: through their operations */
            if (!leaf_ops(d))
                return leaf_no_ops(reason, reason_size);
            st = leaf_ops(d)->decode(d, &v, &c, reason, reason_size);
            break;
        }
    }
    if (st == SETTINGS_OK)
        st = leaf_check_value(d, &c, reason, reason_size);
    if (st != SETTINGS_OK)
        return st;

    uint8_t *field = (uint8_t *)s->data + leaf->offset;
    if (memcmp(field, &c, d->size) != 0) {
        memcpy(field, &c, d->size);
        if (s->changed)
            s->changed(leaf, s->ctx);
    }
    return SETTINGS_OK;
}

enum settings_status settings_set_path(const struct settings *s, const char *path, size_t path_len,
                                       const char *json, size_t json_len, char *reason,
                                       size_t reason_size)
{
    struct settings_ref ref;
    enum settings_status st = tree_lookup_leaf(s, path, path_len, &ref, reason, reason_size);
    if (st != SETTINGS_OK)
        return st;
    return settings_set(s, &ref, json, json_len, reason, reason_size);
}
