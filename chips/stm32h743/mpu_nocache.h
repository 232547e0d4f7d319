/* SRAM3 as non-cacheable memory for DMA descriptors and buffers (KIT_SECTION_DMA_NOCACHE). */
#ifndef STM32H743_MPU_NOCACHE_H
#define STM32H743_MPU_NOCACHE_H

#define MPU_NOCACHE_BASE 0x30040000u /* SRAM3 (RM0433 memory map) */
#define MPU_NOCACHE_LOG2_SIZE 15u    /* 32 KiB: the whole of SRAM3, aligned to its size */

/* Programs MPU region 0 (below the stack guard's, which stays the highest and wins) over SRAM3:
 * Normal memory, non-cacheable, shareable, never executable. Takes effect when the startup
 * enables the MPU (stack_guard_enable). */
void mpu_nocache_init(void);

#endif
