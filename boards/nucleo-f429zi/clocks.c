/* The NUCLEO-F429ZI's clock setup, in the order RM0090 section 5.1.4 ("Entering Over-drive
 * mode") gives: PLL configured and started on the reset clock, over-drive on and switched in,
 * flash latency and prescalers, PLL lock, then the switch. Every ready-bit wait is bounded
 * (clocks.h). */
#include "clocks.h"

#include "chip.h"

/* Bound on every ready-bit wait, in register reads: more than 10 ms at 16 MHz, far beyond the
 * PLL lock time and the over-drive regulator's settling (tens of microseconds). */
#define READY_SPIN_LIMIT 50000u

#define HSE_HZ 8000000u /* ST-LINK MCO, UM1974 */
#define PLL_REF_HZ 2000000u /* RM0090 advises 2 MHz at the VCO input to limit jitter */
#define PLL_N 180u
#define PLL_Q 8u
#define CPU_HZ (PLL_REF_HZ * PLL_N / 2u)
#define FLASH_WS 5u /* RM0090 table 11: 150 < HCLK <= 180 MHz at 2.7..3.6 V */

struct tree {
    uint32_t cpu_hz, pclk1_hz, pclk2_hz;
    bool pll;
};

static struct tree tree = {CHIP_HSI_HZ, CHIP_HSI_HZ, CHIP_HSI_HZ, false};

static bool wait_set(uintptr_t reg, uint32_t mask, uint32_t value)
{
    for (uint32_t spin = 0; spin < READY_SPIN_LIMIT; spin++)
        if ((mmio_read32(reg) & mask) == value)
            return true;
    return false;
}

/* HSEBYP only while HSE is off: an external clock, not a crystal. */
static bool hse_bypass(void)
{
    mmio_modify32(RCC_CR, 0, RCC_CR_HSEBYP);
    mmio_modify32(RCC_CR, 0, RCC_CR_HSEON);
    if (wait_set(RCC_CR, RCC_CR_HSERDY, RCC_CR_HSERDY))
        return true;
    mmio_modify32(RCC_CR, RCC_CR_HSEON, 0);
    mmio_modify32(RCC_CR, RCC_CR_HSEBYP, 0);
    return false;
}

/* Reserved bits of RCC_PLLCFGR keep their reset values: only the fields are replaced. */
static void pll_configure(bool from_hse)
{
    uint32_t m = (from_hse ? HSE_HZ : CHIP_HSI_HZ) / PLL_REF_HZ;
    mmio_modify32(RCC_PLLCFGR,
                  RCC_PLLCFGR_PLLM_MASK | RCC_PLLCFGR_PLLN_MASK | RCC_PLLCFGR_PLLP_MASK |
                      RCC_PLLCFGR_PLLSRC_HSE | RCC_PLLCFGR_PLLQ_MASK,
                  RCC_PLLCFGR_PLLM(m) | RCC_PLLCFGR_PLLN(PLL_N) | RCC_PLLCFGR_PLLP_DIV2 |
                      (from_hse ? RCC_PLLCFGR_PLLSRC_HSE : 0) | RCC_PLLCFGR_PLLQ(PLL_Q));
}

static bool overdrive(void)
{
    mmio_modify32(PWR_CR, 0, PWR_CR_ODEN);
    if (wait_set(PWR_CSR, PWR_CSR_ODRDY, PWR_CSR_ODRDY)) {
        mmio_modify32(PWR_CR, 0, PWR_CR_ODSWEN);
        if (wait_set(PWR_CSR, PWR_CSR_ODSWRDY, PWR_CSR_ODSWRDY))
            return true;
    }
    mmio_modify32(PWR_CR, PWR_CR_ODEN | PWR_CR_ODSWEN, 0);
    return false;
}

static bool flash_latency(void)
{
    uint32_t want = FLASH_ACR_LATENCY(FLASH_WS) | FLASH_ACR_PRFTEN | FLASH_ACR_ICEN | FLASH_ACR_DCEN;
    uint32_t mask = FLASH_ACR_LATENCY_MASK | FLASH_ACR_PRFTEN | FLASH_ACR_ICEN | FLASH_ACR_DCEN;
    mmio_modify32(FLASH_ACR, mask, want);
    return wait_set(FLASH_ACR, mask, want);
}

static void pll_stop(void)
{
    mmio_modify32(RCC_CR, RCC_CR_PLLON, 0);
}

