/* Network bring-up: the board's device, the interface, DHCP or a static address, DNS, the link,
 * and the log lines that say what the device is and what it got.
 *
 * NETAPP_DHCP (netapp/CMakeLists.txt) is 0 on a board whose address is set at build time: it has
 * no command line to ask for DHCP, so the DHCP client is not linked. The DNS client is linked
 * only into applications that call netapp_dns(). */
#include "netapp/netapp.h"

#include <string.h>

#include "board.h"
#include "log/log.h"
#include "port.h"

#ifndef NETAPP_DHCP
#define NETAPP_DHCP 1
#endif

static uint32_t board_entropy(void *ctx)
{
    (void)ctx;
    return board_random();
}

static void log_dns_servers(const net_ip4 *servers, size_t count)
{
    char a[NET_IP4_STR_MAX], b[NET_IP4_STR_MAX], c[NET_IP4_STR_MAX];
    if (count == 0)
        LOG_INFO("net: no DNS server");
    else
        LOG_INFO("net: DNS %s%s%s%s%s", net_ip4_format(servers[0], a, sizeof a),
                 count > 1 ? " " : "", count > 1 ? net_ip4_format(servers[1], b, sizeof b) : "",
                 count > 2 ? " " : "", count > 2 ? net_ip4_format(servers[2], c, sizeof c) : "");
}

/* Hands servers to the DNS client; reached through n->dns_servers, which netapp_dns() installs,
 * so DHCP does not pull the DNS client into an image that resolves nothing. */
static void dns_servers(struct netapp *n, const net_ip4 *servers, size_t count)
{
    net_dns_set_servers(&n->dns, servers, count);
    log_dns_servers(servers, count);
    n->events |= NETAPP_EV_DNS;
}

struct net_dns_client *netapp_dns(struct netapp *n)
{
    if (n->dns_on)
        return &n->dns;
    if (!n->dev)
        return NULL;
    if (net_dns_init(&n->dns, &n->iface) != NET_OK) {
        LOG_WARN("net: DNS client unavailable");
        return NULL;
    }
    n->dns_on = true;
    n->dns_servers = dns_servers;
    if (n->cfg.dns)
        dns_servers(n, &n->cfg.dns, 1);
#if NETAPP_DHCP
    else if (n->dhcp_on && net_dhcp_state(&n->dhcp) >= NET_DHCP_BOUND)
        dns_servers(n, n->dhcp.lease.dns, n->dhcp.lease.dns_count);
#endif
    return &n->dns;
}

#if NETAPP_DHCP
/* DHCP tells us from inside net_iface_poll(): note what happened and hand the servers to the
 * DNS client when there is one (a plain copy); the application hears about it when the poll
 * returns. */
static void on_dhcp(void *ctx, enum net_dhcp_event ev, const struct net_dhcp_lease *lease)
{
    struct netapp *n = ctx;
    char addr[NET_IP4_STR_MAX], gw[NET_IP4_STR_MAX], server[NET_IP4_STR_MAX];
    switch (ev) {
    case NET_DHCP_EV_BOUND:
        LOG_INFO("net: DHCP bound %s/%u gw %s server %s lease %lu s",
                 net_ip4_format(lease->addr, addr, sizeof addr), (unsigned)lease->prefix_len,
                 lease->router ? net_ip4_format(lease->router, gw, sizeof gw) : "none",
                 net_ip4_format(lease->server, server, sizeof server),
                 (unsigned long)lease->lease_s);
        n->events |= NETAPP_EV_ADDRESS;
        if (!n->cfg.dns && n->dns_servers)
            n->dns_servers(n, lease->dns, lease->dns_count);
        break;
    case NET_DHCP_EV_RENEWED:
        LOG_INFO("net: DHCP renewed %s, lease %lu s", net_ip4_format(lease->addr, addr, sizeof addr),
                 (unsigned long)lease->lease_s);
        break;
    case NET_DHCP_EV_LOST:
        LOG_WARN("net: DHCP lease lost (%s)", net_ip4_format(lease->addr, addr, sizeof addr));
        n->events |= NETAPP_EV_ADDRESS_LOST;
        break;
    }
}
#endif

