/* Register-sequence test of the boards' Ethernet bring-up (eth_hw.c of each NUCLEO board): the nine
 * RMII pins in AF11 at very high speed, push-pull, no pull, and nothing else touched; the RMII
 * interface selected in SYSCFG before the MAC's clocks start (and, on the F4, while the MAC is
 * held in reset); the MAC's clocks on, then reset released. Built once per board (BOARD_H7 or
 * BOARD_F4), with the GPIO ports as plain memory (fake_gpio.h) and the rest on reg_fake. Pins
 * from UM2407 / UM1974 ("Ethernet"), registers from RM0433 / RM0090. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

#include "eth_hw.h"
#include "fake_gpio.h"
#include "reg_fake.h"

uint32_t fake_gpio[FAKE_GPIO_PORTS][FAKE_GPIO_WORDS];

enum { MODER, OTYPER, OSPEEDR, PUPDR, IDR, ODR, BSRR, LCKR, AFRL, AFRH };
enum { PA, PB, PC, PD, PE, PF, PG };

static const struct {
    int port, pin;
} rmii[] = {{PA, 1}, {PA, 2}, {PA, 7}, {PC, 1}, {PC, 4}, {PC, 5}, {PG, 11}, {PG, 13}, {PB, 13}};
#define RMII_COUNT (sizeof rmii / sizeof rmii[0])

#if defined(BOARD_H7)
#define RCC 0x58024400u
#define RCC_GPIO_EN (RCC + 0xE0u) /* AHB4ENR */
#define RCC_ETH_EN (RCC + 0xD8u)  /* AHB1ENR */
#define ETH_EN_BITS ((1u << 15) | (1u << 16) | (1u << 17))
#define RCC_ETH_RST (RCC + 0x80u) /* AHB1RSTR */
#define ETH_RST_BIT (1u << 15)
#define SYSCFG 0x58000400u
#define SYSCFG_SEL (SYSCFG + 0x04u) /* PMCR */
#define SEL_MASK (7u << 21)
#define SEL_RMII (4u << 21)
#define RCC_SYSCFG_EN (RCC + 0xF4u) /* APB4ENR */
#define SYSCFG_EN_BIT (1u << 1)
/* RM0433 GPIO reset values: analog mode everywhere except the debug pins. */
static const uint32_t reset_moder[7] = {0xABFFFFFFu, 0xFFFFFEBFu, 0xFFFFFFFFu, 0xFFFFFFFFu,
                                        0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu};
#else
#define RCC 0x40023800u
#define RCC_GPIO_EN (RCC + 0x30u) /* AHB1ENR */
#define RCC_ETH_EN (RCC + 0x30u)
#define ETH_EN_BITS ((1u << 25) | (1u << 26) | (1u << 27))
#define RCC_ETH_RST (RCC + 0x10u) /* AHB1RSTR */
#define ETH_RST_BIT (1u << 25)
#define SYSCFG 0x40013800u
#define SYSCFG_SEL (SYSCFG + 0x04u) /* PMC */
#define SEL_MASK (1u << 23)
#define SEL_RMII (1u << 23)
#define RCC_SYSCFG_EN (RCC + 0x44u) /* APB2ENR */
#define SYSCFG_EN_BIT (1u << 14)
/* RM0090 GPIO reset values: input everywhere except the debug pins. */
static const uint32_t reset_moder[7] = {0xA8000000u, 0x00000280u, 0, 0, 0, 0, 0};
#endif
static const uint32_t reset_ospeedr[7] = {0x0C000000u, 0x000000C0u, 0, 0, 0, 0, 0};
static const uint32_t reset_pupdr[7] = {0x64000000u, 0x00000100u, 0, 0, 0, 0, 0};

static uint32_t expected[7][10];

