/* Persistence: the writable leaves saved as one image in a storage region, restored at boot.
 *
 * Image (little-endian on every target the kit has):
 *   0  u32 magic "KSET"      8  u32 layout hash (settings_layout_hash)
 *   4  u16 format (1)       12  u32 payload length
 *   6  u16 header size (32) 16  u32 CRC-32 of bytes 0..15 and the payload
 *  20  12 bytes 0xFF (room up to a 32-byte program unit)
 *  32  payload: every writable leaf's bytes in iteration order, in its in-memory form.
 * The payload is programmed first and the header last, so an interrupted save leaves no magic
 * (or a CRC that fails): the next boot falls back to defaults instead of half-written values.
 *
 * The layout hash covers names, kinds, offsets, sizes, counts, enum names and read-only flags:
 * a firmware whose tree differs from the one that saved the image treats it as older and starts
 * from defaults. Ranges are not in the hash: every restored leaf is re-checked, and one that no
 * longer passes keeps its default (logged), the others are kept. */
#ifndef SETTINGS_STORE_H
#define SETTINGS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "settings/settings.h"

#define SETTINGS_STORE_HEADER_SIZE 32

/* A storage region with flash semantics: erase sets every byte to 0xFF, program writes whole
 * program units at unit-aligned offsets of an erased region. RAM and files fit the same mould.
 * Functions return 0 on success, negative on failure. */
struct settings_backend {
    uint32_t size;         /* bytes in the region */
    uint32_t program_unit; /* 1, 2, 4, 8, 16 or 32 (the STM32H7 programs 32-byte flash words) */
    int (*read)(const struct settings_backend *b, uint32_t offset, void *buf, uint32_t len);
    int (*erase)(const struct settings_backend *b);
    int (*program)(const struct settings_backend *b, uint32_t offset, const void *data,
                   uint32_t len);
    const void *ctx; /* the backend's own: a RAM block, a flash description, a file name */
};

/* The hash stored in the header: changes whenever the tree's layout does. */
uint32_t settings_layout_hash(const struct settings *s);

/* Bytes the image needs (header included): give the backend at least this much. */
uint32_t settings_store_size(const struct settings *s);

/* Restores the settings from b. Whatever happens, the live struct ends up valid: defaults, then
 * the stored values that pass their checks. Returns SETTINGS_OK if the image was used, else
 * SETTINGS_E_STORE with the reason ("empty", "CRC mismatch", "layout changed", ...), which is
 * also logged. */
enum settings_status settings_load(const struct settings *s, const struct settings_backend *b,
                                   char *reason, size_t reason_size);

/* Saves the writable leaves. Skips the erase/program cycle when the stored image already holds
 * the same values (flash wear), and reads back what it wrote to verify it. */
enum settings_status settings_save(const struct settings *s, const struct settings_backend *b,
                                   char *reason, size_t reason_size);

/* ---- backends -------------------------------------------------------------------------- */

/* A RAM region, e.g. a .noinit array that survives a warm reset (QEMU, or any board as a
 * fallback). Programming ANDs like NOR flash does, so a save that forgot to erase shows up. */
void settings_ram_backend(struct settings_backend *b, void *mem, uint32_t size);

/* Memory-mapped flash: reads straight from the mapping; erase and program go through the
 * board's flash driver. TODO(issues 8/9): the STM32 boards provide these two functions for
 * their settings sector (H7: 128 KiB sectors, 32-byte flash words; F4: 16 KiB sectors). */
struct settings_flash {
    uintptr_t base; /* the sector's address in the memory map */
    uint32_t size;
    uint32_t program_unit;
    int (*erase)(uintptr_t base, uint32_t size);
    int (*program)(uintptr_t address, const void *data, uint32_t len);
};
void settings_flash_backend(struct settings_backend *b, const struct settings_flash *flash);

#if defined(KIT_NATIVE)
/* native: a file of `size` bytes (absent or short reads as erased). path must stay valid. */
void settings_file_backend(struct settings_backend *b, const char *path, uint32_t size);
#endif

#endif
