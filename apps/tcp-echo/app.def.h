/* tcp-echo: the whole application, declared in one place (docs/scheduler.md).
 *
 *   eth_irq   hardware task on the Ethernet interrupt, priority 3: quiets the controller and
 *             spawns net_poll (frames stay in the controller until net_poll reads them)
 *   net_poll  priority 2: runs the stack, echoes what the connections received, answers counter
 *             requests, and re-arms itself for the stack's next deadline
 *   tick      priority 1, every second: link watch, throughput in the log
 *
 * `net` (the interface, TCP and the sockets) is shared by net_poll and tick: ceiling 2, so
 * net_poll uses it without a lock and tick locks it. */
#ifndef TCP_ECHO_APP_DEF_H
#define TCP_ECHO_APP_DEF_H

#include <stdint.h>

#include "tcp_echo.h"

#define SCHED_APP_INIT tcp_echo_init
#define SCHED_APP_RESOURCES(RES) RES(net, tcp_echo_t, {0})
#define SCHED_APP_TASKS(SW, HW, IDLE)                                                              \
    HW(eth_irq, 3, BOARD_ETH_IRQ)                                                                  \
    SW(net_poll, 2, 4, uint32_t, net)                                                              \
    SW(tick, 1, 1, uint32_t, net)

#include "sched/app.h"

#endif
