/* The NUCLEO-F429ZI's clock tree (RM0090 section 6, UM1974 "HSE clock"):
 *
 *   ST-LINK MCO 8 MHz --HSE bypass--> /M=4 --> 2 MHz --x N=180--> VCO 360 MHz --/P=2--> SYSCLK
 *   180 MHz = core = AHB (Ethernet) --/4--> APB1 45 MHz (USART3; TIM2 at 90) --/2--> APB2 90 MHz
 *                                   \--/Q=8--> PLL48CLK 45 MHz (RNG)
 *
 * 180 MHz needs voltage scale 1 and over-drive (RM0090 5.1.4) and 5 flash wait states with the
 * ART accelerator (prefetch, I- and D-cache) on. PLL48CLK cannot be exactly 48 MHz at 180 MHz
 * (VCO = 180 x P and 48 x Q meet only at 720 MHz, beyond the VCO's 432): it runs at 45 MHz, which
 * the RNG accepts (it needs at most 48 MHz and more than HCLK/16). USB, which needs exactly 48,
 * is not used.
 *
 * Every wait for a ready bit is bounded. What does not come up falls back: no HSE (MCO not wired)
 * -> the PLL from HSI 16 MHz /8, same frequencies; no over-drive, no PLL lock or no switch -> the
 * core stays on HSI 16 MHz (and the RNG has no clock). clocks_init() runs before the log exists,
 * so it records what happened in `struct clocks_report` and the board logs it. */
#ifndef NUCLEO_F429ZI_CLOCKS_H
#define NUCLEO_F429ZI_CLOCKS_H

#include <stdbool.h>
#include <stdint.h>

enum clocks_source {
    CLOCKS_HSI,     /* the reset clock, 16 MHz: everything else failed */
    CLOCKS_PLL_HSE, /* the normal case */
    CLOCKS_PLL_HSI, /* PLL from HSI: the ST-LINK MCO did not start */
};

#define CLOCKS_ERR_HSE (1u << 0)       /* no HSE from the ST-LINK MCO: PLL from HSI */
#define CLOCKS_ERR_OVERDRIVE (1u << 1) /* over-drive not ready: stays on HSI */
#define CLOCKS_ERR_PLL (1u << 2)       /* PLL did not lock: stays on HSI */
#define CLOCKS_ERR_FLASH (1u << 3)     /* the flash latency did not read back: stays on HSI */
#define CLOCKS_ERR_SWITCH (1u << 4)    /* SYSCLK did not switch to the PLL: back on HSI */

struct clocks_report {
    uint32_t cpu_hz, pclk1_hz, pclk2_hz, pll48_hz;
    enum clocks_source source;
    uint8_t flash_ws;
    uint32_t errors; /* CLOCKS_ERR_* */
};

/* Sets the tree up, first thing at boot with interrupts off. Fills *report (may be NULL). */
void clocks_init(struct clocks_report *report);

/* One line per CLOCKS_ERR_ bit: what failed and what the clock does instead. */
const char *clocks_error_text(uint32_t error_bit);

uint32_t clocks_cpu_hz(void);
/* AHB = core: the Ethernet MAC's bus clock, which sets its MDC divider. */
uint32_t clocks_hclk_hz(void);
/* APB1 clock: USART2/3, UART4/5/7/8's kernel clock. */
uint32_t clocks_pclk1_hz(void);
/* TIM2..7, 12..14 (APB1 timers): twice APB1 when it is divided, else APB1. */
uint32_t clocks_tim_apb1_hz(void);

/* True once the main PLL runs, and with it PLL48CLK, the RNG's only clock. */
bool clocks_pll48_ready(void);

#endif
