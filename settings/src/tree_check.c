/* settings_check: everything about a declaration that C's type system cannot check, so the rest
 * of the code can rely on it (sizes fit the candidate buffers, paths fit SETTINGS_PATH_MAX, depth
 * fits the iterator, defaults pass their own rules).
 *
 * Two parts. The structure (names, kinds, sizes, ranges, depth, path lengths) is a compile-time
 * constant of the tree's source, the same for every target: it is checked in native builds
 * (SETTINGS_CHECK_STRUCTURE), where every tree of the kit is checked by a test or by the native
 * app the integration tests boot, and it costs cross images no flash (about 3 KB with the
 * strcmp it needed). What C can check about a leaf per target (an enum's size) is checked at
 * compile time by the macros. The defaults are values, which a build may configure: they are
 * checked everywhere, by the same leaf_check_value that guards every set and restore. */
#include <string.h>

#include "leaf_value.h"

#if SETTINGS_CHECK_STRUCTURE

struct checker {
    const struct settings *s;
    char *reason;
    size_t reason_size;
    char path[SETTINGS_PATH_MAX];
};

static enum settings_status bad(struct checker *c, const char *what)
{
    reason_printf(c->reason, c->reason_size, "%s: %s", c->path[0] ? c->path : "/", what);
    return SETTINGS_E_TREE;
}

static bool same_name(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static bool size_is(uint32_t size, uint32_t a, uint32_t b, uint32_t c4, uint32_t d)
{
    return size == a || size == b || size == c4 || size == d;
}

static enum settings_status check_leaf(struct checker *c, const struct setting_desc *d,
                                       uint32_t offset)
{
    switch (setting_kind(d)) {
    case SETTING_KIND_BOOL:
        if (d->size != 1)
            return bad(c, "bool must be 1 byte");
        break;
    case SETTING_KIND_UINT: {
        if (!size_is(d->size, 1, 2, 4, 8))
            return bad(c, "integer size must be 1, 2, 4 or 8");
        uint64_t type_max = d->size >= 8 ? UINT64_MAX : ((uint64_t)1 << (8 * d->size)) - 1;
        if (d->rule.u.min > d->rule.u.max || d->rule.u.max > type_max)
            return bad(c, "range must have min <= max within the type");
        break;
    }
    case SETTING_KIND_INT: {
        if (!size_is(d->size, 1, 2, 4, 8))
            return bad(c, "integer size must be 1, 2, 4 or 8");
        int64_t type_max = d->size >= 8 ? INT64_MAX : (int64_t)(((uint64_t)1 << (8 * d->size - 1)) - 1);
        if (d->rule.i.min > d->rule.i.max || d->rule.i.max > type_max ||
            d->rule.i.min < -type_max - 1)
            return bad(c, "range must have min <= max within the type");
        break;
    }
    case SETTING_KIND_FLOAT:
    case SETTING_KIND_DOUBLE:
        if (d->size != (setting_kind(d) == SETTING_KIND_FLOAT ? 4u : 8u))
            return bad(c, "float must be 4 bytes, double 8");
        if (!leaf_ops(d))
            break; /* refused below */
        if (!leaf_ops(d)->range_valid(d))
            return bad(c, "range must be finite with min <= max");
        break;
    case SETTING_KIND_ENUM:
        if (!size_is(d->size, 1, 2, 4, 4))
            return bad(c, "enum size must be 1, 2 or 4");
        if (!d->rule.e.names || d->rule.e.count == 0)
            return bad(c, "enum needs a table of names");
        for (unsigned i = 0; i < d->rule.e.count; i++) {
            const char *name = d->rule.e.names[i];
            if (!name)
                continue;
            if (!name[0] || strlen(name) >= SETTINGS_STRING_MAX)
                return bad(c, "enum names must be 1..127 bytes");
            for (unsigned j = 0; j < i; j++)
                if (d->rule.e.names[j] && same_name(d->rule.e.names[j], name))
                    return bad(c, "enum names must be unique");
        }
        break;
    case SETTING_KIND_STRING:
        if (d->size < 1 || d->size > SETTINGS_STRING_MAX)
            return bad(c, "string size must be 1..SETTINGS_STRING_MAX");
        break;
    default:
        return bad(c, "unknown kind");
    }
    /* Float, double, signed and enum leaves are handled only through the operations their
     * macros put in the rule (an image links a kind's code only when its tree has one). */
    const enum setting_kind k = setting_kind(d);
    if (!leaf_ops(d) && (k == SETTING_KIND_FLOAT || k == SETTING_KIND_DOUBLE ||
                         k == SETTING_KIND_INT || k == SETTING_KIND_ENUM))
        return bad(c, "leaf without its operations (declare it with the SETTING_* macros)");
    if (c->s->defaults) {
        char why[SETTINGS_REASON_MAX];
        const uint8_t *def = (const uint8_t *)c->s->defaults + offset;
        if (leaf_check_value(d, def, why, sizeof why) != SETTINGS_OK) {
            reason_printf(c->reason, c->reason_size, "%s: default refused: %s", c->path, why);
            return SETTINGS_E_TREE;
        }
    }
    return SETTINGS_OK;
}

static bool valid_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0)
        return false;
    bool all_digits = true;
    for (size_t i = 0; i < n; i++) {
        if (name[i] == '/' || (unsigned char)name[i] <= ' ' || name[i] == '#' || name[i] == '+')
            return false; /* not in paths, nor in MQTT topics */
        if (name[i] < '0' || name[i] > '9')
            all_digits = false;
    }
    return !all_digits; /* a digit name would read like an array index */
}

