/* A TCP server on one port, the way every application here serves clients: several sockets
 * listen on the port (the backlog), each takes one connection, and a socket whose connection
 * ended listens again. The pool does that bookkeeping, logs each connection's start and end, and
 * closes our direction once the peer has closed its own and everything it sent was read; the
 * service only moves the data (an echo, a sink that counts, ...).
 *
 *   static struct netapp_tcp_conn conns[4];
 *   for (i...) net_tcp_socket_init(&conns[i].sock, &tcp, rx[i], RX, tx[i], TX);
 *   static struct netapp_tcp_pool echo = {.name = "echo", .port = 1234, .conns = conns, .count = 4};
 *   netapp_tcp_pool_listen(&echo);
 *   ... in the poll task, after netapp_poll():
 *   more = netapp_tcp_pool_run(&echo, &echo_service, ctx, now_us);
 *
 * Everything runs in the task that owns the interface. */
#ifndef NETAPP_TCP_POOL_H
#define NETAPP_TCP_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/socket/tcp.h"

struct netapp_tcp_conn {
    struct net_tcp_socket sock;
    bool open;    /* seen established (and logged) */
    bool closing; /* we closed our direction after the peer's FIN */
};

struct netapp_tcp_pool {
    const char *name;         /* log prefix: "echo: conn 2 from 10.0.0.1:40000" */
    uint16_t port;
    uint32_t user_timeout_us; /* RFC 5482 timeout of every connection (0: the stack's) */
    struct netapp_tcp_conn *conns;
    unsigned count;
    unsigned open;            /* connections established now */
    uint64_t accepted;        /* connections established since start */
};

/* What a service does with its connections; ctx is the caller's. Either hook may be NULL. */
struct netapp_tcp_service {
    /* A connection is established on conns[i] (its per-connection state starts here). */
    void (*opened)(void *ctx, unsigned i, struct net_tcp_socket *s, uint64_t now_us);
    /* Moves data on an open connection; true when it queued output or freed receive room (the
     * stack has something to send: poll again). It may abort the connection. */
    bool (*serve)(void *ctx, unsigned i, struct net_tcp_socket *s, uint64_t now_us);
};

/* Every socket listens (initialised with net_tcp_socket_init before). The last index listens
 * first: the stack hands a SYN to the socket that listened last, so conns[0] serves the first
 * client (put the largest buffers there). Logs a line and returns false if one cannot listen. */
bool netapp_tcp_pool_listen(struct netapp_tcp_pool *p);

/* Looks at every socket: listens again with the ended ones, tells the service about new
 * connections, lets it serve the open ones, closes after the peer's end of stream. True when
 * output was queued (the caller polls the interface again). */
bool netapp_tcp_pool_run(struct netapp_tcp_pool *p, const struct netapp_tcp_service *svc, void *ctx,
                         uint64_t now_us);

#endif
