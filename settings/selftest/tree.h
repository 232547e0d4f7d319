/* settings-selftest's tree, apart from the image so a native unit test can check its structure
 * (tests/unit/settings/test_app_trees.c): cross images check only the defaults. */
#ifndef SETTINGS_SELFTEST_TREE_H
#define SETTINGS_SELFTEST_TREE_H

#include <stdbool.h>
#include <stdint.h>

#include "settings/settings.h"

enum mode { MODE_OFF, MODE_ON, MODE_BLINK };
static const char *const mode_names[] = {[MODE_OFF] = "off", [MODE_ON] = "on", [MODE_BLINK] = "blink"};

struct pid {
    float kp, ki, kd;
};

struct net {
    uint8_t ip[4];
    uint16_t port;
    char broker[32];
};

struct cfg {
    bool led;
    uint32_t telemetry_period;
    enum mode mode;
    struct net net;
    struct pid pid[2];
    double setpoint;
    char name[24];
};

SETTING_TABLE(struct net, net_fields) = {
    SETTING_ARRAY(struct net, ip, U8),
    SETTING_U16(struct net, port, .min = 1, .max = 65535),
    SETTING_STRING(struct net, broker),
};
SETTING_TABLE(struct pid, pid_fields) = {
    SETTING_F32(struct pid, kp, .min = 0, .max = 100),
    SETTING_F32(struct pid, ki, .min = 0, .max = 100),
    SETTING_F32(struct pid, kd, .min = 0, .max = 100),
};
SETTING_TABLE(struct cfg, cfg_fields) = {
    SETTING_BOOL(struct cfg, led),
    SETTING_U32(struct cfg, telemetry_period, .min = 1, .max = 3600),
    SETTING_ENUM(struct cfg, mode, mode_names),
    SETTING_NODE(struct cfg, net, net_fields),
    SETTING_ARRAY(struct cfg, pid, NODE, pid_fields),
    SETTING_F64(struct cfg, setpoint),
    SETTING_STRING(struct cfg, name, .read_only = true),
};
static const struct setting_desc cfg_root = SETTINGS_ROOT(struct cfg, cfg_fields);

static const struct cfg cfg_defaults = {
    .telemetry_period = 10,
    .net = {.ip = {10, 0, 2, 2}, .port = 1883, .broker = "10.0.2.2"},
    .pid = {{1.0f, 0.1f, 0.0f}, {2.0f, 0.2f, 0.0f}},
    .name = "selftest",
};

#endif
