/* platform-test: under QEMU, `-append <phase>` picks what to run (semihosting command line):
 *   checks (default)  init tables, stack high-water mark, MPU guard, RTT block; exit 0 if all pass
 *   rtt               log some lines to RTT, then wait for the test to read target memory
 *   <fault phase>     provoke a fault (faults.c): the fault report ends the run with exit 1
 * On boards without a semihosting host (NUCLEO) it runs the bring-up loop instead. */
#include <string.h>

#include "board.h"
#include "cortex_m.h"
#include "log/log.h"
#include "platform_test.h"
#include "semihost.h"

#if defined(BOARD_MPS2_AN500) || defined(BOARD_MPS2_AN386)
#define UNDER_QEMU 1
#else
#define UNDER_QEMU 0
#endif

/* The phase is the last word of the command line ("<image> <phase>"). */
static const char *phase_from_cmdline(char *buf, size_t size)
{
    int len = semihost_cmdline(buf, size);
    if (len <= 0)
        return "checks";
    const char *word = buf;
    for (const char *p = buf; *p; p++)
        if (*p == ' ' && p[1] && p[1] != ' ')
            word = p + 1;
    return word == buf ? "checks" : word;
}

int main(void)
{
    board_init();
    log_banner("platform-test");
    if (!UNDER_QEMU)
        platform_bringup_loop();

    cortex_m_fault_exit_via_semihosting(true);
    char cmdline[128];
    const char *phase = phase_from_cmdline(cmdline, sizeof cmdline);
    LOG_INFO("phase %s", phase);

    if (strcmp(phase, "checks") == 0) {
        unsigned failures = platform_checks_run();
        LOG_INFO("%s: %u failure(s)", failures ? "FAIL" : "PASS", failures);
        semihost_exit(failures ? 1 : 0);
    }
    if (strcmp(phase, "rtt") == 0) {
        for (unsigned i = 0; i < 3; i++)
            LOG_INFO("rtt line %u of 3", i + 1);
        LOG_INFO("rtt ready");
        for (;;)
            __asm__ volatile("wfi"); /* the test reads memory through the QEMU monitor, then quits */
    }
    if (!platform_fault_run(phase)) {
        LOG_ERROR("unknown phase '%s'", phase);
        semihost_exit(2);
    }
    LOG_ERROR("phase %s: no fault was raised", phase);
    semihost_exit(3);
}
