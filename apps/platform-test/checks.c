/* Non-fatal checks of what the startup set up. Each logs "CHECK <name> ok" or "CHECK <name>
 * FAILED" after a line with the values it compared, so a failure explains itself. */
#include <string.h>

#include "chip.h"
#include "cortex_m.h"
#include "init_table.h"
#include "log/log.h"
#include "platform_test.h"
#include "stack.h"

#define RECURSE_FRAME_BYTES 128u
#define RECURSE_DEPTH 48u
#define MPU_CTRL_ENABLE (1u << 0)
#define MPU_CTRL_PRIVDEFENA (1u << 2)
#define MPU_RASR_ENABLE (1u << 0)
#define MPU_RASR_AP(rasr) (((rasr) >> 24) & 7u)

extern uint32_t __stack_guard_start[], __stack_bottom[], __stack_top[];
/* The flash image's code part runs from the vector table to the end of the init tables. */
extern void (*const vector_table[])(void);
/* The RTT control block, as a debugger sees it: the ID first. */
extern const char _SEGGER_RTT[];

static uint32_t data_word = 0x600DDA7Au; /* .data: copied from flash */
static uint32_t bss_word;                /* .bss: zeroed */

static unsigned failures;

static void check(bool ok, const char *name)
{
    if (ok) {
        LOG_INFO("CHECK %s ok", name);
    } else {
        failures++;
        LOG_ERROR("CHECK %s FAILED", name);
    }
}

__attribute__((noinline)) uint32_t platform_recurse(uint32_t depth)
{
    volatile uint8_t frame[RECURSE_FRAME_BYTES];
    frame[0] = (uint8_t)depth;
    frame[RECURSE_FRAME_BYTES - 1] = (uint8_t)(depth >> 8);
    if (depth == 0)
        return frame[0];
    /* Not a tail call: the frame stays live across the recursion. */
    return platform_recurse(depth - 1) + frame[RECURSE_FRAME_BYTES - 1];
}

static void check_init_tables(void)
{
    LOG_INFO("init: data_word=%08lx bss_word=%08lx", (unsigned long)data_word,
             (unsigned long)bss_word);
    check(data_word == 0x600DDA7Au && bss_word == 0, "init-data-bss");
}

#ifdef KIT_RAM_CODE
KIT_RAM_CODE static uint32_t ram_code_add(uint32_t a, uint32_t b)
{
    return a + b;
}

/* A function in a section of its own, copied by the chip's copy-table entry, runs from RAM. */
static void check_ram_code(void)
{
    volatile uint32_t a = 40, b = 2;
    uintptr_t at = (uintptr_t)&ram_code_add & ~(uintptr_t)1;
    uint32_t sum = ram_code_add(a, b);
    LOG_INFO("ramcode: function at %08lx returned %lu", (unsigned long)at, (unsigned long)sum);
    bool in_flash_image = at >= (uintptr_t)vector_table && at < (uintptr_t)__zero_table_end;
    check(sum == 42 && !in_flash_image, "ram-code-copied");
}
#endif

static void check_stack(void)
{
    size_t size = stack_size_bytes();
    size_t before = stack_high_water_bytes();
    uint32_t r = platform_recurse(RECURSE_DEPTH);
    size_t after = stack_high_water_bytes();
    LOG_INFO("stack: size %lu, high-water %lu before and %lu after %u frames (r=%lu)",
             (unsigned long)size, (unsigned long)before, (unsigned long)after,
             (unsigned)RECURSE_DEPTH, (unsigned long)r);
    check(size == (size_t)((uintptr_t)__stack_top - (uintptr_t)__stack_bottom), "stack-size");
    check(before < size / 4, "stack-high-water-small-at-start");
    check(after >= before + RECURSE_DEPTH * RECURSE_FRAME_BYTES && after < size,
          "stack-high-water-after-recursion");
    check(stack_high_water_bytes() == after, "stack-high-water-stays");
}

static void check_mpu_guard(void)
{
    uint32_t regions = (MPU->TYPE >> 8) & 0xFFu;
    MPU->RNR = regions - 1;
    uint32_t rbar = MPU->RBAR, rasr = MPU->RASR, ctrl = MPU->CTRL;
    LOG_INFO("mpu: %lu regions, CTRL=%08lx guard RBAR=%08lx RASR=%08lx (stack guard at %08lx)",
             (unsigned long)regions, (unsigned long)ctrl, (unsigned long)rbar,
             (unsigned long)rasr, (unsigned long)(uintptr_t)__stack_guard_start);
    check(regions >= 8 && (ctrl & MPU_CTRL_ENABLE) && (ctrl & MPU_CTRL_PRIVDEFENA) &&
              (rbar & ~0x1Fu) == (uint32_t)(uintptr_t)__stack_guard_start &&
              (rasr & MPU_RASR_ENABLE) && MPU_RASR_AP(rasr) == 0,
          "mpu-stack-guard");
    check(stack_guard_contains((uintptr_t)__stack_guard_start) &&
              !stack_guard_contains((uintptr_t)__stack_bottom),
          "stack-guard-bounds");
}

static void check_fault_setup(void)
{
    uint32_t shcsr = SCB->SHCSR, ccr = SCB->CCR;
    LOG_INFO("faults: SHCSR=%08lx CCR=%08lx", (unsigned long)shcsr, (unsigned long)ccr);
    check((shcsr & SCB_SHCSR_MEMFAULTENA) && (shcsr & SCB_SHCSR_BUSFAULTENA) &&
              (shcsr & SCB_SHCSR_USGFAULTENA) && (ccr & SCB_CCR_DIV_0_TRP),
          "fault-handlers-armed");
}

/* The banner went to RTT too: find it the way a debugger would. */
static void check_rtt(void)
{
    struct rtt_view {
        char id[16];
        int32_t max_up, max_down;
        const char *name;
        const char *buf;
        uint32_t size, wr, rd, flags;
    } const *cb = (const void *)_SEGGER_RTT;
    bool id_ok = memcmp(cb->id, "SEGGER RTT\0", 11) == 0;
    bool has_banner = false;
    for (uint32_t i = 0; id_ok && i + 13 <= cb->wr; i++)
        if (memcmp(cb->buf + i, "platform-test", 13) == 0)
            has_banner = true;
    LOG_INFO("rtt: block at %08lx, %ld up / %ld down, up 0 '%s' size %lu wr %lu",
             (unsigned long)(uintptr_t)cb, (long)cb->max_up, (long)cb->max_down,
             id_ok ? cb->name : "?", (unsigned long)cb->size, (unsigned long)cb->wr);
    check(id_ok && cb->max_up == 1 && cb->max_down == 1 && strcmp(cb->name, "Terminal") == 0 &&
              has_banner,
          "rtt-block-has-banner");
}

unsigned platform_checks_run(void)
{
    failures = 0;
    check_init_tables();
#ifdef KIT_RAM_CODE
    check_ram_code();
#endif
    check_stack();
    check_mpu_guard();
    check_fault_setup();
    check_rtt();
    return failures;
}
