/* Walking the tree by path: "/net/ip", "/pid/0/kp", "" for the root. Every segment is checked
 * against the tree as it is read; nothing is looked at past len. */
#include <string.h>

#include "internal.h"
#include "log/fmt.h"

void reason_printf(char *reason, size_t size, const char *fmt, ...)
{
    if (!reason || !size)
        return;
    va_list ap;
    va_start(ap, fmt);
    fmt_vsnprintf(reason, size, fmt, ap);
    va_end(ap);
}

/* An array index: decimal digits, no sign, no leading zero (so each element has one path). */
static bool parse_index(const char *s, size_t n, unsigned *out)
{
    if (n == 0 || n > 5 || (n > 1 && s[0] == '0'))
        return false;
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    *out = v;
    return true;
}

bool tree_name_is(const char *name, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (name[i] != s[i] || !name[i])
            return false;
    return name[n] == '\0';
}

/* Reasons quote the path walked so far ("/" for the root) and the offending segment (cut at 32
 * bytes) straight from the path, which is not NUL-terminated: "%.*s" with their lengths. */
#define WALKED(path, walked) (int)((walked) ? (walked) : 1), ((walked) ? (path) : "/")
#define SEGMENT(seg, seg_len) (int)((seg_len) < 32 ? (seg_len) : 32), (seg)

enum settings_status tree_walk(const struct setting_desc *root, const char *path, size_t len,
                               struct settings_iter *it, struct settings_ref *ref, char *reason,
                               size_t reason_size)
{
    struct settings_ref cur = {root, 0, root->rule.common.read_only};
    unsigned depth = 0;
    if (len && path[0] != '/') {
        reason_printf(reason, reason_size, "path must start with '/'");
        return SETTINGS_E_PATH;
    }
    if (len >= SETTINGS_PATH_MAX) {
        reason_printf(reason, reason_size, "path longer than %u bytes", SETTINGS_PATH_MAX - 1);
        return SETTINGS_E_PATH;
    }
    size_t pos = 0;
    while (pos < len) {
        size_t walked = pos, start = pos + 1, end = start;
        while (end < len && path[end] != '/')
            end++;
        const char *seg = path + start;
        size_t seg_len = end - start;
        if (seg_len == 0) {
            reason_printf(reason, reason_size, "empty segment after %.*s", WALKED(path, walked));
            return SETTINGS_E_PATH;
        }
        if (setting_is_leaf(cur.desc)) {
            reason_printf(reason, reason_size, "%.*s is a leaf, it has no '%.*s'",
                          WALKED(path, walked), SEGMENT(seg, seg_len));
            return SETTINGS_E_PATH;
        }
        if (depth >= SETTINGS_MAX_DEPTH) {
            reason_printf(reason, reason_size, "path deeper than %u", SETTINGS_MAX_DEPTH);
            return SETTINGS_E_PATH;
        }
        unsigned index = 0;
        const unsigned count = tree_child_count(cur.desc);
        if (setting_kind(cur.desc) == SETTING_KIND_NODE) {
            const struct setting_desc *children = cur.desc->rule.node.children;
            while (index < count && !tree_name_is(children[index].name, seg, seg_len))
                index++;
            if (index == count) {
                reason_printf(reason, reason_size, "%.*s has no '%.*s'", WALKED(path, walked),
                              SEGMENT(seg, seg_len));
                return SETTINGS_E_PATH;
            }
        } else if (!parse_index(seg, seg_len, &index)) {
            reason_printf(reason, reason_size, "'%.*s' is not an index of %.*s",
                          SEGMENT(seg, seg_len), WALKED(path, walked));
            return SETTINGS_E_PATH;
        } else if (index >= count) {
            reason_printf(reason, reason_size, "index %u out of range: %.*s has %u elements",
                          index, WALKED(path, walked), count);
            return SETTINGS_E_PATH;
        }
        if (it)
            it->frame[depth] = (struct settings_iter_frame){cur.desc, cur.offset, (uint16_t)index,
                                                            cur.read_only};
        depth++;
        cur = tree_child(cur.desc, cur.offset, cur.read_only, index);
        pos = end;
    }
    if (it)
        it->depth = (uint8_t)depth;
    *ref = cur;
    return SETTINGS_OK;
}

bool tree_frames_path(const struct settings_iter *it, unsigned depth, char *buf, size_t size)
{
    size_t n = 0;
    if (!size)
        return depth == 0;
    buf[0] = '\0';
    for (unsigned j = 0; j < depth; j++) {
        const struct settings_iter_frame *f = &it->frame[j];
        size_t k = setting_kind(f->desc) == SETTING_KIND_NODE
                       ? fmt_snprintf(buf + n, size - n, "/%s",
                                      f->desc->rule.node.children[f->index].name)
                       : fmt_snprintf(buf + n, size - n, "/%u", (unsigned)f->index);
        if (n + k >= size) {
            buf[n] = '\0'; /* whole segments only */
            return false;
        }
        n += k;
    }
    return true;
}

enum settings_status tree_lookup_leaf(const struct settings *s, const char *path,
                                      size_t path_len, struct settings_ref *ref, char *reason,
                                      size_t reason_size)
{
    enum settings_status st = settings_lookup(s, path, path_len, ref, reason, reason_size);
    if (st != SETTINGS_OK || setting_is_leaf(ref->desc))
        return st;
    reason_printf(reason, reason_size, "%.*s is a node, not a leaf", WALKED(path, path_len));
    return SETTINGS_E_NOT_LEAF;
}

enum settings_status settings_lookup(const struct settings *s, const char *path, size_t path_len,
                                     struct settings_ref *ref, char *reason, size_t reason_size)
{
    return tree_walk(s->root, path, path_len, NULL, ref, reason, reason_size);
}

enum settings_status settings_path_of(const struct settings *s, const struct settings_ref *ref,
                                      char *buf, size_t size)
{
    struct settings_iter it;
    struct settings_ref leaf;
    if (size)
        buf[0] = '\0';
    if (!setting_is_leaf(ref->desc))
        return SETTINGS_E_NOT_LEAF;
    if (settings_iter_start(&it, s, "", 0, NULL, 0) != SETTINGS_OK)
        return SETTINGS_E_TREE;
    while (settings_iter_next(&it, &leaf, NULL, 0)) {
        if (leaf.desc == ref->desc && leaf.offset == ref->offset) {
            /* The iterator has moved past the leaf: its frames still name it, bar the index
             * of the last one, which was advanced after the leaf was yielded. */
            it.frame[it.depth - 1].index--;
            return tree_frames_path(&it, it.depth, buf, size) ? SETTINGS_OK : SETTINGS_E_TOO_LONG;
        }
    }
    return SETTINGS_E_PATH;
}
