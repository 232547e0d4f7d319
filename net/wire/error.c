#include "net/wire/error.h"

const char *net_wire_err_str(enum net_wire_err err)
{
    switch (err) {
    case NET_WIRE_OK: return "ok";
    case NET_WIRE_TRUNCATED: return "truncated";
    case NET_WIRE_BAD_CHECKSUM: return "bad checksum";
    case NET_WIRE_BAD_VERSION: return "bad version";
    case NET_WIRE_BAD_HEADER_LEN: return "bad header length";
    case NET_WIRE_BAD_LENGTH: return "bad length";
    case NET_WIRE_BAD_FIELD: return "bad field";
    case NET_WIRE_BAD_OPTION: return "bad option";
    case NET_WIRE_UNSUPPORTED: return "unsupported";
    case NET_WIRE_LOOP: return "name loop";
    case NET_WIRE_NO_SPACE: return "no space";
    case NET_WIRE_ERR_COUNT: break;
    }
    return "?";
}
