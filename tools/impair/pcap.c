#include "pcap.h"

#include <time.h>

#define PCAP_MAGIC_US 0xa1b2c3d4u
#define PCAP_SNAPLEN 262144u
#define LINKTYPE_ETHERNET 1u

/* Both headers are written in host byte order: readers detect it from the magic. */
struct file_header {
    uint32_t magic;
    uint16_t version_major, version_minor;
    int32_t thiszone;
    uint32_t sigfigs, snaplen, linktype;
};

struct record_header {
    uint32_t ts_sec, ts_usec, incl_len, orig_len;
};

int pcap_open(struct pcap_writer *w, const char *path)
{
    w->frames = 0;
    w->f = NULL;
    if (!path)
        return 0;
    w->f = fopen(path, "wb");
    if (!w->f)
        return -1;
    struct file_header h = {PCAP_MAGIC_US, 2, 4, 0, 0, PCAP_SNAPLEN, LINKTYPE_ETHERNET};
    if (fwrite(&h, sizeof h, 1, w->f) != 1) {
        fclose(w->f);
        w->f = NULL;
        return -1;
    }
    return 0;
}

void pcap_write(struct pcap_writer *w, const uint8_t *frame, size_t len)
{
    if (!w->f)
        return;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint32_t incl = len > PCAP_SNAPLEN ? PCAP_SNAPLEN : (uint32_t)len;
    struct record_header r = {(uint32_t)ts.tv_sec, (uint32_t)(ts.tv_nsec / 1000), incl,
                              (uint32_t)len};
    fwrite(&r, sizeof r, 1, w->f);
    fwrite(frame, 1, incl, w->f);
    w->frames++;
}

void pcap_flush(struct pcap_writer *w)
{
    if (w->f)
        fflush(w->f);
}

void pcap_close(struct pcap_writer *w)
{
    if (w->f)
        fclose(w->f);
    w->f = NULL;
}
