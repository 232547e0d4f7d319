#include "fallback_random.h"

#include "cortex_m.h"

uint32_t cortex_m_fallback_random(const volatile uint32_t *uid)
{
    static uint32_t state;
    if (state == 0) {
        state = 0x9E3779B9u;
        if (uid)
            state ^= uid[0] ^ (uid[1] << 7) ^ (uid[2] << 13);
    }
    /* Both counters read as 0 when not running; the xorshift still moves on. */
    state ^= SYSTICK->VAL ^ DWT_CYCCNT;
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state ? state : (state = 0x9E3779B9u);
}
