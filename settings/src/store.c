/* The settings image: header + the writable leaves' bytes (format in settings/store.h).
 *
 * Everything the image holds goes through one pass over the writable leaves (run()): their
 * bytes, from the live struct or from the store, go into the CRC and, by mode, are programmed
 * or restored. Load checks the header, then a pass of the stored bytes checks the CRC, then a
 * second pass restores them; save computes the image from the live values, compares it with
 * what is stored, and programs it; its read-back is the load's check. */
#include "settings/store.h"

#include <string.h>

#include "internal.h"
#include "log/log.h"
#include "settings/crc32.h"

#define STORE_MAGIC 0x5445534Bu /* "KSET" in little-endian byte order */
#define STORE_FORMAT 1u
#define HEADER_FIELDS 16u /* bytes of the header covered by the CRC, before the CRC itself */
#define STAGE_SIZE 32u    /* the largest program unit: every unit divides it */

/* The header in image order, padding included. The image is little-endian (store.h) and so is
 * every target of the kit: the struct is the header's bytes, read and programmed as they are. */
struct header {
    uint32_t magic;
    uint16_t format, header_size;
    uint32_t hash, length, crc;
    uint8_t pad[SETTINGS_STORE_HEADER_SIZE - 20]; /* 0xFF: not under the CRC, must stay erased */
};
_Static_assert(sizeof(struct header) == SETTINGS_STORE_HEADER_SIZE, "the header has no holes");
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the image is little-endian");

enum mode {
    CRC_LIVE,   /* the live values: the image that a save would write */
    PROGRAM,    /* the live values, programmed (through the stage) after the header's room */
    CRC_STORED, /* the stored values */
    RESTORE,    /* the stored values, each checked and copied into the live struct */
};

struct pass {
    const struct settings *s;
    const struct settings_backend *b;
    uint32_t len; /* payload bytes passed */
    uint32_t crc;
    unsigned restored, refused;
    bool failed; /* a backend read or program failed: the pass stopped */
    uint32_t flushed, staged; /* payload bytes programmed, and waiting in the stage */
    uint8_t stage[STAGE_SIZE]; /* payload bytes go to the backend in whole program units */
};

static void flush(struct pass *p, uint32_t n)
{
    if (p->b->program(p->b, SETTINGS_STORE_HEADER_SIZE + p->flushed, p->stage, n) < 0)
        p->failed = true;
    p->flushed += n;
    p->staged = 0;
}

/* The stored bytes of one leaf, checked like any other value; refused ones keep the default. */
static void restore(struct pass *p, const struct settings_ref *leaf, const void *value)
{
    char why[SETTINGS_REASON_MAX];
    if (leaf_check_value(leaf->desc, value, why, sizeof why) != SETTINGS_OK) {
        char path[SETTINGS_PATH_MAX];
        settings_path_of(p->s, leaf, path, sizeof path);
        LOG_WARN("settings: stored %s refused (%s), default kept", path, why);
        p->refused++;
        return;
    }
    memcpy((uint8_t *)p->s->data + leaf->offset, value, leaf->desc->size);
    p->restored++;
}

/* One pass over the writable leaves in iteration order, the CRC starting from crc. */
static void run(struct pass *p, enum mode mode, uint32_t crc)
{
    struct settings_iter it;
    struct settings_ref leaf;
    p->len = p->flushed = p->staged = 0;
    p->crc = crc;
    p->restored = p->refused = 0;
    p->failed = false;
    settings_iter_start(&it, p->s, "", 0, NULL, 0);
    while (!p->failed && settings_iter_next(&it, &leaf, NULL, 0)) {
        if (leaf.read_only)
            continue; /* its value comes from the firmware, a stored copy would only be stale */
        const uint32_t size = leaf.desc->size;
        const uint8_t *src = (const uint8_t *)p->s->data + leaf.offset;
        union {
            uint8_t bytes[SETTINGS_STRING_MAX]; /* settings_check bounds every leaf by this */
            uint64_t align_u;
            double align_d;
        } stored;
        if (mode >= CRC_STORED) {
            if (size > sizeof stored ||
                p->b->read(p->b, SETTINGS_STORE_HEADER_SIZE + p->len, &stored, size) < 0) {
                p->failed = true;
                break;
            }
            src = stored.bytes;
        }
        p->crc = crc32_update(p->crc, src, size);
        if (mode == RESTORE)
            restore(p, &leaf, src);
        for (uint32_t i = 0; mode == PROGRAM && i < size; i++) {
            p->stage[p->staged++] = src[i];
            if (p->staged == STAGE_SIZE)
                flush(p, STAGE_SIZE);
        }
        p->len += size;
    }
}

uint32_t settings_layout_hash(const struct settings *s)
{
    return tree_layout_hash(s->root);
}

uint32_t settings_store_size(const struct settings *s)
{
    struct pass p = {.s = s};
    run(&p, CRC_LIVE, 0);
    return SETTINGS_STORE_HEADER_SIZE + p.len;
}

static enum settings_status store_error(char *reason, size_t reason_size, const char *what)
{
    reason_printf(reason, reason_size, "%s", what);
    return SETTINGS_E_STORE;
}

/* The payload's length (p->len after a pass of the live values), and whether the region holds
 * the whole image. */
