/* Compile-time sizes of TCP (each overridable with a compile definition, as net/config.h). The
 * timings are run-time settings instead (struct net_tcp_config), so tests can make them short. */
#ifndef NET_TCP_CONFIG_H
#define NET_TCP_CONFIG_H

/* Out-of-order pieces kept per socket in its receive buffer (and reported as SACK blocks). A
 * segment that would need one more piece is dropped, the sender sends it again. */
#ifndef NET_TCP_OOO_RANGES
#define NET_TCP_OOO_RANGES 4
#endif

/* Segments one socket may send in one poll: keeps one bulk sender from starving the others and
 * the receive path (the peer's ACKs come in between). */
#ifndef NET_TCP_TX_BURST
#define NET_TCP_TX_BURST 32
#endif

/* Tries at a random ephemeral port before giving up (the port range is 49152..65535). */
#ifndef NET_TCP_EPHEMERAL_TRIES
#define NET_TCP_EPHEMERAL_TRIES 32
#endif

/* MSS assumed when the peer sends none (RFC 9293 3.7.1). */
#define NET_TCP_DEFAULT_MSS 536

#endif
