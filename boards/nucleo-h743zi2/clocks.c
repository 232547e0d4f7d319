/* The NUCLEO-H743ZI2's clock setup, in the order RM0433 requires (section 6.8 "Power supply
 * configuration", 6.8.6 "Voltage scaling", 8.5 "RCC functional description", 4.3.8 "FLASH read
 * latency"): supply, voltage scale, oscillator, PLL, flash latency and bus prescalers before
 * the faster clock, then the switch. Every ready-bit wait is bounded (clocks.h). */
#include "clocks.h"

#include "chip.h"

/* Bound on every ready-bit wait, in register reads. At 64 MHz a read of an AHB4/APB register
 * takes well under 100 ns, so this is more than 10 ms: far beyond the slowest of these (the
 * PLL lock time and the voltage regulator's settling are tens of microseconds). */
#define READY_SPIN_LIMIT 200000u

#define HSE_HZ 8000000u  /* ST-LINK MCO, UM2407 */
#define PLL_REF_HZ 8000000u
#define PLL1_P 2u
#define PLL1_Q 4u /* output not enabled: a defined value only */
#define PLL1_R 2u /* idem */
#define FLASH_WRHIGHFREQ 2u /* programming delay for an AXI clock of 185..240 MHz */

struct tree {
    uint32_t cpu_hz, hclk_hz, pclk1_hz;
    bool apb1_divided;
};

static struct tree tree = {CHIP_HSI_HZ, CHIP_HSI_HZ, CHIP_HSI_HZ, false};

static bool wait_set(uintptr_t reg, uint32_t mask, uint32_t value)
{
    for (uint32_t spin = 0; spin < READY_SPIN_LIMIT; spin++)
        if ((mmio_read32(reg) & mask) == value)
            return true;
    return false;
}

/* LDO supply (the NUCLEO-H743ZI2 has no SMPS and VCAP capacitors on the LDO output). PWR_CR3 can
 * be written once after power-on (SCUEN then reads 0); after a warm reset it is already locked,
 * which is fine as long as it was locked on the LDO. */
static bool supply_ldo(void)
{
    uint32_t cr3 = mmio_read32(PWR_CR3);
    if (cr3 & PWR_CR3_SCUEN)
        mmio_write32(PWR_CR3, (cr3 & ~(PWR_CR3_SCUEN | PWR_CR3_BYPASS)) | PWR_CR3_LDOEN);
    else if ((cr3 & (PWR_CR3_LDOEN | PWR_CR3_BYPASS)) != PWR_CR3_LDOEN)
        return false;
    return wait_set(PWR_CSR1, PWR_CSR1_ACTVOSRDY, PWR_CSR1_ACTVOSRDY);
}

static bool scale1(void)
{
    mmio_modify32(PWR_D3CR, PWR_D3CR_VOS_MASK, PWR_D3CR_VOS_SCALE1);
    return wait_set(PWR_D3CR, PWR_D3CR_VOSRDY, PWR_D3CR_VOSRDY);
}

/* VOS0 = scale 1 + overdrive (RM0433 6.8.6): SYSCFG clocked, ODEN set, VOSRDY again. */
static bool scale0(void)
{
    mmio_modify32(RCC_APB4ENR, 0, RCC_APB4ENR_SYSCFGEN);
    (void)mmio_read32(RCC_APB4ENR); /* the clock runs before SYSCFG is written */
    mmio_modify32(SYSCFG_PWRCR, 0, SYSCFG_PWRCR_ODEN);
    if (wait_set(PWR_D3CR, PWR_D3CR_VOSRDY, PWR_D3CR_VOSRDY))
        return true;
    mmio_modify32(SYSCFG_PWRCR, SYSCFG_PWRCR_ODEN, 0);
    return false;
}

/* HSEBYP only while HSE is off (RM0433 RCC_CR): an external clock, not a crystal. */
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

/* PLL1 with an 8 MHz reference (input range 8..16 MHz), wide VCO at N x 8 MHz, P = 2. The
 * dividers may only be written while PLL1 is off, which it is after any reset. */
