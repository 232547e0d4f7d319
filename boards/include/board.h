/* The narrow interface every board implements (boards/<board>/board.c). Applications and the
 * stack see the hardware only through this and the drivers it hands out. */
#ifndef BOARD_H
#define BOARD_H

#include <stdbool.h>
#include <stdint.h>

enum board_led {
    BOARD_LED_LINK,     /* green: Ethernet link up */
    BOARD_LED_ACTIVITY, /* yellow/blue: toggles on traffic */
    BOARD_LED_USER,     /* red: heartbeat (playground) or the `led` setting (mqtt-device) */
    BOARD_LED_COUNT
};

/* Clocks, pins, log sinks. Runs first in main(), interrupts off. */
void board_init(void);

/* Core clock actually running (after any fallback). */
uint32_t board_cpu_hz(void);

void board_led_set(enum board_led led, bool on);
void board_led_toggle(enum board_led led);

/* 32 random bits from the board's entropy source (hardware RNG, or the best the target has). */
uint32_t board_random(void);

/* Asks for a reset; on native, ends the process with the given code. */
__attribute__((noreturn)) void board_reset(int code);

#endif
