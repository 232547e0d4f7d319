/* The settings image: header + the writable leaves' bytes (format in settings/store.h). */
#include "settings/store.h"

#include <string.h>

#include "internal.h"
#include "log/log.h"
#include "settings/crc32.h"

#define STORE_MAGIC 0x5445534Bu /* "KSET" in little-endian byte order */
#define STORE_FORMAT 1u
#define HEADER_FIELDS 16u  /* bytes of the header covered by the CRC, before the CRC itself */
#define HEADER_USED 20u
#define STAGE_SIZE 32u     /* the largest program unit: every unit divides it */

/* The header's fields in image order. The image is little-endian (store.h) and so is every
 * target of the kit: the struct is the header's bytes, copied in and out as they are. */
struct header {
    uint32_t magic;
    uint16_t format, header_size;
    uint32_t hash, length, crc;
};
_Static_assert(sizeof(struct header) == HEADER_USED, "the header struct has no padding");
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the image is little-endian");

static void header_encode(const struct header *h, uint8_t out[SETTINGS_STORE_HEADER_SIZE])
{
    memset(out, 0xFF, SETTINGS_STORE_HEADER_SIZE);
    memcpy(out, h, sizeof *h);
}

/* Calls fn for each writable leaf, in iteration order, with its place in the payload. */
typedef bool (*leaf_fn)(const struct settings_ref *leaf, uint32_t payload_offset, void *ctx);

static bool for_each_stored_leaf(const struct settings *s, leaf_fn fn, void *ctx, uint32_t *total)
{
    struct settings_iter it;
    struct settings_ref leaf;
    uint32_t offset = 0;
    if (settings_iter_start(&it, s, "", 0, NULL, 0) != SETTINGS_OK)
        return false;
    while (settings_iter_next(&it, &leaf, NULL, 0)) {
        if (leaf.read_only)
            continue; /* its value comes from the firmware, a stored copy would only be stale */
        if (fn && !fn(&leaf, offset, ctx))
            return false;
        offset += leaf.desc->size;
    }
    if (total)
        *total = offset;
    return true;
}

static uint32_t payload_length(const struct settings *s)
{
    uint32_t len = 0;
    for_each_stored_leaf(s, NULL, NULL, &len);
    return len;
}

uint32_t settings_layout_hash(const struct settings *s)
{
    return tree_layout_hash(s->root);
}

uint32_t settings_store_size(const struct settings *s)
{
    return SETTINGS_STORE_HEADER_SIZE + payload_length(s);
}

static enum settings_status store_error(char *reason, size_t reason_size, const char *what)
{
    reason_printf(reason, reason_size, "%s", what);
    return SETTINGS_E_STORE;
}

/* Checks the stored image against this firmware's tree, CRC included. */
static enum settings_status verify_image(const struct settings *s, const struct settings_backend *b,
                                         struct header *h, char *reason, size_t reason_size)
{
    uint8_t raw[SETTINGS_STORE_HEADER_SIZE];
    if (b->size < SETTINGS_STORE_HEADER_SIZE)
        return store_error(reason, reason_size, "store region smaller than the header");
    if (b->read(b, 0, raw, sizeof raw) < 0)
        return store_error(reason, reason_size, "store read failed");
    bool erased = true;
    for (unsigned i = 0; i < HEADER_USED; i++)
        erased = erased && raw[i] == 0xFF;
    if (erased)
        return store_error(reason, reason_size, "store is empty");
    memcpy(h, raw, sizeof *h);
    if (h->magic != STORE_MAGIC)
        return store_error(reason, reason_size, "no settings image (bad magic)");
    for (unsigned i = HEADER_USED; i < SETTINGS_STORE_HEADER_SIZE; i++)
        if (raw[i] != 0xFF) /* the padding is not under the CRC: insist it is still erased */
            return store_error(reason, reason_size, "image corrupt (header padding)");
    if (h->format != STORE_FORMAT || h->header_size != SETTINGS_STORE_HEADER_SIZE) {
        reason_printf(reason, reason_size, "unknown image format %u", h->format);
        return SETTINGS_E_STORE;
    }
    if (h->length > b->size - SETTINGS_STORE_HEADER_SIZE)
        return store_error(reason, reason_size, "image length beyond the store region");
    uint32_t crc = crc32_update(0, raw, HEADER_FIELDS);
    uint8_t chunk[64];
    for (uint32_t off = 0; off < h->length;) {
        uint32_t n = h->length - off < sizeof chunk ? h->length - off : (uint32_t)sizeof chunk;
        if (b->read(b, SETTINGS_STORE_HEADER_SIZE + off, chunk, n) < 0)
            return store_error(reason, reason_size, "store read failed");
        crc = crc32_update(crc, chunk, n);
        off += n;
    }
    if (crc != h->crc)
        return store_error(reason, reason_size, "image corrupt (CRC mismatch)");
    /* A sound image of another tree: older (or newer) firmware. */
    uint32_t hash = settings_layout_hash(s);
    if (h->hash != hash) {
        reason_printf(reason, reason_size, "layout changed (image %08lx, firmware %08lx)",
                      (unsigned long)h->hash, (unsigned long)hash);
        return SETTINGS_E_STORE;
    }
    if (h->length != payload_length(s))
        return store_error(reason, reason_size, "image length does not match the tree");
    return SETTINGS_OK;
}