static bool pll1_start(bool from_hse, uint32_t n)
{
    uint32_t m = from_hse ? HSE_HZ / PLL_REF_HZ : CHIP_HSI_HZ / PLL_REF_HZ;
    mmio_modify32(RCC_PLLCKSELR, RCC_PLLCKSELR_PLLSRC_MASK | RCC_PLLCKSELR_DIVM1_MASK,
                  (from_hse ? RCC_PLLCKSELR_PLLSRC_HSE : RCC_PLLCKSELR_PLLSRC_HSI) |
                      RCC_PLLCKSELR_DIVM1(m));
    mmio_modify32(RCC_PLLCFGR,
                  RCC_PLLCFGR_PLL1FRACEN | RCC_PLLCFGR_PLL1VCOSEL | RCC_PLLCFGR_PLL1RGE_MASK |
                      RCC_PLLCFGR_DIVP1EN | RCC_PLLCFGR_DIVQ1EN | RCC_PLLCFGR_DIVR1EN,
                  RCC_PLLCFGR_PLL1RGE_8_16MHZ | RCC_PLLCFGR_DIVP1EN);
    mmio_write32(RCC_PLL1DIVR, RCC_PLL1DIVR_N1(n) | RCC_PLL1DIVR_P1(PLL1_P) |
                                   RCC_PLL1DIVR_Q1(PLL1_Q) | RCC_PLL1DIVR_R1(PLL1_R));
    mmio_modify32(RCC_CR, 0, RCC_CR_PLL1ON);
    if (wait_set(RCC_CR, RCC_CR_PLL1RDY, RCC_CR_PLL1RDY))
        return true;
    mmio_modify32(RCC_CR, RCC_CR_PLL1ON, 0);
    return false;
}

/* Flash latency for the AXI clock, before that clock rises; read back, as RM0433 asks, to be
 * sure the new value is in effect. */
static bool flash_latency(uint32_t ws)
{
    uint32_t want = FLASH_ACR_LATENCY(ws) | FLASH_ACR_WRHIGHFREQ(FLASH_WRHIGHFREQ);
    uint32_t mask = FLASH_ACR_LATENCY_MASK | FLASH_ACR_WRHIGHFREQ_MASK;
    mmio_modify32(FLASH_ACR, mask, want);
    return wait_set(FLASH_ACR, mask, want);
}

/* Core undivided, AHB /2, every APB /2 (their maximum is half the AHB maximum). */
static void prescalers_half(bool half)
{
    mmio_modify32(RCC_D1CFGR, RCC_D1CFGR_D1CPRE_MASK | RCC_D1CFGR_HPRE_MASK | RCC_D1CFGR_D1PPRE_MASK,
                  half ? RCC_D1CFGR_HPRE_DIV2 | RCC_D1CFGR_D1PPRE_DIV2 : 0);
    mmio_modify32(RCC_D2CFGR, RCC_D2CFGR_D2PPRE1_MASK | RCC_D2CFGR_D2PPRE2_MASK,
                  half ? RCC_D2CFGR_D2PPRE1_DIV2 | RCC_D2CFGR_D2PPRE2_DIV2 : 0);
    mmio_modify32(RCC_D3CFGR, RCC_D3CFGR_D3PPRE_MASK, half ? RCC_D3CFGR_D3PPRE_DIV2 : 0);
}

static bool switch_to_pll1(void)
{
    mmio_modify32(RCC_CFGR, RCC_CFGR_SW_MASK, RCC_CFGR_SW_PLL1);
    if (wait_set(RCC_CFGR, RCC_CFGR_SWS_MASK, RCC_CFGR_SWS_PLL1))
        return true;
    mmio_modify32(RCC_CFGR, RCC_CFGR_SW_MASK, RCC_CFGR_SW_HSI);
    (void)wait_set(RCC_CFGR, RCC_CFGR_SWS_MASK, RCC_CFGR_SWS_HSI);
    return false;
}

static bool hsi48_start(void)
{
    mmio_modify32(RCC_CR, 0, RCC_CR_HSI48ON);
    return wait_set(RCC_CR, RCC_CR_HSI48RDY, RCC_CR_HSI48RDY);
}

