/* Linux TAP device: the native target's "Ethernet controller". Frames are read and written whole,
 * without the packet-information header (IFF_NO_PI). */
#ifndef TAP_H
#define TAP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define TAP_NAME_MAX 16 /* IFNAMSIZ */

/* Attaches to the TAP interface `name`, creating it if it does not exist (root or CAP_NET_ADMIN),
 * and brings it up. The fd is non-blocking. Returns the fd, or -1 with a logged reason. */
int tap_open(const char *name);

/* Reads one frame: its length, 0 when none is waiting, -1 on error. */
ssize_t tap_read(int fd, void *buf, size_t cap);

/* Writes one frame: 0 when sent, -1 when the kernel would block or refused it. */
int tap_write(int fd, const void *frame, size_t len);

/* Has the interface carrier (up and running)? `ip link set NAME down` makes this false: the
 * native stand-in for unplugging the cable. */
bool tap_link_up(const char *name);

/* The interface's own MAC address, as the host side sees it (for tests and logs). */
int tap_host_mac(const char *name, unsigned char mac[6]);

#endif
