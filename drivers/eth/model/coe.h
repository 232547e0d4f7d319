/* What the Synopsys MACs of both STM32s do to frames besides moving them: the checksum offload
 * engine (RM0433 58.5.8 / RM0090 33.5.8, "Type 2": IPv4 header, and TCP, UDP or ICMP payload over
 * IPv4), the frame check sequence, and the hash of the destination address filter. Written
 * from the manuals for the models, apart from the drivers. */
#ifndef MODEL_COE_H
#define MODEL_COE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define COE_PT_UNKNOWN 0
#define COE_PT_UDP 1
#define COE_PT_TCP 2
#define COE_PT_ICMP 3

struct coe_rx {
    bool ipv4, ipv6;     /* the EtherType (after an optional VLAN tag) */
    bool header_error;   /* IPv4 header checksum wrong, or a header that does not parse */
    bool payload_error;  /* TCP/UDP/ICMP checksum wrong */
    bool payload_bypassed; /* fragment, other protocol, options the engine skips: not checked */
    uint8_t payload_type;  /* COE_PT_* */
};

/* Checks a received frame (no FCS) as the engine does. */
void coe_rx_check(const uint8_t *frame, size_t len, struct coe_rx *st);

/* Checksum insertion on transmit (the descriptor's CIC field: 0 none, 1 IPv4 header only,
 * 2 header and payload with the pseudo-header sum already in the field, 3 header and payload,
 * pseudo-header computed too). Fragments get the header only. Returns false, frame untouched,
 * when the IP header does not parse (the MAC's "IP header error" status). */
bool coe_tx_insert(uint8_t *frame, size_t len, unsigned cic, bool *payload_error);

/* IEEE 802.3 CRC-32 (the FCS), as transmitted. */
uint32_t coe_crc32(const uint8_t *p, size_t len);

/* The hash filter's bit for a destination address: the upper 6 bits of the CRC of the address,
 * bit-reversed (the MAC computes it LSB-first as the bits arrive). 0..63. */
unsigned coe_hash_bit(const uint8_t mac[6]);

#endif
