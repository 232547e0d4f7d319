/* STM32H743 register blocks the kit touches: addresses and bits from RM0433 (rev 7). Only what is
 * used; issue 8 (full board support) adds PLLs, power and Ethernet. */
#ifndef STM32H743_REGS_H
#define STM32H743_REGS_H

#include "cortex_m.h"

/* RCC (RM0433 section 8). */
#define RCC_BASE 0x58024400u
#define RCC_CR REG32(RCC_BASE + 0x000)
#define RCC_CR_HSION (1u << 0)
#define RCC_CR_HSIRDY (1u << 2)
#define RCC_CR_HSIDIV_MASK (3u << 3)
#define RCC_CR_HSI48ON (1u << 12)
#define RCC_CR_HSI48RDY (1u << 13)
#define RCC_CR_PLL1RDY (1u << 25)
#define RCC_CFGR REG32(RCC_BASE + 0x010)
#define RCC_CFGR_SWS_MASK (7u << 3)
#define RCC_CFGR_SWS_HSI (0u << 3)
#define RCC_D2CCIP2R REG32(RCC_BASE + 0x054)
#define RCC_D2CCIP2R_RNGSEL_MASK (3u << 8) /* 00: hsi48_ck, the reset value */
#define RCC_D2CCIP2R_USART234578SEL_MASK (7u << 0) /* 000: rcc_pclk1, the reset value */
#define RCC_RSR REG32(RCC_BASE + 0x0D0)
#define RCC_AHB2ENR REG32(RCC_BASE + 0x0DC)
#define RCC_AHB2ENR_RNGEN (1u << 6)
#define RCC_AHB2ENR_SRAM1EN (1u << 29)
#define RCC_AHB2ENR_SRAM2EN (1u << 30)
#define RCC_AHB2ENR_SRAM3EN (1u << 31)
#define RCC_AHB4ENR REG32(RCC_BASE + 0x0E0)
#define RCC_AHB4ENR_GPIOEN(port) (1u << (port)) /* port 0 = A ... 10 = K */
#define RCC_AHB4ENR_BKPRAMEN (1u << 28)
#define RCC_APB1LENR REG32(RCC_BASE + 0x0E8)
#define RCC_APB1LENR_USART3EN (1u << 18)

/* PWR (RM0433 section 6). */
#define PWR_BASE 0x58024800u
#define PWR_CR1 REG32(PWR_BASE + 0x00)
#define PWR_CR1_DBP (1u << 8) /* write access to the backup domain (backup SRAM) */
#define PWR_CR3 REG32(PWR_BASE + 0x0C)
#define PWR_D3CR REG32(PWR_BASE + 0x18)

/* Embedded flash interface (RM0433 section 4). Reset: 7 wait states, safe for any clock. */
#define FLASH_R_BASE 0x52002000u
#define FLASH_ACR REG32(FLASH_R_BASE + 0x00)
#define FLASH_ACR_LATENCY_MASK (0xFu << 0)

/* GPIO ports A..K, 0x400 apart (RM0433 section 11); registers in drivers/gpio/stm32_gpio.h. */
#define GPIO_PORT_BASE(port) (0x58020000u + 0x400u * (port))
#define GPIO_PORT_B 1
#define GPIO_PORT_D 3
#define GPIO_PORT_E 4

/* USART3 (APB1), the ST-LINK virtual COM port on the NUCLEO-H743ZI2. */
#define USART3_BASE 0x40004800u

/* RNG (RM0433 section 34). */
#define RNG_BASE 0x48021800u
#define RNG_CR REG32(RNG_BASE + 0x00)
#define RNG_CR_RNGEN (1u << 2)
#define RNG_SR REG32(RNG_BASE + 0x04)
#define RNG_SR_DRDY (1u << 0)
#define RNG_SR_CECS (1u << 1)
#define RNG_SR_SECS (1u << 2)
#define RNG_SR_CEIS (1u << 5)
#define RNG_SR_SEIS (1u << 6)
#define RNG_DR REG32(RNG_BASE + 0x08)

#endif
