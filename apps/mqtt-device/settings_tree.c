/* mqtt-device's settings: `led` and `telemetry_period` (the seed's), and the network as the
 * device sees it (read-only), described once for the settings tree and the MQTT layer. */
#include <stddef.h>

#include "log/log.h"
#include "mqtt_device.h"
#include "settings/store.h"

SETTING_TABLE(struct mqttdev_net_settings, net_fields) = {
    SETTING_STRING(struct mqttdev_net_settings, mac),
    SETTING_STRING(struct mqttdev_net_settings, ip),
    SETTING_STRING(struct mqttdev_net_settings, gateway),
    SETTING_STRING(struct mqttdev_net_settings, broker),
};
SETTING_TABLE(struct mqttdev_settings, cfg_fields) = {
    SETTING_BOOL(struct mqttdev_settings, led),
    SETTING_U32(struct mqttdev_settings, telemetry_period, .min = 1, .max = 3600),
    /* read-only: what the device has, not a wish (persistence skips it) */
    SETTING_NODE(struct mqttdev_settings, net, net_fields, .read_only = true),
};
static const struct setting_desc cfg_root = SETTINGS_ROOT(struct mqttdev_settings, cfg_fields);

static const struct mqttdev_settings cfg_defaults = {
    .led = false,
    .telemetry_period = 10,
};

struct mqttdev_settings mqttdev_cfg;

const struct settings mqttdev_settings = {
    .root = &cfg_root, .data = &mqttdev_cfg, .defaults = &cfg_defaults,
};

#if defined(KIT_NATIVE)
static struct settings_backend store;

const struct settings_backend *mqttdev_settings_restore(const char *native_store_path)
{
    char reason[SETTINGS_REASON_MAX];
    if (!native_store_path) {
        settings_reset(&mqttdev_settings);
        return NULL;
    }
    settings_file_backend(&store, native_store_path, settings_store_size(&mqttdev_settings));
    if (settings_load(&mqttdev_settings, &store, reason, sizeof reason) == SETTINGS_OK)
        LOG_INFO("settings: restored from %s", native_store_path);
    return &store;
}
#else
/* No flash driver for settings yet (docs/settings.md): RAM that a warm reset leaves alone, so a
 * reset keeps them and a power cycle brings the defaults back. */
#define STORE_SIZE 256
static uint8_t store_mem[STORE_SIZE] __attribute__((section(".noinit"), aligned(4)));
static struct settings_backend store;

const struct settings_backend *mqttdev_settings_restore(const char *native_store_path)
{
    (void)native_store_path;
    char reason[SETTINGS_REASON_MAX];
    if (settings_store_size(&mqttdev_settings) > STORE_SIZE) {
        LOG_ERROR("settings: %lu bytes do not fit the %u-byte store",
                  (unsigned long)settings_store_size(&mqttdev_settings), STORE_SIZE);
        settings_reset(&mqttdev_settings);
        return NULL;
    }
    settings_ram_backend(&store, store_mem, STORE_SIZE);
    if (settings_load(&mqttdev_settings, &store, reason, sizeof reason) == SETTINGS_OK)
        LOG_INFO("settings: restored from RAM");
    return &store;
}
#endif
