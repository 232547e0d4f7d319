/* Register-sequence tests of the NUCLEO-H743ZI2 clock setup (boards/nucleo-h743zi2/clocks.c)
 * against RM0433. The registers are a recording fake with just enough behaviour (ready bits
 * follow their enables, SWS follows SW) and knobs that make one part never come up. Addresses,
 * fields and expected values here are written from the manual, not taken from the chip header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "clocks.h"
#include "reg_fake.h"

/* RM0433 memory map and register offsets. */
#define RCC 0x58024400u
#define RCC_CR (RCC + 0x00u)
#define RCC_CFGR (RCC + 0x10u)
#define RCC_D1CFGR (RCC + 0x18u)
#define RCC_D2CFGR (RCC + 0x1Cu)
#define RCC_D3CFGR (RCC + 0x20u)
#define RCC_PLLCKSELR (RCC + 0x28u)
#define RCC_PLLCFGR (RCC + 0x2Cu)
#define RCC_PLL1DIVR (RCC + 0x30u)
#define RCC_APB4ENR (RCC + 0xF4u)
#define PWR 0x58024800u
#define PWR_CSR1 (PWR + 0x04u)
#define PWR_CR3 (PWR + 0x0Cu)
#define PWR_D3CR (PWR + 0x18u)
#define SYSCFG_PWRCR 0x5800042Cu
#define FLASH_ACR 0x52002000u
#define DBGMCU_IDC 0x5C001000u

/* RCC_CR bits */
#define HSEON (1u << 16)
#define HSERDY (1u << 17)
#define HSEBYP (1u << 18)
#define PLL1ON (1u << 24)
#define PLL1RDY (1u << 25)
#define HSI48ON (1u << 12)
#define HSI48RDY (1u << 13)

static struct {
    bool hse_dead, pll_dead, switch_dead, vos_dead, vos0_dead, supply_dead, flash_stuck;
    bool hsi48_dead;
} knob;

static uint32_t on_read(uintptr_t addr, uint32_t v)
{
    switch (addr) {
    case RCC_CR:
        v &= ~(HSERDY | PLL1RDY | HSI48RDY);
        if ((v & HSEON) && !knob.hse_dead)
            v |= HSERDY;
        if ((v & PLL1ON) && !knob.pll_dead)
            v |= PLL1RDY;
        if ((v & HSI48ON) && !knob.hsi48_dead)
            v |= HSI48RDY;
        return v;
    case RCC_CFGR: /* SWS (5:3) follows SW (2:0) */
        if (knob.switch_dead)
            return v & ~(7u << 3);
        return (v & ~(7u << 3)) | (v & 7u) << 3;
    case PWR_CSR1:
        return knob.supply_dead ? v & ~(1u << 13) : v | (1u << 13);
    case PWR_D3CR: {
        bool od = reg_fake_get(SYSCFG_PWRCR) & 1u;
        bool ready = !knob.vos_dead && !(od && knob.vos0_dead);
        return ready ? v | (1u << 13) : v & ~(1u << 13);
    }
    default:
        return v;
    }
}

static void on_write(uintptr_t addr, uint32_t old, uint32_t v)
{
    if (addr == PWR_CR3 && (old & (1u << 2)))
        reg_fake_set(PWR_CR3, v & ~(1u << 2)); /* the first write locks it (SCUEN reads 0) */
    if (addr == FLASH_ACR && knob.flash_stuck)
        reg_fake_set(FLASH_ACR, old);
}

static int setup(void **state)
{
    (void)state;
    knob = (__typeof__(knob)){0};
    reg_fake_init();
    reg_fake_map(RCC, 0x400);
    reg_fake_map(PWR, 0x400);
    reg_fake_map(0x58000400u, 0x400); /* SYSCFG */
    reg_fake_map(0x52002000u, 0x400); /* FLASH */
    reg_fake_map(0x5C001000u, 0x400); /* DBGMCU */
    /* Reset values (RM0433 register descriptions). */
    reg_fake_set(RCC_CR, 0x00000025u);
    reg_fake_set(RCC_PLLCKSELR, 0x02020200u);
    reg_fake_set(RCC_PLLCFGR, 0x01FF0000u);
    reg_fake_set(RCC_PLL1DIVR, 0x01010280u);
    reg_fake_set(PWR_CR3, 0x00000006u); /* SCUEN, LDOEN */
    reg_fake_set(PWR_D3CR, 0x00004000u); /* VOS = scale 3 */
    reg_fake_set(FLASH_ACR, 0x00000037u);
    reg_fake_set(DBGMCU_IDC, 0x20036450u); /* revision V, device 0x450 */
    reg_fake_on_read = on_read;
    reg_fake_on_write = on_write;
    return 0;
}

