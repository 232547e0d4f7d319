/* What the native port offers boards, drivers and tests beyond the scheduler API. */
#ifndef SCHED_NATIVE_H
#define SCHED_NATIVE_H

#include "sched_port.h"

/* Delivery of signal `signo` pends `irq` (tests raise "hardware" interrupts asynchronously). */
int native_irq_bind_signal(int signo, unsigned irq);

/* Data to read on `fd` pends `irq` (SIGIO, O_ASYNC): a driver's receive interrupt. The handler of
 * `irq` must drain the fd: like an edge-triggered line, a new signal needs new data. At most
 * NATIVE_MAX_FDS bindings. Returns 0 or -1 (errno set). */
#define NATIVE_MAX_FDS 8
int native_irq_bind_fd(int fd, unsigned irq);

/* The IRQ being handled now, or -1 in thread mode. */
int native_active_irq(void);

#endif
