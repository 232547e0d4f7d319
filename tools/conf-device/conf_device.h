/* conf-device: the settings-over-MQTT layer on native, over POSIX sockets, with a small tree. */
#ifndef CONF_DEVICE_H
#define CONF_DEVICE_H

#include <stdbool.h>
#include <stdint.h>

#include "settings/settings.h"

enum demo_mode { MODE_OFF, MODE_ON, MODE_BLINK };

struct demo_net {
    char ip[16];
    char broker[32];
    uint16_t port;
};

struct demo_pid {
    float kp, ki;
    double kd;
};

struct demo_cfg {
    bool led;
    uint32_t telemetry_period;
    enum demo_mode mode;
    struct demo_net net;
    struct demo_pid pid[2];
    int16_t offset;
    uint8_t gains[3];
    char name[16];
    uint32_t hw_rev; /* read-only: comes from the firmware */
};

extern struct demo_cfg demo_cfg;
extern const struct settings demo_settings;

#endif
