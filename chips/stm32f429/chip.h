/* STM32F429ZI (Cortex-M4F, RM0090): interrupt count, priorities, memories, the few register blocks
 * the kit touches (our own minimal definitions from RM0090). */
#ifndef CHIP_STM32F429_H
#define CHIP_STM32F429_H

#include "irq_names.h"
#include "stm32f429_regs.h"
#include "stm32f429_sections.h"

/* 91 interrupt lines (RM0090, vector table for STM32F42xxx/43xxx: positions 0..90, DMA2D last). */
#define CHIP_IRQS_64_90(X)                                                                         \
    X(64) X(65) X(66) X(67) X(68) X(69) X(70) X(71) X(72) X(73) X(74) X(75) X(76) X(77) X(78)      \
    X(79) X(80) X(81) X(82) X(83) X(84) X(85) X(86) X(87) X(88) X(89) X(90)
#define CHIP_FOR_EACH_IRQ(X) CORTEX_M_IRQS_0_31(X) CORTEX_M_IRQS_32_63(X) CHIP_IRQS_64_90(X)
#define CHIP_IRQ_COUNT 91
#define CHIP_NVIC_PRIO_BITS 4

/* A Cortex-M4: no L1 caches (the ART accelerator is the flash's own, enabled with the clocks). */
#define CHIP_HAS_L1_CACHE 0

/* Clock after reset: HSI at 16 MHz, AHB and APB prescalers at 1. */
#define CHIP_HSI_HZ 16000000u

/* IRQ numbers the boards use. */
#define CHIP_TIM2_IRQ 28
#define CHIP_USART3_IRQ 39
#define CHIP_ETH_IRQ 61
#define CHIP_HASH_RNG_IRQ 80

/* Vectors of peripherals no NUCLEO-F429ZI port here uses (UART7, UART8, SPI4, SPI5, SPI6, SAI1,
 * LTDC, LTDC_ER): free for the scheduler's software-task dispatchers. */
#define CHIP_FREE_IRQ_FIRST 82
#define CHIP_FREE_IRQ_COUNT 8

/* 96-bit unique device ID (RM0090, "Unique device ID register"). */
#define CHIP_UID_BASE 0x1FFF7A10u

#endif
