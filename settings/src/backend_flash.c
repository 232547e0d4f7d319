/* Memory-mapped flash as a settings store: reads from the mapping, erase and program through
 * the board's flash driver (see struct settings_flash). */
#include <string.h>

#include "settings/store.h"

static const struct settings_flash *flash_of(const struct settings_backend *b)
{
    return b->ctx;
}

static bool in_range(const struct settings_backend *b, uint32_t offset, uint32_t len)
{
    return offset <= b->size && len <= b->size - offset;
}

static int flash_read(const struct settings_backend *b, uint32_t offset, void *buf, uint32_t len)
{
    if (!in_range(b, offset, len))
        return -1;
    memcpy(buf, (const void *)(flash_of(b)->base + offset), len);
    return 0;
}

static int flash_erase(const struct settings_backend *b)
{
    const struct settings_flash *f = flash_of(b);
    return f->erase ? f->erase(f->base, f->size) : -1;
}

static int flash_program(const struct settings_backend *b, uint32_t offset, const void *data,
                         uint32_t len)
{
    const struct settings_flash *f = flash_of(b);
    if (!in_range(b, offset, len) || offset % f->program_unit || len % f->program_unit)
        return -1;
    return f->program ? f->program(f->base + offset, data, len) : -1;
}

void settings_flash_backend(struct settings_backend *b, const struct settings_flash *flash)
{
    *b = (struct settings_backend){
        .size = flash->size, .program_unit = flash->program_unit, .read = flash_read,
        .erase = flash_erase, .program = flash_program, .ctx = flash,
    };
}
