/* STM32 RNG (stm32_rng.h). */
#include "stm32_rng.h"

#include "mmio.h"

#define RNG_CR 0x00u
#define RNG_CR_RNGEN (1u << 2)
#define RNG_SR 0x04u
#define RNG_SR_DRDY (1u << 0)
#define RNG_SR_CECS (1u << 1) /* clock error: the kernel clock is too slow or stopped */
#define RNG_SR_SECS (1u << 2) /* seed error: a faulty sequence in the noise source */
#define RNG_SR_CEIS (1u << 5)
#define RNG_SR_SEIS (1u << 6)
#define RNG_DR 0x08u

/* A word takes 40 RNG clock cycles: far below this many status reads at any clock. */
#define READY_SPIN_LIMIT 10000u

void stm32_rng_enable(uintptr_t base)
{
    mmio_write32(base + RNG_CR, RNG_CR_RNGEN);
}

bool stm32_rng_read(uintptr_t base, uint32_t *out)
{
    if (!(mmio_read32(base + RNG_CR) & RNG_CR_RNGEN))
        stm32_rng_enable(base);
    for (uint32_t spin = 0; spin < READY_SPIN_LIMIT; spin++) {
        uint32_t sr = mmio_read32(base + RNG_SR);
        if (sr & (RNG_SR_SECS | RNG_SR_CECS))
            break;
        if (sr & RNG_SR_DRDY) {
            uint32_t value = mmio_read32(base + RNG_DR);
            if (value != 0) { /* reads 0 after an error that raced with DRDY */
                *out = value;
                return true;
            }
        }
    }
    /* The reference manuals' recovery: clear the interrupt flags with RNGEN off, then on. */
    mmio_modify32(base + RNG_CR, RNG_CR_RNGEN, 0);
    mmio_modify32(base + RNG_SR, RNG_SR_SEIS | RNG_SR_CEIS, 0);
    mmio_modify32(base + RNG_CR, 0, RNG_CR_RNGEN);
    return false;
}
