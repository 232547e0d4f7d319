/* impair: bridges Ethernet frames between two endpoints and drops, delays, reorders, duplicates
 * and corrupts them on the way (the kernel here has no netem). See docs/impair.md.
 *
 * One thread, one ppoll() loop. Signals are blocked except inside ppoll(), so a SIGINT/SIGTERM
 * (stop) or SIGUSR1 (print counters) is always seen at the top of the loop, never lost between
 * a check and the wait. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bridge.h"
#include "endpoint.h"
#include "options.h"

/* Frames read from one endpoint before looking at the other: keeps both directions moving. */
#define READ_BURST 64
#define PCAP_FLUSH_US 1000000u

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t stats_requested;

static struct endpoint endpoints[2];
static struct bridge bridge;
static uint8_t frame[FRAME_MAX];
static uint64_t queue_storage[DIR_COUNT * DELAY_QUEUE_BYTES / sizeof(uint64_t)];

static uint64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void on_signal(int sig)
{
    if (sig == SIGUSR1)
        stats_requested = 1;
    else
        stop_requested = 1;
}

/* Installs the handlers and blocks the signals; returns the mask ppoll() waits with. */
static sigset_t setup_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGUSR1};
    sigset_t block, wait_mask;
    sigemptyset(&block);
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        sigaction(sigs[i], &sa, NULL);
        sigaddset(&block, sigs[i]);
    }
    signal(SIGPIPE, SIG_IGN);
    sigprocmask(SIG_BLOCK, &block, &wait_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigdelset(&wait_mask, sigs[i]);
    return wait_mask;
}

static uint64_t random_seed(void)
{
    uint64_t seed = 0;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0 || read(fd, &seed, sizeof seed) != (ssize_t)sizeof seed)
        seed = now_us() ^ ((uint64_t)getpid() << 32);
    if (fd >= 0)
        close(fd);
    return seed;
}

static void print_stats(void)
{
    for (int d = 0; d < DIR_COUNT; d++)
        stats_print(stdout, bridge.dir[d].name, &bridge.dir[d].stats);
}

/* Reads up to READ_BURST frames from endpoint i; true if it may have more. */
static int pump(int i, uint64_t now)
{
    for (int n = 0; n < READ_BURST; n++) {
        int len = endpoint_read(&endpoints[i], frame);
        if (len == EP_READ_NONE)
            return 0;
        bridge_receive(&bridge, i == 0 ? DIR_A2B : DIR_B2A, frame, len, now);
    }
    return 1;
}

static void run(sigset_t wait_mask)
{
    uint64_t next_flush = now_us() + PCAP_FLUSH_US;
    int more = 0;
    while (!stop_requested) {
        if (stats_requested) {
            stats_requested = 0;
            print_stats();
        }
        struct pollfd pfds[2 * ENDPOINT_MAX_POLLFDS];
        int count[2];
        count[0] = endpoint_pollfds(&endpoints[0], pfds);
        count[1] = endpoint_pollfds(&endpoints[1], pfds + count[0]);

        uint64_t now = now_us();
        uint64_t deadline = bridge_deadline(&bridge);
        for (int i = 0; i < 2; i++) {
            uint64_t t = endpoint_deadline(&endpoints[i]);
            deadline = t < deadline ? t : deadline;
        }
        deadline = next_flush < deadline ? next_flush : deadline;
        uint64_t wait = more || deadline <= now ? 0 : deadline - now;
        struct timespec ts = {.tv_sec = (time_t)(wait / 1000000u),
                              .tv_nsec = (long)(wait % 1000000u) * 1000};
        int rc = ppoll(pfds, (nfds_t)(count[0] + count[1]), &ts, &wait_mask);
        if (rc < 0 && errno != EINTR) {
            perror("impair: ppoll");
            return;
        }
        if (rc < 0)
            continue;

        now = now_us();
        endpoint_service(&endpoints[0], pfds, count[0], now);
        endpoint_service(&endpoints[1], pfds + count[0], count[1], now);
        more = pump(0, now);
        more |= pump(1, now);
        bridge_release(&bridge, now_us());
        if (now >= next_flush) {
            pcap_flush(&bridge.forwarded);
            pcap_flush(&bridge.dropped);
            next_flush = now + PCAP_FLUSH_US;
        }
    }
}

int main(int argc, char **argv)
{
    struct options o;
    int rc = options_parse(&o, argc, argv);
    if (rc)
        return rc > 0 ? 0 : 2;

    char err[256];
    for (int i = 0; i < 2; i++) {
        if (endpoint_open(&endpoints[i], o.endpoint[i], err, sizeof err)) {
            fprintf(stderr, "impair: %s\n", err);
            return 1;
        }
    }
    uint64_t seed = o.seed_given ? o.seed : random_seed();
    bridge_init(&bridge, &o, seed, &endpoints[0], &endpoints[1], (uint8_t *)queue_storage);
    if (pcap_open(&bridge.forwarded, o.pcap_path)
        || pcap_open(&bridge.dropped, o.pcap_dropped_path)) {
        fprintf(stderr, "impair: pcap: %s\n", strerror(errno));
        return 1;
    }
    sigset_t wait_mask = setup_signals();

    /* Scripts wait for this line: from here on both endpoints exist. */
    printf("impair: ready a=%s b=%s seed=%" PRIu64 "\n", o.endpoint[0], o.endpoint[1], seed);
    fflush(stdout);

    run(wait_mask);

    bridge_finish(&bridge);
    pcap_close(&bridge.forwarded);
    pcap_close(&bridge.dropped);
    if (o.print_stats)
        print_stats();
    endpoint_close(&endpoints[0]);
    endpoint_close(&endpoints[1]);
    return 0;
}
