/* Fault handlers: log what the fault status registers and the stacked frame say, then halt under
 * a debugger (or in a debug build) or reset (release build). */
#include <stdint.h>

#include "cortex_m.h"
#include "log/log.h"

#ifndef KIT_FAULT_RESET
#define KIT_FAULT_RESET 0 /* 1 in release builds: reset instead of halting */
#endif

__attribute__((noreturn)) void cortex_m_system_reset(void)
{
    cortex_m_dsb();
    SCB->AIRCR = SCB_AIRCR_VECTKEY | SCB_AIRCR_SYSRESETREQ;
    cortex_m_dsb();
    for (;;)
        ;
}

__attribute__((noreturn, used)) void cortex_m_fault_report(const uint32_t *frame)
{
    uint32_t icsr = SCB->ICSR;
    log_panic("FAULT exception %lu CFSR=%08lx HFSR=%08lx MMFAR=%08lx BFAR=%08lx",
              (unsigned long)(icsr & 0x1FFu), (unsigned long)SCB->CFSR, (unsigned long)SCB->HFSR,
              (unsigned long)SCB->MMFAR, (unsigned long)SCB->BFAR);
    if (frame)
        log_panic("FAULT stacked PC=%08lx LR=%08lx PSR=%08lx R0=%08lx R12=%08lx",
                  (unsigned long)frame[6], (unsigned long)frame[5], (unsigned long)frame[7],
                  (unsigned long)frame[0], (unsigned long)frame[4]);
    if (KIT_FAULT_RESET)
        cortex_m_system_reset();
    for (;;)
        __asm__ volatile("bkpt 0");
}

/* The stacked frame is on MSP or PSP depending on EXC_RETURN bit 2. */
#define FAULT_ENTRY(name)                                                                          \
    __attribute__((naked)) void name(void)                                                         \
    {                                                                                              \
        __asm__ volatile("tst lr, #4\n"                                                            \
                         "ite eq\n"                                                                \
                         "mrseq r0, msp\n"                                                         \
                         "mrsne r0, psp\n"                                                         \
                         "b cortex_m_fault_report\n");                                             \
    }

void hardfault_handler(void);
void memmanage_handler(void);
void busfault_handler(void);
void usagefault_handler(void);
FAULT_ENTRY(hardfault_handler)
FAULT_ENTRY(memmanage_handler)
FAULT_ENTRY(busfault_handler)
FAULT_ENTRY(usagefault_handler)
