#include "net/err.h"

const char *net_err_str(enum net_err err)
{
    switch (err) {
    case NET_OK: return "ok";
    case NET_ERR_INVALID: return "invalid argument";
    case NET_ERR_IN_USE: return "in use";
    case NET_ERR_NOT_BOUND: return "not bound";
    case NET_ERR_FULL: return "full";
    case NET_ERR_EMPTY: return "empty";
    case NET_ERR_TOO_BIG: return "too big";
    case NET_ERR_TRUNCATED: return "truncated";
    case NET_ERR_NO_ROUTE: return "no route";
    case NET_ERR_NOT_FOUND: return "not found";
    case NET_ERR_COUNT: break;
    }
    return "?";
}