/* Every ready-bit wait is bounded: even with everything dead, the reads are finite and small. */
static void assert_bounded(void)
{
    assert_true(reg_reads < 5u * 1000u * 1000u);
}

static void before(int a, int b)
{
    assert_true(a >= 0);
    assert_true(b >= 0);
    assert_true(a < b);
}

static void test_400_from_hse(void **state)
{
    (void)state;
    struct clocks_report r;
    assert_true(clocks_init(400, &r));
    assert_int_equal(r.errors, 0);
    assert_int_equal(r.source, CLOCKS_PLL1_HSE);
    assert_int_equal(r.cpu_hz, 400000000u);
    assert_int_equal(r.hclk_hz, 200000000u);
    assert_int_equal(r.pclk1_hz, 100000000u);
    assert_int_equal(clocks_tim_apb1_hz(), 200000000u);
    assert_int_equal(r.vos, 1);
    assert_int_equal(r.flash_ws, 2);

    /* Final values, from RM0433:
     * PLLCKSELR: PLLSRC = HSE (10), DIVM1 = 1 (8 MHz in); DIVM2/3 untouched. */
    assert_int_equal(reg_fake_get(RCC_PLLCKSELR), 0x02020012u);
    /* PLLCFGR: PLL1RGE = 11 (8..16 MHz), wide VCO, integer, only DIVP1 enabled; PLL2/3 as reset */
    assert_int_equal(reg_fake_get(RCC_PLLCFGR), 0x01F9000Cu);
    /* PLL1DIVR: N = 100 (99), P = 2 (1), Q = 4 (3), R = 2 (1): VCO 800, P out 400 */
    assert_int_equal(reg_fake_get(RCC_PLL1DIVR), (99u) | (1u << 9) | (3u << 16) | (1u << 24));
    /* Flash: 2 wait states, WRHIGHFREQ = 2 for AXI 200 MHz at VOS1 (table 17) */
    assert_int_equal(reg_fake_get(FLASH_ACR) & 0x3Fu, 0x22u);
    /* D1CPRE /1, HPRE /2 (1000), D1PPRE /2 (100); D2PPRE1/2 /2; D3PPRE /2 */
    assert_int_equal(reg_fake_get(RCC_D1CFGR), 0x48u);
    assert_int_equal(reg_fake_get(RCC_D2CFGR), 0x440u);
    assert_int_equal(reg_fake_get(RCC_D3CFGR), 0x40u);
    assert_int_equal(reg_fake_get(RCC_CFGR) & 7u, 3u); /* SW = PLL1 */
    assert_int_equal((reg_fake_get(PWR_D3CR) >> 14) & 3u, 3u); /* VOS = scale 1 */
    assert_int_equal(reg_fake_get(PWR_CR3) & 7u, 2u);          /* LDO, locked */
    assert_int_equal(reg_fake_get(SYSCFG_PWRCR) & 1u, 0u);     /* no overdrive at 400 */
    assert_true(reg_fake_get(RCC_CR) & (HSEON | HSEBYP | PLL1ON | HSI48ON));

    /* Order. */
    int cr3 = reg_log_first(PWR_CR3);
    int vos = reg_log_find(PWR_D3CR, 3u << 14, 3u << 14, 0);
    int byp = reg_log_find(RCC_CR, HSEBYP, HSEBYP, 0);
    int hse = reg_log_find(RCC_CR, HSEON, HSEON, 0);
    int pll_on = reg_log_find(RCC_CR, PLL1ON, PLL1ON, 0);
    int acr = reg_log_find(FLASH_ACR, 0xFu, 2u, 0);
    int hpre = reg_log_find(RCC_D1CFGR, 0xFu, 8u, 0);
    int sw = reg_log_find(RCC_CFGR, 7u, 3u, 0);
    before(cr3, vos);          /* supply configured before voltage scaling */
    before(vos, sw);           /* scale 1 before the fast clock */
    before(byp, hse + 1);      /* bypass selected while HSE is still off ... */
    assert_int_equal(reg_log[byp].value & HSEON, 0);
    before(hse, pll_on);       /* ... the PLL's source runs before the PLL starts */
    before(reg_log_last(RCC_PLLCKSELR), pll_on); /* dividers only while PLL1 is off */
    before(reg_log_last(RCC_PLLCFGR), pll_on);
    before(reg_log_last(RCC_PLL1DIVR), pll_on);
    before(acr, sw);           /* flash latency before the clock rises */
    before(hpre, sw);          /* AHB /2 before sys_ck reaches 400 MHz (AHB max 200) */
    before(reg_log_find(RCC_D2CFGR, 0x770u, 0x440u, 0), sw);
    assert_bounded();
}

