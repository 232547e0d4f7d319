/* STM32H743ZI (Cortex-M7, RM0433): interrupt count, priorities, memories, the few register blocks
 * the kit touches (our own minimal definitions from RM0433). */
#ifndef CHIP_STM32H743_H
#define CHIP_STM32H743_H

#include "irq_names.h"
#include "stm32h743_regs.h"
#include "stm32h743_sections.h"

/* 150 interrupt lines (RM0433, NVIC vector table: positions 0..149). */
#define CHIP_IRQS_128_149(X)                                                                       \
    X(128) X(129) X(130) X(131) X(132) X(133) X(134) X(135) X(136) X(137) X(138) X(139) X(140)     \
    X(141) X(142) X(143) X(144) X(145) X(146) X(147) X(148) X(149)
#define CHIP_FOR_EACH_IRQ(X)                                                                       \
    CORTEX_M_IRQS_0_31(X) CORTEX_M_IRQS_32_63(X) CORTEX_M_IRQS_64_95(X) CORTEX_M_IRQS_96_127(X)    \
    CHIP_IRQS_128_149(X)
#define CHIP_IRQ_COUNT 150

/* A Cortex-M7 with 16 KiB I- and D-caches (startup.c enables them). */
#define CHIP_HAS_L1_CACHE 1
#define CHIP_NVIC_PRIO_BITS 4

/* Clock after reset: HSI at 64 MHz (HSIDIV = 1), every bus prescaler at 1. */
#define CHIP_HSI_HZ 64000000u

/* IRQ numbers the boards use. */
#define CHIP_TIM2_IRQ 28
#define CHIP_USART3_IRQ 39
#define CHIP_ETH_IRQ 61
#define CHIP_RNG_IRQ 80

/* Vectors of peripherals no NUCLEO-H743ZI2 port here uses (UART7, UART8, SPI4, SPI5, SPI6, SAI1,
 * LTDC, LTDC_ER): free for the scheduler's software-task dispatchers. */
#define CHIP_FREE_IRQ_FIRST 82
#define CHIP_FREE_IRQ_COUNT 8

/* 96-bit unique device ID (RM0433, "Unique device ID register"). */
#define CHIP_UID_BASE 0x1FF1E800u

/* The USART is the newer ST layout (ISR/TDR registers), see drivers/uart/stm32_usart.c. */
#define STM32_USART_ISR_LAYOUT 1

#endif
