/* Debounced persistence: a burst of sets (a tool writing a whole subtree, retained settings at
 * connect) costs one save, made once the settings were quiet for save_delay_ms. Flash sectors
 * take a limited number of erases; settings_save also skips the cycle when nothing differs. */
#include "internal.h"
#include "log/log.h"

/* After a failed save (backend error), the next attempt waits this long. */
#define PERSIST_RETRY_US 10000000u

void persist_poll(struct miniconf *m)
{
    const struct miniconf_config *cfg = m->cfg;
    if (!cfg->store) {
        m->change_seen = false;
        return;
    }
    if (m->change_seen) {
        uint32_t delay_ms = cfg->save_delay_ms ? cfg->save_delay_ms : MINICONF_SAVE_DELAY_MS;
        m->change_seen = false;
        m->dirty = true;
        m->save_at = m->now + (uint64_t)delay_ms * 1000u;
    }
    if (!m->dirty || m->now < m->save_at)
        return;
    char reason[SETTINGS_REASON_MAX];
    enum settings_status st = settings_save(cfg->settings, cfg->store, reason, sizeof reason);
    if (st == SETTINGS_OK) {
        m->dirty = false;
        LOG_INFO("miniconf: settings saved");
    } else {
        m->save_at = m->now + PERSIST_RETRY_US;
        LOG_ERROR("miniconf: saving settings failed: %s", reason);
    }
}
