/* Placing objects in the STM32H743's memories (chips/stm32h743/stm32h743.ld, docs/memory.md).
 * .data, .bss and the stack are in DTCM, which no DMA master but MDMA can reach: DMA buffers
 * (Ethernet descriptors and frames, peripheral DMA) go in one of these sections instead.
 *
 *   static uint8_t rx_frames[8][1536] KIT_SECTION_AXISRAM KIT_DMA_ALIGNED;
 *   KIT_ITCM_CODE void hot_path(void) { ... }
 *
 * Objects in the DMA sections are zeroed at boot like .bss. The D-cache covers AXI SRAM, SRAM1,
 * SRAM2 and SRAM4: a buffer shared with DMA there needs cache maintenance, hence the cache-line
 * alignment macro. SRAM3 is the exception: an MPU region (chips/stm32h743/mpu_nocache.c) makes
 * it non-cacheable, so descriptors and buffers placed there with KIT_SECTION_DMA_NOCACHE need no
 * maintenance at all (the Ethernet driver's rings live there). */
#ifndef STM32H743_SECTIONS_H
#define STM32H743_SECTIONS_H

#define KIT_SECTION_AXISRAM __attribute__((section(".axisram")))  /* 512K, D1, any DMA master */
#define KIT_SECTION_SRAM1 __attribute__((section(".sram1")))      /* 128K, D2 */
#define KIT_SECTION_SRAM2 __attribute__((section(".sram2")))      /* 128K, D2 */
#define KIT_SECTION_SRAM3 __attribute__((section(".sram3")))      /* 32K, D2, non-cacheable */
#define KIT_SECTION_SRAM4 __attribute__((section(".sram4")))      /* 64K, D3 (BDMA reaches only this) */
/* 4K battery-backed: not initialised at boot (it keeps its contents); needs BKPRAMEN and
 * PWR_CR1.DBP before software can write it. */
#define KIT_SECTION_BKPSRAM __attribute__((section(".bkpsram")))
#define KIT_SECTION_DMA_NOCACHE KIT_SECTION_SRAM3
#define KIT_DMA_ALIGNED __attribute__((aligned(32))) /* one Cortex-M7 D-cache line */

/* Hot code in ITCM (0 wait states, no cache needed), copied from flash at boot. long_call: ITCM
 * at 0 is 128 MiB away from flash, beyond a BL's reach. */
#define KIT_ITCM_CODE __attribute__((section(".itcm"), noinline, long_call))
#define KIT_RAM_CODE KIT_ITCM_CODE

#endif
