/* Checked opening and reading of input files (roms/infile.h). */
#include "roms/infile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *kind_of(mode_t mode)
{
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

int infile_open(const char *path, bool write, uint64_t *size, char *err, size_t errlen)
{
    if (!path || !*path) {
        snprintf(err, errlen, "(no file name): no such file");
        return -1;
    }
    /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. */
    int fd = open(path, (write ? O_RDWR : O_RDONLY) | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        const char *k = kind_of(st.st_mode);
        snprintf(err, errlen, "%s: %s%s", path, strcmp(k, "not a regular file") ? "not a regular file but " : "", k);
        close(fd);
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    if (size)
        *size = st.st_size > 0 ? (uint64_t)st.st_size : 0;
    return fd;
}

FILE *infile_fopen(const char *path, const char *mode, uint64_t *size, char *err, size_t errlen)
{
    bool write = strchr(mode, '+') != NULL;
    int fd = infile_open(path, write, size, err, errlen);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, mode);
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        close(fd);
    }
    return f;
}

bool infile_read_fd(int fd, uint8_t *dst, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, dst + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        got += (size_t)r;
    }
    return true;
}

/* Reads up to cap bytes; *size = bytes read; *more = the file holds more than cap. */
static int read_all(int fd, const char *path, uint8_t *dst, size_t cap, size_t *size, bool *more, char *err,
                    size_t errlen)
{
    size_t got = 0;
    for (;;) {
        uint8_t probe;
        bool full = got == cap;
        ssize_t r = read(fd, full ? &probe : dst + got, full ? 1 : cap - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            snprintf(err, errlen, "%s: read error: %s", path, strerror(errno));
            return -1;
        }
        if (r == 0)
            break;
        if (full) {
            *more = true;
            break;
        }
        got += (size_t)r;
    }
    *size = got;
    return 0;
}

int infile_read(const char *path, size_t max_size, bool allow_empty, uint8_t **data, size_t *size, char *err,
                size_t errlen)
{
    *data = NULL;
    *size = 0;
    uint64_t len;
    int fd = infile_open(path, false, &len, err, errlen);
    if (fd < 0)
        return -1;
    if (len > max_size) {
        snprintf(err, errlen, "%s: larger than %zu bytes", path, max_size);
        close(fd);
        return -1;
    }
    uint8_t *buf = malloc((size_t)len + 1);
    if (!buf) {
        snprintf(err, errlen, "%s: out of memory", path);
        close(fd);
        return -1;
    }
    bool more = false;
    size_t got = 0;
    int rc = read_all(fd, path, buf, (size_t)len, &got, &more, err, errlen);
    close(fd);
    if (rc == 0 && more) { /* it grew after fstat: never read past the bound taken then */
        snprintf(err, errlen, "%s: changed while it was read", path);
        rc = -1;
    } else if (rc == 0 && got == 0 && !allow_empty) {
        snprintf(err, errlen, "%s: empty file", path);
        rc = -1;
    }
    if (rc != 0) {
        free(buf);
        return -1;
    }
    buf[got] = 0;
    *data = buf;
    *size = got;
    return 0;
}

int infile_read_into(const char *path, uint8_t *dst, size_t cap, size_t *size, char *err, size_t errlen)
{
    *size = 0;
    uint64_t len;
    int fd = infile_open(path, false, &len, err, errlen);
    if (fd < 0)
        return -1;
    bool more = len > cap;
    size_t got = 0;
    int rc = more ? 0 : read_all(fd, path, dst, cap, &got, &more, err, errlen);
    close(fd);
    if (rc != 0)
        return -1;
    if (more) {
        snprintf(err, errlen, "%s: larger than %zu bytes", path, cap);
        return -1;
    }
    *size = got;
    return 0;
}
