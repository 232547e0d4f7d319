/* The boot banner. */
#include <stdint.h>

#include "board.h"
#include "kit_version.h"
#include "log/log.h"

void log_banner(const char *app_name)
{
    LOG_EMIT(LOG_LEVEL_INFO, "%s %s (%s) on %s, core clock %lu Hz", app_name, KIT_VERSION,
             KIT_GIT_REV, BOARD_NAME, (unsigned long)board_cpu_hz());
}
