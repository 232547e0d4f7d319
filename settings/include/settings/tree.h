/* Declaring a settings tree: const descriptors (they live in flash) that describe an ordinary C
 * struct, built by macros that take the struct type and the field name and derive the offset,
 * the size and the kind, so a field of the wrong type is a compile error.
 *
 *   struct pid { float kp, ki; };
 *   struct cfg { bool led; uint32_t telemetry_period; struct pid pid[2]; char name[16]; };
 *
 *   SETTING_TABLE(struct pid, pid_fields) = {
 *       SETTING_F32(struct pid, kp, .min = 0, .max = 100),
 *       SETTING_F32(struct pid, ki),
 *   };
 *   SETTING_TABLE(struct cfg, cfg_fields) = {
 *       SETTING_BOOL(struct cfg, led),
 *       SETTING_U32(struct cfg, telemetry_period, .min = 1, .max = 3600),
 *       SETTING_ARRAY(struct cfg, pid, NODE, pid_fields),       -> /pid/0/kp, /pid/1/ki, ...
 *       SETTING_STRING(struct cfg, name, .validate = no_spaces),
 *   };
 *   static const struct setting_desc cfg_root = SETTINGS_ROOT(struct cfg, cfg_fields);
 *
 * Options after the field name are designated initializers of the leaf's rule:
 *   .min, .max    numeric range, inclusive, in the leaf's own type. Leave both out for the C
 *                 type's whole range; if only one is given, the other is 0 (settings_check
 *                 refuses min > max).
 *   .validate     a function of the candidate value returning NULL (accept) or a short static
 *                 reason (refuse): const char *fn(uint64_t) for unsigned leaves, (int64_t) for
 *                 signed, (double) for floats, (bool), (unsigned) enum index, (const char *).
 *   .read_only    set and persistence skip it; get and iteration still show it. On SETTING_NODE,
 *                 the whole subtree.
 *   .nullable     JSON null is accepted and resets the leaf to its default.
 *
 * Enums are stored as their C value, which must index a table of names ("off", "on"): use
 * designated initializers, [MODE_OFF] = "off", so the table cannot drift from the enum.
 * Strings are fixed char arrays holding NUL-terminated UTF-8 (at most sizeof - 1 bytes).
 * Arrays take the element kind by name: SETTING_ARRAY(type, field, F32, .min = 0) for an array
 * of leaves, SETTING_ARRAY(type, field, NODE, table) for an array of structs; an array of
 * arrays is declared by wrapping the inner array in a struct. */
#ifndef SETTINGS_TREE_H
#define SETTINGS_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum setting_kind {
    SETTING_KIND_BOOL,
    SETTING_KIND_INT,    /* int8_t .. int64_t, by size */
    SETTING_KIND_UINT,   /* uint8_t .. uint64_t, by size */
    SETTING_KIND_FLOAT,  /* float */
    SETTING_KIND_DOUBLE, /* double */
    SETTING_KIND_ENUM,   /* any enum (or integer) of 1, 2 or 4 bytes, named by a table */
    SETTING_KIND_STRING, /* char[N] */
    SETTING_KIND_NODE,   /* a nested struct: children */
    SETTING_KIND_ARRAY,  /* a C array: elements addressed by index */
};

struct setting_desc;

/* The conversions and checks of the kinds an image pays for only when its tree has them
 * (private to the library): float and double leaves (the exact float parser and printer, the
 * soft-float arithmetic), signed integers, enums. Only the SETTING_F32/F64, SETTING_I8..I64
 * and SETTING_ENUM macros refer to them, through the leaf's rule; bool, unsigned and string
 * leaves, which nearly every tree has, are handled by the generic code. */
struct setting_leaf_ops;
extern const struct setting_leaf_ops settings_float_ops, settings_int_ops, settings_enum_ops;

/* Every rule starts with these, so any rule can be read through the `common` member (C11's
 * common initial sequence guarantee for unions). ops sits where the 8-byte bounds of the
 * numeric rules leave padding: no rule grows. */
