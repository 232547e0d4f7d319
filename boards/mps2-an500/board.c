/* MPS2 boards under QEMU (AN500 Cortex-M7, AN386 Cortex-M4): UART0 log, FPGAIO LEDs, LAN9118
 * Ethernet. */
#include "board.h"

#include "chip.h"
#include "cmsdk_uart.h"
#include "cortex_m.h"
#include "lan9118_netdev.h"
#include "log/log.h"
#include "log/rtt.h"

#define FPGAIO_LED REG32(MPS2_FPGAIO_BASE + 0x00)

/* Whole lines under PRIMASK, so lines logged from different priorities never interleave. QEMU's
 * UART never reports a full FIFO, so the section stays short here. */
static void uart0_sink(const char *line, size_t len)
{
    uint32_t primask = cortex_m_primask_save_disable();
    cmsdk_uart_write(MPS2_UART0_BASE, line, len);
    cortex_m_primask_restore(primask);
}

void board_init(void)
{
    cmsdk_uart_init(MPS2_UART0_BASE, CHIP_SYSCLK_HZ, 115200);
    log_add_sink(uart0_sink);
    /* RTT too: harmless without a debugger, and the on-target tests read it from QEMU's memory. */
    log_rtt_init();
    log_add_sink(log_rtt_sink);
}

uint32_t board_cpu_hz(void)
{
    return CHIP_SYSCLK_HZ;
}

static uint8_t led_state;

void board_led_set(enum board_led led, bool on)
{
    uint8_t bit = (uint8_t)(1u << led);
    led_state = on ? (uint8_t)(led_state | bit) : (uint8_t)(led_state & ~bit);
    FPGAIO_LED = led_state; /* the MPS2 has two user LEDs; the third exists only in the log */
}

void board_led_toggle(enum board_led led)
{
    board_led_set(led, !(led_state & (1u << led)));
}

/* No entropy source is modelled: mix the SysTick counter with a fixed-seed xorshift. Good enough
 * for ephemeral ports under QEMU; the real boards use their hardware RNG. */
uint32_t board_random(void)
{
    static uint32_t state = 0x9E3779B9u;
    state ^= SYSTICK->VAL;
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}

void board_reset(int code)
{
    (void)code;
    cortex_m_system_reset();
}

/* Ethernet: the LAN9118. QEMU maps it at 0xA0000000 on the AN500 but at 0x40200000 on the
 * AN385/AN386 images (hw/arm/mps2.c); the interrupt is 13 on both (BOARD_ETH_IRQ). */
#ifdef BOARD_MPS2_AN386
#define ETH_BASE 0x40200000u
#else
#define ETH_BASE MPS2_LAN9118_BASE
#endif

static struct lan9118_netdev eth;
static bool eth_open;

struct net_device *board_eth_open(const char *ifname, const uint8_t mac[6])
{
    (void)ifname;
    if (lan9118_netdev_open(&eth, ETH_BASE, mac) != 0)
        return NULL;
    eth_open = true;
    return &eth.dev;
}

bool board_eth_irq(void)
{
    if (!eth_open)
        return false;
    return lan9118_netdev_irq(&eth) != 0;
}

void board_eth_stats(struct board_eth_stats *out)
{
    *out = (struct board_eth_stats){0};
    if (!eth_open)
        return;
    lan9118_netdev_update_stats(&eth);
    out->rx_frames = eth.stats.rx_frames;
    out->tx_frames = eth.stats.tx_frames;
    out->rx_errors = eth.stats.rx_errors;
    out->rx_oversize = eth.stats.rx_oversize;
    out->rx_missed = eth.stats.rx_missed;
    out->irqs = eth.stats.irqs;
}
