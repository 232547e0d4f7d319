/* Echo services' inner loops, shared by the applications that echo (netcheck, playground,
 * tcp-echo): what arrived goes back to its sender, moved in place without an extra copy. */
#ifndef NETAPP_ECHO_H
#define NETAPP_ECHO_H

#include <stdbool.h>
#include <stddef.h>

#include "net/socket/tcp.h"
#include "net/socket/udp.h"

/* Moves the connection's received bytes into its send buffer, as many as it takes (straight
 * from the receive buffer: a connection never holds more than its two buffers). Returns how
 * many were moved; the rest waits for room, which the peer's acknowledgments make. */
size_t netapp_tcp_echo(struct net_tcp_socket *s);

/* Sends every datagram in the receive ring back to its sender. One that finds no room in the
 * transmit ring stays in the receive ring for the next call (the stack polls again while it has
 * output). Returns how many datagrams were queued (an empty one counts too); *bytes (may be
 * NULL) receives their payload bytes. */
size_t netapp_udp_echo(struct net_udp_socket *s, size_t *bytes);

#endif
