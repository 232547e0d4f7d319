/* netcheck's DNS check: resolves one name as soon as a DNS server is known and logs the answer
 * ("resolve: NAME -> A.B.C.D"), which the integration test looks for. */
#include "log/log.h"
#include "netcheck.h"

static void start(netcheck_t *app)
{
    enum net_err err = net_dns_start(&app->net.dns, app->resolve_name, &app->resolve_handle);
    if (err == NET_ERR_NO_ROUTE) {
        /* no server yet: DHCP may bring one (NETAPP_EV_DNS) */
        if (!app->resolve_waiting)
            LOG_INFO("resolve: %s waits for a DNS server", app->resolve_name);
        app->resolve_waiting = true;
        return;
    }
    if (err != NET_OK) {
        LOG_WARN("resolve: %s: cannot start (%s)", app->resolve_name, net_err_str(err));
        app->resolve_done = true;
        return;
    }
    app->resolve_started = true;
    LOG_INFO("resolve: %s ...", app->resolve_name);
}

static void finish(netcheck_t *app)
{
    net_ip4 addrs[NET_DNS_MAX_ADDRS];
    size_t count = 0;
    uint32_t ttl = 0;
    enum net_dns_status st = net_dns_result(&app->net.dns, app->resolve_handle, addrs,
                                            NET_DNS_MAX_ADDRS, &count, &ttl);
    if (st == NET_DNS_PENDING)
        return;
    app->resolve_done = true;
    if (st != NET_DNS_OK || count == 0) {
        LOG_WARN("resolve: %s failed: %s", app->resolve_name, net_dns_status_str(st));
        return;
    }
    for (size_t i = 0; i < count; i++) {
        char ip[NET_IP4_STR_MAX];
        LOG_INFO("resolve: %s -> %s (ttl %lu)", app->resolve_name,
                 net_ip4_format(addrs[i], ip, sizeof ip), (unsigned long)ttl);
    }
}

void netcheck_resolve_run(netcheck_t *app, uint32_t events)
{
    if (!app->resolve_name[0] || app->resolve_done || !app->net.dns_on)
        return;
    if (!app->resolve_started) {
        if ((events & (NETAPP_EV_DNS | NETAPP_EV_ADDRESS)) && netapp_has_address(&app->net))
            start(app);
        return;
    }
    finish(app);
}
