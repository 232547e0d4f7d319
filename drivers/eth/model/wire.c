/* One frame per system call; non-blocking, async-signal-safe (read/write only). */
#include "wire.h"

#include <errno.h>
#include <unistd.h>

size_t model_wire_recv(struct model_wire *w, uint8_t *buf, size_t cap)
{
    for (;;) {
        ssize_t n = read(w->fd, buf, cap);
        if (n > 0) {
            w->frames_in++;
            return (size_t)n;
        }
        if (n < 0 && errno == EINTR)
            continue;
        return 0; /* EAGAIN: nothing waiting; a zero-length read or an error: nothing either */
    }
}

void model_wire_send(struct model_wire *w, const uint8_t *frame, size_t len)
{
    ssize_t n;
    do
        n = write(w->fd, frame, len);
    while (n < 0 && errno == EINTR);
    if (n == (ssize_t)len)
        w->frames_out++;
    else
        w->send_errors++;
}

bool model_wire_carrier(struct model_wire *w)
{
    return w->carrier ? w->carrier(w->carrier_ctx) : true;
}
