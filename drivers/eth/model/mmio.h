/* Native builds have no chip include directory: this forwards to the one register-access header
 * (chips/cortex-m/mmio.h) for the drivers built against the models. */
#include "../../../chips/cortex-m/mmio.h"
