#include "tap.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log/log.h"

static int if_ioctl(const char *name, unsigned long request, struct ifreq *ifr)
{
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        return -1;
    memset(ifr->ifr_name, 0, sizeof ifr->ifr_name);
    strncpy(ifr->ifr_name, name, IFNAMSIZ - 1);
    int rc = ioctl(s, request, ifr);
    close(s);
    return rc;
}

int tap_open(const char *name)
{
    if (strlen(name) >= IFNAMSIZ) {
        LOG_ERROR("tap: interface name '%s' too long", name);
        return -1;
    }
    int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        LOG_ERROR("tap: cannot open /dev/net/tun: %s", strerror(errno));
        return -1;
    }
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        LOG_ERROR("tap: cannot attach to %s: %s", name, strerror(errno));
        close(fd);
        return -1;
    }
    /* Bring it up so the kernel side can carry traffic at once (harmless when already up). */
    struct ifreq flags;
    if (if_ioctl(name, SIOCGIFFLAGS, &flags) == 0 && !(flags.ifr_flags & IFF_UP)) {
        flags.ifr_flags |= IFF_UP;
        if (if_ioctl(name, SIOCSIFFLAGS, &flags) < 0)
            LOG_WARN("tap: cannot bring %s up: %s", name, strerror(errno));
    }
    return fd;
}

ssize_t tap_read(int fd, void *buf, size_t cap)
{
    ssize_t n = read(fd, buf, cap);
    if (n < 0)
        return (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) ? 0 : -1;
    return n;
}

int tap_write(int fd, const void *frame, size_t len)
{
    ssize_t n = write(fd, frame, len);
    return n == (ssize_t)len ? 0 : -1;
}

bool tap_link_up(const char *name)
{
    struct ifreq ifr;
    if (if_ioctl(name, SIOCGIFFLAGS, &ifr) < 0)
        return false;
    return (ifr.ifr_flags & IFF_UP) && (ifr.ifr_flags & IFF_RUNNING);
}

int tap_host_mac(const char *name, unsigned char mac[6])
{
    struct ifreq ifr;
    if (if_ioctl(name, SIOCGIFHWADDR, &ifr) < 0)
        return -1;
    memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
    return 0;
}
