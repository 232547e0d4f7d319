/* Register-sequence tests of the NUCLEO-F429ZI clock setup (boards/nucleo-f429zi/clocks.c)
 * against RM0090 (section 5.1.4 "Entering Over-drive mode", 6.3 RCC registers, 3.5.1 flash
 * latency). Addresses, fields and expected values are written here from the manual. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "clocks.h"
#include "reg_fake.h"

#define RCC 0x40023800u
#define RCC_CR (RCC + 0x00u)
#define RCC_PLLCFGR (RCC + 0x04u)
#define RCC_CFGR (RCC + 0x08u)
#define RCC_APB1ENR (RCC + 0x40u)
#define PWR 0x40007000u
#define PWR_CR (PWR + 0x00u)
#define PWR_CSR (PWR + 0x04u)
#define FLASH_ACR 0x40023C00u

#define HSEON (1u << 16)
#define HSERDY (1u << 17)
#define HSEBYP (1u << 18)
#define PLLON (1u << 24)
#define PLLRDY (1u << 25)
#define ODEN (1u << 16)
#define ODSWEN (1u << 17)

static struct {
    bool hse_dead, pll_dead, od_dead, odsw_dead, switch_dead, flash_stuck;
} knob;

static uint32_t on_read(uintptr_t addr, uint32_t v)
{
    switch (addr) {
    case RCC_CR:
        v &= ~(HSERDY | PLLRDY);
        if ((v & HSEON) && !knob.hse_dead)
            v |= HSERDY;
        if ((v & PLLON) && !knob.pll_dead)
            v |= PLLRDY;
        return v;
    case RCC_CFGR: /* SWS (3:2) follows SW (1:0) */
        return (v & ~(3u << 2)) | (knob.switch_dead ? 0u : (v & 3u) << 2);
    case PWR_CSR: {
        uint32_t cr = reg_fake_get(PWR_CR);
        v &= ~((1u << 16) | (1u << 17));
        if ((cr & ODEN) && !knob.od_dead)
            v |= 1u << 16;
        if ((cr & ODSWEN) && (v & (1u << 16)) && !knob.odsw_dead)
            v |= 1u << 17;
        return v;
    }
    default:
        return v;
    }
}

static void on_write(uintptr_t addr, uint32_t old, uint32_t v)
{
    (void)v;
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
    reg_fake_map(FLASH_ACR, 0x400);
    reg_fake_set(RCC_CR, 0x00000083u);      /* HSION, HSIRDY, HSITRIM 16 */
    reg_fake_set(RCC_PLLCFGR, 0x24003010u); /* reset value: reserved bit 29 set */
    reg_fake_set(PWR_CR, 0x0000C000u);      /* VOS = scale 1 */
    reg_fake_on_read = on_read;
    reg_fake_on_write = on_write;
    return 0;
}

static void before(int a, int b)
{
    assert_true(a >= 0);
    assert_true(b >= 0);
    assert_true(a < b);
}

static void assert_bounded(void)
{
    assert_true(reg_reads < 2u * 1000u * 1000u);
}

static void test_180_from_hse(void **state)
{
    (void)state;
    struct clocks_report r;
    clocks_init(&r);
    assert_int_equal(r.errors, 0);
    assert_int_equal(r.source, CLOCKS_PLL_HSE);
    assert_int_equal(r.cpu_hz, 180000000u);
    assert_int_equal(r.pclk1_hz, 45000000u);
    assert_int_equal(r.pclk2_hz, 90000000u);
    assert_int_equal(r.pll48_hz, 45000000u);
    assert_int_equal(r.flash_ws, 5);
    assert_int_equal(clocks_hclk_hz(), 180000000u);
    assert_int_equal(clocks_tim_apb1_hz(), 90000000u);
    assert_true(clocks_pll48_ready());

    /* PLLM = 4 (2 MHz), PLLN = 180 (VCO 360), PLLP = /2, source HSE, PLLQ = 8 (45 MHz);
     * reserved bit 29 keeps its reset value. */
    assert_int_equal(reg_fake_get(RCC_PLLCFGR),
                     (1u << 29) | (8u << 24) | (1u << 22) | (0u << 16) | (180u << 6) | 4u);
    /* 5 wait states, prefetch, instruction and data caches (ART) */
    assert_int_equal(reg_fake_get(FLASH_ACR), 5u | (1u << 8) | (1u << 9) | (1u << 10));
    /* SW = PLL, HPRE /1, PPRE1 /4 (101), PPRE2 /2 (100) */
    uint32_t cfgr = reg_fake_get(RCC_CFGR);
    assert_int_equal(cfgr & 3u, 2u);
    assert_int_equal((cfgr >> 4) & 0xFu, 0u);
    assert_int_equal((cfgr >> 10) & 7u, 5u);
    assert_int_equal((cfgr >> 13) & 7u, 4u);
    assert_int_equal(reg_fake_get(PWR_CR) & (ODEN | ODSWEN | (3u << 14)),
                     ODEN | ODSWEN | (3u << 14));

    /* RM0090 5.1.4, in this order: PWR clocked; PLL configured then on; ODEN, wait ODRDY;
     * ODSWEN, wait ODSWRDY; flash latency and prescalers; wait PLL lock; switch. */
    int pwren = reg_log_find(RCC_APB1ENR, 1u << 28, 1u << 28, 0);
    int vos = reg_log_first(PWR_CR);
    int cfg = reg_log_last(RCC_PLLCFGR);
    int pllon = reg_log_find(RCC_CR, PLLON, PLLON, 0);
    int oden = reg_log_find(PWR_CR, ODEN, ODEN, 0);
    int odsw = reg_log_find(PWR_CR, ODSWEN, ODSWEN, 0);
    int acr = reg_log_find(FLASH_ACR, 0xFu, 5u, 0);
    int ppre = reg_log_find(RCC_CFGR, 7u << 10, 5u << 10, 0);
    int sw = reg_log_find(RCC_CFGR, 3u, 2u, 0);
    before(pwren, vos);
    before(vos, pllon); /* VOS only changes while the PLL is off */
    before(cfg, pllon);
    before(pllon, oden);
    before(oden, odsw);
    before(odsw, acr);
    before(acr, sw);
    before(ppre, sw); /* APB1 /4 before SYSCLK makes it 180 (max 45) */
    int byp = reg_log_find(RCC_CR, HSEBYP, HSEBYP, 0);
    assert_int_equal(reg_log[byp].value & HSEON, 0); /* bypass chosen while HSE is off */
    before(byp, reg_log_find(RCC_CR, HSEON, HSEON, 0));
    assert_bounded();
}

