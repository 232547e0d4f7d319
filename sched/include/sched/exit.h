/* Ends a test image's run with a status: exit() on native; on Cortex-M, semihosting SYS_EXIT when
 * the image is built for a semihosting host (compile definition KIT_SEMIHOSTING=1, QEMU's
 * -semihosting-config), otherwise a reset (a BKPT with no host would be a fault). */
#ifndef SCHED_EXIT_H
#define SCHED_EXIT_H

#if defined(KIT_NATIVE)
#include <stdlib.h>
#define sched_exit(code) exit(code)
#elif defined(KIT_SEMIHOSTING) && KIT_SEMIHOSTING
#include "semihost.h"
#define sched_exit(code) semihost_exit(code)
#else
#include "board.h"
#define sched_exit(code) board_reset(code)
#endif

#endif
