/* A NON-cryptographic 32-bit source for boards whose hardware RNG is not usable (no clock yet, or
 * a seed error): xorshift32 stirred with SysTick, the DWT cycle counter and the chip's unique ID.
 * Fine for ephemeral ports and jitter; never for keys or anything an attacker must not guess. */
#ifndef CORTEX_M_FALLBACK_RANDOM_H
#define CORTEX_M_FALLBACK_RANDOM_H

#include <stdint.h>

/* uid: the chip's 96-bit unique ID (3 words), or 0 if it has none. */
uint32_t cortex_m_fallback_random(const volatile uint32_t *uid);

#endif