#define SETTING_RULE_COMMON                                                                        \
    uint8_t kind;                                                                                  \
    bool read_only;                                                                                \
    bool nullable;                                                                                 \
    const struct setting_leaf_ops *ops; /* set by the macros for float, signed and enum leaves */

struct setting_common_rule {
    SETTING_RULE_COMMON
};
struct setting_bool_rule {
    SETTING_RULE_COMMON
    const char *(*validate)(bool v);
};
struct setting_int_rule {
    SETTING_RULE_COMMON
    int64_t min, max;
    const char *(*validate)(int64_t v);
};
struct setting_uint_rule {
    SETTING_RULE_COMMON
    uint64_t min, max;
    const char *(*validate)(uint64_t v);
};
struct setting_float_rule {
    SETTING_RULE_COMMON
    double min, max;
    const char *(*validate)(double v);
};
struct setting_enum_rule {
    SETTING_RULE_COMMON
    uint16_t count;
    const char *const *names;
    const char *(*validate)(unsigned v);
};
struct setting_string_rule {
    SETTING_RULE_COMMON
    const char *(*validate)(const char *s);
};
struct setting_node_rule {
    SETTING_RULE_COMMON
    uint16_t count;
    const struct setting_desc *children;
};
struct setting_array_rule {
    SETTING_RULE_COMMON
    uint16_t count;
    const struct setting_desc *elem; /* offset 0, size = the element's */
};

union setting_rule {
    struct setting_common_rule common;
    struct setting_bool_rule b;
    struct setting_int_rule i;
    struct setting_uint_rule u;
    struct setting_float_rule f;
    struct setting_enum_rule e;
    struct setting_string_rule s;
    struct setting_node_rule node;
    struct setting_array_rule array;
};

struct setting_desc {
    const char *name; /* path segment; "" for array elements and the root */
    uint32_t offset;  /* within the parent struct */
    uint32_t size;
    union setting_rule rule;
};

static inline enum setting_kind setting_kind(const struct setting_desc *d)
{
    return (enum setting_kind)d->rule.common.kind;
}

static inline bool setting_is_leaf(const struct setting_desc *d)
{
    return d->rule.common.kind != SETTING_KIND_NODE && d->rule.common.kind != SETTING_KIND_ARRAY;
}

/* ---- declaration macros ---------------------------------------------------------------- */

#define SETTING__FIELD(type, field) (((type *)0)->field)

/* sizeof(lvalue), refused at compile time unless cond holds: what C can check about a leaf is
 * checked while compiling, on every target (an enum's size is the target's choice: 1 byte with
 * arm-none-eabi's short enums, 4 on the host). */
#define SETTING__CHECKED_SIZE(lvalue, cond, message)                                               \
    (sizeof(lvalue) + 0 * sizeof(struct { _Static_assert(cond, message); char c_; }))
#define SETTING__ENUM_SIZE(lv)                                                                     \
    SETTING__CHECKED_SIZE(lv, sizeof(lv) == 1 || sizeof(lv) == 2 || sizeof(lv) == 4,               \
                          "an enum leaf must be 1, 2 or 4 bytes")
#define SETTING__COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* _Generic picks the kind only when the field has exactly the C type the macro promises, so
 * SETTING_U32 on a uint16_t field does not compile. */
#define SETTING__LEAF(name_, offset_, lvalue, ctype, member, kind_, ...)                           \
    {                                                                                              \
        .name = name_, .offset = (offset_), .size = sizeof(lvalue),                                \
        .rule.member = {.kind = _Generic((lvalue), ctype: kind_), __VA_ARGS__},                    \
    }

#define SETTING__FIELD_LEAF(type, field, ctype, member, kind_, ...)                                \
    SETTING__LEAF(#field, offsetof(type, field), SETTING__FIELD(type, field), ctype, member,      \
                  kind_, __VA_ARGS__)

#define SETTING_BOOL(type, field, ...)                                                             \
    SETTING__FIELD_LEAF(type, field, bool, b, SETTING_KIND_BOOL, __VA_ARGS__)
