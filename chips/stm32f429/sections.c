/* STM32F429 sections beyond .data/.bss that the startup initialises (stm32f429.ld). */
#include "init_table.h"

extern uint32_t __ccmram_start[], __ccmram_end[];

INIT_TABLE_ZERO(ccmram_zero, __ccmram_start, __ccmram_end);
