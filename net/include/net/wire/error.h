/* Why a wire parser refused a buffer (or an emitter could not write). Parsers return the first
 * problem they find; NET_WIRE_OK means every length, field and checksum was checked. */
#ifndef NET_WIRE_ERROR_H
#define NET_WIRE_ERROR_H

enum net_wire_err {
    NET_WIRE_OK = 0,
    NET_WIRE_TRUNCATED,      /* buffer shorter than the header or than a length field says */
    NET_WIRE_BAD_CHECKSUM,   /* checksum does not verify */
    NET_WIRE_BAD_VERSION,    /* IP version is not 4 */
    NET_WIRE_BAD_HEADER_LEN, /* IHL < 5, TCP data offset < 5, header longer than the packet */
    NET_WIRE_BAD_LENGTH,     /* a length field contradicts the header or the datagram limit */
    NET_WIRE_BAD_FIELD,      /* a field has a value the protocol forbids (port 0, bad opcode...) */
    NET_WIRE_BAD_OPTION,     /* an option is malformed (length byte missing, wrong or overrunning) */
    NET_WIRE_UNSUPPORTED,    /* valid but not something this stack handles (non-Ethernet ARP...) */
    NET_WIRE_LOOP,           /* DNS name compression loops or exceeds the name limits */
    NET_WIRE_NO_SPACE,       /* emit: the output buffer is too small */
    NET_WIRE_ERR_COUNT
};

const char *net_wire_err_str(enum net_wire_err err);

#endif
