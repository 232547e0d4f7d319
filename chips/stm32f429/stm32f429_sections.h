/* Placing objects in the STM32F429's memories (chips/stm32f429/stm32f429.ld, docs/memory.md).
 * .data and .bss are in the 192K of SRAM, which every DMA master reaches: DMA buffers need no
 * special section. The main stack is in CCM, which no DMA can reach: never hand a DMA a buffer
 * that lives on the stack.
 *
 *   static struct big_table table KIT_SECTION_CCM;   (CPU-only data, zeroed at boot) */
#ifndef STM32F429_SECTIONS_H
#define STM32F429_SECTIONS_H

#define KIT_SECTION_CCM __attribute__((section(".ccmram"))) /* 64K core-coupled, data only */
/* 4K battery-backed: not initialised at boot; needs BKPSRAMEN and PWR_CR.DBP before writes. */
#define KIT_SECTION_BKPSRAM __attribute__((section(".bkpsram")))
#define KIT_DMA_ALIGNED __attribute__((aligned(4)))
/* No RAM code here: CCM is on the D-bus only (not executable) and flash runs at full speed
 * through the ART accelerator. */

#endif
