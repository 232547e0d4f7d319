/* Endpoints on Linux interfaces: a TAP device (we hold its fd) or AF_PACKET on an interface
 * someone else holds (e.g. the TAP a native firmware attached to).
 *
 * @NETNS: the device/socket is created inside that network namespace. A TAP belongs to the
 * namespace of the process that opened /dev/net/tun, and a packet socket to the namespace it was
 * created in; both keep working after we switch back, so one bridge process can join two
 * namespaces. */
#include "endpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <net/ethernet.h>
#include <arpa/inet.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif

struct netns_switch {
    int home;       /* our own namespace, to return to */
};

/* Enters netns (a name under /run/netns, or a path containing '/'); NULL = stay. */
static int netns_enter(struct netns_switch *s, const char *netns, char *err, size_t errlen)
{
    s->home = -1;
    if (!netns)
        return 0;
    char path[256];
    if (strchr(netns, '/'))
        snprintf(path, sizeof path, "%s", netns);
    else
        snprintf(path, sizeof path, "/run/netns/%s", netns);
    int target = open(path, O_RDONLY | O_CLOEXEC);
    if (target < 0) {
        snprintf(err, errlen, "netns %s: %s", path, strerror(errno));
        return -1;
    }
    s->home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    if (s->home < 0 || setns(target, CLONE_NEWNET) < 0) {
        snprintf(err, errlen, "setns %s: %s", path, strerror(errno));
        close(target);
        if (s->home >= 0)
            close(s->home);
        s->home = -1;
        return -1;
    }
    close(target);
    return 0;
}

static void netns_leave(struct netns_switch *s)
{
    if (s->home < 0)
        return;
    if (setns(s->home, CLONE_NEWNET) < 0)
        perror("impair: setns back home");
    close(s->home);
}

/* Sets IFF_UP: a TAP whose kernel side is down drops everything written to it. */
static int link_up(const char *name, char *err, size_t errlen)
{
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct ifreq ifr = {0};
    snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
    int rc = s < 0 ? -1 : ioctl(s, SIOCGIFFLAGS, &ifr);
    if (rc == 0 && !(ifr.ifr_flags & IFF_UP)) {
        ifr.ifr_flags |= IFF_UP;
        rc = ioctl(s, SIOCSIFFLAGS, &ifr);
    }
    if (rc < 0)
        snprintf(err, errlen, "bringing %s up: %s", name, strerror(errno));
    if (s >= 0)
        close(s);
    return rc;
}

static int tap_open_here(struct endpoint *ep, const char *name, char *err, size_t errlen)
{
    if (strlen(name) >= IFNAMSIZ) {
        snprintf(err, errlen, "interface name '%s' too long", name);
        return -1;
    }
    ep->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (ep->fd < 0) {
        snprintf(err, errlen, "/dev/net/tun: %s", strerror(errno));
        return -1;
    }
    struct ifreq ifr = {0};
    snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    if (ioctl(ep->fd, TUNSETIFF, &ifr) < 0) {
        snprintf(err, errlen, "TUNSETIFF %s: %s%s", name, strerror(errno),
                 errno == EBUSY ? " (another process holds it: use raw:)" : "");
        return -1;
    }
    return link_up(name, err, errlen);
}

int tap_open(struct endpoint *ep, const char *name, const char *netns, char *err, size_t errlen)
{
    struct netns_switch s;
    if (netns_enter(&s, netns, err, errlen))
        return -1;
    int rc = tap_open_here(ep, name, err, errlen);
    netns_leave(&s);
    return rc;
}

static int raw_open_here(struct endpoint *ep, const char *name, char *err, size_t errlen)
{
    /* Protocol 0: no frames arrive until bind() names the interface and ETH_P_ALL. */
    ep->fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (ep->fd < 0) {
        snprintf(err, errlen, "AF_PACKET socket: %s", strerror(errno));
        return -1;
    }
    /* Without this we would read back every frame we send on the interface. */
    int one = 1;
    if (setsockopt(ep->fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one) < 0) {
        snprintf(err, errlen, "PACKET_IGNORE_OUTGOING: %s", strerror(errno));
        return -1;
    }
    struct ifreq ifr = {0};
    snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
    if (strlen(name) >= IFNAMSIZ || ioctl(ep->fd, SIOCGIFINDEX, &ifr) < 0) {
        snprintf(err, errlen, "no interface '%s'", name);
        return -1;
    }
    struct sockaddr_ll sll = {.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL),
                              .sll_ifindex = ifr.ifr_ifindex};
    if (bind(ep->fd, (struct sockaddr *)&sll, sizeof sll) < 0) {
        snprintf(err, errlen, "bind to %s: %s", name, strerror(errno));
        return -1;
    }
    return link_up(name, err, errlen);
}

int raw_open(struct endpoint *ep, const char *name, const char *netns, char *err, size_t errlen)
{
    struct netns_switch s;
    if (netns_enter(&s, netns, err, errlen))
        return -1;
    int rc = raw_open_here(ep, name, err, errlen);
    netns_leave(&s);
    return rc;
}
