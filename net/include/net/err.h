/* Results of socket and interface calls (the wire layer has its own, net/wire/error.h). */
#ifndef NET_ERR_H
#define NET_ERR_H

enum net_err {
    NET_OK = 0,
    NET_ERR_INVALID,     /* bad argument (port 0 where not allowed, bad name, 0-length...) */
    NET_ERR_IN_USE,      /* port or identifier already bound */
    NET_ERR_NOT_BOUND,   /* the socket is not bound to an interface */
    NET_ERR_FULL,        /* no room in the ring / table now: try again later */
    NET_ERR_EMPTY,       /* nothing to receive */
    NET_ERR_TOO_BIG,     /* larger than the buffer could ever hold */
    NET_ERR_TRUNCATED,   /* received, but the caller's buffer was too small: the rest is lost */
    NET_ERR_NO_ROUTE,    /* no address configured, or no route to the destination */
    NET_ERR_NOT_FOUND,   /* no such entry */
    NET_ERR_COUNT
};

const char *net_err_str(enum net_err err);

#endif