/* ---- load ------------------------------------------------------------------------------ */

struct load_ctx {
    const struct settings *s;
    const struct settings_backend *b;
    unsigned restored, refused;
    bool read_failed;
};

static bool restore_leaf(const struct settings_ref *leaf, uint32_t payload_offset, void *arg)
{
    struct load_ctx *lc = arg;
    const struct setting_desc *d = leaf->desc;
    union {
        uint8_t bytes[SETTINGS_STRING_MAX];
        uint64_t align_u;
        double align_d;
    } value;
    if (d->size > sizeof value) {
        lc->refused++;
        return true;
    }
    if (lc->b->read(lc->b, SETTINGS_STORE_HEADER_SIZE + payload_offset, &value, d->size) < 0) {
        lc->read_failed = true;
        return false;
    }
    char why[SETTINGS_REASON_MAX];
    if (leaf_check_value(d, &value, why, sizeof why) != SETTINGS_OK) {
        char path[SETTINGS_PATH_MAX];
        settings_path_of(lc->s, leaf, path, sizeof path);
        LOG_WARN("settings: stored %s refused (%s), default kept", path, why);
        lc->refused++;
        return true;
    }
    memcpy((uint8_t *)lc->s->data + leaf->offset, &value, d->size);
    lc->restored++;
    return true;
}

enum settings_status settings_load(const struct settings *s, const struct settings_backend *b,
                                   char *reason, size_t reason_size)
{
    char why[SETTINGS_REASON_MAX];
    struct header h;
    settings_reset(s);
    enum settings_status st = verify_image(s, b, &h, why, sizeof why);
    if (st == SETTINGS_OK) {
        struct load_ctx lc = {s, b, 0, 0, false};
        for_each_stored_leaf(s, restore_leaf, &lc, NULL);
        if (!lc.read_failed) {
            LOG_INFO("settings: restored %u values (%u refused)", lc.restored, lc.refused);
            reason_printf(reason, reason_size, "restored %u values (%u refused)", lc.restored,
                          lc.refused);
            return SETTINGS_OK;
        }
        settings_reset(s); /* half-restored is neither the image nor the defaults */
        reason_printf(why, sizeof why, "store read failed");
    }
    LOG_WARN("settings: %s: using defaults", why);
    reason_printf(reason, reason_size, "%s", why);
    return SETTINGS_E_STORE;
}

/* ---- save ------------------------------------------------------------------------------ */

/* Payload bytes go through a 32-byte stage so the backend only ever sees whole program units. */
struct save_ctx {
    const struct settings *s;
    const struct settings_backend *b;
    uint32_t crc;
    uint32_t flushed; /* payload bytes already programmed */
    uint32_t staged;
    uint8_t stage[STAGE_SIZE];
    bool program; /* false: only compute the CRC */
    bool failed;
};

