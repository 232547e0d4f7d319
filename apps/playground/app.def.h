/* playground: the whole application, declared in one place (docs/scheduler.md), laid out as
 * the seed's RTIC application (docs/playground.md):
 *
 *   eth_irq     hardware task on the Ethernet interrupt, priority 4: quiets the controller and
 *               spawns net_poll (frames stay in the controller until net_poll reads them)
 *   net_poll    priority 3: runs the stack, serves TCP/UDP echo and iperf, blinks the activity
 *               LED, and re-arms itself for the stack's next deadline
 *   stats       priority 2, every second: rx and tx throughput in the log
 *   heartbeat   priority 2, every 500 ms: toggles the user LED (a 1 Hz blink); runs without a
 *               network too
 *   link_watch  priority 1 (the lowest), every second: the link, and the link LED after it
 *
 * `net` (the interface, TCP, the sockets, the counters) is shared by net_poll, stats and
 * link_watch: ceiling 3, so net_poll uses it without a lock and the other two lock it. */
#ifndef PLAYGROUND_APP_DEF_H
#define PLAYGROUND_APP_DEF_H

#include <stdint.h>

#include "playground.h"

#define SCHED_APP_INIT playground_init
#define SCHED_APP_RESOURCES(RES) RES(net, playground_t, {0})
#define SCHED_APP_TASKS(SW, HW, IDLE)                                                              \
    HW(eth_irq, 4, BOARD_ETH_IRQ)                                                                  \
    SW(net_poll, 3, 4, uint32_t, net)                                                              \
    SW(stats, 2, 1, uint32_t, net)                                                                 \
    SW(heartbeat, 2, 1, uint32_t)                                                                  \
    SW(link_watch, 1, 1, uint32_t, net)

#include "sched/app.h"

#endif
