/* The command line of native executables: the network options every networked app shares, plus
 * the application's own (a table), one usage text, one error path. Pure string handling. */
#include <string.h>

#include "log/fmt.h"
#include "netapp/config.h"

enum builtin { OPT_TAP, OPT_MAC, OPT_IP, OPT_GW, OPT_DNS, BUILTIN_COUNT };

static const struct {
    const char *name, *metavar, *help;
} builtins[BUILTIN_COUNT] = {
    [OPT_TAP] = {"--tap", "IFNAME", "TAP interface to attach to (created if missing)"},
    [OPT_MAC] = {"--mac", "MAC", "Ethernet address, aa:bb:cc:dd:ee:ff (unicast)"},
    [OPT_IP] = {"--ip", "ADDR/PREFIX", "static IPv4 address (without it: DHCP)"},
    [OPT_GW] = {"--gw", "ADDR", "default gateway (with --ip)"},
    [OPT_DNS] = {"--dns", "ADDR", "DNS server (otherwise the DHCP server's)"},
};

const char *netapp_config_check(const struct netapp_config *cfg)
{
    if (net_mac_is_multicast(&cfg->mac) || net_mac_is_zero(&cfg->mac))
        return "the MAC address must be a unicast address";
    if (cfg->addr) {
        net_ip4 mask = net_ip4_mask(cfg->prefix_len);
        if (cfg->prefix_len == 0)
            return "the prefix length must be 1..32";
        if (net_ip4_is_multicast(cfg->addr) || cfg->addr == NET_IP4_BROADCAST ||
            (cfg->addr >> 24) == 0 || (cfg->addr >> 24) == 127)
            return "the address must be a unicast host address";
        /* /31 and /32 have no network or broadcast address (RFC 3021) */
        if (cfg->prefix_len <= 30 && ((cfg->addr & ~mask) == 0 || (cfg->addr | mask) == ~0u))
            return "the address is its subnet's network or broadcast address";
    }
    if (cfg->gateway) {
        if (!cfg->addr)
            return "a gateway needs a static address (--ip / IP_ADDRESS)";
        if (cfg->gateway == cfg->addr)
            return "the gateway is the device's own address";
        if (cfg->prefix_len < 32 && !net_ip4_same_subnet(cfg->gateway, cfg->addr, cfg->prefix_len))
            return "the gateway is outside the device's subnet";
    }
    if (cfg->dns && (net_ip4_is_multicast(cfg->dns) || cfg->dns == NET_IP4_BROADCAST))
        return "the DNS server must be a unicast address";
    return NULL;
}

/* Is arg "--name" (*inline_value = NULL: the value is the next argument) or "--name=value"? */
static bool matches(const char *arg, const char *name, const char **inline_value)
{
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0)
        return false;
    if (arg[n] == '\0') {
        *inline_value = NULL;
        return true;
    }
    if (arg[n] == '=') {
        *inline_value = arg + n + 1;
        return true;
    }
    return false;
}

static const char *apply_builtin(struct netapp_config *cfg, enum builtin which, const char *v)
{
    switch (which) {
    case OPT_TAP:
        if (v[0] == '\0' || strlen(v) >= NETAPP_IFNAME_MAX || strchr(v, '/') || strchr(v, ' '))
            return "an interface name of 1..15 characters, no '/' or spaces";
        memcpy(cfg->ifname, v, strlen(v) + 1);
        return NULL;
    case OPT_MAC:
        return net_mac_parse(v, &cfg->mac) ? NULL : "expected aa:bb:cc:dd:ee:ff";
    case OPT_IP:
        return net_ip4_parse_cidr(v, &cfg->addr, &cfg->prefix_len) ? NULL
                                                                    : "expected a.b.c.d/prefix";
    case OPT_GW:
        return net_ip4_parse(v, &cfg->gateway) ? NULL : "expected a.b.c.d";
    case OPT_DNS:
        return net_ip4_parse(v, &cfg->dns) ? NULL : "expected a.b.c.d";
    case BUILTIN_COUNT:
        break;
    }
    return "unknown option";
}

enum netapp_args_result netapp_args_parse(struct netapp_config *cfg, int argc, char *const *argv,
                                          const struct netapp_option *extra, size_t extra_count,
                                          char *err, size_t err_cap)
{
    if (err_cap)
        err[0] = '\0';
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
            return NETAPP_ARGS_HELP;

        const char *name = NULL, *value = NULL, *why = NULL;
        int builtin = -1;
        const struct netapp_option *opt = NULL;
        for (int b = 0; b < BUILTIN_COUNT && !name; b++)
            if (matches(arg, builtins[b].name, &value)) {
                name = builtins[b].name;
                builtin = b;
            }
        for (size_t e = 0; e < extra_count && !name; e++)
            if (matches(arg, extra[e].name, &value)) {
                name = extra[e].name;
                opt = &extra[e];
            }
        if (!name) {
            fmt_snprintf(err, err_cap, "%s: unknown option '%s'",
                         argc > 0 && argv[0] ? argv[0] : "netapp", arg);
            return NETAPP_ARGS_ERROR;
        }
        if (!value) {
            if (i + 1 >= argc) {
                fmt_snprintf(err, err_cap, "option %s needs a value", name);
                return NETAPP_ARGS_ERROR;
            }
            value = argv[++i];
        }
        why = opt ? opt->apply(opt->ctx, value) : apply_builtin(cfg, (enum builtin)builtin, value);
        if (why) {
            fmt_snprintf(err, err_cap, "malformed %s '%s': %s", name, value, why);
            return NETAPP_ARGS_ERROR;
        }
    }
    const char *why = netapp_config_check(cfg);
    if (why) {
        fmt_snprintf(err, err_cap, "bad network configuration: %s", why);
        return NETAPP_ARGS_ERROR;
    }
    return NETAPP_ARGS_OK;
}

static size_t usage_line(char *buf, size_t cap, size_t at, const char *name, const char *metavar,
                         const char *help)
{
    char left[48];
    fmt_snprintf(left, sizeof left, "%s %s", name, metavar ? metavar : "");
    size_t room = at < cap ? cap - at : 0;
    return at + fmt_snprintf(buf + (at < cap ? at : cap), room, "  %-24s %s\n", left,
                             help ? help : "");
}

void netapp_args_usage(const char *prog, const struct netapp_option *extra, size_t extra_count,
                       char *buf, size_t cap)
{
    if (cap == 0)
        return;
    size_t at = fmt_snprintf(buf, cap, "usage: %s [options]\n", prog ? prog : "app");
    for (int b = 0; b < BUILTIN_COUNT; b++)
        at = usage_line(buf, cap, at, builtins[b].name, builtins[b].metavar, builtins[b].help);
    for (size_t e = 0; e < extra_count; e++)
        at = usage_line(buf, cap, at, extra[e].name, extra[e].metavar, extra[e].help);
    usage_line(buf, cap, at, "--help", "", "this text");
}
