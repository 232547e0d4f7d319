/* TAP as the wire, and BOARD_ETH_IRQ from the model (model_glue.h). */
#include "model_glue.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include "log/log.h"
#include "tap.h"
/* The native scheduler port's interrupt sources. A board's include path has no scheduler
 * headers, so the path is spelled out; these flavours only build natively. */
#include "../../sched/port/native/sched_native.h"

/* The model's line is a POSIX signal bound to BOARD_ETH_IRQ: raising it from inside a task or
 * another handler pends the IRQ exactly as the NVIC would (run now if more urgent, else later). */
#define MODEL_IRQ_SIGNAL (SIGRTMIN + 5)

static char tap_name[TAP_NAME_MAX];

static bool carrier(void *ctx)
{
    (void)ctx;
    return tap_link_up(tap_name); /* one ioctl: async-signal-safe */
}

bool model_glue_wire(struct model_wire *wire, const char *ifname)
{
    const char *name = ifname && ifname[0] ? ifname : MODEL_GLUE_DEFAULT_TAP;
    size_t n = strlen(name);
    if (n >= sizeof tap_name)
        n = sizeof tap_name - 1;
    memcpy(tap_name, name, n);
    tap_name[n] = 0;
    int fd = tap_open(tap_name);
    if (fd < 0)
        return false;
    *wire = (struct model_wire){.fd = fd, .carrier = carrier};
    return true;
}

bool model_glue_bind_irq(const struct model_wire *wire)
{
    if (native_irq_bind_signal(MODEL_IRQ_SIGNAL, BOARD_ETH_IRQ) != 0 ||
        native_irq_bind_fd(wire->fd, BOARD_ETH_IRQ) != 0) {
        LOG_ERROR("eth model: cannot bind IRQ %d: %s", BOARD_ETH_IRQ, strerror(errno));
        return false;
    }
    return true;
}

void model_glue_raise(void *ctx)
{
    (void)ctx;
    raise(MODEL_IRQ_SIGNAL);
}