static void test_no_hse_pll_from_hsi(void **state)
{
    (void)state;
    knob.hse_dead = true;
    struct clocks_report r;
    clocks_init(&r);
    assert_int_equal(r.errors, CLOCKS_ERR_HSE);
    assert_int_equal(r.source, CLOCKS_PLL_HSI);
    assert_int_equal(r.cpu_hz, 180000000u);
    /* source HSI, PLLM = 8: 16 / 8 = the same 2 MHz */
    assert_int_equal(reg_fake_get(RCC_PLLCFGR) & ((1u << 22) | 0x3Fu), 8u);
    assert_int_equal(reg_fake_get(RCC_CR) & (HSEON | HSEBYP), 0);
    assert_bounded();
}

static void test_no_overdrive_stays_on_hsi(void **state)
{
    (void)state;
    knob.od_dead = true;
    struct clocks_report r;
    clocks_init(&r);
    assert_int_equal(r.errors, CLOCKS_ERR_OVERDRIVE);
    assert_int_equal(r.source, CLOCKS_HSI);
    assert_int_equal(r.cpu_hz, 16000000u);
    assert_int_equal(r.pll48_hz, 0);
    assert_false(clocks_pll48_ready());
    assert_int_equal(reg_fake_get(PWR_CR) & (ODEN | ODSWEN), 0);
    assert_int_equal(reg_fake_get(RCC_CR) & PLLON, 0);
    assert_int_equal(reg_log_find(RCC_CFGR, 3u, 2u, 0), -1);
    assert_int_equal(reg_log_count(FLASH_ACR), 0);
    assert_bounded();

    setup(NULL);
    knob.odsw_dead = true;
    clocks_init(&r);
    assert_int_equal(r.errors, CLOCKS_ERR_OVERDRIVE);
    assert_int_equal(r.cpu_hz, 16000000u);
}

static void test_no_pll_lock_stays_on_hsi(void **state)
{
    (void)state;
    knob.pll_dead = true;
    struct clocks_report r;
    clocks_init(&r);
    assert_int_equal(r.errors, CLOCKS_ERR_PLL);
    assert_int_equal(r.cpu_hz, 16000000u);
    assert_int_equal(r.pclk1_hz, 16000000u);
    assert_int_equal(reg_log_find(RCC_CFGR, 3u, 2u, 0), -1);
    assert_int_equal(reg_fake_get(RCC_CFGR) & ((7u << 10) | (7u << 13)), 0); /* APB back to /1 */
    assert_bounded();
}

static void test_switch_fails_back_on_hsi(void **state)
{
    (void)state;
    knob.switch_dead = true;
    struct clocks_report r;
    clocks_init(&r);
    assert_int_equal(r.errors, CLOCKS_ERR_SWITCH);
    assert_int_equal(r.cpu_hz, 16000000u);
    assert_int_equal(reg_fake_get(RCC_CFGR) & (3u | (7u << 10) | (7u << 13)), 0);
    assert_int_equal(reg_fake_get(RCC_CR) & PLLON, 0);
    assert_bounded();
}

static void test_flash_latency_not_taken(void **state)
{
    (void)state;
    knob.flash_stuck = true;
    struct clocks_report r;
    clocks_init(&r);
    assert_int_equal(r.errors, CLOCKS_ERR_FLASH);
    assert_int_equal(r.cpu_hz, 16000000u);
    assert_int_equal(reg_log_find(RCC_CFGR, 3u, 2u, 0), -1);
    assert_bounded();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_180_from_hse, setup),
        cmocka_unit_test_setup(test_no_hse_pll_from_hsi, setup),
        cmocka_unit_test_setup(test_no_overdrive_stays_on_hsi, setup),
        cmocka_unit_test_setup(test_no_pll_lock_stays_on_hsi, setup),
        cmocka_unit_test_setup(test_switch_fails_back_on_hsi, setup),
        cmocka_unit_test_setup(test_flash_latency_not_taken, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
