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

/* ---- Ethernet: the board's controller as the stack's network device (net/device.h) ----------
 *
 * board_eth_open starts the controller with this MAC address and returns its device, or NULL
 * when the board has none (yet) or it does not answer. `ifname` names the host interface where
 * the board has a choice (native: the TAP interface to attach to or create); others ignore it.
 *
 * Its interrupt is BOARD_ETH_IRQ (a compile definition from board.cmake, a plain literal so it
 * can name a hardware task's vector). The application's hardware task on that IRQ calls
 * board_eth_irq() first: it quiets the interrupt and says whether the stack has work (frames,
 * a link change); the frames themselves are read by the poll task. */
struct net_device;

struct board_eth_stats {
    uint32_t rx_frames, tx_frames; /* moved between the controller and the stack */
    uint32_t rx_errors;            /* frames the controller flagged or failed to read */
    uint32_t rx_oversize;          /* frames longer than the MTU allows: dropped by the driver */
    uint32_t rx_missed;            /* frames the controller lost, its receive FIFO/queue full */
    uint32_t tx_errors;            /* frames the controller refused or lost */
    uint32_t irqs;                 /* interrupts taken */
};

struct net_device *board_eth_open(const char *ifname, const uint8_t mac[6]);
bool board_eth_irq(void);
/* The driver's own counters (all zero without a device). */
void board_eth_stats(struct board_eth_stats *out);

#endif
