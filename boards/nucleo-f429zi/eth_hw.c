/* RMII pins, interface select, clocks and reset of the F429's Ethernet MAC (RM0090 section 33.4
 * "Ethernet pins", 9.2.2 SYSCFG_PMC, 6.3 RCC). */
#include "eth_hw.h"

#include "chip.h"
#include "stm32_gpio.h"

#define GPIO_OSPEED_VERY_HIGH 3u

const struct eth_pin eth_rmii_pins[ETH_RMII_PIN_COUNT] = {
    {GPIO_PORT_A, 1},  {GPIO_PORT_A, 2},  {GPIO_PORT_A, 7},  {GPIO_PORT_C, 1}, {GPIO_PORT_C, 4},
    {GPIO_PORT_C, 5},  {GPIO_PORT_G, 11}, {GPIO_PORT_G, 13}, {GPIO_PORT_B, 13},
};

void eth_hw_init(void)
{
    mmio_modify32(RCC_AHB1ENR, 0,
                  RCC_AHB1ENR_GPIOEN(GPIO_PORT_A) | RCC_AHB1ENR_GPIOEN(GPIO_PORT_B) |
                      RCC_AHB1ENR_GPIOEN(GPIO_PORT_C) | RCC_AHB1ENR_GPIOEN(GPIO_PORT_G));
    mmio_modify32(RCC_APB2ENR, 0, RCC_APB2ENR_SYSCFGEN);
    (void)mmio_read32(RCC_APB2ENR);

    /* RM0090 SYSCFG_PMC.MII_RMII_SEL: "must be done while the MAC is under reset and before
     * enabling the MAC clocks". */
    mmio_modify32(RCC_AHB1RSTR, 0, RCC_AHB1RSTR_ETHMACRST);
    mmio_modify32(SYSCFG_PMC, 0, SYSCFG_PMC_MII_RMII_SEL);
    (void)mmio_read32(SYSCFG_PMC);

    for (unsigned i = 0; i < ETH_RMII_PIN_COUNT; i++) {
        uintptr_t port = GPIO_PORT_BASE(eth_rmii_pins[i].port);
        unsigned pin = eth_rmii_pins[i].pin;
        stm32_gpio_alternate(port, pin, ETH_RMII_AF);
        /* stm32_gpio_alternate picks "fast" (50 MHz at 30 pF); RMII wants the fastest edges. */
        mmio_modify32(port + GPIO_OSPEEDR_OFFSET, 3u << (2 * pin), GPIO_OSPEED_VERY_HIGH << (2 * pin));
    }

    mmio_modify32(RCC_AHB1ENR, 0,
                  RCC_AHB1ENR_ETHMACEN | RCC_AHB1ENR_ETHMACTXEN | RCC_AHB1ENR_ETHMACRXEN);
    (void)mmio_read32(RCC_AHB1ENR);
    mmio_modify32(RCC_AHB1RSTR, RCC_AHB1RSTR_ETHMACRST, 0);
}
