/* NUCLEO-F429ZI (UM1974) on its reset clock: LEDs, the log on RTT + USART3 (ST-LINK virtual COM
 * port, PD8/PD9) + ITM, entropy. Ethernet, PLL and the button come with issue 9. */
#include "board.h"

#include "chip.h"
#include "clocks.h"
#include "cortex_m.h"
#include "fallback_random.h"
#include "log/itm.h"
#include "log/log.h"
#include "log/rtt.h"
#include "stm32_gpio.h"
#include "stm32_usart.h"

#define LOG_BAUD 115200u
#define LOG_UART_RING_BYTES 2048u
#define USART3_TX_PIN 8 /* PD8 */
#define USART3_RX_PIN 9 /* PD9 */
#define USART3_AF 7
#define LOG_UART_IRQ_PRIORITY 0xF0u /* lowest: draining the log is background work */
#define RNG_READY_SPIN_LIMIT 10000u

struct led_pin {
    uintptr_t port;
    unsigned pin;
};

static const struct led_pin leds[BOARD_LED_COUNT] = {
    [BOARD_LED_LINK] = {GPIO_PORT_BASE(GPIO_PORT_B), 0},     /* LD1 green */
    [BOARD_LED_ACTIVITY] = {GPIO_PORT_BASE(GPIO_PORT_B), 7}, /* LD2 blue */
    [BOARD_LED_USER] = {GPIO_PORT_BASE(GPIO_PORT_B), 14},    /* LD3 red */
};

static char log_uart_ring[LOG_UART_RING_BYTES];
static struct stm32_usart log_uart;

void CORTEX_M_IRQ_HANDLER(CHIP_USART3_IRQ)(void);
void CORTEX_M_IRQ_HANDLER(CHIP_USART3_IRQ)(void)
{
    stm32_usart_irq(&log_uart);
}

static void log_uart_sink(const char *line, size_t len)
{
    if (log_is_panicking())
        stm32_usart_write_polled(&log_uart, line, len);
    else if (!stm32_usart_write(&log_uart, line, len))
        log_dropped_add(1);
}

void board_init(void)
{
    clocks_init();

    RCC_AHB1ENR |= RCC_AHB1ENR_GPIOEN(GPIO_PORT_B) | RCC_AHB1ENR_GPIOEN(GPIO_PORT_D);
    RCC_APB1ENR |= RCC_APB1ENR_USART3EN;
    RCC_AHB2ENR |= RCC_AHB2ENR_RNGEN;
    (void)RCC_AHB2ENR; /* read back: the clocks run before the first register access below */

    for (int i = 0; i < BOARD_LED_COUNT; i++)
        stm32_gpio_output(leds[i].port, leds[i].pin);

    stm32_gpio_alternate(GPIO_PORT_BASE(GPIO_PORT_D), USART3_TX_PIN, USART3_AF);
    stm32_gpio_alternate(GPIO_PORT_BASE(GPIO_PORT_D), USART3_RX_PIN, USART3_AF);
    stm32_usart_init(&log_uart, USART3_BASE, clocks_pclk1_hz(), LOG_BAUD, log_uart_ring,
                     sizeof log_uart_ring);
    cortex_m_nvic_enable(CHIP_USART3_IRQ, LOG_UART_IRQ_PRIORITY);

    log_rtt_init();
    log_add_sink(log_rtt_sink);
    log_add_sink(log_uart_sink);
    log_add_sink(log_itm_sink);

    if (!clocks_pll48_ready())
        LOG_WARN("no PLL48CLK on HSI: RNG off, board_random() is not cryptographic");
}

uint32_t board_cpu_hz(void)
{
    return clocks_cpu_hz();
}

void board_led_set(enum board_led led, bool on)
{
    if (led < BOARD_LED_COUNT)
        stm32_gpio_write(leds[led].port, leds[led].pin, on);
}

void board_led_toggle(enum board_led led)
{
    if (led < BOARD_LED_COUNT)
        board_led_set(led, !stm32_gpio_output_level(leds[led].port, leds[led].pin));
}

/* The F4 RNG runs only on PLL48CLK (RM0090 section 24), which comes from the main PLL. On the
 * HSI-only clock of this issue the PLL is off, so until issue 9's clock setup starts it (PLLQ for
 * 48 MHz) this answers from the documented NON-cryptographic fallback. With the PLL up, the RNG
 * is started on first use; a seed or clock error (SECS/CECS) restarts it and falls back once. */
uint32_t board_random(void)
{
    if (clocks_pll48_ready()) {
        if (!(RNG_CR & RNG_CR_RNGEN))
            RNG_CR = RNG_CR_RNGEN;
        for (uint32_t spin = 0; spin < RNG_READY_SPIN_LIMIT; spin++) {
            uint32_t sr = RNG_SR;
            if (sr & (RNG_SR_SECS | RNG_SR_CECS))
                break;
            if (sr & RNG_SR_DRDY) {
                uint32_t value = RNG_DR;
                if (value != 0) /* reads 0 after an error that raced with DRDY */
                    return value;
            }
        }
        RNG_CR &= ~RNG_CR_RNGEN;
        RNG_SR &= ~(RNG_SR_SEIS | RNG_SR_CEIS);
        RNG_CR |= RNG_CR_RNGEN;
    }
    return cortex_m_fallback_random((const volatile uint32_t *)CHIP_UID_BASE);
}

void board_reset(int code)
{
    (void)code;
    cortex_m_system_reset();
}

/* Ethernet: no driver yet (the board's issue adds it). Applications log "no device" and idle. */
struct net_device *board_eth_open(const char *ifname, const uint8_t mac[6])
{
    (void)ifname;
    (void)mac;
    return NULL;
}

bool board_eth_irq(void)
{
    return false;
}

void board_eth_stats(struct board_eth_stats *out)
{
    *out = (struct board_eth_stats){0};
}
