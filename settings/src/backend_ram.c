/* A RAM block as a settings store, with flash's rules: erase to 0xFF, program by AND. */
#include <string.h>

#include "settings/store.h"

static uint8_t *ram(const struct settings_backend *b)
{
    /* ctx is const in the interface; this block was handed over writable (see below). */
    return (uint8_t *)(uintptr_t)b->ctx;
}

static bool in_range(const struct settings_backend *b, uint32_t offset, uint32_t len)
{
    return offset <= b->size && len <= b->size - offset;
}

static int ram_read(const struct settings_backend *b, uint32_t offset, void *buf, uint32_t len)
{
    if (!in_range(b, offset, len))
        return -1;
    memcpy(buf, ram(b) + offset, len);
    return 0;
}

static int ram_erase(const struct settings_backend *b)
{
    memset(ram(b), 0xFF, b->size);
    return 0;
}

static int ram_program(const struct settings_backend *b, uint32_t offset, const void *data,
                       uint32_t len)
{
    if (!in_range(b, offset, len))
        return -1;
    const uint8_t *src = data;
    uint8_t *dst = ram(b) + offset;
    for (uint32_t i = 0; i < len; i++)
        dst[i] &= src[i]; /* like NOR flash: programming only clears bits */
    return 0;
}

void settings_ram_backend(struct settings_backend *b, void *mem, uint32_t size)
{
    *b = (struct settings_backend){
        .size = size, .program_unit = 1, .read = ram_read, .erase = ram_erase,
        .program = ram_program, .ctx = mem,
    };
}
