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
    case SETTING_KIND_STRING: {
        const char *str = (const char *)p;
        n = json_write_string(out, out_size, str, leaf_text_len(str, d->size));
        break;
    }
    default: /* float, double, signed, enum: through their operations */
        if (setting_is_leaf(d) && leaf_ops(d)) {
            n = leaf_ops(d)->encode(d, p, out, out_size);
            break;
        }
        /* An inner node, or a descriptor without its operations (settings_check refuses it):
         * no value. */
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
    enum settings_status st = tree_lookup_leaf(s, path, path_len, &ref, reason, reason_size);
    if (st != SETTINGS_OK)
        return st;
    st = settings_get(s, &ref, out, out_size, len);
    if (st == SETTINGS_E_TOO_LONG)
        reason_printf(reason, reason_size, "value longer than the %u-byte buffer",
                      (unsigned)out_size);
    return st;
}
