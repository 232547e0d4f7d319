/* STM32 true random number generator (the same block on F4 and H7: RM0090 section 24, RM0433
 * section 34). Its kernel clock (PLL48CLK on the F4, HSI48 on the H7) and its bus clock (RCC) are
 * the board's job, before this is used. */
#ifndef STM32_RNG_H
#define STM32_RNG_H

#include <stdbool.h>
#include <stdint.h>

void stm32_rng_enable(uintptr_t base);

/* One 32-bit word from the generator: true with *out, or false when none came in time or the
 * RNG flagged a seed or clock error (SECS/CECS: its output is not to be trusted). On an error the
 * RNG is restarted for the next call; the caller falls back to what it has. */
bool stm32_rng_read(uintptr_t base, uint32_t *out);

#endif
