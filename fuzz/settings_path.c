/* fuzz-deps: kit_settings kit_log */
/* The path walker and the iterator on arbitrary paths: "PATH" or "PATH=JSON". Whatever a lookup
 * finds, iteration from there yields only leaves whose paths look up to the same place, and
 * every buffer size (taken from the input) is respected. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "settings/settings.h"

struct axis {
    float gain[3];
    uint16_t limit;
};

struct fz {
    struct axis axis[2];
    struct {
        char host[12];
        uint8_t ip[4];
    } net;
    bool led;
    uint32_t period;
};

typedef __typeof__(((struct fz *)0)->net) net_t;

SETTING_TABLE(struct axis, axis_fields) = {
    SETTING_ARRAY(struct axis, gain, F32),
    SETTING_U16(struct axis, limit, .read_only = true),
};
SETTING_TABLE(net_t, net_fields) = {
    SETTING_STRING(net_t, host),
    SETTING_ARRAY(net_t, ip, U8),
};
SETTING_TABLE(struct fz, fz_fields) = {
    SETTING_ARRAY(struct fz, axis, NODE, axis_fields),
    SETTING_NODE(struct fz, net, net_fields),
    SETTING_BOOL(struct fz, led),
    SETTING_U32(struct fz, period, .min = 1, .max = 60),
};
static const struct setting_desc fz_root = SETTINGS_ROOT(struct fz, fz_fields);
static const struct fz fz_defaults = {.period = 5};
static struct fz data;
static const struct settings tree = {.root = &fz_root, .data = &data, .defaults = &fz_defaults};

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    if (size < 1)
        return 0;
    size_t buf_size = in[0] % 64; /* output and path buffer sizes come from the input too */
    in++;
    size--;
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    memcpy(text, in, size);
    const char *eq = memchr(text, '=', size);
    size_t path_len = eq ? (size_t)(eq - text) : size;
    const char *json = eq ? eq + 1 : NULL;
    size_t json_len = eq ? size - path_len - 1 : 0;

    settings_reset(&tree);
    struct settings_ref ref;
    char reason[SETTINGS_REASON_MAX];
    enum settings_status st = settings_lookup(&tree, text, path_len, &ref, reason, sizeof reason);

    struct settings_iter it;
    if (settings_iter_start(&it, &tree, text, path_len, reason, sizeof reason) != st)
        abort(); /* iteration and lookup agree on what exists */
    if (st == SETTINGS_OK) {
        struct settings_ref leaf;
        char path[SETTINGS_PATH_MAX];
        unsigned n = 0;
        while (settings_iter_next(&it, &leaf, path, sizeof path)) {
            struct settings_ref again;
            if (settings_lookup(&tree, path, strlen(path), &again, NULL, 0) != SETTINGS_OK ||
                again.desc != leaf.desc || again.offset != leaf.offset || !setting_is_leaf(leaf.desc))
                abort();
            if (++n > 64)
                abort(); /* the tree has 14 leaves */
        }
        /* A small path buffer is never overrun (ASan) and always terminated. */
        char *small = malloc(buf_size ? buf_size : 1);
        if (!small)
            abort();
        settings_iter_start(&it, &tree, text, path_len, NULL, 0);
        while (settings_iter_next(&it, &leaf, small, buf_size))
            if (buf_size && !memchr(small, '\0', buf_size))
                abort();
        free(small);
    }

    char *out = malloc(buf_size ? buf_size : 1);
    if (!out)
        abort();
    size_t len = 0;
    st = settings_get_path(&tree, text, path_len, out, buf_size, &len, reason, sizeof reason);
    if (st == SETTINGS_OK && (len >= buf_size || strlen(out) != len))
        abort();
    free(out);

    if (json) {
        struct fz before = data;
        if (settings_set_path(&tree, text, path_len, json, json_len, reason, sizeof reason) !=
                SETTINGS_OK &&
            memcmp(&before, &data, sizeof data))
            abort();
    }
    free(text);
    return 0;
}
