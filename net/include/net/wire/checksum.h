/* The Internet checksum (RFC 1071), in pieces so headers, pseudo-headers and payloads can be summed
 * separately and combined, and updated incrementally (RFC 1624).
 *
 *   uint32_t s = net_cksum_pseudo_ip4(src, dst, NET_IP_PROTO_UDP, len);
 *   s = net_cksum_add(s, udp, len);
 *   put16(udp + 6, net_cksum_finish(s));
 *
 * A partial sum is a uint32_t, kept folded below 0x10000 so sums can be chained without overflow.
 * Only the LAST piece of a chain may have an odd length (the 16-bit words must line up).
 * Verifying: summing a packet including its checksum field gives 0xFFFF when it is right
 * (net_cksum_finish() of that sum is 0). */
#ifndef NET_WIRE_CHECKSUM_H
#define NET_WIRE_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

#include "net/addr.h"

/* Adds len bytes at data (network order 16-bit words) to sum. */
uint32_t net_cksum_add(uint32_t sum, const void *data, size_t len);

/* The partial sum of the IPv4 pseudo-header (RFC 768 / RFC 9293): addresses, protocol, length. */
uint32_t net_cksum_pseudo_ip4(net_ip4 src, net_ip4 dst, uint8_t protocol, uint16_t length);

/* Folds and complements: the value to store in a checksum field. */
uint16_t net_cksum_finish(uint32_t sum);

/* The checksum of one buffer: net_cksum_finish(net_cksum_add(0, data, len)). */
uint16_t net_cksum(const void *data, size_t len);

/* RFC 1624 eqn. 3: the new checksum after one 16-bit word of the covered data changed from
 * old_word to new_word, without summing everything again. */
uint16_t net_cksum_adjust(uint16_t cksum, uint16_t old_word, uint16_t new_word);

#endif