static void test_480_on_rev_v(void **state)
{
    (void)state;
    struct clocks_report r;
    assert_true(clocks_init(480, &r));
    assert_int_equal(r.errors, 0);
    assert_int_equal(r.cpu_hz, 480000000u);
    assert_int_equal(r.hclk_hz, 240000000u);
    assert_int_equal(r.pclk1_hz, 120000000u);
    assert_int_equal(r.vos, 0);
    assert_int_equal(r.flash_ws, 4);
    /* N = 120: VCO 960 MHz */
    assert_int_equal(reg_fake_get(RCC_PLL1DIVR), (119u) | (1u << 9) | (3u << 16) | (1u << 24));
    /* 4 wait states, WRHIGHFREQ = 2 for AXI 240 MHz at VOS0 */
    assert_int_equal(reg_fake_get(FLASH_ACR) & 0x3Fu, 0x24u);
    assert_int_equal(reg_fake_get(SYSCFG_PWRCR) & 1u, 1u);
    /* SYSCFG clocked before written; VOS1 before ODEN; ODEN before the switch */
    int syscfg_clk = reg_log_find(RCC_APB4ENR, 1u << 1, 1u << 1, 0);
    int oden = reg_log_find(SYSCFG_PWRCR, 1u, 1u, 0);
    before(syscfg_clk, oden);
    before(reg_log_find(PWR_D3CR, 3u << 14, 3u << 14, 0), oden);
    before(oden, reg_log_find(RCC_CFGR, 7u, 3u, 0));
}

static void test_480_on_rev_y_runs_400(void **state)
{
    (void)state;
    reg_fake_set(DBGMCU_IDC, 0x10036450u);
    struct clocks_report r;
    assert_true(clocks_init(480, &r));
    assert_int_equal(r.errors, CLOCKS_ERR_REV_Y);
    assert_int_equal(r.cpu_hz, 400000000u);
    assert_int_equal(reg_log_count(SYSCFG_PWRCR), 0);
    assert_int_equal(reg_fake_get(FLASH_ACR) & 0xFu, 2u);
}

static void test_vos0_not_ready_runs_400(void **state)
{
    (void)state;
    knob.vos0_dead = true;
    struct clocks_report r;
    clocks_init(480, &r);
    assert_int_equal(r.errors, CLOCKS_ERR_VOS0);
    assert_int_equal(r.cpu_hz, 400000000u);
    assert_int_equal(reg_fake_get(SYSCFG_PWRCR) & 1u, 0u); /* overdrive off again */
    assert_bounded();
}

static void test_no_hse_pll_from_hsi(void **state)
{
    (void)state;
    knob.hse_dead = true;
    struct clocks_report r;
    clocks_init(400, &r);
    assert_int_equal(r.errors, CLOCKS_ERR_HSE);
    assert_int_equal(r.source, CLOCKS_PLL1_HSI);
    assert_int_equal(r.cpu_hz, 400000000u);
    /* PLLSRC = HSI (00), DIVM1 = 8: 64 / 8 = the same 8 MHz reference */
    assert_int_equal(reg_fake_get(RCC_PLLCKSELR), 0x02020080u);
    assert_int_equal(reg_fake_get(RCC_CR) & (HSEON | HSEBYP), 0); /* HSE off again */
    assert_bounded();
}

static void test_no_pll_lock_stays_on_hsi(void **state)
{
    (void)state;
    knob.pll_dead = true;
    struct clocks_report r;
    assert_true(clocks_init(400, &r));
    assert_int_equal(r.errors, CLOCKS_ERR_PLL);
    assert_int_equal(r.source, CLOCKS_HSI);
    assert_int_equal(r.cpu_hz, 64000000u);
    assert_int_equal(r.pclk1_hz, 64000000u);
    assert_int_equal(reg_log_find(RCC_CFGR, 7u, 3u, 0), -1); /* never switched */
    assert_int_equal(reg_fake_get(RCC_CR) & PLL1ON, 0);
    assert_int_equal(reg_fake_get(FLASH_ACR), 0x37u); /* the safe reset latency kept */
    assert_bounded();
}

