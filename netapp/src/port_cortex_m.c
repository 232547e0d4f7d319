/* netapp on a microcontroller: settings come from the build only; the controller's interrupt
 * line is BOARD_ETH_IRQ already. */
#include "netapp/config.h"
#include "port.h"

void netapp_config_load(struct netapp_config *cfg, const char *hostname,
                        const struct netapp_option *extra, size_t extra_count)
{
    (void)extra;
    (void)extra_count;
    netapp_config_defaults(cfg, hostname);
}

int netapp_port_bind_irq(struct net_device *dev)
{
    (void)dev;
    return 0;
}
