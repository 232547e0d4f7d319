/* netapp on a Linux process: the command line, and the TAP fd as the Ethernet interrupt. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log/log.h"
#include "netapp/config.h"
#include "port.h"
#include "sched_native.h"
#include "tap_netdev.h"

void netapp_config_load(struct netapp_config *cfg, const char *hostname,
                        const struct netapp_option *extra, size_t extra_count)
{
    netapp_config_defaults(cfg, hostname);
    char err[160];
    enum netapp_args_result r =
        netapp_args_parse(cfg, native_argc, native_argv, extra, extra_count, err, sizeof err);
    if (r == NETAPP_ARGS_OK)
        return;
    static char usage[2048];
    netapp_args_usage(native_argc > 0 ? native_argv[0] : hostname, extra, extra_count, usage,
                      sizeof usage);
    if (r == NETAPP_ARGS_HELP) {
        fputs(usage, stdout);
        exit(0);
    }
    fprintf(stderr, "error: %s\n%s", err, usage);
    exit(2);
}

int netapp_port_bind_irq(struct net_device *dev)
{
#ifdef BOARD_ETH_IRQ_BY_BOARD
    /* The board raises BOARD_ETH_IRQ itself (the DMA-model flavours: the model's line). */
    (void)dev;
    return 0;
#else
    if (native_irq_bind_fd(tap_netdev_fd(tap_netdev_of(dev)), BOARD_ETH_IRQ) != 0) {
        LOG_ERROR("netapp: cannot bind the TAP to IRQ %d: %s", BOARD_ETH_IRQ, strerror(errno));
        return -1;
    }
    return 0;
#endif
}
