/* mqtt-stream: the kit's MQTT client over the kit's TCP, streaming QoS 1 and QoS 2 messages
 * both ways (the device side of tests/integration/test_mqtt_loss.py). Declared in one place:
 *
 *   eth_irq   hardware task on the Ethernet interrupt, priority 4: spawns net_poll
 *   net_poll  priority 3: runs the stack; the socket's waker spawns mqtt from inside it
 *   mqtt      priority 2: the client; publishes the stream at its rate; re-armed for the next
 *             deadline (the client's, or the next message due)
 *   tick      priority 1, every second: link watch, progress in the log
 *
 * `net` (interface, TCP, socket) has ceiling 3; `st` (client and stream) ceiling 2. */
#ifndef MQTT_STREAM_APP_DEF_H
#define MQTT_STREAM_APP_DEF_H

#include <stdint.h>

#include "stream.h"

#define SCHED_APP_INIT stream_init
#define SCHED_APP_RESOURCES(RES) RES(net, stream_net_t, {0}) RES(st, stream_t, {0})
#define SCHED_APP_TASKS(SW, HW, IDLE)                                                              \
    HW(eth_irq, 4, BOARD_ETH_IRQ)                                                                  \
    SW(net_poll, 3, 4, uint32_t, net)                                                              \
    SW(mqtt, 2, 4, uint32_t, net, st)                                                              \
    SW(tick, 1, 1, uint32_t, net, st)

#include "sched/app.h"

#endif
