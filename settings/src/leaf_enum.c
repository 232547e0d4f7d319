/* Enum leaves, behind settings_enum_ops: only SETTING_ENUM refers to it, so an image whose tree
 * has no enum links neither the name matching nor its messages. The value is stored as its C
 * value, which indexes the names table. */
#include "leaf_value.h"
#include "log/fmt.h"
#include "settings/json.h"

/* out holds the decoded JSON string (NUL-terminated; v->string_len bytes): the index of the
 * name it matches replaces it. */
static enum settings_status decode(const struct setting_desc *d, const struct json_value *v,
                                   void *out, char *reason, size_t reason_size)
{
    const char *text = out;
    for (unsigned i = 0; i < d->rule.e.count; i++) {
        const char *name = d->rule.e.names[i];
        if (name && tree_name_is(name, text, v->string_len)) {
            leaf_store_uint(out, d->size, i);
            return SETTINGS_OK;
        }
    }
    /* "unknown value 'x', expected one of: off on blink" - as much as the buffer holds. */
    if (reason && reason_size) {
        size_t n = fmt_snprintf(reason, reason_size, "unknown value '%.24s', expected one of:",
                                text);
        for (unsigned i = 0; i < d->rule.e.count && n < reason_size; i++) {
            const char *name = d->rule.e.names[i];
            if (!name)
                continue;
            size_t k = fmt_snprintf(reason + n, reason_size - n, " %s", name);
            if (n + k >= reason_size) {
                reason[n] = '\0'; /* whole names only */
                break;
            }
            n += k;
        }
    }
    return SETTINGS_E_INVALID;
}

static size_t encode(const struct setting_desc *d, const void *p, char *buf, size_t size)
{
    uint64_t v = leaf_load_uint(p, d->size);
    if (v < d->rule.e.count && d->rule.e.names[v]) {
        const char *name = d->rule.e.names[v];
        return json_write_string(buf, size, name, strlen(name));
    }
    /* The application stored a value the table does not name: show it as it is. */
    return json_write_u64(buf, size, v);
}

static enum settings_status check(const struct setting_desc *d, const void *p, char *reason,
                                  size_t reason_size)
{
    uint64_t v = leaf_load_uint(p, d->size);
    if (v >= d->rule.e.count || !d->rule.e.names[v]) {
        reason_printf(reason, reason_size, "%llu is not a named value", (unsigned long long)v);
        return SETTINGS_E_INVALID;
    }
    return leaf_verdict(d->rule.e.validate ? d->rule.e.validate((unsigned)v) : NULL, reason,
                        reason_size);
}

const struct setting_leaf_ops settings_enum_ops = {decode, encode, check, NULL};
