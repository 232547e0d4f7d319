/* STM32H743 sections beyond .data/.bss that the startup initialises (stm32h743.ld). */
#include "init_table.h"

extern const uint32_t __itcm_load[];
extern uint32_t __itcm_start[], __itcm_end[];
extern uint32_t __axisram_start[], __axisram_end[];
extern uint32_t __sram1_start[], __sram1_end[];
extern uint32_t __sram2_start[], __sram2_end[];
extern uint32_t __sram3_start[], __sram3_end[];
extern uint32_t __sram4_start[], __sram4_end[];

INIT_TABLE_COPY(itcm_copy, __itcm_load, __itcm_start, __itcm_end);
INIT_TABLE_ZERO(axisram_zero, __axisram_start, __axisram_end);
INIT_TABLE_ZERO(sram1_zero, __sram1_start, __sram1_end);
INIT_TABLE_ZERO(sram2_zero, __sram2_start, __sram2_end);
INIT_TABLE_ZERO(sram3_zero, __sram3_start, __sram3_end);
INIT_TABLE_ZERO(sram4_zero, __sram4_start, __sram4_end);