#define SETTING_I8(type, field, ...)                                                               \
    SETTING__FIELD_LEAF(type, field, int8_t, i, SETTING_KIND_INT, SETTING__INT_OPS __VA_ARGS__)
#define SETTING_I16(type, field, ...)                                                              \
    SETTING__FIELD_LEAF(type, field, int16_t, i, SETTING_KIND_INT, SETTING__INT_OPS __VA_ARGS__)
#define SETTING_I32(type, field, ...)                                                              \
    SETTING__FIELD_LEAF(type, field, int32_t, i, SETTING_KIND_INT, SETTING__INT_OPS __VA_ARGS__)
#define SETTING_I64(type, field, ...)                                                              \
    SETTING__FIELD_LEAF(type, field, int64_t, i, SETTING_KIND_INT, SETTING__INT_OPS __VA_ARGS__)
#define SETTING_U8(type, field, ...)                                                               \
    SETTING__FIELD_LEAF(type, field, uint8_t, u, SETTING_KIND_UINT, __VA_ARGS__)
#define SETTING_U16(type, field, ...)                                                              \
    SETTING__FIELD_LEAF(type, field, uint16_t, u, SETTING_KIND_UINT, __VA_ARGS__)
#define SETTING_U32(type, field, ...)                                                              \
    SETTING__FIELD_LEAF(type, field, uint32_t, u, SETTING_KIND_UINT, __VA_ARGS__)
#define SETTING_U64(type, field, ...)                                                              \
    SETTING__FIELD_LEAF(type, field, uint64_t, u, SETTING_KIND_UINT, __VA_ARGS__)
#define SETTING_F32(type, field, ...)                                                              \
    SETTING__FIELD_LEAF(type, field, float, f, SETTING_KIND_FLOAT, SETTING__FLOAT_OPS __VA_ARGS__)
#define SETTING_F64(type, field, ...)                                                              \
    SETTING__FIELD_LEAF(type, field, double, f, SETTING_KIND_DOUBLE, SETTING__FLOAT_OPS __VA_ARGS__)
#define SETTING__FLOAT_OPS .ops = &settings_float_ops,
#define SETTING__INT_OPS .ops = &settings_int_ops,
/* A char array decays to char * inside _Generic: that is the check that field is char[N]. */
#define SETTING_STRING(type, field, ...)                                                           \
    SETTING__FIELD_LEAF(type, field, char *, s, SETTING_KIND_STRING, __VA_ARGS__)
/* C cannot name "any enum type"; the size (1, 2 or 4 bytes) is checked at compile time. */
#define SETTING_ENUM(type, field, names_, ...)                                                     \
    {                                                                                              \
        .name = #field, .offset = offsetof(type, field),                                           \
        .size = SETTING__ENUM_SIZE(SETTING__FIELD(type, field)),                                   \
        .rule.e = {.kind = SETTING_KIND_ENUM, .ops = &settings_enum_ops,                          \
                   .count = SETTING__COUNT(names_), .names = names_, __VA_ARGS__},                 \
    }

/* A table of the fields of one struct type. The typedef lets SETTING_NODE / SETTING_ARRAY
 * check at compile time that the table was written for the field's struct type. */
#define SETTING_TABLE(type, name)                                                                  \
    typedef type name##_settings_type;                                                             \
    static const struct setting_desc name[]