static void test_switch_fails_back_on_hsi(void **state)
{
    (void)state;
    knob.switch_dead = true;
    struct clocks_report r;
    clocks_init(400, &r);
    assert_int_equal(r.errors, CLOCKS_ERR_SWITCH);
    assert_int_equal(r.cpu_hz, 64000000u);
    assert_int_equal(r.hclk_hz, 64000000u);
    assert_int_equal(reg_fake_get(RCC_CFGR) & 7u, 0u);
    /* prescalers back to 1, so the reported HSI clocks are the real ones */
    assert_int_equal(reg_fake_get(RCC_D1CFGR), 0u);
    assert_int_equal(reg_fake_get(RCC_D2CFGR), 0u);
    assert_int_equal(reg_fake_get(RCC_D3CFGR), 0u);
    assert_bounded();
}

static void test_vos_not_ready_stays_on_hsi(void **state)
{
    (void)state;
    knob.vos_dead = true;
    struct clocks_report r;
    clocks_init(400, &r);
    assert_int_equal(r.errors, CLOCKS_ERR_VOS);
    assert_int_equal(r.cpu_hz, 64000000u);
    assert_int_equal(reg_log_find(RCC_CR, PLL1ON, PLL1ON, 0), -1);
    assert_bounded();
}

static void test_flash_latency_not_taken_stays_on_hsi(void **state)
{
    (void)state;
    knob.flash_stuck = true;
    reg_fake_set(FLASH_ACR, 0x00000000u);
    struct clocks_report r;
    clocks_init(400, &r);
    assert_int_equal(r.errors, CLOCKS_ERR_FLASH);
    assert_int_equal(r.cpu_hz, 64000000u);
    assert_int_equal(reg_log_find(RCC_CFGR, 7u, 3u, 0), -1);
    assert_bounded();
}

static void test_supply_locked_by_earlier_boot(void **state)
{
    (void)state;
    reg_fake_set(PWR_CR3, 0x00000002u); /* LDO, already locked: a warm reset */
    struct clocks_report r;
    clocks_init(400, &r);
    assert_int_equal(r.errors, 0);
    assert_int_equal(reg_log_count(PWR_CR3), 0);
    assert_int_equal(r.cpu_hz, 400000000u);

    setup(NULL);
    reg_fake_set(PWR_CR3, 0x00000001u); /* locked in bypass: not ours to change */
    clocks_init(400, &r);
    assert_int_equal(r.errors, CLOCKS_ERR_SUPPLY);
    assert_int_equal(reg_log_count(PWR_CR3), 0);
}

static void test_no_hsi48(void **state)
{
    (void)state;
    knob.hsi48_dead = true;
    struct clocks_report r;
    assert_false(clocks_init(400, &r));
    assert_int_equal(r.errors, CLOCKS_ERR_HSI48);
    assert_int_equal(r.cpu_hz, 400000000u);
}

static void test_everything_dead_is_bounded(void **state)
{
    (void)state;
    knob = (__typeof__(knob)){true, true, true, true, true, true, true, true};
    struct clocks_report r;
    assert_false(clocks_init(480, &r));
    assert_int_equal(r.cpu_hz, 64000000u);
    assert_true(r.errors & CLOCKS_ERR_VOS);
    assert_bounded();
    for (uint32_t bit = 1; bit; bit <<= 1)
        if (r.errors & bit)
            assert_string_not_equal(clocks_error_text(bit), "unknown clock error");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_400_from_hse, setup),
        cmocka_unit_test_setup(test_480_on_rev_v, setup),
        cmocka_unit_test_setup(test_480_on_rev_y_runs_400, setup),
        cmocka_unit_test_setup(test_vos0_not_ready_runs_400, setup),
        cmocka_unit_test_setup(test_no_hse_pll_from_hsi, setup),
        cmocka_unit_test_setup(test_no_pll_lock_stays_on_hsi, setup),
        cmocka_unit_test_setup(test_switch_fails_back_on_hsi, setup),
        cmocka_unit_test_setup(test_vos_not_ready_stays_on_hsi, setup),
        cmocka_unit_test_setup(test_flash_latency_not_taken_stays_on_hsi, setup),
        cmocka_unit_test_setup(test_supply_locked_by_earlier_boot, setup),
        cmocka_unit_test_setup(test_no_hsi48, setup),
        cmocka_unit_test_setup(test_everything_dead_is_bounded, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
