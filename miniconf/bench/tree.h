/* miniconf-size's tree, apart from the image so a native unit test can check its structure
 * (tests/unit/settings/test_app_trees.c): cross images check only the defaults. */
#ifndef MINICONF_BENCH_TREE_H
#define MINICONF_BENCH_TREE_H

#include <stdbool.h>
#include <stdint.h>

#include "settings/settings.h"

struct pid {
    float kp, ki;
};
struct net {
    char ip[16];
    char broker[32];
    uint16_t port;
};
struct cfg {
    bool led;
    uint32_t telemetry_period;
    struct net net;
    struct pid pid[2];
};

SETTING_TABLE(struct net, net_fields) = {
    SETTING_STRING(struct net, ip, .read_only = true),
    SETTING_STRING(struct net, broker),
    SETTING_U16(struct net, port, .min = 1, .max = 65535),
};
SETTING_TABLE(struct pid, pid_fields) = {
    SETTING_F32(struct pid, kp, .min = 0, .max = 100),
    SETTING_F32(struct pid, ki, .min = 0, .max = 100),
};
SETTING_TABLE(struct cfg, cfg_fields) = {
    SETTING_BOOL(struct cfg, led),
    SETTING_U32(struct cfg, telemetry_period, .min = 1, .max = 3600),
    SETTING_NODE(struct cfg, net, net_fields),
    SETTING_ARRAY(struct cfg, pid, NODE, pid_fields),
};
static const struct setting_desc cfg_root = SETTINGS_ROOT(struct cfg, cfg_fields);
static const struct cfg cfg_defaults = {
    .telemetry_period = 10, .net = {.ip = "10.0.2.15", .broker = "10.0.2.2", .port = 1883},
    .pid = {{1.0f, 0.1f}, {2.0f, 0.2f}},
};

#endif
