/* NUCLEO-F429ZI (UM1974): clocks (clocks.c), LEDs, the user button, the log on RTT + USART3
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

#define LOG_BAUD 115200u
#define LOG_UART_RING_BYTES 2048u
#define USART3_TX_PIN 8 /* PD8 */
#define USART3_RX_PIN 9 /* PD9 */
#define USART3_AF 7
#define LOG_UART_IRQ_PRIORITY 0xF0u /* lowest: draining the log is background work */
#define BUTTON_PIN 13 /* PC13, B1 USER: high while pressed (external pull-down) */
#ifndef NUCLEO_F429ZI_QEMU
#define NUCLEO_F429ZI_QEMU 0 /* 1: linked for QEMU's netduinoplus2 (board.cmake) */
#endif
#if NUCLEO_F429ZI_QEMU
#define UID_WORDS 0 /* QEMU's netduinoplus2 has no unique ID: reading it is a bus fault */
#else
#define UID_WORDS ((const volatile uint32_t *)CHIP_UID_BASE)
#endif

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
    /* QEMU's USART model raises no transmit interrupt: the ring would never drain there. */
    if (log_is_panicking() || NUCLEO_F429ZI_QEMU)
        stm32_usart_write_polled(&log_uart, line, len);
    else if (!stm32_usart_write(&log_uart, line, len))
        log_dropped_add(1);
}

static const char *source_name(enum clocks_source src)
{
    switch (src) {
    case CLOCKS_PLL_HSE: return "PLL from HSE 8 MHz (ST-LINK MCO)";
    case CLOCKS_PLL_HSI: return "PLL from HSI 16 MHz";
    default: return "HSI 16 MHz";
    }
}

/* The clock tree was set before any log sink existed: report it now. */
static void log_clocks(const struct clocks_report *r)
{
    LOG_INFO("clocks: core %lu MHz, APB1 %lu MHz, APB2 %lu MHz, PLL48 %lu MHz; %s, flash %u WS",
             (unsigned long)(r->cpu_hz / 1000000u), (unsigned long)(r->pclk1_hz / 1000000u),
             (unsigned long)(r->pclk2_hz / 1000000u), (unsigned long)(r->pll48_hz / 1000000u),
             source_name(r->source), r->flash_ws);
    for (uint32_t bit = 1; bit; bit <<= 1)
        if (r->errors & bit)
            LOG_WARN("clocks: %s", clocks_error_text(bit));
}

void board_init(void)
{
    struct clocks_report clk;
    clocks_init(&clk);

    mmio_modify32(RCC_AHB1ENR, 0,
                  RCC_AHB1ENR_GPIOEN(GPIO_PORT_B) | RCC_AHB1ENR_GPIOEN(GPIO_PORT_C) |
                      RCC_AHB1ENR_GPIOEN(GPIO_PORT_D));
    mmio_modify32(RCC_APB1ENR, 0, RCC_APB1ENR_USART3EN);
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

    if (clocks_pll48_ready())
        stm32_rng_enable(RNG_BASE);
    else
        LOG_WARN("no PLL48CLK: RNG off, board_random() is not cryptographic");
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
    mmio_modify32(RCC_APB1ENR, 0, RCC_APB1ENR_TIM2EN);
    (void)mmio_read32(RCC_APB1ENR);
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

/* The F4 RNG runs only on PLL48CLK (RM0090 section 24), which comes from the main PLL: without
 * it (clock fallback) this answers from the documented NON-cryptographic fallback. A seed or
 * clock error (SECS/CECS) restarts the RNG and falls back once. */
uint32_t board_random(void)
{
    uint32_t value;
    if (clocks_pll48_ready() && stm32_rng_read(RNG_BASE, &value))
        return value;
    return cortex_m_fallback_random(UID_WORDS);
}

void board_reset(int code)
{
    (void)code;
    cortex_m_system_reset();
}