static void log_config(const struct netapp *n)
{
    char mac[NET_MAC_STR_MAX], ip[NET_IP4_STR_MAX], gw[NET_IP4_STR_MAX];
    net_mac_format(&n->cfg.mac, mac, sizeof mac);
    if (n->cfg.addr)
        LOG_INFO("net: mac %s ip %s/%u gw %s", mac, net_ip4_format(n->cfg.addr, ip, sizeof ip),
                 (unsigned)n->cfg.prefix_len,
                 n->cfg.gateway ? net_ip4_format(n->cfg.gateway, gw, sizeof gw) : "none");
    else
        LOG_INFO("net: mac %s ip DHCP", mac);
}

bool netapp_start(struct netapp *n, const struct netapp_config *cfg)
{
    memset(n, 0, sizeof *n);
    n->cfg = *cfg;
#if defined(KIT_NATIVE)
    /* A board's values come from the build, which config.cmake checked when it configured (the
     * same rules); native ones from a command line or a test. */
    const char *why = netapp_config_check(cfg);
    if (why) {
        LOG_ERROR("net: bad configuration: %s", why);
        return false;
    }
#endif
    n->dev = board_eth_open(cfg->ifname, cfg->mac.b);
    if (!n->dev) {
        LOG_WARN("net: no Ethernet device on this board: network off");
        return false;
    }
    if (netapp_port_bind_irq(n->dev) != 0) {
        n->dev = NULL;
        return false;
    }
    struct net_iface_config ic = {
        .dev = n->dev,
        .mac = cfg->mac,
        .entropy = board_entropy,
        .hold_storage = n->hold,
        .hold_size = sizeof n->hold,
    };
    net_iface_init(&n->iface, &ic);
    log_config(n);

    if (cfg->addr) {
        net_iface_set_ipv4(&n->iface, cfg->addr, cfg->prefix_len);
        net_iface_set_gateway(&n->iface, cfg->gateway);
        n->events |= NETAPP_EV_ADDRESS;
    } else {
#if NETAPP_DHCP
        n->dhcp_on = net_dhcp_start(&n->dhcp, &n->iface, cfg->hostname, on_dhcp, n) == NET_OK;
        if (!n->dhcp_on)
            LOG_ERROR("net: cannot start DHCP");
#else
        LOG_ERROR("net: no address: this image has no DHCP client (IP_ADDRESS was set)");
#endif
    }
    n->link_up = net_iface_link_up(&n->iface);
    LOG_INFO("net: link %s", n->link_up ? "up" : "down");
    return true;
}

bool netapp_irq(void)
{
    return board_eth_irq();
}

uint32_t netapp_poll(struct netapp *n, uint64_t now_us)
{
    if (!n->dev)
        return 0;
    net_iface_poll(&n->iface, now_us);
    uint32_t ev = n->events;
    n->events = 0;
    return ev;
}

uint64_t netapp_poll_at(const struct netapp *n, uint64_t now_us)
{
    if (!n->dev)
        return UINT64_MAX;
    /* Events noted before the first poll (a static address at start) want a poll now. */
    return n->events ? now_us : net_iface_poll_at(&n->iface, now_us);
}

uint32_t netapp_link_watch(struct netapp *n, uint64_t now_us)
{
    (void)now_us;
    if (!n->dev)
        return 0;
    bool up = net_iface_link_up(&n->iface);
    if (up == n->link_up)
        return 0;
    n->link_up = up;
    LOG_INFO("net: link %s", up ? "up" : "down");
    if (!up)
        return NETAPP_EV_LINK_DOWN;
    /* Whatever was learnt before may be stale on the link we came back to. */
    net_iface_flush(&n->iface);
#if NETAPP_DHCP
    if (n->dhcp_on)
        net_dhcp_restart(&n->dhcp);
#endif
    return NETAPP_EV_LINK_UP;
}
