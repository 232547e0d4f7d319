/* The build's network settings, as netapp/config.cmake checked and passed them. */
#include <string.h>

#include "netapp/config.h"

/* config.cmake always defines these; the fallbacks keep the file compilable on its own. */
#ifndef NETAPP_MAC_ADDRESS
#define NETAPP_MAC_ADDRESS "02:00:00:4b:49:54"
#endif
#ifndef NETAPP_IP_ADDRESS
#define NETAPP_IP_ADDRESS ""
#endif
#ifndef NETAPP_GATEWAY
#define NETAPP_GATEWAY ""
#endif
#ifndef NETAPP_DNS_SERVER
#define NETAPP_DNS_SERVER ""
#endif

void netapp_config_defaults(struct netapp_config *cfg, const char *hostname)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->hostname = hostname;
    /* Checked at configure time, so these parse; a failure leaves the field unset (DHCP, no
     * gateway) rather than inventing a value. */
    (void)net_mac_parse(NETAPP_MAC_ADDRESS, &cfg->mac);
    if (NETAPP_IP_ADDRESS[0] && !net_ip4_parse_cidr(NETAPP_IP_ADDRESS, &cfg->addr, &cfg->prefix_len))
        cfg->addr = 0;
    if (NETAPP_GATEWAY[0] && !net_ip4_parse(NETAPP_GATEWAY, &cfg->gateway))
        cfg->gateway = 0;
    if (NETAPP_DNS_SERVER[0] && !net_ip4_parse(NETAPP_DNS_SERVER, &cfg->dns))
        cfg->dns = 0;
}
