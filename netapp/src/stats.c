/* The interface's and the driver's counters as "key=value" text: the periodic log lines and the
 * answer netcheck gives a stats request, which the integration tests parse. */
#include <string.h>

#include "board.h"
#include "log/fmt.h"
#include "log/log.h"
#include "netapp/netapp.h"

#define LINE_MAX_CHARS 120

struct text {
    char *buf;
    size_t cap, len, line_start;
};

static void put_raw(struct text *t, const char *s)
{
    for (; *s; s++) {
        if (t->len + 1 < t->cap)
            t->buf[t->len++] = *s;
    }
    if (t->cap)
        t->buf[t->len < t->cap ? t->len : t->cap - 1] = '\0';
}

/* One "key=value" token; a new line first when it would make this one too long. Tokens that
 * no longer fit the buffer are left out whole, never cut. */
static void put_token(struct text *t, const char *key, uint32_t value)
{
    char tok[64];
    size_t n = fmt_snprintf(tok, sizeof tok, "%s=%lu", key, (unsigned long)value);
    bool first = t->len == t->line_start;
    bool wrap = !first && t->len - t->line_start + 1 + n > LINE_MAX_CHARS;
    if (t->len + n + 2 >= t->cap)
        return;
    if (wrap) {
        put_raw(t, "\n");
        t->line_start = t->len;
    } else if (!first) {
        put_raw(t, " ");
    }
    put_raw(t, tok);
}

static void end_line(struct text *t)
{
    if (t->len > t->line_start && t->len + 2 < t->cap) {
        put_raw(t, "\n");
        t->line_start = t->len;
    }
}

static void put_layer(struct text *t, const char *name, const struct net_layer_counters *c)
{
    char key[24];
    fmt_snprintf(key, sizeof key, "%s.rx", name);
    put_token(t, key, c->rx);
    fmt_snprintf(key, sizeof key, "%s.tx", name);
    put_token(t, key, c->tx);
    fmt_snprintf(key, sizeof key, "%s.drop", name);
    put_token(t, key, c->drop);
}

/* "fragments: too many holes" -> "drop.fragments_too_many_holes" */
static void drop_key(enum net_drop_reason r, char *key, size_t cap)
{
    const char *s = net_drop_reason_str(r);
    size_t n = fmt_snprintf(key, cap, "drop.");
    bool gap = false;
    for (; *s && n + 2 < cap; s++) {
        bool alnum = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                     (*s >= '0' && *s <= '9');
        if (!alnum) {
            gap = true;
            continue;
        }
        if (gap && key[n - 1] != '.')
            key[n++] = '_';
        gap = false;
        key[n++] = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
    }
    key[n] = '\0';
}

size_t netapp_stats_format(const struct netapp *n, char *buf, size_t cap)
{
    struct text t = {buf, cap, 0, 0};
    if (cap)
        buf[0] = '\0';
    if (n->dev) {
        const struct net_counters *c = net_iface_counters(&n->iface);
        put_layer(&t, "eth", &c->eth);
        put_layer(&t, "arp", &c->arp);
        put_layer(&t, "ipv4", &c->ipv4);
        end_line(&t);
        put_layer(&t, "icmp", &c->icmp);
        put_layer(&t, "udp", &c->udp);
        put_layer(&t, "tcp", &c->tcp);
        end_line(&t);
        put_token(&t, "rx_bytes", c->rx_bytes);
        put_token(&t, "tx_bytes", c->tx_bytes);
        put_token(&t, "frag_rx", c->frag_rx);
        put_token(&t, "reasm_ok", c->reasm_ok);
        put_token(&t, "frag_tx", c->frag_tx);
        end_line(&t);
        uint32_t total = 0;
        for (int r = 0; r < NET_DROP_REASON_COUNT; r++)
            total += c->drops[r];
        put_token(&t, "drops", total);
        for (int r = 0; r < NET_DROP_REASON_COUNT; r++) {
            if (!c->drops[r])
                continue;
            char key[48];
            drop_key((enum net_drop_reason)r, key, sizeof key);
            put_token(&t, key, c->drops[r]);
        }
        end_line(&t);
    }
    struct board_eth_stats d;
    board_eth_stats(&d);
    put_token(&t, "dev.rx", d.rx_frames);
    put_token(&t, "dev.tx", d.tx_frames);
    put_token(&t, "dev.rx_errors", d.rx_errors);
    put_token(&t, "dev.rx_oversize", d.rx_oversize);
    put_token(&t, "dev.rx_missed", d.rx_missed);
    put_token(&t, "dev.tx_errors", d.tx_errors);
    put_token(&t, "dev.irqs", d.irqs);
    end_line(&t);
    return t.len;
}

void netapp_stats_log(const struct netapp *n)
{
    char text[1472];
    size_t len = netapp_stats_format(n, text, sizeof text);
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] != '\n')
            continue;
        LOG_INFO("stats: %.*s", LOG_SPAN(i - start, text + start));
        start = i + 1;
    }
}
