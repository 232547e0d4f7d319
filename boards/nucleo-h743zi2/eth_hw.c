/* RMII pins, interface select, clocks and reset of the H743's Ethernet MAC (RM0433 section 58.4
 * "Ethernet pins and internal signals", 12.3.2 SYSCFG_PMCR, 8.7 RCC). */
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
    mmio_modify32(RCC_AHB4ENR, 0,
                  RCC_AHB4ENR_GPIOEN(GPIO_PORT_A) | RCC_AHB4ENR_GPIOEN(GPIO_PORT_B) |
                      RCC_AHB4ENR_GPIOEN(GPIO_PORT_C) | RCC_AHB4ENR_GPIOEN(GPIO_PORT_G));
    mmio_modify32(RCC_APB4ENR, 0, RCC_APB4ENR_SYSCFGEN);
    (void)mmio_read32(RCC_APB4ENR); /* the clocks run before the first access below */

    /* The PHY interface is chosen before the MAC's clocks start (RM0433 SYSCFG_PMCR.EPIS). */
    mmio_modify32(SYSCFG_PMCR, SYSCFG_PMCR_EPIS_MASK, SYSCFG_PMCR_EPIS_RMII);

    for (unsigned i = 0; i < ETH_RMII_PIN_COUNT; i++) {
        uintptr_t port = GPIO_PORT_BASE(eth_rmii_pins[i].port);
        unsigned pin = eth_rmii_pins[i].pin;
        stm32_gpio_alternate(port, pin, ETH_RMII_AF);
        /* stm32_gpio_alternate picks "high"; RMII's 50 MHz wants the fastest edges. */
        mmio_modify32(port + GPIO_OSPEEDR_OFFSET, 3u << (2 * pin), GPIO_OSPEED_VERY_HIGH << (2 * pin));
    }

    mmio_modify32(RCC_AHB1ENR, 0, RCC_AHB1ENR_ETH1MACEN | RCC_AHB1ENR_ETH1TXEN | RCC_AHB1ENR_ETH1RXEN);
    (void)mmio_read32(RCC_AHB1ENR);
    mmio_modify32(RCC_AHB1RSTR, 0, RCC_AHB1RSTR_ETH1MACRST);
    mmio_modify32(RCC_AHB1RSTR, RCC_AHB1RSTR_ETH1MACRST, 0);
}
