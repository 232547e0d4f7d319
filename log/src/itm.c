/* ITM stimulus port 0 (ARMv7-M ARM, appendix "ITM"): a read of the port returns 1 when its FIFO
 * can take another write; the write's width (8 or 32 bits) sets the packet size. */
#include "log/itm.h"

#include <stdint.h>
#include <string.h>

#include "cortex_m.h"
#include "critical.h"
#include "log/log.h"

#define ITM_STIM0_U32 (*(volatile uint32_t *)0xE0000000u)
#define ITM_STIM0_U8 (*(volatile uint8_t *)0xE0000000u)
#define ITM_TER REG32(0xE0000E00u)
#define ITM_TCR REG32(0xE0000E80u)
#define ITM_TCR_ITMENA (1u << 0)
#define ITM_STIM_READY (1u << 0)

/* At a 2 MHz SWO a 32-bit packet drains in ~25 us; a few thousand polls cover that on any clock
 * here, and an unread SWO pin costs no more than that once per line. */
#define ITM_READY_SPIN_LIMIT 4000u

static bool itm_port0_enabled(void)
{
    /* With TRCENA clear the ITM is not clocked: check it before touching ITM registers. */
    return (COREDEBUG_DEMCR & DEMCR_TRCENA) && (ITM_TCR & ITM_TCR_ITMENA) && (ITM_TER & 1u);
}

static bool itm_wait_ready(void)
{
    for (unsigned spin = 0; spin < ITM_READY_SPIN_LIMIT; spin++)
        if (ITM_STIM0_U32 & ITM_STIM_READY)
            return true;
    return false;
}

void log_itm_sink(const char *line, size_t len)
{
    if (!itm_port0_enabled())
        return;
    uint32_t state = log_critical_enter();
    size_t i = 0;
    bool ok = true;
    for (; ok && i + 4 <= len; i += 4) {
        /* One (unaligned) load: on a little-endian core the first character is the low byte,
         * the one the port sends first. */
        _Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "ITM words are little-endian");
        uint32_t word;
        memcpy(&word, line + i, 4);
        if ((ok = itm_wait_ready()))
            ITM_STIM0_U32 = word;
    }
    for (; ok && i < len; i++)
        if ((ok = itm_wait_ready()))
            ITM_STIM0_U8 = (uint8_t)line[i];
    log_critical_exit(state);
    if (!ok)
        log_dropped_add(1);
}
