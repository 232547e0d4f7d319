/* How a networked application is configured: the interface's addresses, from the build and,
 * on native, from the command line.
 *
 * Firmware images take their settings at build time (CMake cache variables or environment:
 * MAC_ADDRESS, IP_ADDRESS as addr/prefix, GATEWAY, DNS_SERVER; no IP_ADDRESS means DHCP),
 * checked when CMake configures (netapp/config.cmake). A native executable starts from the same
 * defaults and then reads its command line:
 *
 *   --tap IFNAME  --mac MAC  --ip ADDR/PREFIX  --gw ADDR  --dns ADDR  (no --ip: DHCP)  --help
 *
 * Applications add their own options (e.g. --broker HOST[:PORT]) as a table of netapp_option,
 * each with a function that checks and stores its value; the parser shares one usage text and
 * one error path (native: message on stderr, exit code 2). */
#ifndef NETAPP_CONFIG_H
#define NETAPP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/addr.h"

#define NETAPP_IFNAME_MAX 16 /* IFNAMSIZ, with the NUL */

struct netapp_config {
    char ifname[NETAPP_IFNAME_MAX]; /* native: the TAP interface ("" = the board's default) */
    struct net_mac mac;
    net_ip4 addr; /* 0: DHCP */
    uint8_t prefix_len;
    net_ip4 gateway; /* 0: none (or the DHCP server's router) */
    net_ip4 dns;     /* 0: the DHCP server's, or none */
    const char *hostname; /* sent to the DHCP server (the application's name) */
};

/* An application's own command-line option. apply() checks and stores the value; it returns
 * NULL when the value is accepted, or a short reason why it is malformed. */
struct netapp_option {
    const char *name;    /* "--broker" */
    const char *metavar; /* "HOST[:PORT]" (shown in the usage text) */
    const char *help;    /* one line */
    const char *(*apply)(void *ctx, const char *value);
    void *ctx;
};

enum netapp_args_result {
    NETAPP_ARGS_OK,
    NETAPP_ARGS_HELP,  /* --help / -h: print the usage, exit 0 */
    NETAPP_ARGS_ERROR, /* the message is in err: print it and the usage, exit 2 */
};

/* The build's settings (compile definitions from config.cmake). hostname may be NULL. */
void netapp_config_defaults(struct netapp_config *cfg, const char *hostname);

/* Reads argv[1..argc-1] into cfg over its current values. "--opt VALUE" and "--opt=VALUE" both
 * work. Everything is checked: the addresses' syntax, a unicast MAC, a host address that is not
 * its subnet's network or broadcast address, a gateway inside the subnet and only with --ip.
 * err receives a one-line message on NETAPP_ARGS_ERROR. Pure: no I/O, usable in tests. */
enum netapp_args_result netapp_args_parse(struct netapp_config *cfg, int argc, char *const *argv,
                                          const struct netapp_option *extra, size_t extra_count,
                                          char *err, size_t err_cap);

/* The usage text for program `prog` into buf (NUL-terminated, truncated to cap). */
void netapp_args_usage(const char *prog, const struct netapp_option *extra, size_t extra_count,
                       char *buf, size_t cap);

/* Checks an address configuration (as the parser does, for values from elsewhere): NULL when
 * it is consistent, or the reason it is not. */
const char *netapp_config_check(const struct netapp_config *cfg);

/* Everything at once, for an application's init: the build's defaults, then (native) the
 * command line, exiting with the usage on --help (0) or a malformed option (2). */
void netapp_config_load(struct netapp_config *cfg, const char *hostname,
                        const struct netapp_option *extra, size_t extra_count);

#endif
