/* A leaf's value as JSON. */
#include "leaf_value.h"
#include "settings/json.h"

enum settings_status settings_get(const struct settings *s, const struct settings_ref *leaf,
                                  char *out, size_t out_size, size_t *len)
{
    const struct setting_desc *d = leaf->desc;
    const uint8_t *p = (const uint8_t *)s->data + leaf->offset;
    size_t n;
    switch (setting_kind(d)) {
    case SETTING_KIND_BOOL:
        n = json_write_bool(out, out_size, *p != 0);
        break;
    case SETTING_KIND_UINT:
        n = json_write_u64(out, out_size, leaf_load_uint(p, d->size));
        break;
    case SETTING_KIND_INT:
        n = json_write_i64(out, out_size, leaf_load_int(p, d->size));
        break;
    case SETTING_KIND_ENUM: {
        uint64_t v = leaf_load_uint(p, d->size);
        if (v < d->rule.e.count && d->rule.e.names[v]) {
            const char *name = d->rule.e.names[v];
            n = json_write_string(out, out_size, name, strlen(name));
        } else {
            /* The application stored a value the table does not name: show it as it is. */
            n = json_write_u64(out, out_size, v);
        }
        break;
    }
    case SETTING_KIND_STRING: {
        const char *str = (const char *)p;
        const char *nul = memchr(str, '\0', d->size);
        n = json_write_string(out, out_size, str, nul ? (size_t)(nul - str) : d->size);
        break;
    }
    case SETTING_KIND_FLOAT:
    case SETTING_KIND_DOUBLE:
        if (leaf_float_ops(d)) {
            n = leaf_float_ops(d)->encode(d, p, out, out_size);
            break;
        }
        /* A float leaf without its operations (settings_check refuses it): no value. */
        /* fall through */
    default:
        if (out_size)
            out[0] = '\0';
        if (len)
            *len = 0;
        return setting_is_leaf(d) ? SETTINGS_E_TREE : SETTINGS_E_NOT_LEAF;
    }
    if (len)
        *len = n < out_size ? n : 0;
    return n < out_size ? SETTINGS_OK : SETTINGS_E_TOO_LONG;
}

enum settings_status settings_get_path(const struct settings *s, const char *path, size_t path_len,
                                       char *out, size_t out_size, size_t *len, char *reason,
                                       size_t reason_size)
{
    struct settings_ref ref;
    if (out_size)
        out[0] = '\0';
    if (len)
        *len = 0;
    enum settings_status st = settings_lookup(s, path, path_len, &ref, reason, reason_size);
    if (st != SETTINGS_OK)
        return st;
    if (!setting_is_leaf(ref.desc)) {
        reason_not_leaf(reason, reason_size, path, path_len);
        return SETTINGS_E_NOT_LEAF;
    }
    st = settings_get(s, &ref, out, out_size, len);
    if (st == SETTINGS_E_TOO_LONG)
        reason_printf(reason, reason_size, "value longer than the %u-byte buffer",
                      (unsigned)out_size);
    return st;
}
