/* HostFS host side: path sandbox and file operations (hostfs/hostfs.h). */
#include "hostfs/hostfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "hostfs/hostfs_meta.h"

#define MAX_DEPTH 64
#define HOST_PATH_MAX 4096

/* A guest path resolved on the host: the folder holding the last component, opened safely,
 * and that component's host name (the existing entry's, matched case-insensitively, or the
 * name given when it does not exist yet). */
typedef struct resolved {
    int dir_fd;
    char host_path[HOST_PATH_MAX]; /* from the root, host names joined by '/'; "" = root */
    char name[HOSTFS_NAME_MAX + 1];
    bool is_root, exists;
    struct stat st;
} resolved_t;

static hostfs_err_t errno_to_hfs(int e)
{
    switch (e) {
    case ENOENT: return HFS_NOT_FOUND;
    case EEXIST: return HFS_EXISTS;
    case EXDEV: case ELOOP: case EACCES: case EPERM: return HFS_FORBIDDEN;
    case EROFS: return HFS_READ_ONLY;
    case ENAMETOOLONG: return HFS_NAME_TOO_LONG;
    case EISDIR: return HFS_IS_DIR;
    case ENOTDIR: return HFS_NOT_DIR;
    case ENOTEMPTY: return HFS_NOT_EMPTY;
    case ENOSPC: case EDQUOT: case EFBIG: return HFS_NO_SPACE;
    case EMFILE: case ENFILE: return HFS_TOO_MANY_OPEN;
    case EINVAL: return HFS_FORBIDDEN;
    default: return HFS_IO;
    }
}

const char *hostfs_strerror(hostfs_err_t e)
{
    static const char *const text[] = {
        "ok", "not found", "already exists", "outside the shared folder or not allowed",
        "the shared folder is read-only", "bad name", "name too long", "is a folder",
        "not a folder", "folder not empty", "disc full", "too many open files", "bad handle",
        "in use", "host I/O error",
    };
    return (unsigned)e < sizeof text / sizeof text[0] ? text[e] : "unknown error";
}

bool hostfs_put_utf8(char *out, size_t cap, size_t *n, unsigned c)
{
    if (c < 0x80) {
        if (*n + 1 >= cap)
            return false;
        out[(*n)++] = (char)c;
    } else {
        if (*n + 2 >= cap)
            return false;
        out[(*n)++] = (char)(0xC0 | c >> 6);
        out[(*n)++] = (char)(0x80 | (c & 0x3F));
    }
    return true;
}

unsigned hostfs_take_latin1(const unsigned char **s, unsigned none)
{
    unsigned c = *(*s)++;
    if (c < 0x80)
        return c;
    /* A lead byte and its continuation bytes; only two-byte forms of U+0080..U+00FF fit. */
    unsigned cp = c & 0x1F, extra = 0;
    for (; (**s & 0xC0) == 0x80; extra++)
        cp = cp << 6 | (*(*s)++ & 0x3Fu);
    return (c & 0xE0) == 0xC0 && extra == 1 && cp >= 0x80 ? cp : none;
}

hostfs_err_t hostfs_check_name(const char *name, size_t len)
{
    if (len == 0)
        return HFS_BAD_NAME;
    if (len > HOSTFS_NAME_MAX)
        return HFS_NAME_TOO_LONG;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        /* NUL inside a name would cut it short on the host; '/' would make it a path. */
        if (c < 0x20 || c == 0x7f || c == '/')
            return HFS_BAD_NAME;
    }
    if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
        return HFS_BAD_NAME;
    if (len >= strlen(HOSTFS_PRIVATE_PREFIX) && strncasecmp(name, HOSTFS_PRIVATE_PREFIX, strlen(HOSTFS_PRIVATE_PREFIX)) == 0)
        return HFS_BAD_NAME;
    return HFS_OK;
}

static bool is_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))
            return false;
    return true;
}

