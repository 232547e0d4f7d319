/* ARM semihosting calls: operation in r0, argument in r1, BKPT 0xAB (Thumb), result in r0
 * ("Semihosting for AArch32 and AArch64", ARM). */
#include "semihost.h"

#include <stdint.h>

#define SYS_GET_CMDLINE 0x15u
#define SYS_EXIT 0x18u
#define ADP_STOPPED_RUNTIME_ERROR_UNKNOWN 0x20023u
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

static uint32_t semihost_call(uint32_t op, uintptr_t arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register uintptr_t r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void semihost_exit(int status)
{
    semihost_call(SYS_EXIT, status == 0 ? ADP_STOPPED_APPLICATION_EXIT
                                        : ADP_STOPPED_RUNTIME_ERROR_UNKNOWN);
    for (;;)
        ;
}

int semihost_cmdline(char *buf, size_t size)
{
    if (size == 0)
        return -1;
    volatile uint32_t block[2] = {(uint32_t)(uintptr_t)buf, (uint32_t)size};
    if (semihost_call(SYS_GET_CMDLINE, (uintptr_t)block) != 0)
        return -1;
    uint32_t len = block[1]; /* the host writes back the length it used, without the NUL */
    if (len >= size)
        len = (uint32_t)size - 1;
    buf[len] = '\0';
    return (int)len;
}
