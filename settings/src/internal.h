/* Shared by the settings sources, not part of the API. */
#ifndef SETTINGS_INTERNAL_H
#define SETTINGS_INTERNAL_H

#include <stdarg.h>

#include "settings/settings.h"

/* Children of a node or elements of an array. */
static inline unsigned tree_child_count(const struct setting_desc *d)
{
    return setting_kind(d) == SETTING_KIND_NODE ? d->rule.node.count : d->rule.array.count;
}

/* The index-th child of the node or array d (found at base_offset) as a ref. */
static inline struct settings_ref tree_child(const struct setting_desc *d, uint32_t base_offset,
                                             bool parent_read_only, unsigned index)
{
    struct settings_ref r;
    if (setting_kind(d) == SETTING_KIND_NODE) {
        r.desc = &d->rule.node.children[index];
        r.offset = base_offset + r.desc->offset;
    } else {
        r.desc = d->rule.array.elem;
        r.offset = base_offset + (uint32_t)index * r.desc->size;
    }
    r.read_only = parent_read_only || r.desc->rule.common.read_only;
    return r;
}

/* fmt_snprintf into an optional reason buffer. */
void reason_printf(char *reason, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* settings_lookup that insists on a leaf: "<path> is a node, not a leaf" otherwise. */
enum settings_status tree_lookup_leaf(const struct settings *s, const char *path,
                                      size_t path_len, struct settings_ref *ref, char *reason,
                                      size_t reason_size);

/* name (NUL-terminated) is exactly s[0..n) (not NUL-terminated): a child's or an enum value's. */
bool tree_name_is(const char *name, const char *s, size_t n);

/* Walks path; fills it->frame[] with the nodes passed through (when it is not NULL). */
enum settings_status tree_walk(const struct setting_desc *root, const char *path, size_t len,
                               struct settings_iter *it, struct settings_ref *ref, char *reason,
                               size_t reason_size);

/* Writes the path that the first `depth` frames describe. False if it did not fit. */
bool tree_frames_path(const struct settings_iter *it, unsigned depth, char *buf, size_t size);

/* Checks a value in the leaf's stored representation (as it would sit in the struct) against
 * the leaf's type, range and validator: used for defaults, restored values and candidates. */
enum settings_status leaf_check_value(const struct setting_desc *d, const void *value,
                                      char *reason, size_t reason_size);

/* FNV-1a over the tree's shape: names, kinds, offsets, sizes, counts, enum names. */
uint32_t tree_layout_hash(const struct setting_desc *root);

#endif
