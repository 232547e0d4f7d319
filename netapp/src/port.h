/* What differs between a Linux process and a microcontroller in bringing the network up. */
#ifndef NETAPP_PORT_H
#define NETAPP_PORT_H

#include "net/device.h"

/* Makes the device's receive events raise BOARD_ETH_IRQ. Cortex-M: nothing to do (the
 * controller's line is that IRQ, enabled by the scheduler for the hardware task). Native: the
 * TAP fd is bound to it. Returns 0, or -1 after logging why. */
int netapp_port_bind_irq(struct net_device *dev);

#endif
