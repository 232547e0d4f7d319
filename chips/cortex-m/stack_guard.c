/* The MPU guard under the main stack (ARMv7-M ARM B3.5, PMSAv7). A push past the bottom of the
 * stack hits a region nobody may access, so an overflow is a MemManage fault at the faulting
 * instruction, not silent corruption. The fault handlers move to their own stack first
 * (chips/cortex-m/fault.c), since the overflowing one is unusable. */
#include "cortex_m.h"
#include "stack.h"

extern uint32_t __stack_guard_start[], __stack_guard_end[];

#define MPU_CTRL_ENABLE (1u << 0)
#define MPU_CTRL_PRIVDEFENA (1u << 2)
#define MPU_RBAR_VALID (1u << 4)
#define MPU_RASR_ENABLE (1u << 0)
#define MPU_RASR_SIZE(log2_bytes) (((log2_bytes) - 1u) << 1)
#define MPU_RASR_AP_NO_ACCESS (0u << 24)
#define MPU_RASR_XN (1u << 28)
#define MPU_TYPE_DREGION(type) (((type) >> 8) & 0xFFu)

bool stack_guard_contains(uintptr_t addr)
{
    return addr >= (uintptr_t)__stack_guard_start && addr < (uintptr_t)__stack_guard_end;
}

void stack_guard_enable(void)
{
    uint32_t regions = MPU_TYPE_DREGION(MPU->TYPE);
    if (regions == 0)
        return; /* no MPU on this core: the guard is only a gap */
    uint32_t base = (uint32_t)(uintptr_t)__stack_guard_start;
    uint32_t size = (uint32_t)((uintptr_t)__stack_guard_end - (uintptr_t)__stack_guard_start);
    uint32_t log2_size = (uint32_t)__builtin_ctz(size); /* the linker script checks power of two */

    cortex_m_dsb();
    MPU->RNR = regions - 1;
    MPU->RBAR = base;
    MPU->RASR = MPU_RASR_XN | MPU_RASR_AP_NO_ACCESS | MPU_RASR_SIZE(log2_size) | MPU_RASR_ENABLE;
    MPU->CTRL |= MPU_CTRL_PRIVDEFENA | MPU_CTRL_ENABLE;
    cortex_m_dsb();
    cortex_m_isb();
}
