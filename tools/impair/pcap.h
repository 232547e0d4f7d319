/* A classic libpcap file (LINKTYPE_ETHERNET, microsecond timestamps) written as frames pass. */
#ifndef IMPAIR_PCAP_H
#define IMPAIR_PCAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct pcap_writer {
    FILE *f;
    uint64_t frames;
};

/* Returns 0, or -1 (errno set). A writer with f == NULL ignores writes. */
int pcap_open(struct pcap_writer *w, const char *path);
void pcap_write(struct pcap_writer *w, const uint8_t *frame, size_t len);
void pcap_flush(struct pcap_writer *w);
void pcap_close(struct pcap_writer *w);

#endif