/* Length of the guest-visible part of a RISC OS host name (",xxx" / ",llllllll-eeeeeeee" cut). */
static size_t riscos_base_len(const char *host, hostfs_entry_t *e)
{
    size_t n = strlen(host);
    if (n > 4 && host[n - 4] == ',' && is_hex(host + n - 3, 3)) {
        if (e) {
            e->has_type = true;
            e->filetype = (uint32_t)strtoul(host + n - 3, NULL, 16);
        }
        return n - 4;
    }
    if (n > 18 && host[n - 18] == ',' && host[n - 9] == '-' && is_hex(host + n - 17, 8) && is_hex(host + n - 8, 8)) {
        if (e) {
            char buf[9];
            e->has_load_exec = true;
            memcpy(buf, host + n - 17, 8), buf[8] = 0;
            e->load = (uint32_t)strtoul(buf, NULL, 16);
            memcpy(buf, host + n - 8, 8);
            e->exec = (uint32_t)strtoul(buf, NULL, 16);
        }
        return n - 18;
    }
    return n;
}

static bool names_match(const hostfs_t *fs, const char *host, const char *guest)
{
    size_t glen = strlen(guest);
    size_t hlen = fs->riscos_suffixes ? riscos_base_len(host, NULL) : strlen(host);
    return hlen == glen && strncasecmp(host, guest, glen) == 0;
}

/* Opens host_path (relative to the root) so that nothing outside the root can be reached. */
static int open_beneath(hostfs_t *fs, const char *host_path, int flags)
{
    const char *p = *host_path ? host_path : ".";
    if (fs->have_openat2) {
        struct open_how how = {.flags = (uint64_t)(flags | O_CLOEXEC),
                               .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV};
        return (int)syscall(SYS_openat2, fs->root_fd, p, &how, sizeof how);
    }
    /* Without openat2: walk one component at a time and follow no symlink at all. */
    char buf[HOST_PATH_MAX];
    snprintf(buf, sizeof buf, "%s", p);
    int fd = dup(fs->root_fd);
    char *save = NULL;
    for (char *c = strtok_r(buf, "/", &save); c && fd >= 0; c = strtok_r(NULL, "/", &save)) {
        bool last = save == NULL || *save == 0;
        int next = openat(fd, c, (last ? flags : O_PATH | O_DIRECTORY) | O_NOFOLLOW | O_CLOEXEC);
        close(fd);
        fd = next;
    }
    return fd;
}

/* Finds the entry of `dir_fd` matching `guest` (exactly, else case-insensitively and, for
 * RISC OS, ignoring the type suffix). The smallest matching host name wins, so the choice does
 * not depend on the order the host lists the folder in. */
static bool find_in_dir(hostfs_t *fs, int dir_fd, const char *guest, char *host_out)
{
    struct stat st;
    if (!fs->riscos_suffixes && fstatat(dir_fd, guest, &st, AT_SYMLINK_NOFOLLOW) == 0) {
        snprintf(host_out, HOSTFS_NAME_MAX + 1, "%.255s", guest);
        return true;
    }
    int fd = openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return false;
    }
    bool found = false;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (hostfs_check_name(e->d_name, strlen(e->d_name)) != HFS_OK)
            continue;
        if (names_match(fs, e->d_name, guest) && (!found || strcmp(e->d_name, host_out) < 0)) {
            snprintf(host_out, HOSTFS_NAME_MAX + 1, "%.255s", e->d_name);
            found = true;
        }
    }
    closedir(d);
    return found;
}

static void resolved_free(resolved_t *r)
{
    if (r->dir_fd >= 0)
        close(r->dir_fd);
    r->dir_fd = -1;
}

