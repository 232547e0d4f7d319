/* A settings tree at run time: walk it by path, read and write leaves as JSON, iterate over the
 * leaves, be told what changed. No heap; every call works on the caller's buffers.
 *
 *   static struct cfg cfg;                          (the live values, RAM)
 *   static const struct cfg cfg_defaults = {...};   (flash)
 *   static const struct settings settings = {
 *       .root = &cfg_root, .data = &cfg, .defaults = &cfg_defaults, .changed = on_change,
 *   };
 *   settings_reset(&settings);                     (or settings_load(), see store.h)
 *   settings_set_path(&settings, "/telemetry_period", 17, "10", 2, reason, sizeof reason);
 *
 * Paths are "/name/name/index": "" is the root, every segment starts with '/', array indexes are
 * decimal without leading zeros. Paths and JSON come as (pointer, length): MQTT topics and
 * payloads are not NUL-terminated.
 *
 * Not thread-safe: the caller serialises access (one task owns the tree, or a resource lock). */
#ifndef SETTINGS_SETTINGS_H
#define SETTINGS_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "settings/tree.h"

#define SETTINGS_MAX_DEPTH 8    /* segments in the longest path */
#define SETTINGS_PATH_MAX 128   /* bytes for the longest path, NUL included */
#define SETTINGS_STRING_MAX 128 /* largest string leaf (char array size, NUL included) */
#define SETTINGS_REASON_MAX 96  /* a reason buffer of this size holds every reason whole */
#define SETTINGS_VALUE_MAX (6 * (SETTINGS_STRING_MAX - 1) + 3) /* get, worst case: all \u00XX */

enum settings_status {
    SETTINGS_OK = 0,
    SETTINGS_E_PATH,      /* no such path (unknown name, index out of range, malformed) */
    SETTINGS_E_NOT_LEAF,  /* a value was asked of an inner node */
    SETTINGS_E_JSON,      /* the payload is not a JSON text */
    SETTINGS_E_TYPE,      /* valid JSON of the wrong type for the leaf */
    SETTINGS_E_RANGE,     /* outside the leaf's range, its C type's, or its float format's */
    SETTINGS_E_INVALID,   /* refused by the validator, an unknown enum name, a NUL in a string */
    SETTINGS_E_READ_ONLY, /* the leaf (or a node above it) is read-only */
    SETTINGS_E_TOO_LONG,  /* a string longer than its field, or an output buffer too small */
    SETTINGS_E_TREE,      /* the declaration itself is inconsistent (settings_check) */
    SETTINGS_E_STORE,     /* persistence: backend error, empty, corrupt or other layout */
};

struct settings_ref;

/* Called after a set that changed a leaf's bytes (not for sets of the same value). */
typedef void (*settings_changed_fn)(const struct settings_ref *leaf, void *ctx);

struct settings {
    const struct setting_desc *root; /* SETTINGS_ROOT(...) */
    void *data;                      /* the live struct */
    const void *defaults;            /* a struct of the same type holding the defaults */
    settings_changed_fn changed;     /* optional */
    void *ctx;                       /* for changed */
};

/* A node or leaf found in the tree. Identify a leaf by its offset in the settings struct:
 * ref.offset == offsetof(struct cfg, led). */
struct settings_ref {
    const struct setting_desc *desc;
    uint32_t offset;
    bool read_only; /* the leaf or one of its ancestors is read-only */
};

/* Checks the declaration once at start-up (and in tests): kinds and sizes, ranges, unique
 * names, depth and path length within the limits above, defaults valid for their own rules. */
enum settings_status settings_check(const struct settings *s, char *reason, size_t reason_size);

/* Copies the defaults into the live struct. */
void settings_reset(const struct settings *s);

/* Walks a path to a node or leaf. */
enum settings_status settings_lookup(const struct settings *s, const char *path, size_t path_len,
                                     struct settings_ref *ref, char *reason, size_t reason_size);

/* The leaf's value as JSON into out (NUL-terminated); *len gets its length. */
enum settings_status settings_get(const struct settings *s, const struct settings_ref *leaf,
                                  char *out, size_t out_size, size_t *len);

/* Decodes json, checks type, range and validator, and only then writes the leaf. On any error
 * the leaf keeps its value and reason says why ("out of range: 1..3600"). */
enum settings_status settings_set(const struct settings *s, const struct settings_ref *leaf,
                                  const char *json, size_t json_len, char *reason,
                                  size_t reason_size);

/* Lookup + get / set in one call. */
enum settings_status settings_get_path(const struct settings *s, const char *path, size_t path_len,
                                       char *out, size_t out_size, size_t *len, char *reason,
                                       size_t reason_size);
enum settings_status settings_set_path(const struct settings *s, const char *path, size_t path_len,
                                       const char *json, size_t json_len, char *reason,
                                       size_t reason_size);

/* Writes the path of a ref (as found by lookup or iteration) into buf. */
enum settings_status settings_path_of(const struct settings *s, const struct settings_ref *ref,
                                      char *buf, size_t size);

/* Short names for log lines and MQTT replies: "ok", "no such path", ... */
const char *settings_status_text(enum settings_status st);

/* ---- iteration ------------------------------------------------------------------------- */

/* Depth-first, in declaration order, array elements in index order, over the leaves under a
 * start path (the whole tree for ""). The state is plain data pointing only into the const
 * tree, so it can be kept between polls (MQTT List/Dump send one leaf per step) and resumed. */
struct settings_iter {
    uint8_t depth;      /* frames in use */
    uint8_t base_depth; /* frames that belong to the start path */
    bool leaf_start;    /* the start path is itself a leaf, to be yielded once */
    bool done;
    struct settings_iter_frame {
        const struct setting_desc *desc; /* a node or array */
        uint32_t offset;
        uint16_t index; /* the child being visited */
        bool read_only;
    } frame[SETTINGS_MAX_DEPTH];
};

enum settings_status settings_iter_start(struct settings_iter *it, const struct settings *s,
                                         const char *path, size_t path_len, char *reason,
                                         size_t reason_size);

/* The next leaf: true and *leaf (and its path in buf, if buf is not NULL; a buf of
 * SETTINGS_PATH_MAX always fits), or false when done. */
bool settings_iter_next(struct settings_iter *it, struct settings_ref *leaf, char *path,
                        size_t path_size);

#endif
