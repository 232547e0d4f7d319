/* STM32F429 register blocks the kit touches: addresses and bits from RM0090 (rev 19). Only what is
 * used; issue 9 (full board support) adds the PLL, over-drive and Ethernet. */
#ifndef STM32F429_REGS_H
#define STM32F429_REGS_H

#include "cortex_m.h"

/* RCC (RM0090 section 6). */
#define RCC_BASE 0x40023800u
#define RCC_CR REG32(RCC_BASE + 0x00)
#define RCC_CR_HSION (1u << 0)
#define RCC_CR_HSIRDY (1u << 1)
#define RCC_CR_PLLON (1u << 24)
#define RCC_CR_PLLRDY (1u << 25)
#define RCC_PLLCFGR REG32(RCC_BASE + 0x04)
#define RCC_CFGR REG32(RCC_BASE + 0x08)
#define RCC_CFGR_SWS_MASK (3u << 2)
#define RCC_CFGR_SWS_HSI (0u << 2)
#define RCC_AHB1ENR REG32(RCC_BASE + 0x30)
#define RCC_AHB1ENR_GPIOEN(port) (1u << (port)) /* port 0 = A ... 10 = K */
#define RCC_AHB1ENR_BKPSRAMEN (1u << 18)
#define RCC_AHB1ENR_CCMDATARAMEN (1u << 20) /* set at reset */
#define RCC_AHB2ENR REG32(RCC_BASE + 0x34)
#define RCC_AHB2ENR_RNGEN (1u << 6)
#define RCC_APB1ENR REG32(RCC_BASE + 0x40)
#define RCC_APB1ENR_USART3EN (1u << 18)
#define RCC_APB1ENR_PWREN (1u << 28)
#define RCC_CSR REG32(RCC_BASE + 0x74)

/* PWR (RM0090 section 5). */
#define PWR_BASE 0x40007000u
#define PWR_CR REG32(PWR_BASE + 0x00)
#define PWR_CR_DBP (1u << 8) /* write access to the backup domain (backup SRAM) */
#define PWR_CR_VOS_MASK (3u << 14)
#define PWR_CSR REG32(PWR_BASE + 0x04)

/* Flash interface (RM0090 section 3). Reset: 0 wait states, right for 16 MHz. */
#define FLASH_R_BASE 0x40023C00u
#define FLASH_ACR REG32(FLASH_R_BASE + 0x00)
#define FLASH_ACR_LATENCY_MASK (0xFu << 0)
#define FLASH_ACR_PRFTEN (1u << 8)
#define FLASH_ACR_ICEN (1u << 9)
#define FLASH_ACR_DCEN (1u << 10)

/* GPIO ports A..K, 0x400 apart (RM0090 section 8); registers in drivers/gpio/stm32_gpio.h. */
#define GPIO_PORT_BASE(port) (0x40020000u + 0x400u * (port))
#define GPIO_PORT_B 1
#define GPIO_PORT_D 3

/* USART3 (APB1), the ST-LINK virtual COM port on the NUCLEO-F429ZI. */
#define USART3_BASE 0x40004800u

/* RNG (RM0090 section 24): clocked by PLL48CLK, the main PLL's Q output. */
#define RNG_BASE 0x50060800u
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
