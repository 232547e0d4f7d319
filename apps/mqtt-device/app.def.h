/* mqtt-device: the whole application, declared in one place (docs/scheduler.md).
 *
 *   eth_irq    hardware task on the Ethernet interrupt, priority 4: quiets the controller and
 *              spawns net_poll (frames stay in the controller until net_poll reads them)
 *   net_poll   priority 3: runs the stack (DHCP, DNS, TCP), toggles the activity LED on traffic,
 *              re-arms itself for the stack's next deadline; the MQTT socket's waker spawns
 *              mqtt from inside it
 *   mqtt       priority 2: the MQTT client and the settings layer (requests, replies, dumps),
 *              re-armed for their next deadline; a changed `led` spawns led
 *   telemetry  priority 1, every `telemetry_period` seconds: one telemetry message
 *   link_watch priority 1, every second: the link LED; on link loss the connection is dropped,
 *              when the link is back the session is re-established at once
 *   led        priority 1: drives the user LED to the `led` setting and logs it
 *
 * `net` (interface, TCP, the socket) has ceiling 3: net_poll uses it without a lock, the others
 * lock it. `dev` (client, settings layer) has ceiling 2: mqtt uses it without a lock.
 * led touches no resource: its message is the new state. */
#ifndef MQTT_DEVICE_APP_DEF_H
#define MQTT_DEVICE_APP_DEF_H

#include <stdint.h>

#include "mqtt_device.h"

#define SCHED_APP_INIT mqttdev_init
#define SCHED_APP_RESOURCES(RES) RES(net, mqttdev_net_t, {0}) RES(dev, mqttdev_t, {0})
#define SCHED_APP_TASKS(SW, HW, IDLE)                                                              \
    HW(eth_irq, 4, BOARD_ETH_IRQ)                                                                  \
    SW(net_poll, 3, 4, uint32_t, net)                                                              \
    SW(mqtt, 2, 4, uint32_t, net, dev)                                                             \
    SW(telemetry, 1, 2, uint32_t, net, dev)                                                        \
    SW(link_watch, 1, 1, uint32_t, net)                                                       \
    SW(led, 1, 2, uint8_t)

#include "sched/app.h"

#endif