static hostfs_err_t resolve(hostfs_t *fs, const char *path, resolved_t *r)
{
    memset(r, 0, sizeof *r);
    r->dir_fd = -1;
    if (!path || path[0] == '/')
        return HFS_FORBIDDEN;
    if (strlen(path) >= HOST_PATH_MAX - 64)
        return HFS_NAME_TOO_LONG;
    char comps[MAX_DEPTH][HOSTFS_NAME_MAX + 1];
    int n = 0;
    for (const char *p = path; *p;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        hostfs_err_t e = hostfs_check_name(p, len);
        if (e != HFS_OK)
            return e;
        if (n == MAX_DEPTH)
            return HFS_NAME_TOO_LONG;
        memcpy(comps[n], p, len);
        comps[n++][len] = 0;
        if (!slash)
            break;
        p = slash + 1;
        if (!*p)
            return HFS_BAD_NAME; /* trailing '/' */
    }
    if (n == 0) {
        r->is_root = true;
        r->exists = true;
        r->dir_fd = open_beneath(fs, "", O_RDONLY | O_DIRECTORY);
        if (r->dir_fd < 0 || fstat(r->dir_fd, &r->st) != 0)
            return HFS_IO;
        return HFS_OK;
    }
    size_t used = 0;
    r->dir_fd = open_beneath(fs, "", O_RDONLY | O_DIRECTORY);
    if (r->dir_fd < 0)
        return HFS_IO;
    for (int i = 0; i < n; i++) {
        char host[HOSTFS_NAME_MAX + 1];
        bool found = find_in_dir(fs, r->dir_fd, comps[i], host);
        if (!found)
            snprintf(host, sizeof host, "%s", comps[i]);
        int w = snprintf(r->host_path + used, sizeof r->host_path - used, "%s%s", used ? "/" : "", host);
        if (w < 0 || (size_t)w >= sizeof r->host_path - used)
            return HFS_NAME_TOO_LONG;
        used += (size_t)w;
        if (i == n - 1) {
            snprintf(r->name, sizeof r->name, "%s", host);
            if (!found)
                return HFS_OK;
            /* Stat through the sandbox, so a link leading out is refused, not followed. */
            int fd = open_beneath(fs, r->host_path, O_PATH);
            if (fd < 0) {
                struct stat lst;
                if (fstatat(r->dir_fd, host, &lst, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(lst.st_mode))
                    return HFS_FORBIDDEN;
                return errno_to_hfs(errno);
            }
            int ok = fstat(fd, &r->st);
            close(fd);
            if (ok != 0)
                return HFS_IO;
            if (!S_ISREG(r->st.st_mode) && !S_ISDIR(r->st.st_mode))
                return HFS_FORBIDDEN; /* devices, FIFOs, sockets */
            r->exists = true;
            return HFS_OK;
        }
        if (!found)
            return HFS_NOT_FOUND;
        int next = open_beneath(fs, r->host_path, O_RDONLY | O_DIRECTORY);
        if (next < 0)
            return errno == ENOTDIR ? HFS_NOT_DIR : errno_to_hfs(errno);
        close(r->dir_fd);
        r->dir_fd = next;
    }
    return HFS_OK;
}

/* Temp files ("<prefix>tmp-PID-N") that a run killed between write and close left in the shared
 * folder: removed when their process is gone. The walk does not follow links and stops after
 * `*budget` entries, so a huge share costs a bounded time at start. */
static int remove_stale_temps(int dir_fd, int depth, int *budget)
{
    DIR *d = fdopendir(dir_fd);
    if (!d) {
        close(dir_fd);
        return 0;
    }
    static const char prefix[] = HOSTFS_PRIVATE_PREFIX "tmp-";
    int removed = 0;
    struct dirent *e;
    while ((e = readdir(d)) && --*budget > 0) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (!strncmp(e->d_name, prefix, sizeof prefix - 1)) {
            long pid = strtol(e->d_name + sizeof prefix - 1, NULL, 10);
            struct stat st;
            if (pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH &&
                fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
                unlinkat(dirfd(d), e->d_name, 0) == 0)
                removed++;
        } else if (e->d_type == DT_DIR && depth < 32) {
            int sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub >= 0)
                removed += remove_stale_temps(sub, depth + 1, budget);
        }
    }
    closedir(d);
    return removed;
}

