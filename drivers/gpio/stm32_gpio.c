#include "stm32_gpio.h"

#define GPIO_REG(port, offset) (*(volatile uint32_t *)((port) + (offset)))
#define GPIO_MODER(p) GPIO_REG(p, 0x00)
#define GPIO_OTYPER(p) GPIO_REG(p, 0x04)
#define GPIO_OSPEEDR(p) GPIO_REG(p, 0x08)
#define GPIO_PUPDR(p) GPIO_REG(p, 0x0C)
#define GPIO_ODR(p) GPIO_REG(p, 0x14)
#define GPIO_BSRR(p) GPIO_REG(p, 0x18)
#define GPIO_AFR(p, pin) GPIO_REG(p, 0x20 + 4 * ((pin) / 8)) /* AFRL for 0..7, AFRH for 8..15 */

#define MODE_OUTPUT 1u
#define MODE_ALTERNATE 2u
#define SPEED_HIGH 2u

static void set_field(volatile uint32_t *reg, unsigned shift, uint32_t width_mask, uint32_t value)
{
    *reg = (*reg & ~(width_mask << shift)) | (value << shift);
}

void stm32_gpio_output(uintptr_t port, unsigned pin)
{
    GPIO_BSRR(port) = 1u << (pin + 16); /* start low */
    GPIO_OTYPER(port) &= ~(1u << pin);
    set_field(&GPIO_PUPDR(port), 2 * pin, 3u, 0);
    set_field(&GPIO_MODER(port), 2 * pin, 3u, MODE_OUTPUT);
}

void stm32_gpio_alternate(uintptr_t port, unsigned pin, unsigned af)
{
    set_field(&GPIO_AFR(port, pin), 4 * (pin % 8), 0xFu, af & 0xFu);
    GPIO_OTYPER(port) &= ~(1u << pin);
    set_field(&GPIO_OSPEEDR(port), 2 * pin, 3u, SPEED_HIGH);
    set_field(&GPIO_PUPDR(port), 2 * pin, 3u, 0);
    set_field(&GPIO_MODER(port), 2 * pin, 3u, MODE_ALTERNATE);
}

void stm32_gpio_write(uintptr_t port, unsigned pin, bool high)
{
    /* BSRR: one store, no read-modify-write, so no race with other pins of the port. */
    GPIO_BSRR(port) = high ? 1u << pin : 1u << (pin + 16);
}

bool stm32_gpio_output_level(uintptr_t port, unsigned pin)
{
    return (GPIO_ODR(port) >> pin) & 1u;
}
