/* The benchmark's client: sends SIZE bytes to HOST:PORT over the kernel's TCP while reading the
 * echo back, checks every byte, and prints "bytes seconds Mbit/s" (each way).
 *
 *   echo-client HOST PORT SIZE */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int fd;
static uint64_t size;

static uint8_t pattern(uint64_t i)
{
    return (uint8_t)(i * 7u + (i >> 9) + (i >> 17));
}

static void *sender(void *arg)
{
    (void)arg;
    static uint8_t buf[65536];
    for (uint64_t off = 0; off < size;) {
        size_t n = size - off < sizeof buf ? (size_t)(size - off) : sizeof buf;
        for (size_t i = 0; i < n; i++)
            buf[i] = pattern(off + i);
        for (size_t done = 0; done < n;) {
            ssize_t w = write(fd, buf + done, n - done);
            if (w <= 0) {
                perror("write");
                exit(1);
            }
            done += (size_t)w;
        }
        off += n;
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
    static uint8_t buf[262144];
    uint64_t got = 0;
    for (;;) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0) {
            perror("read");
            return 1;
        }
        if (r == 0)
            break;
        for (ssize_t i = 0; i < r; i++) {
            if (buf[i] != pattern(got + (uint64_t)i)) {
                fprintf(stderr, "echo differs at byte %llu\n", (unsigned long long)(got + i));
                return 1;
            }
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
