/* native: a file as a settings store. A missing or short file reads as erased (0xFF), erase
 * truncates it, and every program is followed by fsync so a saved image survives a crash. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "settings/store.h"

static const char *path_of(const struct settings_backend *b)
{
    return b->ctx;
}

static int file_read(const struct settings_backend *b, uint32_t offset, void *buf, uint32_t len)
{
    if (offset > b->size || len > b->size - offset)
        return -1;
    memset(buf, 0xFF, len);
    int fd = open(path_of(b), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? 0 : -1;
    uint8_t *p = buf;
    uint32_t done = 0;
    while (done < len) {
        ssize_t n = pread(fd, p + done, len - done, (off_t)offset + done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* end of file: the rest stays "erased" */
        done += (uint32_t)n;
    }
    close(fd);
    return 0;
}

static int file_erase(const struct settings_backend *b)
{
    int fd = open(path_of(b), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc < 0 ? -1 : 0;
}

static int file_program(const struct settings_backend *b, uint32_t offset, const void *data,
                        uint32_t len)
{
    if (offset > b->size || len > b->size - offset)
        return -1;
    int fd = open(path_of(b), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return -1;
    const uint8_t *p = data;
    uint32_t done = 0;
    int rc = 0;
    while (done < len) {
        ssize_t n = pwrite(fd, p + done, len - done, (off_t)offset + done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rc = -1;
            break;
        }
        done += (uint32_t)n;
    }
    if (rc == 0 && fsync(fd) < 0)
        rc = -1;
    close(fd);
    return rc;
}

void settings_file_backend(struct settings_backend *b, const char *path, uint32_t size)
{
    *b = (struct settings_backend){
        .size = size, .program_unit = 1, .read = file_read, .erase = file_erase,
        .program = file_program, .ctx = path,
    };
}
