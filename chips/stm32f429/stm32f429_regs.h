/* STM32F429 register blocks the kit touches: addresses and bits from RM0090 (rev 19), our own
 * minimal definitions. Registers are ADDRESSES, read and written with mmio_read32/mmio_write32
 * (chips/cortex-m/mmio.h) so that host tests can record and model every access. */
#ifndef STM32F429_REGS_H
#define STM32F429_REGS_H

#include "mmio.h"

/* RCC (RM0090 section 6). */
#define RCC_BASE 0x40023800u
#define RCC_CR (RCC_BASE + 0x00u)
#define RCC_CR_HSION (1u << 0)
#define RCC_CR_HSIRDY (1u << 1)
#define RCC_CR_HSEON (1u << 16)
#define RCC_CR_HSERDY (1u << 17)
#define RCC_CR_HSEBYP (1u << 18)
#define RCC_CR_PLLON (1u << 24)
#define RCC_CR_PLLRDY (1u << 25)
#define RCC_PLLCFGR (RCC_BASE + 0x04u)
#define RCC_PLLCFGR_PLLM(m) ((uint32_t)(m) << 0)
#define RCC_PLLCFGR_PLLM_MASK (0x3Fu << 0)
#define RCC_PLLCFGR_PLLN(n) ((uint32_t)(n) << 6)
#define RCC_PLLCFGR_PLLN_MASK (0x1FFu << 6)
#define RCC_PLLCFGR_PLLP_DIV2 (0u << 16)
#define RCC_PLLCFGR_PLLP_MASK (3u << 16)
#define RCC_PLLCFGR_PLLSRC_HSE (1u << 22)
#define RCC_PLLCFGR_PLLQ(q) ((uint32_t)(q) << 24)
#define RCC_PLLCFGR_PLLQ_MASK (0xFu << 24)
#define RCC_CFGR (RCC_BASE + 0x08u)
#define RCC_CFGR_SW_MASK (3u << 0)
#define RCC_CFGR_SW_HSI (0u << 0)
#define RCC_CFGR_SW_PLL (2u << 0)
#define RCC_CFGR_SWS_MASK (3u << 2)
#define RCC_CFGR_SWS_HSI (0u << 2)
#define RCC_CFGR_SWS_PLL (2u << 2)
#define RCC_CFGR_HPRE_MASK (0xFu << 4)   /* 0xxx: not divided */
#define RCC_CFGR_PPRE1_MASK (7u << 10)
#define RCC_CFGR_PPRE1_DIV4 (5u << 10)   /* 101 */
#define RCC_CFGR_PPRE2_MASK (7u << 13)
#define RCC_CFGR_PPRE2_DIV2 (4u << 13)   /* 100 */
#define RCC_AHB1RSTR (RCC_BASE + 0x10u)
#define RCC_AHB1RSTR_ETHMACRST (1u << 25)
#define RCC_AHB1ENR (RCC_BASE + 0x30u)
#define RCC_AHB1ENR_GPIOEN(port) (1u << (port)) /* port 0 = A ... 10 = K */
#define RCC_AHB1ENR_BKPSRAMEN (1u << 18)
#define RCC_AHB1ENR_CCMDATARAMEN (1u << 20) /* set at reset */
#define RCC_AHB1ENR_ETHMACEN (1u << 25)
#define RCC_AHB1ENR_ETHMACTXEN (1u << 26)
#define RCC_AHB1ENR_ETHMACRXEN (1u << 27)
#define RCC_AHB2ENR (RCC_BASE + 0x34u)
#define RCC_AHB2ENR_RNGEN (1u << 6)
#define RCC_APB1ENR (RCC_BASE + 0x40u)
#define RCC_APB1ENR_TIM2EN (1u << 0)
#define RCC_APB1ENR_USART3EN (1u << 18)
#define RCC_APB1ENR_PWREN (1u << 28)
#define RCC_APB2ENR (RCC_BASE + 0x44u)
#define RCC_APB2ENR_SYSCFGEN (1u << 14)
#define RCC_CSR (RCC_BASE + 0x74u)

/* PWR (RM0090 section 5). */
#define PWR_BASE 0x40007000u
#define PWR_CR (PWR_BASE + 0x00u)
#define PWR_CR_DBP (1u << 8) /* write access to the backup domain (backup SRAM) */
#define PWR_CR_VOS_MASK (3u << 14)
#define PWR_CR_VOS_SCALE1 (3u << 14)
#define PWR_CR_ODEN (1u << 16)
#define PWR_CR_ODSWEN (1u << 17)
#define PWR_CSR (PWR_BASE + 0x04u)
#define PWR_CSR_VOSRDY (1u << 14)
#define PWR_CSR_ODRDY (1u << 16)
#define PWR_CSR_ODSWRDY (1u << 17)

/* SYSCFG (RM0090 section 9). */
#define SYSCFG_BASE 0x40013800u
#define SYSCFG_PMC (SYSCFG_BASE + 0x04u)
#define SYSCFG_PMC_MII_RMII_SEL (1u << 23)

/* Flash interface (RM0090 section 3). Reset: 0 wait states, right for 16 MHz. */
#define FLASH_R_BASE 0x40023C00u
#define FLASH_ACR (FLASH_R_BASE + 0x00u)
#define FLASH_ACR_LATENCY_MASK (0xFu << 0)
#define FLASH_ACR_LATENCY(ws) ((uint32_t)(ws) << 0)
#define FLASH_ACR_PRFTEN (1u << 8)
#define FLASH_ACR_ICEN (1u << 9)
#define FLASH_ACR_DCEN (1u << 10)

/* GPIO ports A..K, 0x400 apart (RM0090 section 8); registers in drivers/gpio/stm32_gpio.h.
 * Host tests point the ports at fake register blocks. */
#ifndef GPIO_PORT_BASE
#define GPIO_PORT_BASE(port) (0x40020000u + 0x400u * (port))
#endif
#define GPIO_PORT_A 0
#define GPIO_PORT_B 1
#define GPIO_PORT_C 2
#define GPIO_PORT_D 3
#define GPIO_PORT_G 6
#define GPIO_OSPEEDR_OFFSET 0x08u
#define GPIO_IDR_OFFSET 0x10u

/* USART3 (APB1), the ST-LINK virtual COM port on the NUCLEO-F429ZI. */
#define USART3_BASE 0x40004800u

/* TIM2: 32-bit general-purpose timer on APB1 (sched/port/cortex-m/monotonic_tim2.c). */
#define TIM2_BASE 0x40000000u

/* Ethernet MAC (DWC MAC 10/100 with DMA), RM0090 section 33: drivers/eth/stm32f4_eth.h. */
#define ETH_BASE 0x40028000u

/* RNG (RM0090 section 24): clocked by PLL48CLK, the main PLL's Q output. */
#define RNG_BASE 0x50060800u

#endif