#define SETTING__NODE(name_, offset_, lvalue, table, ...)                                          \
    {                                                                                              \
        .name = name_, .offset = (offset_), .size = sizeof(lvalue),                                \
        .rule.node = {.kind = _Generic((lvalue), table##_settings_type: SETTING_KIND_NODE),        \
                      .count = SETTING__COUNT(table), .children = table, __VA_ARGS__},             \
    }

#define SETTING_NODE(type, field, table, ...)                                                      \
    SETTING__NODE(#field, offsetof(type, field), SETTING__FIELD(type, field), table, __VA_ARGS__)

/* The root of a tree: a node with no name at offset 0. */
#define SETTINGS_ROOT(type, table, ...) SETTING__NODE("", 0, *(type *)0, table, __VA_ARGS__)

/* Element descriptors, one per kind, for SETTING_ARRAY(type, field, KIND, ...). */
#define SETTING__ELEM_BOOL(lv, ...) SETTING__LEAF("", 0, lv, bool, b, SETTING_KIND_BOOL, __VA_ARGS__)
#define SETTING__ELEM_I8(lv, ...)                                                                  \
    SETTING__LEAF("", 0, lv, int8_t, i, SETTING_KIND_INT, SETTING__INT_OPS __VA_ARGS__)
#define SETTING__ELEM_I16(lv, ...)                                                                 \
    SETTING__LEAF("", 0, lv, int16_t, i, SETTING_KIND_INT, SETTING__INT_OPS __VA_ARGS__)
#define SETTING__ELEM_I32(lv, ...)                                                                 \
    SETTING__LEAF("", 0, lv, int32_t, i, SETTING_KIND_INT, SETTING__INT_OPS __VA_ARGS__)
#define SETTING__ELEM_I64(lv, ...)                                                                 \
    SETTING__LEAF("", 0, lv, int64_t, i, SETTING_KIND_INT, SETTING__INT_OPS __VA_ARGS__)
#define SETTING__ELEM_U8(lv, ...) SETTING__LEAF("", 0, lv, uint8_t, u, SETTING_KIND_UINT, __VA_ARGS__)
#define SETTING__ELEM_U16(lv, ...)                                                                 \
    SETTING__LEAF("", 0, lv, uint16_t, u, SETTING_KIND_UINT, __VA_ARGS__)
#define SETTING__ELEM_U32(lv, ...)                                                                 \
    SETTING__LEAF("", 0, lv, uint32_t, u, SETTING_KIND_UINT, __VA_ARGS__)
#define SETTING__ELEM_U64(lv, ...)                                                                 \
    SETTING__LEAF("", 0, lv, uint64_t, u, SETTING_KIND_UINT, __VA_ARGS__)
#define SETTING__ELEM_F32(lv, ...)                                                                 \
    SETTING__LEAF("", 0, lv, float, f, SETTING_KIND_FLOAT, SETTING__FLOAT_OPS __VA_ARGS__)
#define SETTING__ELEM_F64(lv, ...)                                                                 \
    SETTING__LEAF("", 0, lv, double, f, SETTING_KIND_DOUBLE, SETTING__FLOAT_OPS __VA_ARGS__)
#define SETTING__ELEM_STRING(lv, ...)                                                              \
    SETTING__LEAF("", 0, lv, char *, s, SETTING_KIND_STRING, __VA_ARGS__)
#define SETTING__ELEM_ENUM(lv, names_, ...)                                                        \
    {                                                                                              \
        .name = "", .offset = 0, .size = SETTING__ENUM_SIZE(lv),                                   \
        .rule.e = {.kind = SETTING_KIND_ENUM, .ops = &settings_enum_ops,                          \
                   .count = SETTING__COUNT(names_), .names = names_, __VA_ARGS__},                 \
    }
#define SETTING__ELEM_NODE(lv, table, ...) SETTING__NODE("", 0, lv, table, __VA_ARGS__)

/* The element descriptor is a file-scope compound literal: static storage, const, in flash. */
#define SETTING_ARRAY(type, field, elem_kind, ...)                                                 \
    {                                                                                              \
        .name = #field, .offset = offsetof(type, field),                                           \
        .size = sizeof(SETTING__FIELD(type, field)),                                               \
        .rule.array = {.kind = SETTING_KIND_ARRAY,                                                 \
                       .count = SETTING__COUNT(SETTING__FIELD(type, field)),                       \
                       .elem = &(const struct setting_desc)SETTING__ELEM_##elem_kind(              \
                           SETTING__FIELD(type, field)[0], __VA_ARGS__)},                          \
    }

#endif
