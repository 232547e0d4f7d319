/* native: a Linux process stands in for the board. LEDs are log lines, the RNG is getrandom().
 * The Ethernet hook is in a file of its own (eth_tap.c here; the model flavours native-h7model
 * and native-f4model put a NUCLEO driver on a DMA model there and reuse this file). */
#include "board.h"

#include <stdlib.h>
#include <sys/random.h>
#include <unistd.h>

#include "log/log.h"

static void stdout_sink(const char *line, size_t len)
{
    /* write(2) is async-signal-safe: the native port runs tasks from signal handlers. */
    while (len) {
        ssize_t n = write(STDOUT_FILENO, line, len);
        if (n <= 0)
            return;
        line += n;
        len -= (size_t)n;
    }
}

void board_init(void)
{
    log_add_sink(stdout_sink);
}

uint32_t board_cpu_hz(void)
{
    return 0; /* not meaningful for a process */
}

static bool led_state[BOARD_LED_COUNT];

void board_led_set(enum board_led led, bool on)
{
    if (led < BOARD_LED_COUNT)
        led_state[led] = on;
}

void board_led_toggle(enum board_led led)
{
    if (led < BOARD_LED_COUNT)
        led_state[led] = !led_state[led];
}

uint32_t board_random(void)
{
    uint32_t v = 0;
    if (getrandom(&v, sizeof v, 0) != (ssize_t)sizeof v)
        v ^= (uint32_t)getpid() * 2654435761u;
    return v;
}

void board_reset(int code)
{
    exit(code);
}
