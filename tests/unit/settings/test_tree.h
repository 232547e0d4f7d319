/* The tree the settings tests share: every leaf kind, nested nodes, arrays of leaves and of
 * nodes, range rules, validators, read-only leaves and a read-only node, a nullable leaf. */
#ifndef TEST_TREE_H
#define TEST_TREE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "settings/settings.h"

enum mode { MODE_OFF, MODE_ON, MODE_BLINK };
static const char *const mode_names[] = {[MODE_OFF] = "off", [MODE_ON] = "on", [MODE_BLINK] = "blink"};

struct pid {
    float kp, ki;
    double kd;
};

struct net {
    uint8_t ip[4];
    uint16_t port;
    char host[16];
};

struct info {
    char version[12];
    uint32_t boots;
};

struct cfg {
    bool led;
    uint32_t telemetry_period;
    int8_t i8;
    int16_t i16;
    int32_t i32;
    int64_t i64;
    uint8_t u8;
    uint16_t u16;
    uint64_t u64;
    float gain;
    double ratio;
    enum mode mode;
    char name[16];
    struct net net;
    struct pid pid[3];
    float weights[4];
    int32_t even;
    uint32_t serial;
    struct info info;
    double offset;
};

static inline const char *no_spaces(const char *s)
{
    return strchr(s, ' ') ? "no spaces allowed" : NULL;
}

static inline const char *must_be_even(int64_t v)
{
    return v % 2 ? "must be even" : NULL;
}

static inline const char *port_not_zero(uint64_t v)
{
    return v == 0 ? "port 0 is reserved" : NULL;
}

SETTING_TABLE(struct net, net_fields) = {
    SETTING_ARRAY(struct net, ip, U8),
    SETTING_U16(struct net, port, .validate = port_not_zero),
    SETTING_STRING(struct net, host),
};

SETTING_TABLE(struct pid, pid_fields) = {
    SETTING_F32(struct pid, kp, .min = 0, .max = 100),
    SETTING_F32(struct pid, ki),
    SETTING_F64(struct pid, kd),
};

SETTING_TABLE(struct info, info_fields) = {
    SETTING_STRING(struct info, version),
    SETTING_U32(struct info, boots),
};

SETTING_TABLE(struct cfg, cfg_fields) = {
    SETTING_BOOL(struct cfg, led),
    SETTING_U32(struct cfg, telemetry_period, .min = 1, .max = 3600),
    SETTING_I8(struct cfg, i8),
    SETTING_I16(struct cfg, i16, .min = -1000, .max = 1000),
    SETTING_I32(struct cfg, i32),
    SETTING_I64(struct cfg, i64),
    SETTING_U8(struct cfg, u8),
    SETTING_U16(struct cfg, u16),
    SETTING_U64(struct cfg, u64),
    SETTING_F32(struct cfg, gain, .min = -1.5, .max = 2.5),
    SETTING_F64(struct cfg, ratio),
    SETTING_ENUM(struct cfg, mode, mode_names),
    SETTING_STRING(struct cfg, name, .validate = no_spaces),
    SETTING_NODE(struct cfg, net, net_fields),
    SETTING_ARRAY(struct cfg, pid, NODE, pid_fields),
    SETTING_ARRAY(struct cfg, weights, F32, .min = 0, .max = 1),
    SETTING_I32(struct cfg, even, .validate = must_be_even),
    SETTING_U32(struct cfg, serial, .read_only = true),
    SETTING_NODE(struct cfg, info, info_fields, .read_only = true),
    SETTING_F64(struct cfg, offset, .nullable = true),
};

static const struct setting_desc cfg_root = SETTINGS_ROOT(struct cfg, cfg_fields);

static const struct cfg cfg_defaults = {
    .led = false,
    .telemetry_period = 10,
    .i16 = -5,
    .gain = 1.0f,
    .ratio = 0.5,
    .mode = MODE_BLINK,
    .name = "device",
    .net = {.ip = {192, 168, 1, 10}, .port = 1883, .host = "broker"},
    .pid = {{1.0f, 0.1f, 0.01}, {2.0f, 0.2f, 0.02}, {3.0f, 0.3f, 0.03}},
    .weights = {0.25f, 0.5f, 0.75f, 1.0f},
    .even = 2,
    .serial = 4242,
    .info = {.version = "1.2.3", .boots = 7},
    .offset = 0.125,
};

/* Every leaf path, in iteration order. */
static const char *const cfg_paths[] = {
    "/led", "/telemetry_period", "/i8", "/i16", "/i32", "/i64", "/u8", "/u16", "/u64", "/gain",
    "/ratio", "/mode", "/name", "/net/ip/0", "/net/ip/1", "/net/ip/2", "/net/ip/3", "/net/port",
    "/net/host", "/pid/0/kp", "/pid/0/ki", "/pid/0/kd", "/pid/1/kp", "/pid/1/ki", "/pid/1/kd",
    "/pid/2/kp", "/pid/2/ki", "/pid/2/kd", "/weights/0", "/weights/1", "/weights/2",
    "/weights/3", "/even", "/serial", "/info/version", "/info/boots", "/offset",
};

#endif
