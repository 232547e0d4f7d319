/* Readiness: how a socket wakes the task that uses it. The stack calls the waker from inside
 * net_iface_poll() when something the task may wait for happened; the task then asks the socket
 * (can_recv, can_send...). A waker must be short and must not call back into the stack: the usual
 * one just marks a scheduler task ready. */
#ifndef NET_EVENT_H
#define NET_EVENT_H

#include <stdint.h>

#define NET_EV_RX (1u << 0)    /* data (or a datagram) to receive */
#define NET_EV_TX (1u << 1)    /* room to send again */
#define NET_EV_STATE (1u << 2) /* state changed (TCP: connected, closed; DHCP/DNS: result) */
#define NET_EV_ERROR (1u << 3) /* an error the task should look at */

typedef void (*net_waker_fn)(void *ctx, uint32_t events);

struct net_waker {
    net_waker_fn fn;
    void *ctx;
};

static inline void net_wake(const struct net_waker *w, uint32_t events)
{
    if (w->fn)
        w->fn(w->ctx, events);
}

#endif
