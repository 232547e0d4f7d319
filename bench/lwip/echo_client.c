/* The benchmark's client: sends SIZE bytes to HOST:PORT over the kernel's TCP while reading the
 * echo back, checks every byte, and prints "bytes seconds Mbit/s" (each way). The stream repeats
 * a block of a prime length (so it never lines up with segments or buffers) and is checked with
 * memcmp against it: the client stays far cheaper than any server it measures, the kernel's
 * own included. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int fd;
static uint64_t size;

#define BLOCK 65521u
static uint8_t block[2 * BLOCK]; /* twice, so any window of up to BLOCK bytes is contiguous */

static void make_block(void)
{
    uint32_t x = 2463534242u;
    for (uint32_t i = 0; i < BLOCK; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        block[i] = block[i + BLOCK] = (uint8_t)x;
    }
}

static void *sender(void *arg)
{
    (void)arg;
    for (uint64_t off = 0; off < size;) {
        size_t n = size - off < BLOCK ? (size_t)(size - off) : BLOCK;
        ssize_t w = write(fd, block + off % BLOCK, n);
        if (w <= 0) {
            perror("write");
            exit(1);
        }
        off += (uint64_t)w;
    }
    shutdown(fd, SHUT_WR);
    return NULL;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s HOST PORT SIZE\n", argv[0]);
        return 2;
    }
    size = strtoull(argv[3], NULL, 0);
    make_block();
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[2]))};
    inet_pton(AF_INET, argv[1], &to.sin_addr);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    double start = now();
    if (connect(fd, (struct sockaddr *)&to, sizeof to) != 0) {
        perror("connect");
        return 1;
    }
    pthread_t t;
    pthread_create(&t, NULL, sender, NULL);
    static uint8_t buf[BLOCK];
    uint64_t got = 0;
    for (;;) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0) {
            perror("read");
            return 1;
        }
        if (r == 0)
            break;
        if (memcmp(buf, block + got % BLOCK, (size_t)r) != 0) {
            fprintf(stderr, "echo differs after byte %llu\n", (unsigned long long)got);
            return 1;
        }
        got += (uint64_t)r;
    }
    pthread_join(t, NULL);
    double secs = now() - start;
    close(fd);
    if (got != size) {
        fprintf(stderr, "%llu of %llu bytes came back\n", (unsigned long long)got,
                (unsigned long long)size);
        return 1;
    }
    printf("%llu %.3f %.1f\n", (unsigned long long)size, secs, (double)size * 8 / secs / 1e6);
    return 0;
}