static bool flush_stage(struct save_ctx *sc, uint32_t len)
{
    if (sc->b->program(sc->b, SETTINGS_STORE_HEADER_SIZE + sc->flushed, sc->stage, len) < 0) {
        sc->failed = true;
        return false;
    }
    sc->flushed += len;
    sc->staged = 0;
    return true;
}

static bool stage_leaf(const struct settings_ref *leaf, uint32_t payload_offset, void *arg)
{
    struct save_ctx *sc = arg;
    const uint8_t *p = (const uint8_t *)sc->s->data + leaf->offset;
    (void)payload_offset;
    sc->crc = crc32_update(sc->crc, p, leaf->desc->size);
    if (!sc->program)
        return true;
    for (uint32_t i = 0; i < leaf->desc->size; i++) {
        sc->stage[sc->staged++] = p[i];
        if (sc->staged == STAGE_SIZE && !flush_stage(sc, STAGE_SIZE))
            return false;
    }
    return true;
}

enum settings_status settings_save(const struct settings *s, const struct settings_backend *b,
                                   char *reason, size_t reason_size)
{
    const uint32_t unit = b->program_unit;
    if (unit == 0 || unit > STAGE_SIZE || (unit & (unit - 1)))
        return store_error(reason, reason_size, "program unit must be a power of two <= 32");
    struct header h = {STORE_MAGIC, STORE_FORMAT, SETTINGS_STORE_HEADER_SIZE,
                       settings_layout_hash(s), payload_length(s), 0};
    if (b->size < SETTINGS_STORE_HEADER_SIZE + h.length) {
        reason_printf(reason, reason_size, "store region too small: %lu bytes, need %lu",
                      (unsigned long)b->size,
                      (unsigned long)(SETTINGS_STORE_HEADER_SIZE + h.length));
        return SETTINGS_E_STORE;
    }
    uint8_t raw[SETTINGS_STORE_HEADER_SIZE];
    header_encode(&h, raw);
    struct save_ctx sc = {s, b, crc32_update(0, raw, HEADER_FIELDS), 0, 0, {0}, false, false};
    for_each_stored_leaf(s, stage_leaf, &sc, NULL);
    h.crc = sc.crc;

    /* Same values already stored (and intact): leave the flash alone. */
    struct header old;
    if (verify_image(s, b, &old, NULL, 0) == SETTINGS_OK && old.crc == h.crc) {
        reason_printf(reason, reason_size, "unchanged");
        return SETTINGS_OK;
    }

    if (b->erase(b) < 0)
        return store_error(reason, reason_size, "store erase failed");
    sc.crc = crc32_update(0, raw, HEADER_FIELDS);
    sc.program = true;
    for_each_stored_leaf(s, stage_leaf, &sc, NULL);
    if (!sc.failed && sc.staged) {
        uint32_t padded = (sc.staged + unit - 1) / unit * unit;
        memset(sc.stage + sc.staged, 0xFF, padded - sc.staged);
        flush_stage(&sc, padded);
    }
    if (sc.failed)
        return store_error(reason, reason_size, "store program failed");
    header_encode(&h, raw);
    /* The header goes last: until it is there, the region holds no image at all. All 32 bytes
     * (a multiple of every unit), padding included: a file backend's hole would read as 0. */
    if (b->program(b, 0, raw, SETTINGS_STORE_HEADER_SIZE) < 0)
        return store_error(reason, reason_size, "store program failed");
    char why[SETTINGS_REASON_MAX] = "image differs from what was written";
    if (verify_image(s, b, &old, why, sizeof why) != SETTINGS_OK || old.crc != h.crc) {
        reason_printf(reason, reason_size, "read-back failed: %s", why);
        return SETTINGS_E_STORE;
    }
    reason_printf(reason, reason_size, "saved %lu bytes",
                  (unsigned long)(SETTINGS_STORE_HEADER_SIZE + h.length));
    return SETTINGS_OK;
}
