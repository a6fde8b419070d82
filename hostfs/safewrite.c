#include "hostfs/safewrite.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Journal: "ARCJRNL1", u32 count, u64 final size (all ones: keep), count × (u64 offset, u32
 * length, bytes), u64 FNV-1a of all that, "ARCJEND1". Integers little-endian. Anything else is
 * an incomplete journal. */
static const char MAGIC[8] = "ARCJRNL1", END[8] = "ARCJEND1";
#define MAX_JOURNAL (1ull << 31)

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

/* All of p to fd, at `off` (pwrite) or, when off < 0, at the file position; FNV into *hash. */
static bool put_all(int fd, const void *data, size_t n, int64_t off, uint64_t *hash)
{
    const uint8_t *p = data;
    if (hash)
        *hash = fnv(*hash, data, n);
    while (n) {
        ssize_t w = off < 0 ? write(fd, p, n) : pwrite(fd, p, n, (off_t)off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
        if (off >= 0)
            off += w;
    }
    return true;
}

static bool write_all(int fd, const void *data, size_t n, uint64_t *hash) { return put_all(fd, data, n, -1, hash); }

/* The directory entry of a new or removed file is durable only once its folder is synced. */
static void sync_dir_of(const char *path)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        dir[1] = 0;
    else if (slash)
        *slash = 0;
    else
        strcpy(dir, ".");
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* The file behind `path` (symlinks resolved), which must be a regular file. */
static int real_file(const char *path, char real[PATH_MAX], char *err, size_t errlen)
{
    struct stat st;
    if (!realpath(path, real) || stat(real, &st) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file: never written back", path);
        return -1;
    }
    return 0;
}

int safewrite_ranges(const char *path, const safewrite_range_t *r, int count, uint64_t size, char *err,
                     size_t errlen)
{
    char real[PATH_MAX], journal[PATH_MAX + 32];
    if (real_file(path, real, err, errlen) != 0)
        return -1;
    snprintf(journal, sizeof journal, "%s%s", real, SAFEWRITE_JOURNAL_SUFFIX);
    int jfd = open(journal, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (jfd < 0) {
        snprintf(err, errlen, "%s: cannot write its journal %s: %s", path, journal, strerror(errno));
        return -1;
    }
    uint64_t h = 0xcbf29ce484222325ull;
    uint32_t n32 = (uint32_t)count;
    bool ok = write_all(jfd, MAGIC, sizeof MAGIC, &h) && write_all(jfd, &n32, 4, &h) && write_all(jfd, &size, 8, &h);
    for (int i = 0; ok && i < count; i++) {
        uint32_t len = (uint32_t)r[i].len;
        ok = write_all(jfd, &r[i].offset, 8, &h) && write_all(jfd, &len, 4, &h) && write_all(jfd, r[i].data, r[i].len, &h);
    }
    uint64_t sum = h;
    ok = ok && write_all(jfd, &sum, 8, NULL) && write_all(jfd, END, sizeof END, NULL) && fsync(jfd) == 0;
    ok = close(jfd) == 0 && ok;
    if (!ok) {
        snprintf(err, errlen, "%s: writing its journal failed: %s (image unchanged)", path, strerror(errno));
        unlink(journal);
        return -1;
    }
    sync_dir_of(journal);
    int fd = open(real, O_WRONLY | O_CLOEXEC);
    ok = fd >= 0;
    for (int i = 0; ok && i < count; i++)
        ok = put_all(fd, r[i].data, r[i].len, (int64_t)r[i].offset, NULL);
    ok = ok && (size == SAFEWRITE_KEEP_SIZE || ftruncate(fd, (off_t)size) == 0) && fsync(fd) == 0;
    if (fd >= 0)
        ok = close(fd) == 0 && ok;
    if (!ok) {
        /* The journal stays: the next start completes the write. */
        snprintf(err, errlen, "%s: writing back failed: %s (the journal beside it completes it next time)", path,
                 strerror(errno));
        return -1;
    }
    unlink(journal);
    sync_dir_of(journal);
    return 0;
}

/* Reads the whole journal; true when it is complete and its checksum holds. */
static bool load_journal(const char *journal, uint8_t **data, size_t *size)
{
    *data = NULL;
    int fd = open(journal, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > MAX_JOURNAL ||
        st.st_size < (off_t)(sizeof MAGIC + 4 + 8 + 8 + sizeof END)) {
        if (fd >= 0)
            close(fd);
        return false;
    }
    size_t n = (size_t)st.st_size, got = 0;
    uint8_t *p = malloc(n);
    while (p && got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    if (!p || got != n || memcmp(p, MAGIC, sizeof MAGIC) || memcmp(p + n - sizeof END, END, sizeof END)) {
        free(p);
        return false;
    }
    uint64_t sum;
    memcpy(&sum, p + n - sizeof END - 8, 8);
    if (fnv(0xcbf29ce484222325ull, p, n - sizeof END - 8) != sum) {
        free(p);
        return false;
    }
    *data = p;
    *size = n;
    return true;
}

static int replay(const char *real, const uint8_t *j, size_t size, uint64_t *bytes)
{
    size_t body_end = size - sizeof END - 8, pos = sizeof MAGIC;
    uint32_t count;
    uint64_t final_size;
    memcpy(&count, j + pos, 4);
    memcpy(&final_size, j + pos + 4, 8);
    pos += 12;
    int fd = open(real, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    bool ok = true;
    *bytes = 0;
    for (uint32_t i = 0; ok && i < count; i++) {
        uint64_t off;
        uint32_t len;
        if (pos + 12 > body_end) {
            ok = false;
            break;
        }
        memcpy(&off, j + pos, 8);
        memcpy(&len, j + pos + 8, 4);
        pos += 12;
        ok = len <= body_end - pos && put_all(fd, j + pos, len, (int64_t)off, NULL);
        pos += len;
        *bytes += len;
    }
    ok = ok && (final_size == SAFEWRITE_KEEP_SIZE || ftruncate(fd, (off_t)final_size) == 0) && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    return ok ? 0 : -1;
}

/* Removes NAME.tmp and NAME.tmp-PID (PID gone) beside the image: earlier versions' temp files. */
static int remove_stale_temps(const char *path)
{
    char dir[PATH_MAX], base[NAME_MAX + 1];
    const char *slash = strrchr(path, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
    if (slash == path)
        strcpy(dir, "/");
    snprintf(base, sizeof base, "%.255s", slash ? slash + 1 : path);
    size_t blen = strlen(base);
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int removed = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *tail = e->d_name + blen;
        if (strncmp(e->d_name, base, blen) || strncmp(tail, ".tmp", 4))
            continue;
        bool stale = !tail[4];
        if (tail[4] == '-') {
            char *end;
            long pid = strtol(tail + 5, &end, 10);
            stale = !*end && pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
        }
        char full[PATH_MAX + NAME_MAX + 2];
        snprintf(full, sizeof full, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stale && lstat(full, &st) == 0 && S_ISREG(st.st_mode) && unlink(full) == 0)
            removed++;
    }
    closedir(d);
    return removed;
}

int safewrite_recover(const char *path, char *note, size_t notelen, char *err, size_t errlen)
{
    char real[PATH_MAX], journal[PATH_MAX + 32];
    note[0] = 0;
    if (!realpath(path, real))
        return 0; /* nothing there: the loader says so */
    snprintf(journal, sizeof journal, "%s%s", real, SAFEWRITE_JOURNAL_SUFFIX);
    int temps = remove_stale_temps(real);
    struct stat st;
    if (lstat(journal, &st) != 0) {
        if (temps)
            snprintf(note, notelen, "%s: removed %d temp file%s an interrupted earlier run left", path, temps,
                     temps == 1 ? "" : "s");
        return 0;
    }
    uint8_t *j;
    size_t size;
    if (!load_journal(journal, &j, &size)) {
        unlink(journal);
        snprintf(note, notelen, "%s: discarded an incomplete write-back journal: the image is as before that write",
                 path);
        return 0;
    }
    uint64_t bytes;
    int rc = replay(real, j, size, &bytes);
    free(j);
    if (rc != 0) {
        snprintf(err, errlen, "%s: cannot complete the interrupted write-back in %s: %s", path, journal,
                 strerror(errno));
        return -1;
    }
    unlink(journal);
    sync_dir_of(journal);
    snprintf(note, notelen, "%s: completed a write-back a crash interrupted (%llu bytes)", path,
             (unsigned long long)bytes);
    return 0;
}

int safewrite_check_output(const char *option, const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "--%s: %s: is a %s, not a regular file: left untouched", option, path,
                 S_ISDIR(st.st_mode) ? "folder" : S_ISFIFO(st.st_mode) ? "FIFO" : "device");
        return -1;
    }
    return 0;
}