static enum settings_status check_desc(struct checker *c, const struct setting_desc *d,
                                       uint32_t offset, unsigned depth, size_t path_len);

static enum settings_status check_inner(struct checker *c, const struct setting_desc *d,
                                        uint32_t offset, unsigned depth, size_t path_len)
{
    if (depth >= SETTINGS_MAX_DEPTH)
        return bad(c, "deeper than SETTINGS_MAX_DEPTH");
    const unsigned count = tree_child_count(d);
    if (count == 0)
        return bad(c, "a node or array needs at least one child");
    if (setting_kind(d) == SETTING_KIND_NODE) {
        const struct setting_desc *ch = d->rule.node.children;
        if (!ch)
            return bad(c, "node without children");
        for (unsigned i = 0; i < count; i++) {
            if (!ch[i].name || !valid_name(ch[i].name))
                return bad(c, "child names must be non-empty, without '/', '#', '+', spaces, "
                              "and not all digits");
            if (ch[i].offset > d->size || ch[i].size > d->size - ch[i].offset)
                return bad(c, "a child lies outside its struct (table of another type?)");
            for (unsigned j = 0; j < i; j++)
                if (same_name(ch[j].name, ch[i].name))
                    return bad(c, "duplicate child name");
        }
    } else {
        const struct setting_desc *e = d->rule.array.elem;
        if (!e || e->size == 0 || (uint64_t)e->size * count != d->size)
            return bad(c, "array size is not count * element size");
    }
    for (unsigned i = 0; i < count; i++) {
        struct settings_ref r = tree_child(d, offset, false, i);
        char seg[12];
        const char *name = r.desc->name;
        if (setting_kind(d) == SETTING_KIND_ARRAY) {
            reason_printf(seg, sizeof seg, "%u", i);
            name = seg;
        }
        size_t n = strlen(name);
        if (path_len + 1 + n >= SETTINGS_PATH_MAX) {
            c->path[path_len] = '\0';
            return bad(c, "a path under here is longer than SETTINGS_PATH_MAX - 1");
        }
        c->path[path_len] = '/';
        memcpy(c->path + path_len + 1, name, n + 1);
        enum settings_status st = check_desc(c, r.desc, r.offset, depth + 1, path_len + 1 + n);
        if (st != SETTINGS_OK)
            return st;
    }
    c->path[path_len] = '\0';
    return SETTINGS_OK;
}

