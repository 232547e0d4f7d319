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

static const char *expected_name(const struct setting_desc *d)
{
    switch (setting_kind(d)) {
    case SETTING_KIND_BOOL: return "true or false";
    case SETTING_KIND_INT:
    case SETTING_KIND_UINT: return "an integer";
    case SETTING_KIND_FLOAT:
    case SETTING_KIND_DOUBLE: return "a number";
    default: return "a string";
    }
}

static enum json_kind wanted_json(const struct setting_desc *d)
{
    switch (setting_kind(d)) {
    case SETTING_KIND_BOOL: return JSON_BOOL;
    case SETTING_KIND_ENUM:
    case SETTING_KIND_STRING: return JSON_STRING;
    default: return JSON_NUMBER;
    }
}

/* digits * 10^exp10 as an unsigned 64-bit magnitude; false if it does not fit. */
static bool integer_magnitude(const struct json_value *v, uint64_t *out)
{
    const struct fp_decimal *n = &v->number;
    const int64_t places = (int64_t)n->ndigits + n->exp10; /* digits, then exp10 zeros */
    uint64_t m = 0;
    if (v->too_many_digits || n->exp10 < 0 || places > 20)
        return false;
    for (int64_t i = 0; i < places; i++) {
        unsigned d = i < n->ndigits ? (unsigned)(n->digits[i] - '0') : 0;
        if (m > UINT64_MAX / 10 || (m == UINT64_MAX / 10 && d > UINT64_MAX % 10))
            return false;
        m = m * 10 + d;
    }
    *out = m;
    return true;
}

static enum settings_status decode_integer(const struct setting_desc *d, const struct json_value *v,
                                           union candidate *c, char *reason, size_t reason_size)
{
    if (!v->is_integer) {
        reason_printf(reason, reason_size, "expected an integer, got a fraction or exponent");
        return SETTINGS_E_TYPE;
    }
    uint64_t m;
    bool fits = integer_magnitude(v, &m);
    bool negative = v->number.negative && (!fits || m != 0); /* -0 is 0 */
    if (setting_kind(d) == SETTING_KIND_UINT) {
        if (!fits || negative) {
            leaf_range_reason(d, reason, reason_size);
            return SETTINGS_E_RANGE;
        }
        enum settings_status st = leaf_check_uint_range(d, m, reason, reason_size);
        if (st == SETTINGS_OK)
            leaf_store_uint(c, d->size, m);
        return st;
    }
    /* Signed: magnitudes up to 2^63 (INT64_MIN) when negative, 2^63 - 1 when not. */
    const uint64_t limit = negative ? (uint64_t)1 << 63 : ((uint64_t)1 << 63) - 1;
    if (!fits || m > limit) {
        leaf_range_reason(d, reason, reason_size);
        return SETTINGS_E_RANGE;
    }
    int64_t val = negative ? (int64_t)(0 - m) : (int64_t)m;
    enum settings_status st = leaf_check_int_range(d, val, reason, reason_size);
    if (st == SETTINGS_OK)
        leaf_store_uint(c, d->size, (uint64_t)val);
    return st;
}

static enum settings_status decode_enum(const struct setting_desc *d, const struct json_value *v,
                                        union candidate *c, char *reason, size_t reason_size)
{
    for (unsigned i = 0; i < d->rule.e.count; i++) {
        const char *name = d->rule.e.names[i];
        if (name && strlen(name) == v->string_len && memcmp(name, c->text, v->string_len) == 0) {
            leaf_store_uint(c, d->size, i);
            return SETTINGS_OK;
        }
    }
    /* "unknown value 'x', expected one of: off on blink" - as much as the buffer holds. */
    if (reason && reason_size) {
        reason_printf(reason, reason_size, "unknown value '%.24s', expected one of:", c->text);
        size_t n = strlen(reason);
        for (unsigned i = 0; i < d->rule.e.count; i++) {
            const char *name = d->rule.e.names[i];
            if (!name)
                continue;
            size_t len = strlen(name);
            if (n + 1 + len + 1 > reason_size)
                break;
            reason[n++] = ' ';
            memcpy(reason + n, name, len);
            n += len;
            reason[n] = '\0';
        }
    }
    return SETTINGS_E_INVALID;
}

enum settings_status settings_set(const struct settings *s, const struct settings_ref *leaf,
                                  const char *json, size_t json_len, char *reason,
                                  size_t reason_size)
{
    const struct setting_desc *d = leaf->desc;
    if (reason && reason_size)
        reason[0] = '\0';
    if (!setting_is_leaf(d)) {
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
    const bool texty = wanted_json(d) == JSON_STRING;
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
    } else if (v.kind != wanted_json(d)) {
        reason_printf(reason, reason_size, "expected %s, got %s", expected_name(d),
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
        case SETTING_KIND_INT:
        case SETTING_KIND_UINT:
            st = decode_integer(d, &v, &c, reason, reason_size);
            break;
        case SETTING_KIND_FLOAT:
        case SETTING_KIND_DOUBLE:
            if (!leaf_float_ops(d)) {
                reason_printf(reason, reason_size, "float leaf without settings_float_ops");
                return SETTINGS_E_TREE;
            }
            st = leaf_float_ops(d)->decode(d, &v, &c, reason, reason_size);
            break;
        case SETTING_KIND_ENUM:
            st = decode_enum(d, &v, &c, reason, reason_size);
            break;
        default: /* SETTING_KIND_STRING: already decoded into c.text */
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
    enum settings_status st = settings_lookup(s, path, path_len, &ref, reason, reason_size);
    if (st != SETTINGS_OK)
        return st;
    if (!setting_is_leaf(ref.desc)) {
        reason_not_leaf(reason, reason_size, path, path_len);
        return SETTINGS_E_NOT_LEAF;
    }
    return settings_set(s, &ref, json, json_len, reason, reason_size);
}
