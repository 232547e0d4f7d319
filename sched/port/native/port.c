/* Native side of the scheduler's start-up and idle, and the command line boards and apps read. */
#include <unistd.h>

#include "sched_port.h"

int native_argc;
char **native_argv;

void sched_port_start(void)
{
    native_basepri = 0;
    sched_port_cs_exit(0); /* "cpsie i": runs whatever init spawned */
}

/* Every interrupt source is a signal whose handler runs the work itself; nothing is ever left
 * pending for thread mode, so sleeping until the next signal cannot miss a wake-up. */
void sched_port_idle(void)
{
    pause();
}