static uint32_t raise(struct clocks_report *r)
{
    /* PWR's clock, then scale 1 (the reset value on the F42x, written anyway: VOS only takes
     * effect while the PLL is off). */
    mmio_modify32(RCC_APB1ENR, 0, RCC_APB1ENR_PWREN);
    (void)mmio_read32(RCC_APB1ENR);
    mmio_modify32(PWR_CR, PWR_CR_VOS_MASK, PWR_CR_VOS_SCALE1);

    bool from_hse = hse_bypass();
    if (!from_hse)
        r->errors |= CLOCKS_ERR_HSE;
    pll_configure(from_hse);
    mmio_modify32(RCC_CR, 0, RCC_CR_PLLON);

    if (!overdrive()) {
        pll_stop();
        return CLOCKS_ERR_OVERDRIVE;
    }
    if (!flash_latency()) {
        pll_stop();
        return CLOCKS_ERR_FLASH;
    }
    r->flash_ws = FLASH_WS;
    /* AHB undivided, APB1 /4 (max 45 MHz), APB2 /2 (max 90 MHz). */
    mmio_modify32(RCC_CFGR, RCC_CFGR_HPRE_MASK | RCC_CFGR_PPRE1_MASK | RCC_CFGR_PPRE2_MASK,
                  RCC_CFGR_PPRE1_DIV4 | RCC_CFGR_PPRE2_DIV2);
    if (!wait_set(RCC_CR, RCC_CR_PLLRDY, RCC_CR_PLLRDY)) {
        pll_stop();
        mmio_modify32(RCC_CFGR, RCC_CFGR_PPRE1_MASK | RCC_CFGR_PPRE2_MASK, 0);
        return CLOCKS_ERR_PLL;
    }
    mmio_modify32(RCC_CFGR, RCC_CFGR_SW_MASK, RCC_CFGR_SW_PLL);
    if (!wait_set(RCC_CFGR, RCC_CFGR_SWS_MASK, RCC_CFGR_SWS_PLL)) {
        mmio_modify32(RCC_CFGR, RCC_CFGR_SW_MASK | RCC_CFGR_PPRE1_MASK | RCC_CFGR_PPRE2_MASK,
                      RCC_CFGR_SW_HSI);
        (void)wait_set(RCC_CFGR, RCC_CFGR_SWS_MASK, RCC_CFGR_SWS_HSI);
        pll_stop();
        return CLOCKS_ERR_SWITCH;
    }
    r->source = from_hse ? CLOCKS_PLL_HSE : CLOCKS_PLL_HSI;
    tree = (struct tree){CPU_HZ, CPU_HZ / 4, CPU_HZ / 2, true};
    return 0;
}

void clocks_init(struct clocks_report *report)
{
    struct clocks_report r = {.source = CLOCKS_HSI, .flash_ws = 0};
    tree = (struct tree){CHIP_HSI_HZ, CHIP_HSI_HZ, CHIP_HSI_HZ, false};
    r.errors |= raise(&r);
    r.cpu_hz = tree.cpu_hz;
    r.pclk1_hz = tree.pclk1_hz;
    r.pclk2_hz = tree.pclk2_hz;
    r.pll48_hz = tree.pll ? PLL_REF_HZ * PLL_N / PLL_Q : 0;
    if (report)
        *report = r;
}

const char *clocks_error_text(uint32_t error_bit)
{
    switch (error_bit) {
    case CLOCKS_ERR_HSE: return "no HSE from the ST-LINK MCO: PLL runs from HSI";
    case CLOCKS_ERR_OVERDRIVE: return "over-drive not ready: staying on HSI 16 MHz";
    case CLOCKS_ERR_PLL: return "PLL did not lock: staying on HSI 16 MHz";
    case CLOCKS_ERR_FLASH: return "flash latency did not take: staying on HSI 16 MHz";
    case CLOCKS_ERR_SWITCH: return "SYSCLK did not switch to the PLL: back on HSI 16 MHz";
    default: return "unknown clock error";
    }
}

uint32_t clocks_cpu_hz(void)
{
    return tree.cpu_hz;
}

uint32_t clocks_hclk_hz(void)
{
    return tree.cpu_hz;
}

uint32_t clocks_pclk1_hz(void)
{
    return tree.pclk1_hz;
}

uint32_t clocks_tim_apb1_hz(void)
{
    return tree.pclk1_hz != tree.cpu_hz ? 2 * tree.pclk1_hz : tree.pclk1_hz;
}

bool clocks_pll48_ready(void)
{
    return tree.pll && (mmio_read32(RCC_CR) & RCC_CR_PLLRDY) != 0;
}