/* The PLL part: returns the error that stopped it at HSI, or 0 once running on PLL1. */
static uint32_t raise(unsigned target_mhz, struct clocks_report *r)
{
    if (!supply_ldo())
        r->errors |= CLOCKS_ERR_SUPPLY; /* the LDO still runs at its reset scale: carry on */
    if (!scale1())
        return CLOCKS_ERR_VOS;
    r->vos = 1;

    bool want480 = target_mhz == 480;
    if (want480 && DBGMCU_IDC_REV_ID(mmio_read32(DBGMCU_IDC)) != DBGMCU_REV_V) {
        r->errors |= CLOCKS_ERR_REV_Y;
        want480 = false;
    }
    if (want480 && !scale0()) {
        r->errors |= CLOCKS_ERR_VOS0;
        want480 = false;
    }
    if (want480)
        r->vos = 0;

    bool from_hse = hse_bypass();
    if (!from_hse)
        r->errors |= CLOCKS_ERR_HSE;
    uint32_t cpu_hz = want480 ? 480000000u : 400000000u;
    if (!pll1_start(from_hse, cpu_hz * PLL1_P / PLL_REF_HZ))
        return CLOCKS_ERR_PLL;

    /* RM0433 table 17: AXI 200 MHz at VOS1 needs 2 wait states, 240 MHz at VOS0 needs 4. */
    uint8_t ws = want480 ? 4 : 2;
    if (!flash_latency(ws))
        return CLOCKS_ERR_FLASH;
    r->flash_ws = ws;
    prescalers_half(true);
    if (!switch_to_pll1()) {
        prescalers_half(false);
        return CLOCKS_ERR_SWITCH;
    }
    r->source = from_hse ? CLOCKS_PLL1_HSE : CLOCKS_PLL1_HSI;
    tree = (struct tree){cpu_hz, cpu_hz / 2, cpu_hz / 4, true};
    return 0;
}

bool clocks_init(unsigned target_mhz, struct clocks_report *report)
{
    struct clocks_report r = {.source = CLOCKS_HSI, .vos = 3, .flash_ws = 7};
    tree = (struct tree){CHIP_HSI_HZ, CHIP_HSI_HZ, CHIP_HSI_HZ, false};
    r.errors |= raise(target_mhz, &r);
    bool hsi48 = hsi48_start();
    if (!hsi48)
        r.errors |= CLOCKS_ERR_HSI48;
    r.cpu_hz = tree.cpu_hz;
    r.hclk_hz = tree.hclk_hz;
    r.pclk1_hz = tree.pclk1_hz;
    if (report)
        *report = r;
    return hsi48;
}

const char *clocks_error_text(uint32_t error_bit)
{
    switch (error_bit) {
    case CLOCKS_ERR_SUPPLY: return "LDO supply not confirmed (PWR_CR3 locked or ACTVOSRDY late)";
    case CLOCKS_ERR_VOS: return "voltage scale 1 not ready: staying on HSI 64 MHz";
    case CLOCKS_ERR_REV_Y: return "480 MHz needs silicon revision V: running at 400 MHz";
    case CLOCKS_ERR_VOS0: return "VOS0 (overdrive) not ready: running at 400 MHz";
    case CLOCKS_ERR_HSE: return "no HSE from the ST-LINK MCO: PLL1 runs from HSI";
    case CLOCKS_ERR_PLL: return "PLL1 did not lock: staying on HSI 64 MHz";
    case CLOCKS_ERR_FLASH: return "flash latency did not take: staying on HSI 64 MHz";
    case CLOCKS_ERR_SWITCH: return "sys_ck did not switch to PLL1: back on HSI 64 MHz";
    case CLOCKS_ERR_HSI48: return "HSI48 did not start: RNG off";
    default: return "unknown clock error";
    }
}

uint32_t clocks_cpu_hz(void)
{
    return tree.cpu_hz;
}

uint32_t clocks_hclk_hz(void)
{
    return tree.hclk_hz;
}

uint32_t clocks_pclk1_hz(void)
{
    return tree.pclk1_hz;
}

uint32_t clocks_tim_apb1_hz(void)
{
    return tree.apb1_divided ? 2 * tree.pclk1_hz : tree.pclk1_hz;
}
