/* The NUCLEO-H743ZI2's clock tree (RM0433 section 8, UM2407 "HSE clock"):
 *
 *   ST-LINK MCO 8 MHz --HSE bypass--> /M1=1 --> 8 MHz --x N1--> VCO 800 / 960 MHz --/P1=2-->
 *   sys_ck 400 / 480 MHz = core --/HPRE=2--> 200 / 240 MHz AHB (AXI, Ethernet) --/2--> APB1..4
 *   at 100 / 120 MHz (USART3, TIM2's kernel clock is twice APB1).
 *
 * 400 MHz needs voltage scale 1, 480 MHz scale 0 (scale 1 plus SYSCFG overdrive), which only
 * silicon revision V has; on revision Y a 480 request runs at 400. HSI48 feeds the RNG.
 *
 * Every wait for a ready bit is bounded. What does not come up is left out and the rest falls
 * back: no HSE (MCO not wired) -> PLL1 from HSI 64 MHz /8, same frequencies; no PLL lock or no
 * switch -> the core stays on HSI 64 MHz. clocks_init() runs before the log exists, so it records
 * what happened in `struct clocks_report` and the board logs it. */
#ifndef NUCLEO_H743ZI2_CLOCKS_H
#define NUCLEO_H743ZI2_CLOCKS_H

#include <stdbool.h>
#include <stdint.h>

enum clocks_source {
    CLOCKS_HSI,      /* the reset clock, 64 MHz: everything else failed */
    CLOCKS_PLL1_HSE, /* the normal case */
    CLOCKS_PLL1_HSI, /* PLL1 from HSI: the ST-LINK MCO did not start */
};

/* What went wrong on the way (bits): the board logs one line for each. */
#define CLOCKS_ERR_SUPPLY (1u << 0)     /* LDO supply not ready (ACTVOSRDY) or locked otherwise */
#define CLOCKS_ERR_VOS (1u << 1)        /* voltage scale 1 not reached: stays on HSI */
#define CLOCKS_ERR_REV_Y (1u << 2)      /* 480 MHz asked on revision Y silicon: 400 instead */
#define CLOCKS_ERR_VOS0 (1u << 3)       /* overdrive (VOS0) not ready: 400 instead */
#define CLOCKS_ERR_HSE (1u << 4)        /* no HSE from the ST-LINK MCO: PLL1 from HSI */
#define CLOCKS_ERR_PLL (1u << 5)        /* PLL1 did not lock: stays on HSI */
#define CLOCKS_ERR_FLASH (1u << 6)      /* the new flash latency did not read back: stays on HSI */
#define CLOCKS_ERR_SWITCH (1u << 7)     /* sys_ck did not switch to PLL1: back on HSI */
#define CLOCKS_ERR_HSI48 (1u << 8)      /* no HSI48: the RNG is off */

struct clocks_report {
    uint32_t cpu_hz, hclk_hz, pclk1_hz;
    enum clocks_source source;
    uint8_t vos;      /* voltage scale reached: 0, 1, or 3 (reset) */
    uint8_t flash_ws; /* flash wait states */
    uint32_t errors;  /* CLOCKS_ERR_* */
};

/* Sets the tree up for a core at target_mhz (400 or 480; anything else means 400). Interrupts
 * off, first thing at boot. Fills *report (may be NULL); returns true when HSI48 (the RNG's
 * clock) runs. */
bool clocks_init(unsigned target_mhz, struct clocks_report *report);

/* One line per CLOCKS_ERR_ bit: what failed and what the clock does instead. */
const char *clocks_error_text(uint32_t error_bit);

uint32_t clocks_cpu_hz(void);
/* AHB (rcc_hclk1..4): the Ethernet MAC's bus clock, which sets its MDC divider. */
uint32_t clocks_hclk_hz(void);
/* APB1 clock: USART2/3/4/5/7/8's kernel clock (their reset kernel-clock selection). */
uint32_t clocks_pclk1_hz(void);
/* TIM2..7, 12..14 (APB1 timers): twice APB1 when it is divided (TIMPRE = 0), else APB1. */
uint32_t clocks_tim_apb1_hz(void);

#endif
