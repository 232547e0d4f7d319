/* Fault handlers: log what the fault status registers and the stacked frame say, then stop:
 * exit through semihosting (test images), reset (KIT_FAULT_RESET=1 release builds), or halt
 * (BKPT when a debugger is attached, else spin).
 *
 * A stack overflow leaves MSP pointing into the MPU guard, where every push faults again. So the
 * entry stubs switch to a small stack of their own before running any C, and the report reads
 * the stacked frame only when the hardware managed to write it. */
#include <stdint.h>

#include "cortex_m.h"
#include "log/log.h"
#include "semihost.h"
#include "stack.h"

#ifndef KIT_FAULT_RESET
#define KIT_FAULT_RESET 0 /* 1 in release builds: reset instead of halting */
#endif

/* Enough for the report: log_panic's line buffer, the formatter and a sink (see the .su files). */
#define FAULT_STACK_BYTES 1024
#define STR_(x) #x
#define STR(x) STR_(x)

__attribute__((used, aligned(8))) uint8_t cortex_m_fault_stack[FAULT_STACK_BYTES];

static volatile bool exit_via_semihosting;
static volatile uint32_t fault_depth;

void cortex_m_fault_exit_via_semihosting(bool enable)
{
    exit_via_semihosting = enable;
}

__attribute__((noreturn)) void cortex_m_system_reset(void)
{
    cortex_m_dsb();
    SCB->AIRCR = SCB_AIRCR_VECTKEY | SCB_AIRCR_SYSRESETREQ;
    cortex_m_dsb();
    for (;;)
        ;
}

static const char *exception_name(uint32_t exception)
{
    switch (exception) {
    case 2: return "NMI";  /* when no driver claims it: startup.c's default_handler */
    case 3: return "HardFault";
    case 4: return "MemManage";
    case 5: return "BusFault";
    case 6: return "UsageFault";
    default: return exception >= 16 ? "unclaimed IRQ" : "unclaimed exception";
    }
}

struct status_bit {
    uint32_t mask;
    const char *name;
};

static const struct status_bit cfsr_bits[] = {
    {CFSR_IACCVIOL, "IACCVIOL"},     {CFSR_DACCVIOL, "DACCVIOL"},       {CFSR_MUNSTKERR, "MUNSTKERR"},
    {CFSR_MSTKERR, "MSTKERR"},       {CFSR_MLSPERR, "MLSPERR"},         {CFSR_MMARVALID, "MMARVALID"},
    {CFSR_IBUSERR, "IBUSERR"},       {CFSR_PRECISERR, "PRECISERR"},     {CFSR_IMPRECISERR, "IMPRECISERR"},
    {CFSR_UNSTKERR, "UNSTKERR"},     {CFSR_STKERR, "STKERR"},           {CFSR_LSPERR, "LSPERR"},
    {CFSR_BFARVALID, "BFARVALID"},   {CFSR_UNDEFINSTR, "UNDEFINSTR"},   {CFSR_INVSTATE, "INVSTATE"},
    {CFSR_INVPC, "INVPC"},           {CFSR_NOCP, "NOCP"},               {CFSR_UNALIGNED, "UNALIGNED"},
    {CFSR_DIVBYZERO, "DIVBYZERO"},
};

static const struct status_bit hfsr_bits[] = {
    {HFSR_VECTTBL, "VECTTBL"}, {HFSR_FORCED, "FORCED"}, {HFSR_DEBUGEVT, "DEBUGEVT"}};

/* "NAME NAME ..." for the bits set, so nobody has to decode hex at the bench. */
static void append_names(char *buf, size_t size, size_t *len, uint32_t value,
                         const struct status_bit *bits, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (!(value & bits[i].mask))
            continue;
        if (*len && *len + 1 < size)
            buf[(*len)++] = ' ';
        for (const char *s = bits[i].name; *s && *len + 1 < size; s++)
            buf[(*len)++] = *s;
    }
    buf[*len] = '\0';
}

/* The frame is trustworthy only if exception entry wrote it completely and it is not in the
 * guard (reading there would fault again). */
