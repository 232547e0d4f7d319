/* The startup's copy and zero tables: every RAM section that needs initialising before main()
 * is one entry, so a chip can add sections in other memories (ITCM code, data in a second RAM)
 * without touching the startup code.
 *
 * The linker script defines the section and its bounds (start, end and, for copies, the load
 * address in flash); a C file next to it lists the section with INIT_TABLE_COPY/INIT_TABLE_ZERO.
 * Entries land in .init_table.copy / .init_table.zero, which cortex-m-sections.ld gathers between
 * __copy_table_start/__copy_table_end and __zero_table_start/__zero_table_end. Bounds must be
 * 4-byte aligned: the startup copies and clears whole words. */
#ifndef CORTEX_M_INIT_TABLE_H
#define CORTEX_M_INIT_TABLE_H

#include <stdint.h>

struct init_copy {
    const uint32_t *load; /* image in flash */
    uint32_t *start;      /* destination in RAM */
    uint32_t *end;
};

struct init_zero {
    uint32_t *start;
    uint32_t *end;
};

#define INIT_TABLE_COPY(name, load_, start_, end_)                                                 \
    __attribute__((section(".init_table.copy"), used, aligned(4))) static const struct init_copy   \
        name = {(load_), (start_), (end_)}

#define INIT_TABLE_ZERO(name, start_, end_)                                                        \
    __attribute__((section(".init_table.zero"), used, aligned(4))) static const struct init_zero   \
        name = {(start_), (end_)}

extern const struct init_copy __copy_table_start[], __copy_table_end[];
extern const struct init_zero __zero_table_start[], __zero_table_end[];

#endif
