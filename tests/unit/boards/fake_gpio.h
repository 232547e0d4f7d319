/* Forced into the boards' eth_hw.c for the host tests: GPIO ports become plain memory. */
#ifndef FAKE_GPIO_H
#define FAKE_GPIO_H

#include <stdint.h>

#define FAKE_GPIO_PORTS 11
#define FAKE_GPIO_WORDS 256 /* a port's 1 KiB */
extern uint32_t fake_gpio[FAKE_GPIO_PORTS][FAKE_GPIO_WORDS];
#define GPIO_PORT_BASE(port) ((uintptr_t)fake_gpio[port])

#endif
