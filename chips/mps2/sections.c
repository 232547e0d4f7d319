/* MPS2 sections beyond .data/.bss that the startup initialises (chips/mps2/mps2.ld). */
#include "init_table.h"

extern const uint32_t __ramcode_load[];
extern uint32_t __ramcode_start[], __ramcode_end[];

INIT_TABLE_COPY(ramcode_copy, __ramcode_load, __ramcode_start, __ramcode_end);
