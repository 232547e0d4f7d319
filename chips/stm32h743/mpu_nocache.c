/* The Ethernet DMA reads descriptors and frames straight from RAM and writes them back there;
 * with the D-cache on, the core would see stale lines and the DMA would miss writes still in the
 * cache. Rather than clean and invalidate every line around every handover (and get the 32-byte
 * line granularity right for 16-byte descriptors), the whole of SRAM3 is mapped non-cacheable
 * (ARMv7-M ARM B3.5, PMSAv7; TEX=001 C=0 B=0 is Normal non-cacheable). The Ethernet driver's
 * state that only the core touches stays in cached DTCM. */
#include "cortex_m.h"
#include "mpu_nocache.h"

#define MPU_RBAR_VALID (1u << 4)
#define MPU_RBAR_REGION(n) ((uint32_t)(n) << 0)
#define MPU_RASR_ENABLE (1u << 0)
#define MPU_RASR_SIZE(log2_bytes) (((log2_bytes) - 1u) << 1)
#define MPU_RASR_SHAREABLE (1u << 18)
#define MPU_RASR_TEX_NORMAL_NOCACHE (1u << 19) /* TEX=001, with C=0 B=0 */
#define MPU_RASR_AP_FULL (3u << 24)
#define MPU_RASR_XN (1u << 28)
#define MPU_TYPE_DREGION(type) (((type) >> 8) & 0xFFu)

#define NOCACHE_REGION 0u

void mpu_nocache_init(void)
{
    if (MPU_TYPE_DREGION(MPU->TYPE) < 2)
        return; /* need this region and the stack guard's above it */
    cortex_m_dsb();
    MPU->RBAR = MPU_NOCACHE_BASE | MPU_RBAR_VALID | MPU_RBAR_REGION(NOCACHE_REGION);
    MPU->RASR = MPU_RASR_XN | MPU_RASR_AP_FULL | MPU_RASR_TEX_NORMAL_NOCACHE | MPU_RASR_SHAREABLE |
                MPU_RASR_SIZE(MPU_NOCACHE_LOG2_SIZE) | MPU_RASR_ENABLE;
    cortex_m_dsb();
    cortex_m_isb();
}
