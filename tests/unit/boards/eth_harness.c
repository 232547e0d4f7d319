#include "eth_harness.h"

#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mmio_bus.h"

struct model_wire h_wire;
bool h_carrier;
unsigned h_irqs;
static int peer_fd = -1;

static bool carrier(void *ctx)
{
    (void)ctx;
    return h_carrier;
}

void h_raise_irq(void *ctx)
{
    (void)ctx;
    h_irqs++;
}

void h_wire_setup(void)
{
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
    for (int i = 0; i < 2; i++)
        fcntl(sv[i], F_SETFL, fcntl(sv[i], F_GETFL) | O_NONBLOCK);
    h_wire = (struct model_wire){.fd = sv[0], .carrier = carrier};
    peer_fd = sv[1];
    h_carrier = true;
    h_irqs = 0;
    mmio_bus_unmap_all();
}

void h_wire_teardown(void)
{
    close(h_wire.fd);
    close(peer_fd);
    mmio_bus_unmap_all();
}

void h_peer_send(const uint8_t *frame, size_t len)
{
    assert_int_equal(write(peer_fd, frame, len), (ssize_t)len);
}

size_t h_peer_recv(uint8_t *buf, size_t cap)
{
    ssize_t n = read(peer_fd, buf, cap);
    return n > 0 ? (size_t)n : 0;
}

size_t h_frame(uint8_t *f, const uint8_t dst[6], size_t payload, uint8_t seed)
{
    static const uint8_t src[6] = PEER_MAC;
    memcpy(f, dst, 6);
    memcpy(f + 6, src, 6);
    f[12] = 0x88;
    f[13] = 0xB5;
    for (size_t i = 0; i < payload; i++)
        f[14 + i] = (uint8_t)(seed + i);
    return 14 + payload;
}

uint16_t h_cksum(const uint8_t *p, size_t len, uint32_t seed)
{
    uint32_t s = seed;
    for (size_t i = 0; i < len; i++)
        s += (i & 1) ? p[i] : (uint32_t)p[i] << 8;
    while (s >> 16)
        s = (s & 0xFFFF) + (s >> 16);
    return (uint16_t)~s;
}

static uint32_t udp_pseudo(const uint8_t *ip, size_t udp_len)
{
    uint32_t s = 17 + (uint32_t)udp_len;
    for (int i = 12; i < 20; i += 2)
        s += (uint32_t)ip[i] << 8 | ip[i + 1];
    return s;
}

size_t h_udp_frame(uint8_t *f, const uint8_t dst[6], size_t payload, bool zero_cksums)
{
    static const uint8_t src[6] = PEER_MAC;
    memcpy(f, dst, 6);
    memcpy(f + 6, src, 6);
    f[12] = 0x08;
    f[13] = 0x00;
    uint8_t *ip = f + 14;
    size_t total = 20 + 8 + payload;
    const uint8_t hdr[20] = {0x45, 0, (uint8_t)(total >> 8), (uint8_t)total, 0x12, 0x34, 0x40, 0,
                             64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2};
    memcpy(ip, hdr, 20);
    uint8_t *udp = ip + 20;
    size_t ulen = 8 + payload;
    const uint8_t uh[8] = {0x0F, 0xA0, 0x00, 0x07, (uint8_t)(ulen >> 8), (uint8_t)ulen, 0, 0};
    memcpy(udp, uh, 8);
    for (size_t i = 0; i < payload; i++)
        udp[8 + i] = (uint8_t)(i * 7 + 3);
    if (!zero_cksums) {
        uint16_t c = h_cksum(ip, 20, 0);
        ip[10] = (uint8_t)(c >> 8);
        ip[11] = (uint8_t)c;
        c = h_cksum(udp, ulen, udp_pseudo(ip, ulen));
        if (c == 0)
            c = 0xFFFF;
        udp[6] = (uint8_t)(c >> 8);
        udp[7] = (uint8_t)c;
    }
    return 14 + total;
}

bool h_ipv4_udp_cksums_ok(const uint8_t *f, size_t len)
{
    const uint8_t *ip = f + 14;
    if (len < 14 + 28 || h_cksum(ip, 20, 0) != 0)
        return false;
    size_t ulen = (size_t)ip[24] << 8 | ip[25];
    return h_cksum(ip + 20, ulen, udp_pseudo(ip, ulen)) == 0;
}