static int setup(void **state)
{
    (void)state;
    reg_fake_init();
    reg_fake_map(RCC, 0x400);
    reg_fake_map(SYSCFG, 0x400);
    reg_fake_map_memory((uintptr_t)fake_gpio, sizeof fake_gpio, &fake_gpio[0][0]);
    memset(fake_gpio, 0, sizeof fake_gpio);
    for (int p = 0; p < 7; p++) {
        fake_gpio[p][MODER] = reset_moder[p];
        fake_gpio[p][OSPEEDR] = reset_ospeedr[p];
        fake_gpio[p][PUPDR] = reset_pupdr[p];
    }
    for (int p = 0; p < 7; p++)
        memcpy(expected[p], fake_gpio[p], sizeof expected[p]);
    for (size_t i = 0; i < RMII_COUNT; i++) {
        uint32_t *e = expected[rmii[i].port];
        unsigned pin = (unsigned)rmii[i].pin;
        e[MODER] = (e[MODER] & ~(3u << 2 * pin)) | 2u << 2 * pin;     /* alternate */
        e[OSPEEDR] = (e[OSPEEDR] & ~(3u << 2 * pin)) | 3u << 2 * pin; /* very high */
        e[PUPDR] &= ~(3u << 2 * pin);                                  /* no pull */
        e[OTYPER] &= ~(1u << pin);                                     /* push-pull */
        e[AFRL + pin / 8] = (e[AFRL + pin / 8] & ~(0xFu << 4 * (pin % 8))) | 11u << 4 * (pin % 8);
    }
    return 0;
}

static void test_pin_table_is_the_boards(void **state)
{
    (void)state;
    assert_int_equal(ETH_RMII_PIN_COUNT, RMII_COUNT);
    assert_int_equal(ETH_RMII_AF, 11);
    for (size_t i = 0; i < RMII_COUNT; i++) {
        assert_int_equal(eth_rmii_pins[i].port, rmii[i].port);
        assert_int_equal(eth_rmii_pins[i].pin, rmii[i].pin);
    }
}

static void test_pins_configured_and_nothing_else(void **state)
{
    (void)state;
    eth_hw_init();
    for (int p = 0; p < 7; p++)
        for (int r = 0; r < 10; r++) {
            if (r == IDR || r == BSRR)
                continue;
            if (fake_gpio[p][r] != expected[p][r])
                fail_msg("port %c register %d: %08x, expected %08x", 'A' + p, r,
                         (unsigned)fake_gpio[p][r], (unsigned)expected[p][r]);
        }
}

static void test_clocks_select_and_reset_order(void **state)
{
    (void)state;
    eth_hw_init();
    int gpio_clk = reg_log_find(RCC_GPIO_EN, 0x47u, 0x47u, 0); /* A, B, C, G */
    int first_gpio_write = -1;
    for (unsigned i = 0; i < reg_log_len; i++)
        if (reg_log[i].addr >= (uintptr_t)fake_gpio &&
            reg_log[i].addr < (uintptr_t)fake_gpio + sizeof fake_gpio) {
            first_gpio_write = (int)i;
            break;
        }
    assert_true(gpio_clk >= 0 && first_gpio_write > gpio_clk);

    int syscfg_clk = reg_log_find(RCC_SYSCFG_EN, SYSCFG_EN_BIT, SYSCFG_EN_BIT, 0);
    int select = reg_log_find(SYSCFG_SEL, SEL_MASK, SEL_RMII, 0);
    int eth_clk = reg_log_find(RCC_ETH_EN, ETH_EN_BITS, ETH_EN_BITS, 0);
    assert_true(syscfg_clk >= 0 && select > syscfg_clk);
    assert_true(eth_clk > select); /* interface chosen before the MAC's clocks start */
    assert_int_equal(reg_fake_get(SYSCFG_SEL) & SEL_MASK, SEL_RMII);
    assert_int_equal(reg_fake_get(RCC_ETH_EN) & ETH_EN_BITS, ETH_EN_BITS);
    /* the MAC ends out of reset, and its reset was released after its clocks started */
    assert_int_equal(reg_fake_get(RCC_ETH_RST) & ETH_RST_BIT, 0);
    int released = reg_log_find(RCC_ETH_RST, ETH_RST_BIT, 0, 0);
    int held = reg_log_find(RCC_ETH_RST, ETH_RST_BIT, ETH_RST_BIT, 0);
    assert_true(held >= 0 && released > held);
    assert_true(released > eth_clk);
#if defined(BOARD_F4)
    /* RM0090: MII_RMII_SEL only while the MAC is held in reset */
    assert_true(held < select);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_pin_table_is_the_boards, setup),
        cmocka_unit_test_setup(test_pins_configured_and_nothing_else, setup),
        cmocka_unit_test_setup(test_clocks_select_and_reset_order, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
