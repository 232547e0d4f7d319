/* NUCLEO-H743ZI2 (UM2407): clocks (clocks.c), LEDs, the user button, the log on RTT + USART3
 * (ST-LINK virtual COM port, PD8/PD9) + ITM, entropy from the RNG. Ethernet is in eth.c. */
#include "board.h"

#include "board_button.h"
#include "chip.h"
#include "clocks.h"
#include "cortex_m.h"
#include "fallback_random.h"
#include "log/itm.h"
#include "log/log.h"
#include "log/rtt.h"
#include "stm32_gpio.h"
#include "stm32_rng.h"
#include "stm32_usart.h"

#ifndef BOARD_CPU_MHZ
#define BOARD_CPU_MHZ 400
#endif

#define LOG_BAUD 115200u
#define LOG_UART_RING_BYTES 2048u
#define USART3_TX_PIN 8 /* PD8 */
#define USART3_RX_PIN 9 /* PD9 */
#define USART3_AF 7
#define LOG_UART_IRQ_PRIORITY 0xF0u /* lowest: draining the log is background work */
#define BUTTON_PIN 13 /* PC13, B1 USER: high while pressed (external pull-down) */

struct led_pin {
    uintptr_t port;
    unsigned pin;
};

static const struct led_pin leds[BOARD_LED_COUNT] = {
    [BOARD_LED_LINK] = {GPIO_PORT_BASE(GPIO_PORT_B), 0},      /* LD1 green */
    [BOARD_LED_ACTIVITY] = {GPIO_PORT_BASE(GPIO_PORT_E), 1},  /* LD2 yellow */
    [BOARD_LED_USER] = {GPIO_PORT_BASE(GPIO_PORT_B), 14},     /* LD3 red */
};

static char log_uart_ring[LOG_UART_RING_BYTES];
static struct stm32_usart log_uart;
static bool rng_clock_ok;

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

static const char *source_name(enum clocks_source s)
{
    switch (s) {
    case CLOCKS_PLL1_HSE: return "PLL1 from HSE 8 MHz (ST-LINK MCO)";
    case CLOCKS_PLL1_HSI: return "PLL1 from HSI 64 MHz";
    default: return "HSI 64 MHz";
    }
}

/* The clock tree was set before any log sink existed: report it now. */
static void log_clocks(const struct clocks_report *r)
{
    LOG_INFO("clocks: core %lu MHz, AHB %lu MHz, APB1 %lu MHz; %s, VOS%u, flash %u WS",
             (unsigned long)(r->cpu_hz / 1000000u), (unsigned long)(r->hclk_hz / 1000000u),
             (unsigned long)(r->pclk1_hz / 1000000u), source_name(r->source), r->vos,
             r->flash_ws);
    for (uint32_t bit = 1; bit; bit <<= 1)
        if (r->errors & bit)
            LOG_WARN("clocks: %s", clocks_error_text(bit));
}

void board_init(void)
{
    struct clocks_report clk;
    rng_clock_ok = clocks_init(BOARD_CPU_MHZ, &clk);

    mmio_modify32(RCC_AHB4ENR, 0,
                  RCC_AHB4ENR_GPIOEN(GPIO_PORT_B) | RCC_AHB4ENR_GPIOEN(GPIO_PORT_C) |
                      RCC_AHB4ENR_GPIOEN(GPIO_PORT_D) | RCC_AHB4ENR_GPIOEN(GPIO_PORT_E));
    mmio_modify32(RCC_APB1LENR, 0, RCC_APB1LENR_USART3EN);
    mmio_modify32(RCC_AHB2ENR, 0, RCC_AHB2ENR_RNGEN);
    (void)mmio_read32(RCC_AHB2ENR); /* read back: the clocks run before the first access below */

    for (int i = 0; i < BOARD_LED_COUNT; i++)
        stm32_gpio_output(leds[i].port, leds[i].pin);
    /* PC13 is an input without pull after reset: nothing to configure for the button. */

    stm32_gpio_alternate(GPIO_PORT_BASE(GPIO_PORT_D), USART3_TX_PIN, USART3_AF);
    stm32_gpio_alternate(GPIO_PORT_BASE(GPIO_PORT_D), USART3_RX_PIN, USART3_AF);
    stm32_usart_init(&log_uart, USART3_BASE, clocks_pclk1_hz(), LOG_BAUD, log_uart_ring,
                     sizeof log_uart_ring);
    cortex_m_nvic_enable(CHIP_USART3_IRQ, LOG_UART_IRQ_PRIORITY);

    log_rtt_init();
    log_add_sink(log_rtt_sink);
    log_add_sink(log_uart_sink);
    log_add_sink(log_itm_sink);
    log_clocks(&clk);

    if (rng_clock_ok)
        stm32_rng_enable(RNG_BASE);
    else
        LOG_WARN("RNG off: board_random() is not cryptographic");
}

uint32_t board_cpu_hz(void)
{
    return clocks_cpu_hz();
}

/* The tickless monotonic (sched/port/cortex-m/monotonic_tim2.c, SCHED_MONOTONIC tim2): TIM2's
 * clock on, and the rate it counts at. */
uint32_t board_tim2_clock_hz(void);
uint32_t board_tim2_clock_hz(void)
{
    mmio_modify32(RCC_APB1LENR, 0, RCC_APB1LENR_TIM2EN);
    (void)mmio_read32(RCC_APB1LENR);
    return clocks_tim_apb1_hz();
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

bool board_button_pressed(void)
{
    return (mmio_read32(GPIO_PORT_BASE(GPIO_PORT_C) + GPIO_IDR_OFFSET) >> BUTTON_PIN) & 1u;
}

/* The RNG on HSI48 (RM0433 section 34); after a seed or clock error (the driver restarts the RNG),
 * or without HSI48, this call answers from the documented NON-cryptographic fallback. */
uint32_t board_random(void)
{
    uint32_t value;
    if (rng_clock_ok && stm32_rng_read(RNG_BASE, &value))
        return value;
    return cortex_m_fallback_random((const volatile uint32_t *)CHIP_UID_BASE);
}

void board_reset(int code)
{
    (void)code;
    cortex_m_system_reset();
}
