/* The demo device's settings: a small tree with one leaf of every kind the tests need, so every
 * request kind and every rejection reason can be exercised over MQTT. */
#include "conf_device.h"

#include <string.h>

static const char *const mode_names[] = {[MODE_OFF] = "off", [MODE_ON] = "on",
                                         [MODE_BLINK] = "blink"};

static const char *no_spaces(const char *s)
{
    return strchr(s, ' ') ? "no spaces allowed" : NULL;
}

SETTING_TABLE(struct demo_net, net_fields) = {
    SETTING_STRING(struct demo_net, ip, .read_only = true), /* what the device has, not a wish */
    SETTING_STRING(struct demo_net, broker),
    SETTING_U16(struct demo_net, port, .min = 1, .max = 65535),
};
SETTING_TABLE(struct demo_pid, pid_fields) = {
    SETTING_F32(struct demo_pid, kp, .min = 0, .max = 100),
    SETTING_F32(struct demo_pid, ki, .min = 0, .max = 100),
    SETTING_F64(struct demo_pid, kd),
};
SETTING_TABLE(struct demo_cfg, cfg_fields) = {
    SETTING_BOOL(struct demo_cfg, led),
    SETTING_U32(struct demo_cfg, telemetry_period, .min = 1, .max = 3600),
    SETTING_ENUM(struct demo_cfg, mode, mode_names),
    SETTING_NODE(struct demo_cfg, net, net_fields),
    SETTING_ARRAY(struct demo_cfg, pid, NODE, pid_fields),
    SETTING_I16(struct demo_cfg, offset, .min = -1000, .max = 1000),
    SETTING_ARRAY(struct demo_cfg, gains, U8),
    SETTING_STRING(struct demo_cfg, name, .validate = no_spaces),
    SETTING_U32(struct demo_cfg, hw_rev, .read_only = true),
};
static const struct setting_desc cfg_root = SETTINGS_ROOT(struct demo_cfg, cfg_fields);

static const struct demo_cfg cfg_defaults = {
    .led = false,
    .telemetry_period = 10,
    .mode = MODE_OFF,
    .net = {.ip = "127.0.0.1", .broker = "127.0.0.1", .port = 1883},
    .pid = {{1.0f, 0.1f, 0.0}, {2.0f, 0.2f, 0.0}},
    .gains = {1, 2, 3},
    .name = "device",
    .hw_rev = 3,
};

struct demo_cfg demo_cfg;

const struct settings demo_settings = {
    .root = &cfg_root, .data = &demo_cfg, .defaults = &cfg_defaults,
};