int hostfs_init(hostfs_t *fs, const hostfs_cfg_t *cfg, char *err, size_t errlen)
{
    memset(fs, 0, sizeof *fs);
    fs->root_fd = -1;
    for (int i = 0; i < HOSTFS_MAX_HANDLES; i++)
        fs->handles[i].fd = fs->handles[i].dir_fd = -1;
    if (!realpath(cfg->root, fs->root)) {
        snprintf(err, errlen, "%s: cannot share: %s", cfg->root, strerror(errno));
        return -1;
    }
    fs->root_fd = open(fs->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fs->root_fd < 0) {
        snprintf(err, errlen, "%s: cannot share: %s", cfg->root, strerror(errno));
        return -1;
    }
    fs->readonly = cfg->readonly;
    fs->riscos_suffixes = cfg->riscos_suffixes;
    struct open_how how = {.flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_BENEATH};
    int probe = (int)syscall(SYS_openat2, fs->root_fd, ".", &how, sizeof how);
    fs->have_openat2 = probe >= 0;
    if (probe >= 0)
        close(probe);
    int budget = 100000, walk = fs->readonly ? -1 : open(fs->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int removed = walk >= 0 ? remove_stale_temps(walk, 0, &budget) : 0;
    if (removed)
        fprintf(stderr, "arcana: HostFS: removed %d temp file%s a killed earlier run left in %s\n", removed,
                removed == 1 ? "" : "s", fs->root);
    return 0;
}

static void fill_entry(hostfs_t *fs, int dir_fd, const char *host_name, const struct stat *st, hostfs_entry_t *e)
{
    memset(e, 0, sizeof *e);
    snprintf(e->host_name, sizeof e->host_name, "%s", host_name);
    size_t base = fs->riscos_suffixes && !S_ISDIR(st->st_mode) ? riscos_base_len(host_name, e) : strlen(host_name);
    snprintf(e->name, sizeof e->name, "%.*s", (int)base, host_name);
    e->is_dir = S_ISDIR(st->st_mode);
    e->size = e->is_dir ? 0 : (uint64_t)st->st_size;
    e->mtime = (int64_t)st->st_mtime;
    hostfs_meta_get(dir_fd, host_name, &e->protection, e->comment, sizeof e->comment);
}

hostfs_err_t hostfs_stat(hostfs_t *fs, const char *path, hostfs_entry_t *out)
{
    resolved_t r;
    hostfs_err_t e = resolve(fs, path, &r);
    if (e == HFS_OK && !r.exists)
        e = HFS_NOT_FOUND;
    if (e == HFS_OK) {
        if (r.is_root) {
            memset(out, 0, sizeof *out);
            out->is_dir = true;
            out->mtime = (int64_t)r.st.st_mtime;
        } else {
            fill_entry(fs, r.dir_fd, r.name, &r.st, out);
        }
    }
    resolved_free(&r);
    return e;
}

static int alloc_handle(hostfs_t *fs)
{
    if (fs->want_handle) { /* hostfs_open_as */
        int h = fs->want_handle - 1;
        fs->want_handle = 0;
        return fs->handles[h].used ? -1 : h;
    }
    for (int i = 0; i < HOSTFS_MAX_HANDLES; i++)
        if (!fs->handles[i].used)
            return i;
    return -1;
}

static hostfs_handle_t *get_handle(hostfs_t *fs, int h, bool want_dir)
{
    if (h < 0 || h >= HOSTFS_MAX_HANDLES || !fs->handles[h].used || fs->handles[h].is_dir != want_dir)
        return NULL;
    return &fs->handles[h];
}

/* Is this file (folder + name) open for writing, or open at all when any_mode? */
static bool file_in_use(hostfs_t *fs, int dir_fd, const char *host_name, bool any_mode)
{
    struct stat a, b;
    if (fstat(dir_fd, &a) != 0)
        return false;
    for (int i = 0; i < HOSTFS_MAX_HANDLES; i++) {
        hostfs_handle_t *h = &fs->handles[i];
        if (!h->used || h->is_dir || (!any_mode && !h->writable) || strcmp(h->host_name, host_name) != 0)
            continue;
        if (fstat(h->dir_fd, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
            return true;
    }
    return false;
}

static bool copy_fd(int from, int to)
{
    char buf[65536];
    ssize_t n;
    while ((n = read(from, buf, sizeof buf)) > 0)
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(to, buf + done, (size_t)(n - done));
            if (w <= 0)
                return false;
            done += w;
        }
    return n == 0;
}

hostfs_err_t hostfs_open(hostfs_t *fs, const char *path, hostfs_mode_t mode, int *handle)
{
    resolved_t r;
    hostfs_err_t e = resolve(fs, path, &r);
    if (e != HFS_OK)
        goto out;
    if (r.is_root || (r.exists && S_ISDIR(r.st.st_mode))) {
        e = HFS_IS_DIR;
        goto out;
    }
    if (!r.exists && mode != HFS_CREATE) {
        e = HFS_NOT_FOUND;
        goto out;
    }
    if (mode != HFS_READ && fs->readonly) {
        e = HFS_READ_ONLY;
        goto out;
    }
    int h = alloc_handle(fs);
    if (h < 0) {
        e = HFS_TOO_MANY_OPEN;
        goto out;
    }
    hostfs_handle_t *hd = &fs->handles[h];
    if (mode == HFS_READ) {
        int fd = open_beneath(fs, r.host_path, O_RDONLY);
        if (fd < 0) {
            e = errno_to_hfs(errno);
            goto out;
        }
        *hd = (hostfs_handle_t){.used = true, .fd = fd, .dir_fd = r.dir_fd};
        snprintf(hd->host_name, sizeof hd->host_name, "%s", r.name);
        r.dir_fd = -1; /* the handle owns it now */
        *handle = h;
        goto out;
    }
    if (file_in_use(fs, r.dir_fd, r.name, false)) {
        e = HFS_IN_USE;
        goto out;
    }
    /* Writes go to a temp file in the same folder, renamed over the real one on close. */
    char tmp[HOSTFS_NAME_MAX + 1];
    int fd = -1;
    for (int tries = 0; tries < 100 && fd < 0; tries++) {
        snprintf(tmp, sizeof tmp, HOSTFS_PRIVATE_PREFIX "tmp-%d-%u", (int)getpid(), ++fs->tmp_counter);
        fd = openat(r.dir_fd, tmp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                    r.exists ? (r.st.st_mode & 07777) : 0644);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        e = errno_to_hfs(errno);
        goto out;
    }
    if (mode == HFS_UPDATE) {
        int src = open_beneath(fs, r.host_path, O_RDONLY);
        bool ok = src >= 0 && copy_fd(src, fd);
        if (src >= 0)
            close(src);
        if (!ok || lseek(fd, 0, SEEK_SET) != 0) {
            close(fd);
            unlinkat(r.dir_fd, tmp, 0);
            e = HFS_IO;
            goto out;
        }
    }
    *hd = (hostfs_handle_t){.used = true, .writable = true, .fd = fd, .dir_fd = r.dir_fd};
    snprintf(hd->host_name, sizeof hd->host_name, "%s", r.name);
    snprintf(hd->tmp_name, sizeof hd->tmp_name, "%s", tmp);
    r.dir_fd = -1;
    *handle = h;
out:
    resolved_free(&r);
    return e;
}

hostfs_err_t hostfs_read(hostfs_t *fs, int handle, void *buf, size_t len, size_t *got)
{
    hostfs_handle_t *h = get_handle(fs, handle, false);
    *got = 0;
    if (!h)
        return HFS_BAD_HANDLE;
    while (*got < len) {
        ssize_t n = read(h->fd, (char *)buf + *got, len - *got);
        if (n < 0)
            return HFS_IO;
        if (n == 0)
            break;
        *got += (size_t)n;
    }
    return HFS_OK;
}

hostfs_err_t hostfs_write(hostfs_t *fs, int handle, const void *buf, size_t len)
{
    hostfs_handle_t *h = get_handle(fs, handle, false);
    if (!h)
        return HFS_BAD_HANDLE;
    if (!h->writable)
        return fs->readonly ? HFS_READ_ONLY : HFS_FORBIDDEN;
    for (size_t done = 0; done < len;) {
        ssize_t n = write(h->fd, (const char *)buf + done, len - done);
        if (n <= 0)
            return errno_to_hfs(errno);
        done += (size_t)n;
    }
    return HFS_OK;
}

hostfs_err_t hostfs_seek(hostfs_t *fs, int handle, int64_t offset, int whence, uint64_t *pos)
{
    hostfs_handle_t *h = get_handle(fs, handle, false);
    if (!h)
        return HFS_BAD_HANDLE;
    if (whence < 0 || whence > 2)
        return HFS_FORBIDDEN;
    off_t p = lseek(h->fd, (off_t)offset, whence == 0 ? SEEK_SET : whence == 1 ? SEEK_CUR : SEEK_END);
    if (p < 0)
        return HFS_FORBIDDEN;
    if (pos)
        *pos = (uint64_t)p;
    return HFS_OK;
}

hostfs_err_t hostfs_size(hostfs_t *fs, int handle, uint64_t *size)
{
    hostfs_handle_t *h = get_handle(fs, handle, false);
    struct stat st;
    if (!h)
        return HFS_BAD_HANDLE;
    if (fstat(h->fd, &st) != 0)
        return HFS_IO;
    *size = (uint64_t)st.st_size;
    return HFS_OK;
}

hostfs_err_t hostfs_truncate(hostfs_t *fs, int handle, uint64_t size)
{
    hostfs_handle_t *h = get_handle(fs, handle, false);
    if (!h)
        return HFS_BAD_HANDLE;
    if (!h->writable)
        return fs->readonly ? HFS_READ_ONLY : HFS_FORBIDDEN;
    return ftruncate(h->fd, (off_t)size) == 0 ? HFS_OK : errno_to_hfs(errno);
}

static hostfs_err_t release(hostfs_t *fs, hostfs_handle_t *h)
{
    hostfs_err_t e = HFS_OK;
    if (h->dir)
        closedir(h->dir); /* also closes the fd it was opened on */
    else if (h->fd >= 0 && close(h->fd) != 0)
        e = HFS_IO;
    if (h->writable && h->tmp_name[0]) {
        if (e == HFS_OK && renameat(h->dir_fd, h->tmp_name, h->dir_fd, h->host_name) != 0)
            e = errno_to_hfs(errno);
        if (e != HFS_OK)
            unlinkat(h->dir_fd, h->tmp_name, 0); /* the old file stays as it was */
    }
    if (h->dir_fd >= 0)
        close(h->dir_fd);
    (void)fs;
    *h = (hostfs_handle_t){.fd = -1, .dir_fd = -1};
    return e;
}

hostfs_err_t hostfs_close(hostfs_t *fs, int handle)
{
    hostfs_handle_t *h = get_handle(fs, handle, false);
    if (!h)
        h = get_handle(fs, handle, true);
    return h ? release(fs, h) : HFS_BAD_HANDLE;
}

void hostfs_shutdown(hostfs_t *fs)
{
    for (int i = 0; i < HOSTFS_MAX_HANDLES; i++)
        if (fs->handles[i].used)
            release(fs, &fs->handles[i]);
    if (fs->root_fd >= 0)
        close(fs->root_fd);
    fs->root_fd = -1;
}

hostfs_err_t hostfs_open_as(hostfs_t *fs, const char *path, hostfs_mode_t mode, int handle)
{
    if (handle < 0 || handle >= HOSTFS_MAX_HANDLES)
        return HFS_BAD_HANDLE;
    if (fs->handles[handle].used)
        return HFS_TOO_MANY_OPEN;
    int got;
    fs->want_handle = handle + 1;
    hostfs_err_t e = hostfs_open(fs, path, mode, &got);
    fs->want_handle = 0;
    return e;
}

hostfs_err_t hostfs_opendir(hostfs_t *fs, const char *path, int *handle)
{
    resolved_t r;
    hostfs_err_t e = resolve(fs, path, &r);
    if (e == HFS_OK && !r.exists)
        e = HFS_NOT_FOUND;
    if (e == HFS_OK && !S_ISDIR(r.st.st_mode))
        e = HFS_NOT_DIR;
    int h = e == HFS_OK ? alloc_handle(fs) : -1;
    if (e == HFS_OK && h < 0)
        e = HFS_TOO_MANY_OPEN;
    if (e == HFS_OK) {
        int fd = r.is_root ? dup(r.dir_fd) : open_beneath(fs, r.host_path, O_RDONLY | O_DIRECTORY);
        int list_fd = fd >= 0 ? dup(fd) : -1;
        DIR *d = list_fd >= 0 ? fdopendir(list_fd) : NULL;
        if (!d) {
            if (list_fd >= 0)
                close(list_fd);
            if (fd >= 0)
                close(fd);
            e = HFS_IO;
        } else {
            fs->handles[h] = (hostfs_handle_t){.used = true, .is_dir = true, .fd = -1, .dir_fd = fd, .dir = d};
            *handle = h;
        }
    }
    resolved_free(&r);
    return e;
}

hostfs_err_t hostfs_readdir(hostfs_t *fs, int handle, hostfs_entry_t *out)
{
    hostfs_handle_t *h = get_handle(fs, handle, true);
    if (!h)
        return HFS_BAD_HANDLE;
    struct dirent *d;
    while ((d = readdir(h->dir))) {
        struct stat st;
        if (hostfs_check_name(d->d_name, strlen(d->d_name)) != HFS_OK)
            continue; /* ".", "..", our own files, names a guest could not use */
        if (fstatat(h->dir_fd, d->d_name, &st, 0) != 0)
            continue; /* dangling link */
        if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
            continue;
        /* A link leading out of the share is not listed: it could not be opened anyway. */
        struct stat lst;
        if (fstatat(h->dir_fd, d->d_name, &lst, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(lst.st_mode) &&
            fs->have_openat2) {
            struct open_how how = {.flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS};
            int probe = (int)syscall(SYS_openat2, h->dir_fd, d->d_name, &how, sizeof how);
            if (probe < 0)
                continue;
            close(probe);
        } else if (S_ISLNK(lst.st_mode)) {
            continue;
        }
        fill_entry(fs, h->dir_fd, d->d_name, &st, out);
        return HFS_OK;
    }
    return HFS_NOT_FOUND;
}

static hostfs_err_t resolve_for_change(hostfs_t *fs, const char *path, resolved_t *r)
{
    hostfs_err_t e = resolve(fs, path, r);
    if (e == HFS_OK && fs->readonly)
        e = HFS_READ_ONLY;
    if (e == HFS_OK && r->is_root)
        e = HFS_FORBIDDEN;
    return e;
}

hostfs_err_t hostfs_mkdir(hostfs_t *fs, const char *path)
{
    resolved_t r;
    hostfs_err_t e = resolve_for_change(fs, path, &r);
    if (e == HFS_OK && r.exists)
        e = HFS_EXISTS;
    if (e == HFS_OK && mkdirat(r.dir_fd, r.name, 0755) != 0)
        e = errno_to_hfs(errno);
    resolved_free(&r);
    return e;
}

/* A folder holding only our private files counts as empty. */
static hostfs_err_t remove_private_files(int dir_fd, const char *name)
{
    int fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return HFS_IO;
    }
    struct dirent *e;
    hostfs_err_t rc = HFS_OK;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
            strncmp(e->d_name, HOSTFS_PRIVATE_PREFIX, strlen(HOSTFS_PRIVATE_PREFIX)) != 0)
            rc = HFS_NOT_EMPTY;
    if (rc == HFS_OK) {
        rewinddir(d);
        while ((e = readdir(d)))
            if (strncmp(e->d_name, HOSTFS_PRIVATE_PREFIX, strlen(HOSTFS_PRIVATE_PREFIX)) == 0)
                unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
    return rc;
}

hostfs_err_t hostfs_delete(hostfs_t *fs, const char *path)
{
    resolved_t r;
    hostfs_err_t e = resolve_for_change(fs, path, &r);
    if (e == HFS_OK && !r.exists)
        e = HFS_NOT_FOUND;
    if (e == HFS_OK && file_in_use(fs, r.dir_fd, r.name, true))
        e = HFS_IN_USE;
    if (e == HFS_OK && S_ISDIR(r.st.st_mode)) {
        struct stat lst;
        /* A link to a folder is removed as a link, never by emptying what it points at. */
        bool is_link = fstatat(r.dir_fd, r.name, &lst, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(lst.st_mode);
        if (is_link)
            e = unlinkat(r.dir_fd, r.name, 0) == 0 ? HFS_OK : errno_to_hfs(errno);
        else if ((e = remove_private_files(r.dir_fd, r.name)) == HFS_OK && unlinkat(r.dir_fd, r.name, AT_REMOVEDIR) != 0)
            e = errno_to_hfs(errno);
    } else if (e == HFS_OK && unlinkat(r.dir_fd, r.name, 0) != 0) {
        e = errno_to_hfs(errno);
    }
    if (e == HFS_OK)
        hostfs_meta_set(r.dir_fd, r.name, NULL, NULL);
    resolved_free(&r);
    return e;
}

hostfs_err_t hostfs_rename(hostfs_t *fs, const char *from, const char *to)
{
    resolved_t a, b;
    hostfs_err_t e = resolve_for_change(fs, from, &a);
    hostfs_err_t e2 = resolve_for_change(fs, to, &b);
    if (e == HFS_OK && !a.exists)
        e = HFS_NOT_FOUND;
    if (e == HFS_OK)
        e = e2;
    if (e == HFS_OK && file_in_use(fs, a.dir_fd, a.name, true))
        e = HFS_IN_USE;
    if (e == HFS_OK) {
        char target[HOSTFS_NAME_MAX + 1];
        snprintf(target, sizeof target, "%s", b.name);
        /* The same entry under another case (or RISC OS suffix) is a rename in place. */
        bool same = b.exists && a.st.st_dev == b.st.st_dev && a.st.st_ino == b.st.st_ino;
        if (b.exists && !same) {
            e = HFS_EXISTS;
        } else {
            if (same) {
                /* Take the guest's spelling of the last component. */
                const char *slash = strrchr(to, '/');
                snprintf(target, sizeof target, "%s", slash ? slash + 1 : to);
            }
            /* RISC OS: a name without a suffix keeps the file's type. */
            if (fs->riscos_suffixes && !S_ISDIR(a.st.st_mode) && riscos_base_len(target, NULL) == strlen(target)) {
                size_t base = riscos_base_len(a.name, NULL);
                if (strlen(target) + strlen(a.name) - base > HOSTFS_NAME_MAX)
                    e = HFS_NAME_TOO_LONG;
                else
                    strcat(target, a.name + base);
            }
            if (e == HFS_OK && renameat(a.dir_fd, a.name, b.dir_fd, target) != 0)
                e = errno_to_hfs(errno);
            if (e == HFS_OK)
                hostfs_meta_move(a.dir_fd, a.name, b.dir_fd, target);
        }
    }
    resolved_free(&a);
    resolved_free(&b);
    return e;
}

hostfs_err_t hostfs_set_meta(hostfs_t *fs, const char *path, uint32_t protection, const char *comment)
{
    resolved_t r;
    hostfs_err_t e = resolve_for_change(fs, path, &r);
    if (e == HFS_OK && !r.exists)
        e = HFS_NOT_FOUND;
    if (e == HFS_OK && comment && strlen(comment) > HOSTFS_COMMENT_MAX)
        e = HFS_NAME_TOO_LONG;
    for (const char *c = comment; e == HFS_OK && c && *c; c++)
        if ((unsigned char)*c < 0x20)
            e = HFS_BAD_NAME;
    if (e == HFS_OK && hostfs_meta_set(r.dir_fd, r.name, &protection, comment) != 0)
        e = HFS_IO;
    resolved_free(&r);
    return e;
}

hostfs_err_t hostfs_set_mtime(hostfs_t *fs, const char *path, int64_t mtime)
{
    resolved_t r;
    hostfs_err_t e = resolve_for_change(fs, path, &r);
    if (e == HFS_OK && !r.exists)
        e = HFS_NOT_FOUND;
    if (e == HFS_OK) {
        struct timespec t[2] = {{.tv_nsec = UTIME_OMIT}, {.tv_sec = (time_t)mtime}};
        if (utimensat(r.dir_fd, r.name, t, AT_SYMLINK_NOFOLLOW) != 0)
            e = errno_to_hfs(errno);
    }
    resolved_free(&r);
    return e;
}

hostfs_err_t hostfs_set_riscos_type(hostfs_t *fs, const char *path, int filetype, uint32_t load, uint32_t exec)
{
    resolved_t r;
    hostfs_err_t e = resolve_for_change(fs, path, &r);
    if (e == HFS_OK && !r.exists)
        e = HFS_NOT_FOUND;
    if (e == HFS_OK && S_ISDIR(r.st.st_mode))
        e = HFS_IS_DIR;
    if (e == HFS_OK) {
        char target[HOSTFS_NAME_MAX + 32];
        int base = (int)riscos_base_len(r.name, NULL);
        if (filetype >= 0)
            snprintf(target, sizeof target, "%.*s,%03x", base, r.name, (unsigned)filetype & 0xFFF);
        else
            snprintf(target, sizeof target, "%.*s,%08x-%08x", base, r.name, load, exec);
        if (strlen(target) > HOSTFS_NAME_MAX)
            e = HFS_NAME_TOO_LONG;
        else if (strcmp(target, r.name) != 0 && file_in_use(fs, r.dir_fd, r.name, true))
            e = HFS_IN_USE;
        else if (strcmp(target, r.name) != 0) {
            if (renameat(r.dir_fd, r.name, r.dir_fd, target) != 0)
                e = errno_to_hfs(errno);
            else
                hostfs_meta_move(r.dir_fd, r.name, r.dir_fd, target);
        }
    }
    resolved_free(&r);
    return e;
}

hostfs_err_t hostfs_free_space(hostfs_t *fs, uint64_t *free_bytes, uint64_t *total_bytes)
{
    struct statvfs v;
    if (fstatvfs(fs->root_fd, &v) != 0)
        return HFS_IO;
    *free_bytes = (uint64_t)v.f_bavail * v.f_frsize;
    *total_bytes = (uint64_t)v.f_blocks * v.f_frsize;
    return HFS_OK;
}