static bool region_fits(struct pass *p, char *reason, size_t reason_size)
{
    run(p, CRC_LIVE, 0);
    if (p->b->size >= SETTINGS_STORE_HEADER_SIZE + p->len)
        return true;
    reason_printf(reason, reason_size, "store region too small: %lu bytes, need %lu",
                  (unsigned long)p->b->size,
                  (unsigned long)(SETTINGS_STORE_HEADER_SIZE + p->len));
    return false;
}

/* Checks the stored image against this firmware's tree, CRC included. */
static enum settings_status verify(struct pass *p, struct header *h, char *reason,
                                   size_t reason_size)
{
    const struct settings_backend *b = p->b;
    if (!region_fits(p, reason, reason_size))
        return SETTINGS_E_STORE;
    const uint32_t length = p->len, hash = settings_layout_hash(p->s);
    if (b->read(b, 0, h, sizeof *h) < 0)
        return store_error(reason, reason_size, "store read failed");
    if (h->magic == 0xFFFFFFFFu) /* an erased region (the header is programmed last) */
        return store_error(reason, reason_size, "store is empty");
    if (h->magic != STORE_MAGIC)
        return store_error(reason, reason_size, "no settings image (bad magic)");
    if (h->format != STORE_FORMAT || h->header_size != SETTINGS_STORE_HEADER_SIZE) {
        reason_printf(reason, reason_size, "unknown image format %u", h->format);
        return SETTINGS_E_STORE;
    }
    for (unsigned i = 0; i < sizeof h->pad; i++)
        if (h->pad[i] != 0xFF)
            return store_error(reason, reason_size, "image corrupt (header padding)");
    /* A sound header of another tree: older (or newer) firmware, or a length that no image of
     * this tree has. */
    if (h->hash != hash || h->length != length) {
        reason_printf(reason, reason_size,
                      "layout changed (image %08lx/%lu bytes, firmware %08lx/%lu)",
                      (unsigned long)h->hash, (unsigned long)h->length, (unsigned long)hash,
                      (unsigned long)length);
        return SETTINGS_E_STORE;
    }
    run(p, CRC_STORED, crc32_update(0, h, HEADER_FIELDS));
    if (p->failed)
        return store_error(reason, reason_size, "store read failed");
    if (p->crc != h->crc)
        return store_error(reason, reason_size, "image corrupt (CRC mismatch)");
    return SETTINGS_OK;
}

enum settings_status settings_load(const struct settings *s, const struct settings_backend *b,
                                   char *reason, size_t reason_size)
{
    char why[SETTINGS_REASON_MAX];
    struct header h;
    struct pass p = {.s = s, .b = b};
    settings_reset(s);
    enum settings_status st = verify(&p, &h, why, sizeof why);
    if (st == SETTINGS_OK) {
        run(&p, RESTORE, 0);
        if (p.failed) {
            settings_reset(s); /* half-restored is neither the image nor the defaults */
            st = store_error(why, sizeof why, "store read failed");
        } else {
            reason_printf(why, sizeof why, "restored %u values (%u refused)", p.restored,
                          p.refused);
            LOG_INFO("settings: %s", why);
        }
    }
    if (st != SETTINGS_OK)
        LOG_WARN("settings: %s: using defaults", why);
    reason_printf(reason, reason_size, "%s", why);
    return st;
}

enum settings_status settings_save(const struct settings *s, const struct settings_backend *b,
                                   char *reason, size_t reason_size)
{
    const uint32_t unit = b->program_unit;
    if (unit == 0 || unit > STAGE_SIZE || (unit & (unit - 1)))
        return store_error(reason, reason_size, "program unit not a power of two <= 32");
    struct pass p = {.s = s, .b = b};
    if (!region_fits(&p, reason, reason_size))
        return SETTINGS_E_STORE;
    struct header h = {STORE_MAGIC, STORE_FORMAT, SETTINGS_STORE_HEADER_SIZE,
                       settings_layout_hash(s), p.len, 0, {0}};
    memset(h.pad, 0xFF, sizeof h.pad);
    run(&p, CRC_LIVE, crc32_update(0, &h, HEADER_FIELDS));
    h.crc = p.crc;

    /* Same values already stored (and intact): leave the flash alone. */
    struct header old;
    if (verify(&p, &old, NULL, 0) == SETTINGS_OK && old.crc == h.crc) {
        reason_printf(reason, reason_size, "unchanged");
        return SETTINGS_OK;
    }

    if (b->erase(b) < 0)
        return store_error(reason, reason_size, "store erase failed");
    run(&p, PROGRAM, 0);
    if (!p.failed && p.staged) {
        uint32_t padded = (p.staged + unit - 1) & ~(unit - 1);
        memset(p.stage + p.staged, 0xFF, padded - p.staged);
        flush(&p, padded);
    }
    /* The header goes last: until it is there, the region holds no image at all. All 32 bytes
     * (a multiple of every unit), padding included: a file backend's hole would read as 0. */
    if (p.failed || b->program(b, 0, &h, sizeof h) < 0)
        return store_error(reason, reason_size, "store program failed");
    char why[SETTINGS_REASON_MAX];
    why[0] = '\0'; /* stays empty when the image is sound */
    if (verify(&p, &old, why, sizeof why) == SETTINGS_OK && old.crc == h.crc) {
        reason_printf(reason, reason_size, "saved %lu bytes",
                      (unsigned long)(SETTINGS_STORE_HEADER_SIZE + h.length));
        return SETTINGS_OK;
    }
    reason_printf(reason, reason_size, "read-back failed: %s",
                  why[0] ? why : "not what was written");
    return SETTINGS_E_STORE;
}
