/* Network bring-up shared by every networked application: the board's Ethernet device, one
 * interface configured from netapp_config (static address, or DHCP), the link watched, and a
 * boot log of what was configured. What only some applications use is theirs to ask for, so the
 * others do not carry its code: a DNS client fed by DHCP or the configuration (netapp_dns), IPv4
 * reassembly (netapp_enable_reasm). A board whose address is set at build time has no DHCP
 * client (it has no command line that could ask for one).
 *
 * It has no task of its own: the application declares them (apps/netcheck/app.def.h):
 *
 *   HW(eth_irq, 3, BOARD_ETH_IRQ)         -> if (netapp_irq()) sched_spawn(net_poll, 0);
 *   SW(net_poll, 2, 4, uint32_t, net)     -> netapp_poll(); the app's sockets;
 *                                            NETAPP_REARM(&n->timer, net_poll, netapp_poll_at())
 *   SW(tick, 1, 1, uint32_t, net)         -> netapp_link_watch() every second
 *
 * Everything here runs in the task that owns the interface (net_poll's resource), except
 * netapp_irq() which only touches the controller. */
#ifndef NETAPP_NETAPP_H
#define NETAPP_NETAPP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/config.h"
#include "net/dhcp.h"
#include "net/dns.h"
#include "net/iface.h"
#include "netapp/config.h"
#include "sched/sched.h"

/* What netapp_poll() and netapp_link_watch() report (bits). */
#define NETAPP_EV_ADDRESS (1u << 0)      /* an address is configured (static at start, or DHCP) */
#define NETAPP_EV_ADDRESS_LOST (1u << 1) /* the DHCP lease ended */
#define NETAPP_EV_LINK_UP (1u << 2)
#define NETAPP_EV_LINK_DOWN (1u << 3)
#define NETAPP_EV_DNS (1u << 4)          /* the DNS servers changed */

/* Storage the interface needs: packets held for ARP (any frame fits a slot); and for an
 * application that enables IPv4 reassembly, NET_REASM_SLOTS slots of this size (each holds the
 * largest datagram accepted: ping -s 4000 needs 4008 bytes). */
#define NETAPP_HOLD_SLOT 1536
#define NETAPP_REASM_SLOT 4608

/* The poll task's pending timed spawn, so a new deadline moves it instead of adding another. */
struct netapp_timer {
    bool armed;
    sched_handle_t handle;
};

struct netapp {
    struct netapp_config cfg;
    struct net_device *dev; /* NULL: the board has no Ethernet device (the app idles) */
    struct net_iface iface;
    struct net_dhcp_client dhcp;
    struct net_dns_client dns;
    bool dhcp_on;
    bool dns_on; /* netapp_dns() started the DNS client */
    /* Set by netapp_dns(): how a DHCP lease's servers reach the DNS client. */
    void (*dns_servers)(struct netapp *n, const net_ip4 *servers, size_t count);
    bool link_up;
    uint32_t events; /* gathered inside poll (DHCP callback), handed out after it */
    struct netapp_timer timer;
    uint8_t hold[NET_ARP_HOLD_SLOTS * NETAPP_HOLD_SLOT];
};

/* Opens the board's device, sets the interface up (static address, or starts DHCP), binds the
 * device's interrupt where the port needs it (native: the TAP fd), and logs the configuration.
 * From the application's init. Returns false, after logging why, when there is no device. */
bool netapp_start(struct netapp *n, const struct netapp_config *cfg);

/* The DNS client, started on the first call (after netapp_start): bound to a random port, fed
 * the configured server (DNS_SERVER, --dns) or else the DHCP server's, which then come with a
 * NETAPP_EV_DNS. NULL when there is no device or no free port (logged). Only applications that
 * call it carry the DNS client (and the UDP sockets under it). */
struct net_dns_client *netapp_dns(struct netapp *n);

/* IPv4 reassembly into storage (NET_REASM_SLOTS * NETAPP_REASM_SLOT bytes for ping -s 4000),
 * after netapp_start; without it fragments are dropped (counted as
 * drop.fragment_reassembly_not_enabled) and the reassembly code is not linked. */
static inline void netapp_enable_reasm(struct netapp *n, uint8_t *storage, size_t size)
{
    if (n->dev)
        net_iface_enable_reasm(&n->iface, storage, size);
}

/* From the Ethernet hardware task: quiets the interrupt; true when the poll task should run. */
bool netapp_irq(void);

/* Runs the interface (and DHCP, DNS) once: returns NETAPP_EV_* bits. */
uint32_t netapp_poll(struct netapp *n, uint64_t now_us);

/* When the poll task must run next without an interrupt (UINT64_MAX: only on one). */
uint64_t netapp_poll_at(const struct netapp *n, uint64_t now_us);

/* Looks at the link (not in every poll: on a PHY that is a slow register read, on native a
 * system call). On a change it logs; when the link comes back it forgets what the link may have
 * made stale (neighbours, partial datagrams) and restarts DHCP. Returns NETAPP_EV_LINK_*. */
uint32_t netapp_link_watch(struct netapp *n, uint64_t now_us);

static inline bool netapp_has_device(const struct netapp *n)
{
    return n->dev != NULL;
}

static inline bool netapp_has_address(const struct netapp *n)
{
    return n->dev && net_iface_ipv4(&n->iface) != 0;
}

/* The interface's and the driver's counters as text, "key=value" separated by spaces, a line
 * ('\n') per group, each line under 120 characters, drop reasons only when non-zero. Returns
 * the length written (at most cap - 1; NUL-terminated). */
size_t netapp_stats_format(const struct netapp *n, char *buf, size_t cap);

/* Logs netapp_stats_format() line by line, each prefixed with "stats: ". */
void netapp_stats_log(const struct netapp *n);

/* Moves the poll task's timed spawn to `at` (a new one when none is pending), or cancels it for
 * UINT64_MAX. Every run of the poll task ends with it, so exactly one timed spawn is ever
 * pending and a deadline that comes earlier (new work) replaces a later one. A statement macro:
 * the spawn is the application's, generated from its task list. */
#define NETAPP_REARM(timer, task, at)                                                              \
    do {                                                                                           \
        struct netapp_timer *netapp_t_ = (timer);                                                  \
        uint64_t netapp_at_ = (at);                                                                \
        if (netapp_at_ == UINT64_MAX) {                                                            \
            if (netapp_t_->armed)                                                                  \
                (void)sched_cancel(netapp_t_->handle);                                             \
            netapp_t_->armed = false;                                                              \
        } else if (!netapp_t_->armed ||                                                            \
                   sched_reschedule(netapp_t_->handle, netapp_at_) != SCHED_OK) {                  \
            netapp_t_->armed =                                                                     \
                sched_spawn_at(task, netapp_at_, 0, &netapp_t_->handle) == SCHED_OK;               \
        }                                                                                          \
    } while (0)

#endif
