/* Minimal ARMv7-M core register definitions (addresses and bits from the ARMv7-M Architecture
 * Reference Manual) and the few core helpers the kit needs. No vendor headers. */
#ifndef CORTEX_M_H
#define CORTEX_M_H

#include <stdbool.h>
#include <stdint.h>

#define REG32(addr) (*(volatile uint32_t *)(addr))

typedef struct {
    volatile uint32_t CPUID, ICSR, VTOR, AIRCR, SCR, CCR;
    volatile uint8_t SHPR[12];
    volatile uint32_t SHCSR, CFSR, HFSR, DFSR, MMFAR, BFAR, AFSR;
    volatile uint32_t ID_PFR[2], ID_DFR, ID_AFR, ID_MMFR[4], ID_ISAR[5];
    uint32_t reserved0;
    volatile uint32_t CLIDR, CTR, CCSIDR, CSSELR, CPACR;
} scb_regs_t;
#define SCB ((scb_regs_t *)0xE000ED00u)

#define SCB_ICSR_PENDSVSET (1u << 28)
#define SCB_AIRCR_VECTKEY (0x05FAu << 16)
#define SCB_AIRCR_SYSRESETREQ (1u << 2)
#define SCB_SCR_SLEEPDEEP (1u << 2)
#define SCB_CCR_DIV_0_TRP (1u << 4)
#define SCB_CCR_UNALIGN_TRP (1u << 3)
#define SCB_CCR_STKALIGN (1u << 9)
#define SCB_CCR_DC (1u << 16)
#define SCB_CCR_IC (1u << 17)
#define SCB_SHCSR_MEMFAULTENA (1u << 16)
#define SCB_SHCSR_BUSFAULTENA (1u << 17)
#define SCB_SHCSR_USGFAULTENA (1u << 18)
#define SCB_ICSR_VECTACTIVE(icsr) ((icsr) & 0x1FFu)

/* Configurable Fault Status Register bits: MemManage [7:0], BusFault [15:8], UsageFault [31:16]. */
#define CFSR_IACCVIOL (1u << 0)
#define CFSR_DACCVIOL (1u << 1)
#define CFSR_MUNSTKERR (1u << 3)
#define CFSR_MSTKERR (1u << 4)
#define CFSR_MLSPERR (1u << 5)
#define CFSR_MMARVALID (1u << 7)
#define CFSR_IBUSERR (1u << 8)
#define CFSR_PRECISERR (1u << 9)
#define CFSR_IMPRECISERR (1u << 10)
#define CFSR_UNSTKERR (1u << 11)
#define CFSR_STKERR (1u << 12)
#define CFSR_LSPERR (1u << 13)
#define CFSR_BFARVALID (1u << 15)
#define CFSR_UNDEFINSTR (1u << 16)
#define CFSR_INVSTATE (1u << 17)
#define CFSR_INVPC (1u << 18)
#define CFSR_NOCP (1u << 19)
#define CFSR_UNALIGNED (1u << 24)
#define CFSR_DIVBYZERO (1u << 25)
#define HFSR_VECTTBL (1u << 1)
#define HFSR_FORCED (1u << 30)
#define HFSR_DEBUGEVT (1u << 31)

typedef struct {
    volatile uint32_t ISER[16];
    uint32_t reserved0[16];
    volatile uint32_t ICER[16];
    uint32_t reserved1[16];
    volatile uint32_t ISPR[16];
    uint32_t reserved2[16];
    volatile uint32_t ICPR[16];
    uint32_t reserved3[16];
    volatile uint32_t IABR[16];
    uint32_t reserved4[48];
    volatile uint8_t IPR[496];
} nvic_regs_t;
#define NVIC ((nvic_regs_t *)0xE000E100u)
#define NVIC_STIR REG32(0xE000EF00u)

typedef struct {
    volatile uint32_t CTRL, LOAD, VAL, CALIB;
} systick_regs_t;
#define SYSTICK ((systick_regs_t *)0xE000E010u)
#define SYSTICK_CTRL_ENABLE (1u << 0)
#define SYSTICK_CTRL_TICKINT (1u << 1)
#define SYSTICK_CTRL_CLKSOURCE (1u << 2)
#define SYSTICK_CTRL_COUNTFLAG (1u << 16)

typedef struct {
    volatile uint32_t TYPE, CTRL, RNR, RBAR, RASR;
} mpu_regs_t;
#define MPU ((mpu_regs_t *)0xE000ED90u)

/* Cache maintenance (ARMv7-M, Cortex-M7). */
#define SCB_ICIALLU REG32(0xE000EF50u)
#define SCB_DCIMVAC REG32(0xE000EF5Cu)
#define SCB_DCISW REG32(0xE000EF60u)
#define SCB_DCCMVAC REG32(0xE000EF68u)
#define SCB_DCCSW REG32(0xE000EF6Cu)
#define SCB_DCCIMVAC REG32(0xE000EF70u)

#define COREDEBUG_DHCSR REG32(0xE000EDF0u)
#define DHCSR_C_DEBUGEN (1u << 0) /* a debugger is attached and halting debug is enabled */
#define COREDEBUG_DEMCR REG32(0xE000EDFCu)
#define DEMCR_TRCENA (1u << 24)
#define DWT_CTRL REG32(0xE0001000u)
#define DWT_CYCCNT REG32(0xE0001004u)

static inline void cortex_m_dsb(void) { __asm__ volatile("dsb 0xF" ::: "memory"); }
static inline void cortex_m_isb(void) { __asm__ volatile("isb 0xF" ::: "memory"); }

static inline uint32_t cortex_m_primask_save_disable(void)
{
    uint32_t primask;
    __asm__ volatile("mrs %0, primask\n cpsid i" : "=r"(primask)::"memory");
    return primask;
}

static inline void cortex_m_primask_restore(uint32_t primask)
{
    __asm__ volatile("msr primask, %0" ::"r"(primask) : "memory");
}

/* Enables IRQ irq in the NVIC at an 8-bit priority (0 = highest; the chip ignores the low bits
 * it does not implement). */
static inline void cortex_m_nvic_enable(unsigned irq, uint8_t priority)
{
    NVIC->IPR[irq] = priority;
    NVIC->ISER[irq / 32] = 1u << (irq % 32);
}

/* Chip hook the startup runs before the copy/zero tables (clocks of extra RAMs): must not use
 * .data or .bss. A chip defines it in chips/<chip>/; the weak default does nothing. */
void chip_early_init(void);

/* I-cache and D-cache on, where the core has them (Cortex-M7); a no-op elsewhere. */
void cortex_m_caches_enable(void);

/* Reports a fault (registers and the stacked frame, if any) on the log, then halts or resets. */
__attribute__((noreturn)) void cortex_m_fault_report(const uint32_t *stacked_frame);

/* Test images under QEMU: after the report, end the emulator through semihosting SYS_EXIT (exit
 * status 1) instead of halting, so a test sees the fault at once. Never set without a
 * semihosting host: the BKPT would be a second fault. */
void cortex_m_fault_exit_via_semihosting(bool enable);

/* Requests a system reset. */
__attribute__((noreturn)) void cortex_m_system_reset(void);

#endif
