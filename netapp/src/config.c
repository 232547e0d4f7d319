/* The build's network settings, as netapp/config.cmake checked them and netapp/CMakeLists.txt
 * passed them: numbers, so no image parses its own build-time addresses. */
#include <string.h>

#include "netapp/config.h"

/* CMake always defines these; the fallbacks (config.cmake's defaults: DHCP) keep the file
 * compilable on its own. */
#ifndef NETAPP_MAC_BYTES
#define NETAPP_MAC_BYTES 0x02, 0x00, 0x00, 0x4b, 0x49, 0x54
#endif
#ifndef NETAPP_IP_ADDR
#define NETAPP_IP_ADDR 0u /* 0: DHCP */
#endif
#ifndef NETAPP_IP_PREFIX
#define NETAPP_IP_PREFIX 0
#endif
#ifndef NETAPP_GATEWAY_ADDR
#define NETAPP_GATEWAY_ADDR 0u
#endif
#ifndef NETAPP_DNS_ADDR
#define NETAPP_DNS_ADDR 0u
#endif

void netapp_config_defaults(struct netapp_config *cfg, const char *hostname)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->hostname = hostname;
    cfg->mac = (struct net_mac){{NETAPP_MAC_BYTES}};
    cfg->addr = NETAPP_IP_ADDR;
    cfg->prefix_len = NETAPP_IP_PREFIX;
    cfg->gateway = NETAPP_GATEWAY_ADDR;
    cfg->dns = NETAPP_DNS_ADDR;
}
