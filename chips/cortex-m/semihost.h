/* ARM semihosting (the debugger or QEMU `-semihosting-config enable=on` acts as the host).
 * Only for images that run under such a host: without one, the BKPT these use is a HardFault. */
#ifndef CORTEX_M_SEMIHOST_H
#define CORTEX_M_SEMIHOST_H

#include <stddef.h>

/* SYS_EXIT: ends the emulator. status 0 reports ADP_Stopped_ApplicationExit (QEMU exits 0), any
 * other value ADP_Stopped_RunTimeErrorUnknown (QEMU exits 1). */
__attribute__((noreturn)) void semihost_exit(int status);

/* SYS_GET_CMDLINE: the command line the host was given (QEMU: "<kernel> <-append text>").
 * Writes a NUL-terminated string into buf; returns its length, or -1 if the host refused. */
int semihost_cmdline(char *buf, size_t size);

#endif