static enum settings_status check_desc(struct checker *c, const struct setting_desc *d,
                                       uint32_t offset, unsigned depth, size_t path_len)
{
    if (setting_is_leaf(d))
        return check_leaf(c, d, offset);
    return check_inner(c, d, offset, depth, path_len);
}

#else
/* The defaults only (the structure was checked by the native build of the same tree). */
static enum settings_status check_defaults(const struct settings *s, char *reason,
                                           size_t reason_size)
{
    struct settings_iter it;
    struct settings_ref leaf;
    if (!s->defaults)
        return SETTINGS_OK;
    settings_iter_start(&it, s, "", 0, NULL, 0);
    while (settings_iter_next(&it, &leaf, NULL, 0)) {
        char why[SETTINGS_REASON_MAX];
        if (leaf_check_value(leaf.desc, (const uint8_t *)s->defaults + leaf.offset, why,
                             sizeof why) != SETTINGS_OK) {
            char path[SETTINGS_PATH_MAX];
            settings_path_of(s, &leaf, path, sizeof path);
            reason_printf(reason, reason_size, "%s: default refused: %s", path, why);
            return SETTINGS_E_TREE;
        }
    }
    return SETTINGS_OK;
}
#endif

enum settings_status settings_check(const struct settings *s, char *reason, size_t reason_size)
{
    if (reason && reason_size)
        reason[0] = '\0';
    if (!s->root || setting_kind(s->root) != SETTING_KIND_NODE || !s->data) {
        reason_printf(reason, reason_size, "the root must be a SETTINGS_ROOT node with data");
        return SETTINGS_E_TREE;
    }
#if SETTINGS_CHECK_STRUCTURE
    struct checker c = {s, reason, reason_size, {0}};
    return check_desc(&c, s->root, 0, 0, 0);
#else
    return check_defaults(s, reason, reason_size);
#endif
}

/* ---- layout hash ----------------------------------------------------------------------- */

#define FNV_OFFSET 2166136261u
#define FNV_PRIME 16777619u

static uint32_t fnv(uint32_t h, const void *data, size_t n)
{
    const uint8_t *p = data;
    while (n--)
        h = (h ^ *p++) * FNV_PRIME;
    return h;
}

static uint32_t fnv_str(uint32_t h, const char *s)
{
    do /* the NUL too: "ab","c" and "a","bc" differ */
        h = (h ^ (uint8_t)*s) * FNV_PRIME;
    while (*s++);
    return h;
}

/* Native byte order: a store never leaves its device. The fields go in as u32s, one after the
 * other: name, kind, offset, size, read-only (read-only leaves are not stored), then what an
 * inner node or an enum holds. */
static uint32_t hash_desc(uint32_t h, const struct setting_desc *d)
{
    const enum setting_kind kind = setting_kind(d);
    const bool inner = !setting_is_leaf(d);
    /* An enum is stored as an index: renaming or reordering its names changes their meaning. */
    const uint32_t fields[5] = {kind, d->offset, d->size, d->rule.common.read_only,
                                inner ? tree_child_count(d) : d->rule.e.count};
    h = fnv(fnv_str(h, d->name), fields, (inner || kind == SETTING_KIND_ENUM ? 5 : 4) * 4);
    if (kind == SETTING_KIND_ENUM) {
        for (unsigned i = 0; i < d->rule.e.count; i++)
            if (d->rule.e.names[i])
                h = fnv_str(h, d->rule.e.names[i]);
    } else if (kind == SETTING_KIND_ARRAY) {
        h = hash_desc(h, d->rule.array.elem);
    } else if (kind == SETTING_KIND_NODE) {
        for (unsigned i = 0; i < d->rule.node.count; i++)
            h = hash_desc(h, &d->rule.node.children[i]);
    }
    return h;
}

uint32_t tree_layout_hash(const struct setting_desc *root)
{
    return hash_desc(FNV_OFFSET, root);
}
