/* STM32H743 register blocks the kit touches: addresses and bits from RM0433 (rev 7), our own
 * minimal definitions. Registers are ADDRESSES, read and written with mmio_read32/mmio_write32
 * (chips/cortex-m/mmio.h) so that host tests can record and model every access. */
#ifndef STM32H743_REGS_H
#define STM32H743_REGS_H

#include "mmio.h"

/* RCC (RM0433 section 8). */
#define RCC_BASE 0x58024400u
#define RCC_CR (RCC_BASE + 0x000u)
#define RCC_CR_HSION (1u << 0)
#define RCC_CR_HSIRDY (1u << 2)
#define RCC_CR_HSIDIV_MASK (3u << 3)
#define RCC_CR_HSI48ON (1u << 12)
#define RCC_CR_HSI48RDY (1u << 13)
#define RCC_CR_HSEON (1u << 16)
#define RCC_CR_HSERDY (1u << 17)
#define RCC_CR_HSEBYP (1u << 18)
#define RCC_CR_PLL1ON (1u << 24)
#define RCC_CR_PLL1RDY (1u << 25)
#define RCC_CFGR (RCC_BASE + 0x010u)
#define RCC_CFGR_SW_MASK (7u << 0)
#define RCC_CFGR_SW_HSI (0u << 0)
#define RCC_CFGR_SW_PLL1 (3u << 0)
#define RCC_CFGR_SWS_MASK (7u << 3)
#define RCC_CFGR_SWS_HSI (0u << 3)
#define RCC_CFGR_SWS_PLL1 (3u << 3)
#define RCC_D1CFGR (RCC_BASE + 0x018u)
#define RCC_D1CFGR_HPRE_MASK (0xFu << 0)
#define RCC_D1CFGR_HPRE_DIV2 (8u << 0)     /* 1000: sys_ck / 2 */
#define RCC_D1CFGR_D1PPRE_MASK (7u << 4)
#define RCC_D1CFGR_D1PPRE_DIV2 (4u << 4)   /* 100: rcc_hclk3 / 2 */
#define RCC_D1CFGR_D1CPRE_MASK (0xFu << 8) /* 0xxx: sys_ck not divided */
#define RCC_D2CFGR (RCC_BASE + 0x01Cu)
#define RCC_D2CFGR_D2PPRE1_MASK (7u << 4)
#define RCC_D2CFGR_D2PPRE1_DIV2 (4u << 4)
#define RCC_D2CFGR_D2PPRE2_MASK (7u << 8)
#define RCC_D2CFGR_D2PPRE2_DIV2 (4u << 8)
#define RCC_D3CFGR (RCC_BASE + 0x020u)
#define RCC_D3CFGR_D3PPRE_MASK (7u << 4)
#define RCC_D3CFGR_D3PPRE_DIV2 (4u << 4)
#define RCC_PLLCKSELR (RCC_BASE + 0x028u)
#define RCC_PLLCKSELR_PLLSRC_MASK (3u << 0)
#define RCC_PLLCKSELR_PLLSRC_HSI (0u << 0)
#define RCC_PLLCKSELR_PLLSRC_HSE (2u << 0)
#define RCC_PLLCKSELR_DIVM1_MASK (0x3Fu << 4)
#define RCC_PLLCKSELR_DIVM1(m) ((uint32_t)(m) << 4)
#define RCC_PLLCFGR (RCC_BASE + 0x02Cu)
#define RCC_PLLCFGR_PLL1FRACEN (1u << 0)
#define RCC_PLLCFGR_PLL1VCOSEL (1u << 1)   /* 0: wide VCO range, 192..960 MHz */
#define RCC_PLLCFGR_PLL1RGE_MASK (3u << 2)
#define RCC_PLLCFGR_PLL1RGE_8_16MHZ (3u << 2)
#define RCC_PLLCFGR_DIVP1EN (1u << 16)
#define RCC_PLLCFGR_DIVQ1EN (1u << 17)
#define RCC_PLLCFGR_DIVR1EN (1u << 18)
#define RCC_PLL1DIVR (RCC_BASE + 0x030u)
/* Each divider field holds (value - 1). */
#define RCC_PLL1DIVR_N1(n) ((uint32_t)((n) - 1u) << 0)
#define RCC_PLL1DIVR_P1(p) ((uint32_t)((p) - 1u) << 9)
#define RCC_PLL1DIVR_Q1(q) ((uint32_t)((q) - 1u) << 16)
#define RCC_PLL1DIVR_R1(r) ((uint32_t)((r) - 1u) << 24)
#define RCC_D2CCIP2R (RCC_BASE + 0x054u)
#define RCC_D2CCIP2R_RNGSEL_MASK (3u << 8) /* 00: hsi48_ck, the reset value */
#define RCC_D2CCIP2R_USART234578SEL_MASK (7u << 0) /* 000: rcc_pclk1, the reset value */
#define RCC_AHB1RSTR (RCC_BASE + 0x080u)
#define RCC_AHB1RSTR_ETH1MACRST (1u << 15)
#define RCC_RSR (RCC_BASE + 0x0D0u)
#define RCC_AHB1ENR (RCC_BASE + 0x0D8u)
#define RCC_AHB1ENR_ETH1MACEN (1u << 15)
#define RCC_AHB1ENR_ETH1TXEN (1u << 16)
#define RCC_AHB1ENR_ETH1RXEN (1u << 17)
#define RCC_AHB2ENR (RCC_BASE + 0x0DCu)
#define RCC_AHB2ENR_RNGEN (1u << 6)
#define RCC_AHB2ENR_SRAM1EN (1u << 29)
#define RCC_AHB2ENR_SRAM2EN (1u << 30)
#define RCC_AHB2ENR_SRAM3EN (1u << 31)
#define RCC_AHB4ENR (RCC_BASE + 0x0E0u)
#define RCC_AHB4ENR_GPIOEN(port) (1u << (port)) /* port 0 = A ... 10 = K */
#define RCC_AHB4ENR_BKPRAMEN (1u << 28)
#define RCC_APB1LENR (RCC_BASE + 0x0E8u)
#define RCC_APB1LENR_TIM2EN (1u << 0)
#define RCC_APB1LENR_USART3EN (1u << 18)
#define RCC_APB4ENR (RCC_BASE + 0x0F4u)
#define RCC_APB4ENR_SYSCFGEN (1u << 1)

