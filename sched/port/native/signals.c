/* Asynchronous interrupt sources of the native port: POSIX signals. Each handler pends its IRQ and
 * runs the emulated NVIC right there, so tasks run inside the handler the way they run inside an
 * exception on the hardware; SA_NODEFER lets a more urgent source nest. errno is saved around
 * the whole thing, as a task may well change it. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "sched_native.h"

#define MAX_SIGNALS 65

static int8_t signal_irq[MAX_SIGNALS];
static struct {
    int fd;
    unsigned irq;
} fd_irq[NATIVE_MAX_FDS];
static volatile unsigned fd_count;

static void on_signal(int signo)
{
    int saved = errno;
    if (signo > 0 && signo < MAX_SIGNALS && signal_irq[signo] >= 0)
        sched_port_pend((unsigned)signal_irq[signo]);
    errno = saved;
}

/* SIGIO says "some fd has data": ask poll() which (async-signal-safe, no wait). */
static void on_sigio(int signo)
{
    (void)signo;
    int saved = errno;
    struct pollfd fds[NATIVE_MAX_FDS];
    unsigned n = fd_count;
    for (unsigned i = 0; i < n; i++)
        fds[i] = (struct pollfd){.fd = fd_irq[i].fd, .events = POLLIN};
    if (poll(fds, n, 0) > 0)
        for (unsigned i = 0; i < n; i++)
            if (fds[i].revents & (POLLIN | POLLERR | POLLHUP))
                sched_port_pend(fd_irq[i].irq);
    errno = saved;
}

static int install(int signo, void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = SA_NODEFER | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    return sigaction(signo, &sa, 0);
}

int native_irq_bind_signal(int signo, unsigned irq)
{
    if (signo <= 0 || signo >= MAX_SIGNALS || signo == SIGIO || irq >= NATIVE_IRQ_COUNT) {
        errno = EINVAL;
        return -1;
    }
    static int initialised;
    if (!initialised) {
        memset(signal_irq, -1, sizeof signal_irq);
        initialised = 1;
    }
    signal_irq[signo] = (int8_t)irq;
    return install(signo, on_signal);
}

int native_irq_bind_fd(int fd, unsigned irq)
{
    if (fd_count >= NATIVE_MAX_FDS || irq >= NATIVE_IRQ_COUNT) {
        errno = fd_count >= NATIVE_MAX_FDS ? ENOSPC : EINVAL;
        return -1;
    }
    if (fd_count == 0 && install(SIGIO, on_sigio) != 0)
        return -1;
    fd_irq[fd_count].fd = fd;
    fd_irq[fd_count].irq = irq;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    fd_count++;
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETOWN, getpid()) != 0 || fcntl(fd, F_SETFL, flags | O_ASYNC) != 0)
        return -1;
    /* Data that arrived before O_ASYNC raised no signal: look once now. */
    on_sigio(SIGIO);
    return 0;
}
