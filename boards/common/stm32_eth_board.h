/* The part of a board's Ethernet glue that is the same for both STM32 drivers (drivers/eth/
 * stm32_eth.h) and for the boards and model flavours that use them: reporting a failed open,
 * the interrupt's events, and the driver's counters as board_eth_stats. What differs (which
 * driver, where its DMA memory lives, the pins) stays in each board's eth.c. */
#ifndef STM32_ETH_BOARD_H
#define STM32_ETH_BOARD_H

#include <stdbool.h>

#include "board.h"
#include "stm32_eth.h"

/* True when the driver opened; otherwise logs why (the likely hardware cause) and is false. */
bool stm32_eth_board_opened(enum stm32_eth_err err, enum lan8742_err phy_err, uint8_t phy_addr);

/* The interrupt handler's events: logs a fatal bus error (with `why`, NULL: none known) and
 * says whether the poll task should run. */
bool stm32_eth_board_events(uint32_t events, const char *why);

/* The driver's counters (NULL: no device, all zero) as the board's. */
void stm32_eth_board_stats(const struct stm32_eth_stats *s, struct board_eth_stats *out);

#endif