/* PWR (RM0433 section 6). */
#define PWR_BASE 0x58024800u
#define PWR_CR1 (PWR_BASE + 0x00u)
#define PWR_CR1_DBP (1u << 8) /* write access to the backup domain (backup SRAM) */
#define PWR_CSR1 (PWR_BASE + 0x04u)
#define PWR_CSR1_ACTVOSRDY (1u << 13)
#define PWR_CR3 (PWR_BASE + 0x0Cu)
#define PWR_CR3_BYPASS (1u << 0)
#define PWR_CR3_LDOEN (1u << 1)
#define PWR_CR3_SCUEN (1u << 2) /* supply configuration still writable (cleared = locked) */
#define PWR_D3CR (PWR_BASE + 0x18u)
#define PWR_D3CR_VOSRDY (1u << 13)
#define PWR_D3CR_VOS_MASK (3u << 14)
#define PWR_D3CR_VOS_SCALE1 (3u << 14) /* 11: scale 1 (VOS0 is scale 1 plus SYSCFG ODEN) */

/* SYSCFG (RM0433 section 12). */
#define SYSCFG_BASE 0x58000400u
#define SYSCFG_PMCR (SYSCFG_BASE + 0x04u)
#define SYSCFG_PMCR_EPIS_MASK (7u << 21)
#define SYSCFG_PMCR_EPIS_RMII (4u << 21) /* 100: Ethernet PHY interface is RMII */
#define SYSCFG_PWRCR (SYSCFG_BASE + 0x2Cu)
#define SYSCFG_PWRCR_ODEN (1u << 0) /* overdrive: with VOS1, makes VOS0 (rev V only) */

/* Embedded flash interface (RM0433 section 4). Reset: 7 wait states, safe for any clock. */
#define FLASH_R_BASE 0x52002000u
#define FLASH_ACR (FLASH_R_BASE + 0x00u)
#define FLASH_ACR_LATENCY_MASK (0xFu << 0)
#define FLASH_ACR_LATENCY(ws) ((uint32_t)(ws) << 0)
#define FLASH_ACR_WRHIGHFREQ_MASK (3u << 4)
#define FLASH_ACR_WRHIGHFREQ(d) ((uint32_t)(d) << 4)

/* Debug MCU: the silicon revision (RM0433, DBGMCU_IDC). */
#define DBGMCU_IDC 0x5C001000u
#define DBGMCU_IDC_REV_ID(idc) ((idc) >> 16)
#define DBGMCU_REV_Y 0x1003u
#define DBGMCU_REV_V 0x2003u /* the revision that runs at 480 MHz (VOS0) */

/* GPIO ports A..K, 0x400 apart (RM0433 section 11); registers in drivers/gpio/stm32_gpio.h.
 * Host tests point the ports at fake register blocks. */
#ifndef GPIO_PORT_BASE
#define GPIO_PORT_BASE(port) (0x58020000u + 0x400u * (port))
#endif
#define GPIO_PORT_A 0
#define GPIO_PORT_B 1
#define GPIO_PORT_C 2
#define GPIO_PORT_D 3
#define GPIO_PORT_E 4
#define GPIO_PORT_G 6
#define GPIO_OSPEEDR_OFFSET 0x08u
#define GPIO_IDR_OFFSET 0x10u

/* USART3 (APB1), the ST-LINK virtual COM port on the NUCLEO-H743ZI2. */
#define USART3_BASE 0x40004800u

/* TIM2: 32-bit general-purpose timer on APB1 (sched/port/cortex-m/monotonic_tim2.c). */
#define TIM2_BASE 0x40000000u

/* Ethernet MAC (DWC Ethernet QoS), RM0433 section 58: drivers/eth/stm32h7_eth.h. */
#define ETH_BASE 0x40028000u

/* RNG (RM0433 section 34). */
#define RNG_BASE 0x48021800u

#endif
