/* Cortex-M7 L1 caches: invalidate then enable (ARMv7-M ARM, B2.2.7). Cores without caches
 * (Cortex-M4) report CLIDR = 0 and are left alone. */
#include "cortex_m.h"

void cortex_m_caches_enable(void)
{
    if (SCB->CLIDR == 0 || (SCB->CCR & SCB_CCR_IC))
        return;

    cortex_m_dsb();
    cortex_m_isb();
    SCB_ICIALLU = 0;
    cortex_m_dsb();
    cortex_m_isb();
    SCB->CCR |= SCB_CCR_IC;

    /* D-cache: invalidate every set and way of level 1, then enable. */
    SCB->CSSELR = 0;
    cortex_m_dsb();
    uint32_t ccsidr = SCB->CCSIDR;
    uint32_t sets = ((ccsidr >> 13) & 0x7FFFu) + 1;
    uint32_t ways = ((ccsidr >> 3) & 0x3FFu) + 1;
    uint32_t way_shift = (uint32_t)__builtin_clz(ways - 1 ? ways - 1 : 1);
    uint32_t line_shift = (ccsidr & 7u) + 4;
    for (uint32_t set = 0; set < sets; set++)
        for (uint32_t way = 0; way < ways; way++)
            SCB_DCISW = (way << way_shift) | (set << line_shift);
    cortex_m_dsb();
    SCB->CCR |= SCB_CCR_DC;
    cortex_m_dsb();
    cortex_m_isb();
}
