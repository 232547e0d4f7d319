/* The board's side of the Ethernet on the NUCLEO-F429ZI (UM1974 "Ethernet"): the LAN8742A's
 * RMII pins, the SYSCFG interface select, the MAC's clocks and reset. Apart from eth.c so the
 * register-sequence tests can run it against a recording bus. */
#ifndef NUCLEO_F429ZI_ETH_HW_H
#define NUCLEO_F429ZI_ETH_HW_H

#include <stdint.h>

struct eth_pin {
    uint8_t port; /* GPIO_PORT_x */
    uint8_t pin;
};

#define ETH_RMII_AF 11u
#define ETH_RMII_PIN_COUNT 9
/* REF_CLK PA1, MDIO PA2, CRS_DV PA7, MDC PC1, RXD0 PC4, RXD1 PC5, TX_EN PG11, TXD0 PG13,
 * TXD1 PB13 (UM1974 "Ethernet pins", solder bridges at their default). */
extern const struct eth_pin eth_rmii_pins[ETH_RMII_PIN_COUNT];

/* SYSCFG selects RMII while the MAC is still in reset with its clocks off, then its clocks
 * start and it is reset again; the pins are set to AF11 at very high speed. */
void eth_hw_init(void);

#endif
