/* lwIP's netif over a TAP file descriptor, our own instead of Debian's tapif (which overruns pool
 * pbufs on full-size frames): frames out with one write(), frames in through read() into a
 * pbuf handed to the tcpip thread. */
#include <string.h>
#include <unistd.h>

#include "lwip/etharp.h"
#include "lwip/pbuf.h"
#include "lwip/tcpip.h"
#include "netif/ethernet.h"
#include "tapnetif.h"

static err_t link_output(struct netif *netif, struct pbuf *p)
{
    struct tapnetif *t = netif->state;
    uint8_t frame[1600];
    if (p->tot_len > sizeof frame)
        return ERR_BUF;
    /* one contiguous frame: LWIP_NETIF_TX_SINGLE_PBUF makes this a single piece already */
    u16_t n = pbuf_copy_partial(p, frame, p->tot_len, 0);
    return write(t->fd, frame, n) == n ? ERR_OK : ERR_IF;
}

static err_t init(struct netif *netif)
{
    struct tapnetif *t = netif->state;
    netif->name[0] = 't';
    netif->name[1] = 'p';
    netif->mtu = 1500;
    netif->hwaddr_len = 6;
    memcpy(netif->hwaddr, t->mac, 6);
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
    netif->output = etharp_output;
    netif->linkoutput = link_output;
    return ERR_OK;
}

err_t tapnetif_init(struct netif *netif)
{
    return init(netif);
}

void tapnetif_input_loop(struct tapnetif *t, struct netif *netif)
{
    uint8_t frame[65536];
    for (;;) {
        ssize_t n = read(t->fd, frame, sizeof frame);
        if (n <= 0 || n > 1514)
            continue;
        struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)n, PBUF_RAM);
        if (!p)
            continue;
        pbuf_take(p, frame, (u16_t)n);
        if (netif->input(p, netif) != ERR_OK)
            pbuf_free(p);
    }
}