static bool frame_readable(const uint32_t *frame, uint32_t cfsr)
{
    uintptr_t at = (uintptr_t)frame;
    if (!frame || (at & 3u) || (cfsr & (CFSR_MSTKERR | CFSR_STKERR)))
        return false;
    return !stack_guard_contains(at) && !stack_guard_contains(at + 8 * sizeof(uint32_t) - 1);
}

static void report(const uint32_t *frame)
{
    uint32_t exception = SCB_ICSR_VECTACTIVE(SCB->ICSR);
    uint32_t cfsr = SCB->CFSR, hfsr = SCB->HFSR;
    log_panic("FAULT %s (exception %lu) CFSR=%08lx HFSR=%08lx MMFAR=%08lx BFAR=%08lx",
              exception_name(exception), (unsigned long)exception, (unsigned long)cfsr,
              (unsigned long)hfsr, (unsigned long)SCB->MMFAR, (unsigned long)SCB->BFAR);

    char names[112];
    size_t len = 0;
    names[0] = '\0';
    append_names(names, sizeof names, &len, cfsr, cfsr_bits, sizeof cfsr_bits / sizeof cfsr_bits[0]);
    append_names(names, sizeof names, &len, hfsr, hfsr_bits, sizeof hfsr_bits / sizeof hfsr_bits[0]);
    log_panic("FAULT cause: %s", len ? names : "(no status bit set)");

    if (frame_readable(frame, cfsr))
        log_panic("FAULT stacked PC=%08lx LR=%08lx PSR=%08lx R0=%08lx R12=%08lx",
                  (unsigned long)frame[6], (unsigned long)frame[5], (unsigned long)frame[7],
                  (unsigned long)frame[0], (unsigned long)frame[4]);
    else
        log_panic("FAULT stacked frame at %08lx unreadable (stacking failed or in the stack guard)",
                  (unsigned long)(uintptr_t)frame);
    /* A bus error while stacking means the stack's memory itself failed: do not scan it. */
    if (!(cfsr & CFSR_STKERR))
        log_panic("FAULT main stack high-water %lu of %lu bytes",
                  (unsigned long)stack_high_water_bytes(), (unsigned long)stack_size_bytes());
}

__attribute__((noreturn)) static void stop(void)
{
    if (exit_via_semihosting)
        semihost_exit(1);
    if (KIT_FAULT_RESET)
        cortex_m_system_reset();
    if (COREDEBUG_DHCSR & DHCSR_C_DEBUGEN)
        __asm__ volatile("bkpt 0");
    for (;;)
        ;
}

__attribute__((noreturn, used)) void cortex_m_fault_report(const uint32_t *frame)
{
    uint32_t depth = fault_depth++;
    if (depth == 0)
        report(frame);
    else if (depth == 1)
        log_panic("FAULT again while reporting: stopping");
    stop();
}

/* r0 = the stacked frame, on MSP or PSP depending on EXC_RETURN bit 2. Then SP moves to the fault
 * stack, unless we already run on it (a fault inside the report: keep what is there). */
#define FAULT_ENTRY(name)                                                                          \
    __attribute__((naked)) void name(void)                                                         \
    {                                                                                              \
        __asm__ volatile("tst lr, #4\n"                                                            \
                         "ite eq\n"                                                                \
                         "mrseq r0, msp\n"                                                         \
                         "mrsne r0, psp\n"                                                         \
                         "movw r2, #:lower16:cortex_m_fault_stack\n"                               \
                         "movt r2, #:upper16:cortex_m_fault_stack\n"                               \
                         "sub r3, sp, r2\n"                                                        \
                         "cmp r3, #" STR(FAULT_STACK_BYTES) "\n"                                   \
                         "bls 1f\n"                                                                \
                         "add r2, r2, #" STR(FAULT_STACK_BYTES) "\n"                               \
                         "mov sp, r2\n"                                                            \
                         "1: b cortex_m_fault_report\n");                                          \
    }

void hardfault_handler(void);
void memmanage_handler(void);
void busfault_handler(void);
void usagefault_handler(void);
FAULT_ENTRY(hardfault_handler)
FAULT_ENTRY(memmanage_handler)
FAULT_ENTRY(busfault_handler)
FAULT_ENTRY(usagefault_handler)
