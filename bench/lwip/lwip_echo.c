/* The lwIP side of the TCP benchmark: Debian's liblwip (2.1.3, the Hurd's lwipopts: NO_SYS=0,
 * TCP_WND 65535 scaled by 1, TCP_SND_BUF 65535, MSS 1460) serving the same TCP echo as our
 * apps/tcp-echo on port 1234, over a TAP interface, through lwIP's raw TCP API (callbacks in the
 * tcpip thread: its most direct path, as our echo service is ours).
 *
 *   lwip-echo TAP IP/PREFIX MAC       e.g. lwip-echo bench0 10.77.9.2/24 02:77:09:00:00:02
 *
 * Back-pressure as in our echo: received data is written to the send buffer as room allows, and
 * the window is reopened (tcp_recved) only for what was written. SIGTERM ends the process with
 * exit(), so callgrind writes its totals. */
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lwip/init.h"
#include "lwip/tcp.h"
#include "lwip/tcpip.h"
#include "tap_open.h"
#include "tapnetif.h"

struct conn {
    struct pbuf *pending; /* received, not yet written back */
    int closing;          /* the peer closed: close once pending is written */
};

static void conn_free(struct conn *c)
{
    if (c->pending)
        pbuf_free(c->pending);
    free(c);
}

static void flush(struct conn *c, struct tcp_pcb *pcb)
{
    while (c->pending && tcp_sndbuf(pcb) > 0) {
        struct pbuf *q = c->pending;
        u16_t len = q->len < tcp_sndbuf(pcb) ? q->len : tcp_sndbuf(pcb);
        if (tcp_write(pcb, q->payload, len, TCP_WRITE_FLAG_COPY) != ERR_OK)
            break;
        tcp_recved(pcb, len);
        c->pending = pbuf_free_header(q, len);
    }
    tcp_output(pcb);
    if (c->closing && !c->pending) {
        tcp_arg(pcb, NULL);
        tcp_recv(pcb, NULL);
        tcp_sent(pcb, NULL);
        tcp_err(pcb, NULL);
        conn_free(c);
        tcp_close(pcb);
    }
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
    struct conn *c = arg;
    (void)err;
    if (!p)
        c->closing = 1;
    else if (c->pending)
        pbuf_cat(c->pending, p);
    else
        c->pending = p;
    flush(c, pcb);
    return ERR_OK;
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
    (void)len;
    flush(arg, pcb);
    return ERR_OK;
}

static void on_err(void *arg, err_t err)
{
    (void)err;
    if (arg)
        conn_free(arg);
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
    (void)arg;
    if (err != ERR_OK || !pcb)
        return ERR_VAL;
    struct conn *c = calloc(1, sizeof *c);
    if (!c)
        return ERR_MEM;
    tcp_arg(pcb, c);
    tcp_recv(pcb, on_recv);
    tcp_sent(pcb, on_sent);
    tcp_err(pcb, on_err);
    return ERR_OK;
}

static void on_term(int sig)
{
    (void)sig;
    exit(0);
}

int main(int argc, char **argv)
{
    static struct tapnetif tap;
    static struct netif netif;
    unsigned m[6], prefix;
    char ip[32];
    if (argc != 4 || sscanf(argv[2], "%31[0-9.]/%u", ip, &prefix) != 2 || prefix > 32 ||
        sscanf(argv[3], "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) != 6) {
        fprintf(stderr, "usage: %s TAP IP/PREFIX MAC\n", argv[0]);
        return 2;
    }
    for (int i = 0; i < 6; i++)
        tap.mac[i] = (uint8_t)m[i];
    tap.fd = tap_open(argv[1]);
    if (tap.fd < 0) {
        perror("tap");
        return 1;
    }
    signal(SIGTERM, on_term);
    tcpip_init(NULL, NULL);
    ip4_addr_t addr, mask, gw;
    inet_pton(AF_INET, ip, &addr);
    mask.addr = prefix ? htonl(0xFFFFFFFFu << (32 - prefix)) : 0;
    gw.addr = 0;
    LOCK_TCPIP_CORE();
    netif_add(&netif, &addr, &mask, &gw, &tap, tapnetif_init, tcpip_input);
    netif_set_default(&netif);
    netif_set_up(&netif);
    netif_set_link_up(&netif);
    struct tcp_pcb *pcb = tcp_new();
    tcp_bind(pcb, IP_ADDR_ANY, 1234);
    pcb = tcp_listen(pcb);
    tcp_accept(pcb, on_accept);
    UNLOCK_TCPIP_CORE();
    printf("lwip-echo: TCP echo on port 1234 (lwIP %s)\n", LWIP_VERSION_STRING);
    fflush(stdout);
    tapnetif_input_loop(&tap, &netif);
    return 0;
}
