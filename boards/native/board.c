/* native: a Linux process stands in for the board. LEDs are log lines, the RNG is getrandom(),
 * the Ethernet controller is a TAP interface. */
#include "board.h"

#include <stdlib.h>
#include <sys/random.h>
#include <unistd.h>

#include "log/log.h"
#include "tap_netdev.h"

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

/* Ethernet: a TAP interface. Its fd is bound to BOARD_ETH_IRQ by the application's network
 * bring-up (netapp), through the scheduler's native port: the board does not depend on it. */
static struct tap_netdev eth;
static bool eth_open;
static uint32_t eth_irqs;

#define DEFAULT_TAP "kit0"

struct net_device *board_eth_open(const char *ifname, const uint8_t mac[6])
{
    (void)mac; /* a TAP filters nothing: the stack checks destination addresses itself */
    if (tap_netdev_open(&eth, ifname && ifname[0] ? ifname : DEFAULT_TAP) != 0)
        return NULL;
    eth_open = true;
    return &eth.dev;
}

bool board_eth_irq(void)
{
    /* A readable fd raised it, and there is no line to clear: the frames are the work. */
    eth_irqs++;
    return eth_open;
}

void board_eth_stats(struct board_eth_stats *out)
{
    *out = (struct board_eth_stats){.irqs = eth_irqs};
    if (!eth_open)
        return;
    out->rx_frames = eth.stats.rx_frames;
    out->tx_frames = eth.stats.tx_frames;
    out->rx_errors = eth.stats.rx_errors;
    out->rx_oversize = eth.stats.rx_oversize;
    out->tx_errors = eth.stats.tx_errors;
}
