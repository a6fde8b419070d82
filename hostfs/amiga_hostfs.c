/* HostFS, AmigaDOS side: see amiga_hostfs.h. */
#include "hostfs/amiga_hostfs.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* struct DosPacket (dos/dosextens.h): dp_Link, dp_Port, dp_Type, dp_Res1, dp_Res2, dp_Arg1..7. */
enum { DP_PORT = 4, DP_TYPE = 8, DP_RES1 = 12, DP_RES2 = 16, DP_ARG1 = 20 };
/* struct FileLock: fl_Link, fl_Key, fl_Access, fl_Task, fl_Volume. */
enum { FL_LINK = 0, FL_KEY = 4, FL_ACCESS = 8, FL_TASK = 12, FL_VOLUME = 16 };
/* struct FileHandle: fh_Arg1 (fh_Args) is the handler's own word. */
enum { FH_ARG1 = 36 };
/* struct DeviceNode / DosList: dn_Task; the volume fields of a DLT_VOLUME entry. */
enum { DN_TASK = 8, DOL_LOCK = 12, DOL_VOLUMEDATE = 16, DOL_LOCKLIST = 28, DOL_DISKTYPE = 32 };
/* struct FileInfoBlock (dos/dos.h), 260 bytes. */
enum {
    FIB_DISKKEY = 0, FIB_DIRENTRYTYPE = 4, FIB_FILENAME = 8, FIB_PROTECTION = 116, FIB_ENTRYTYPE = 120,
    FIB_SIZE = 124, FIB_NUMBLOCKS = 128, FIB_DATE = 132, FIB_COMMENT = 144, FIB_OWNERUID = 224, FIB_SIZEOF = 260,
};
enum { FIB_NAME_MAX = AMHFS_NAME_MAX, FIB_COMMENT_MAX = 79 };
enum { ST_ROOT = 1, ST_USERDIR = 2, ST_FILE = -3 };
/* struct InfoData (dos/dos.h), 36 bytes; id_DiskState values. */
enum { INFODATA_SIZEOF = 36, ID_WRITE_PROTECTED = 80, ID_VALIDATED = 82 };
/* Protection bits that are set when the action is NOT allowed (dos/dos.h FIBB_*). */
enum { FIBF_DELETE = 1, FIBF_WRITE = 4 };
enum { SHARED_LOCK = -2, EXCLUSIVE_LOCK = -1 };
enum { OFFSET_BEGINNING = -1, OFFSET_CURRENT = 0, OFFSET_END = 1 };
#define AMIGA_EPOCH 252460800 /* 1978-01-01 00:00:00 UTC in Unix time */
#define BLOCK_SIZE 512u

/* ---- guest memory ---- */

static bool rd32(amhfs_t *a, uint32_t addr, uint32_t *v)
{
    uint8_t b[4];
    if (!a->mem.read(a->mem.ctx, addr, b, 4))
        return false;
    *v = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
    return true;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static bool wr32(amhfs_t *a, uint32_t addr, uint32_t v)
{
    uint8_t b[4];
    put32(b, v);
    return a->mem.write(a->mem.ctx, addr, b, 4);
}

/* A BSTR (length byte, then the characters) at BPTR `b`, as raw Latin-1 bytes. */
static bool read_bstr(amhfs_t *a, uint32_t b, char *out, size_t cap, size_t *len)
{
    uint8_t n;
    if (!b) {
        *len = 0;
        out[0] = 0;
        return true;
    }
    if (!a->mem.read(a->mem.ctx, b << 2, &n, 1) || n >= cap || !a->mem.read(a->mem.ctx, (b << 2) + 1, out, n))
        return false;
    out[n] = 0;
    *len = n;
    return true;
}

/* ---- names: Latin-1 (guest) and UTF-8 (host) ---- */

static size_t latin1_to_utf8(const char *in, size_t len, char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (!hostfs_put_utf8(out, cap, &n, (unsigned char)in[i]))
            return (size_t)-1;
    out[n] = 0;
    return n;
}

/* Host names the guest cannot spell (characters beyond Latin-1, broken UTF-8) show with '?'
   in their place; such a name cannot be opened by that spelling. */
static void utf8_to_latin1(const char *in, char *out, size_t cap)
{
    size_t n = 0;
    const unsigned char *s = (const unsigned char *)in;
    while (*s && n + 1 < cap)
        out[n++] = (char)hostfs_take_latin1(&s, '?');
    out[n] = 0;
}

int amhfs_resolve(const char *base, const char *name, size_t len, char *out, size_t outlen)
{
    const char *colon = memchr(name, ':', len);
    if (colon) { /* "HOST:a/b" or ":a/b": from the root of the volume */
        len -= (size_t)(colon + 1 - name);
        name = colon + 1;
        base = "";
        if (memchr(name, ':', len))
            return ERROR_INVALID_COMPONENT_NAME;
    }
    size_t n = strlen(base);
    if (n >= outlen)
        return ERROR_OBJECT_TOO_LARGE;
    memcpy(out, base, n + 1);
    for (size_t i = 0; i <= len;) {
        const char *slash = memchr(name + i, '/', len - i);
        size_t j = slash ? (size_t)(slash - name) : len;
        if (j == i) {
            if (j == len)
                break; /* "" or a trailing '/': the object itself */
            /* An empty component (a leading '/' or "//") is the parent. */
            if (n == 0)
                return ERROR_OBJECT_NOT_FOUND;
            char *last = strrchr(out, '/');
            n = last ? (size_t)(last - out) : 0;
            out[n] = 0;
        } else {
            char comp[HOSTFS_NAME_MAX * 2 + 1];
            if (j - i > AMHFS_NAME_MAX)
                return ERROR_INVALID_COMPONENT_NAME; /* more than a FileInfoBlock can hold */
            size_t clen = latin1_to_utf8(name + i, j - i, comp, sizeof comp);
            if (clen == (size_t)-1 || hostfs_check_name(comp, clen) != HFS_OK ||
                memchr(name + i, 0, j - i))
                return ERROR_INVALID_COMPONENT_NAME;
            if (n + (n ? 1 : 0) + clen >= outlen)
                return ERROR_OBJECT_TOO_LARGE;
            if (n)
                out[n++] = '/';
            memcpy(out + n, comp, clen + 1);
            n += clen;
        }
        i = j + 1;
    }
    return 0;
}

static void parent_of(const char *path, char *out, size_t cap)
{
    const char *last = strrchr(path, '/');
    size_t n = last ? (size_t)(last - path) : 0;
    if (n >= cap)
        n = cap - 1;
    memcpy(out, path, n);
    out[n] = 0;
}

static int dos_error(hostfs_err_t e)
{
    switch (e) {
    case HFS_OK: return 0;
    case HFS_NOT_FOUND: return ERROR_OBJECT_NOT_FOUND;
    case HFS_EXISTS: return ERROR_OBJECT_EXISTS;
    case HFS_FORBIDDEN: return ERROR_OBJECT_NOT_FOUND; /* outside the share: there is nothing there */
    case HFS_READ_ONLY: return ERROR_DISK_WRITE_PROTECTED;
    case HFS_BAD_NAME: return ERROR_INVALID_COMPONENT_NAME;
    case HFS_NAME_TOO_LONG: return ERROR_INVALID_COMPONENT_NAME;
    case HFS_IS_DIR: return ERROR_OBJECT_WRONG_TYPE;
    case HFS_NOT_DIR: return ERROR_OBJECT_WRONG_TYPE;
    case HFS_NOT_EMPTY: return ERROR_DIRECTORY_NOT_EMPTY;
    case HFS_NO_SPACE: return ERROR_DISK_FULL;
    case HFS_TOO_MANY_OPEN: return ERROR_NO_FREE_STORE;
    case HFS_BAD_HANDLE: return ERROR_INVALID_LOCK;
    case HFS_IN_USE: return ERROR_OBJECT_IN_USE;
    case HFS_IO: return ERROR_SEEK_ERROR; /* AmigaDOS has no general I/O error number */
    }
    return ERROR_SEEK_ERROR;
}

/* ---- dates: struct DateStamp (days since 1978, minutes, ticks of 1/50 s), local time ---- */

static long utc_offset(time_t t)
{
    struct tm tm;
    return localtime_r(&t, &tm) ? tm.tm_gmtoff : 0;
}

static void to_datestamp(int64_t unix_time, uint32_t ds[3])
{
    int64_t t = unix_time + utc_offset((time_t)unix_time) - AMIGA_EPOCH;
    if (t < 0)
        t = 0;
    ds[0] = (uint32_t)(t / 86400);
    ds[1] = (uint32_t)(t % 86400 / 60);
    ds[2] = (uint32_t)(t % 60 * 50);
}

static int64_t from_datestamp(const uint32_t ds[3])
{
    int64_t t = (int64_t)ds[0] * 86400 + (int64_t)ds[1] * 60 + ds[2] / 50 + AMIGA_EPOCH;
    return t - utc_offset((time_t)t);
}

/* ---- locks ---- */

static uint32_t lock_bptr(const amhfs_t *a, int slot) { return (a->lock_base + (uint32_t)slot * AMHFS_LOCK_SIZE) >> 2; }

/* The lock slot of BPTR `b`; -1 for the zero lock (the root); -2 if it is not one of ours. */
static int lock_slot(const amhfs_t *a, uint32_t b)
{
    if (!b)
        return -1;
    uint32_t addr = b << 2;
    if (addr < a->lock_base || (addr - a->lock_base) % AMHFS_LOCK_SIZE)
        return -2;
    uint32_t slot = (addr - a->lock_base) / AMHFS_LOCK_SIZE;
    return slot < AMHFS_MAX_LOCKS && a->locks[slot].used ? (int)slot : -2;
}

static int new_lock(amhfs_t *a, const char *path, bool is_dir, int32_t access)
{
    for (int i = 0; i < AMHFS_MAX_LOCKS; i++) {
        if (a->locks[i].used)
            continue;
        amhfs_lock_t *l = &a->locks[i];
        l->used = true;
        l->is_dir = is_dir;
        l->access = access == EXCLUSIVE_LOCK ? EXCLUSIVE_LOCK : SHARED_LOCK;
        snprintf(l->path, sizeof l->path, "%s", path);
        uint8_t *fl = &a->lock_ram[i * AMHFS_LOCK_SIZE];
        put32(fl + FL_LINK, 0);
        put32(fl + FL_KEY, (uint32_t)i);
        put32(fl + FL_ACCESS, (uint32_t)l->access);
        put32(fl + FL_TASK, a->port);
        put32(fl + FL_VOLUME, a->volume >> 2);
        return i;
    }
    return -1;
}

static void free_lock(amhfs_t *a, int slot)
{
    a->locks[slot].used = false;
    memset(&a->lock_ram[slot * AMHFS_LOCK_SIZE], 0, AMHFS_LOCK_SIZE);
    if (a->listing.handle >= 0 && a->listing.lock == slot) {
        hostfs_close(&a->fs, a->listing.handle);
        a->listing.handle = -1;
    }
}

static bool same_path(const char *x, const char *y) { return strcasecmp(x, y) == 0; }

static bool path_within(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return strncasecmp(path, dir, n) == 0 && (path[n] == 0 || path[n] == '/');
}

/* ---- a packet being answered ---- */

typedef struct packet {
    uint32_t addr, type;
    uint32_t arg[7];
    uint32_t res1, res2;
} packet_t;

static void fail(packet_t *p, int error)
{
    p->res1 = AMHFS_DOSFALSE;
    p->res2 = (uint32_t)error;
}

static void succeed(packet_t *p, uint32_t res1)
{
    p->res1 = res1;
    p->res2 = 0;
}

/* The path named by a (lock, BSTR name) pair of packet arguments, into `out`. */
static int named_path(amhfs_t *a, uint32_t lock, uint32_t bname, char *out, size_t cap)
{
    int slot = lock_slot(a, lock);
    if (slot == -2)
        return ERROR_INVALID_LOCK;
    char name[256];
    size_t len;
    if (!read_bstr(a, bname, name, sizeof name, &len))
        return ERROR_BAD_STREAM_NAME;
    return amhfs_resolve(slot >= 0 ? a->locks[slot].path : "", name, len, out, cap);
}

static bool path_in_use(const amhfs_t *a, const char *path)
{
    for (int i = 0; i < AMHFS_MAX_LOCKS; i++)
        if (a->locks[i].used && path_within(a->locks[i].path, path))
            return true;
    for (int i = 0; i < AMHFS_MAX_FILES; i++)
        if (a->files[i].used && path_within(a->files[i].path, path))
            return true;
    return false;
}

static uint32_t protection_of(const amhfs_t *a, const hostfs_entry_t *e)
{
    return e->protection | (a->readonly ? FIBF_WRITE | FIBF_DELETE : 0);
}

/* Writes a BSTR-style string field (length byte, characters, NUL) of `cap` bytes. */
static void put_bstr_field(uint8_t *field, size_t cap, const char *latin1)
{
    size_t n = strlen(latin1);
    if (n > cap - 2)
        n = cap - 2;
    field[0] = (uint8_t)n;
    memcpy(field + 1, latin1, n);
    field[n + 1] = 0;
}

static bool write_fib(amhfs_t *a, uint32_t fib, uint32_t key, const hostfs_entry_t *e, bool is_root)
{
    uint8_t f[FIB_SIZEOF] = {0};
    char name[FIB_NAME_MAX + 1];
    int32_t type = is_root ? ST_ROOT : e->is_dir ? ST_USERDIR : ST_FILE;
    uint64_t size = e->is_dir ? 0 : e->size;
    uint32_t ds[3];
    if (is_root)
        snprintf(name, sizeof name, "%s", a->volume_name);
    else
        utf8_to_latin1(e->name, name, sizeof name);
    put32(f + FIB_DISKKEY, key);
    put32(f + FIB_DIRENTRYTYPE, (uint32_t)type);
    put_bstr_field(f + FIB_FILENAME, FIB_NAME_MAX + 1, name);
    put32(f + FIB_PROTECTION, protection_of(a, e));
    put32(f + FIB_ENTRYTYPE, (uint32_t)type);
    put32(f + FIB_SIZE, size > 0x7FFFFFFF ? 0x7FFFFFFFu : (uint32_t)size);
    put32(f + FIB_NUMBLOCKS, (uint32_t)((size + BLOCK_SIZE - 1) / BLOCK_SIZE));
    to_datestamp(e->mtime, ds);
    for (int i = 0; i < 3; i++)
        put32(f + FIB_DATE + 4 * i, ds[i]);
    char comment[FIB_COMMENT_MAX + 1];
    utf8_to_latin1(e->comment, comment, sizeof comment);
    put_bstr_field(f + FIB_COMMENT, FIB_COMMENT_MAX + 1, comment);
    return a->mem.write(a->mem.ctx, fib, f, FIB_SIZEOF);
}

static bool write_info(amhfs_t *a, uint32_t info)
{
    uint8_t d[INFODATA_SIZEOF] = {0};
    uint64_t free_bytes = 0, total = 0;
    hostfs_free_space(&a->fs, &free_bytes, &total);
    uint64_t blocks = total / BLOCK_SIZE, used = (total - free_bytes) / BLOCK_SIZE;
    put32(d + 8, a->readonly ? ID_WRITE_PROTECTED : ID_VALIDATED);
    put32(d + 12, blocks > 0x7FFFFFFF ? 0x7FFFFFFFu : (uint32_t)blocks);
    put32(d + 16, used > 0x7FFFFFFF ? 0x7FFFFFFFu : (uint32_t)used);
    put32(d + 20, BLOCK_SIZE);
    put32(d + 24, AMHFS_ID_DOS_DISK);
    put32(d + 28, a->volume >> 2);
    return a->mem.write(a->mem.ctx, info, d, INFODATA_SIZEOF);
}

static amhfs_file_t *file_of(amhfs_t *a, uint32_t arg1)
{
    if (arg1 < 1 || arg1 > AMHFS_MAX_FILES || !a->files[arg1 - 1].used)
        return NULL;
    return &a->files[arg1 - 1];
}

/* A file opened for reading becomes writable on its first write (its data is copied to the
   temp file then), so reading a file costs no copy. */
static hostfs_err_t make_writable(amhfs_t *a, amhfs_file_t *f)
{
    if (f->writable)
        return HFS_OK;
    if (a->readonly)
        return HFS_READ_ONLY;
    uint64_t pos;
    hostfs_err_t e = hostfs_seek(&a->fs, f->handle, 0, 1, &pos);
    if (e != HFS_OK)
        return e;
    int h;
    hostfs_close(&a->fs, f->handle);
    e = hostfs_open(&a->fs, f->path, HFS_UPDATE, &h);
    if (e != HFS_OK) {
        /* Keep the reader working. */
        if (hostfs_open(&a->fs, f->path, HFS_READ, &f->handle) == HFS_OK)
            hostfs_seek(&a->fs, f->handle, (int64_t)pos, 0, &pos);
        else
            f->used = false;
        return e;
    }
    f->handle = h;
    f->writable = true;
    return hostfs_seek(&a->fs, h, (int64_t)pos, 0, &pos);
}

static void open_file(amhfs_t *a, packet_t *p, uint32_t fh, const char *path, hostfs_mode_t mode)
{
    int slot = -1;
    for (int i = 0; i < AMHFS_MAX_FILES && slot < 0; i++)
        if (!a->files[i].used)
            slot = i;
    if (slot < 0)
        return fail(p, ERROR_NO_FREE_STORE);
    int h;
    hostfs_err_t e = hostfs_open(&a->fs, path, mode, &h);
    if (e != HFS_OK)
        return fail(p, dos_error(e));
    if (!wr32(a, (fh << 2) + FH_ARG1, (uint32_t)slot + 1)) {
        hostfs_close(&a->fs, h);
        return fail(p, ERROR_BAD_NUMBER);
    }
    amhfs_file_t *f = &a->files[slot];
    f->used = true;
    f->writable = mode != HFS_READ;
    f->handle = h;
    snprintf(f->path, sizeof f->path, "%s", path);
    succeed(p, AMHFS_DOSTRUE);
}

static void do_find(amhfs_t *a, packet_t *p)
{
    char path[AMHFS_PATH_MAX];
    int err = named_path(a, p->arg[1], p->arg[2], path, sizeof path);
    if (err)
        return fail(p, err);
    hostfs_entry_t e;
    hostfs_err_t st = hostfs_stat(&a->fs, path, &e);
    if (st == HFS_OK && e.is_dir)
        return fail(p, ERROR_OBJECT_WRONG_TYPE);
    hostfs_mode_t mode;
    if (p->type == ACTION_FINDINPUT) {
        if (st != HFS_OK)
            return fail(p, dos_error(st));
        mode = HFS_READ;
    } else if (p->type == ACTION_FINDOUTPUT) {
        if (st == HFS_OK && (protection_of(a, &e) & FIBF_WRITE) && !a->readonly)
            return fail(p, ERROR_WRITE_PROTECTED);
        mode = HFS_CREATE;
    } else {
        mode = st == HFS_OK ? HFS_UPDATE : HFS_CREATE;
    }
    if (a->readonly && mode != HFS_READ)
        return fail(p, ERROR_DISK_WRITE_PROTECTED);
    open_file(a, p, p->arg[0], path, mode);
}

static void do_read(amhfs_t *a, packet_t *p)
{
    amhfs_file_t *f = file_of(a, p->arg[0]);
    if (!f)
        return fail(p, ERROR_INVALID_LOCK);
    uint32_t buf = p->arg[1], left = p->arg[2], done = 0;
    if (left > 0x7FFFFFFF)
        return fail(p, ERROR_BAD_NUMBER);
    while (left) {
        size_t want = left < sizeof a->buf ? left : sizeof a->buf, got;
        hostfs_err_t e = hostfs_read(&a->fs, f->handle, a->buf, want, &got);
        if (e != HFS_OK) {
            p->res1 = 0xFFFFFFFFu;
            p->res2 = (uint32_t)dos_error(e);
            return;
        }
        if (got && !a->mem.write(a->mem.ctx, buf + done, a->buf, (uint32_t)got)) {
            uint64_t pos;
            hostfs_seek(&a->fs, f->handle, -(int64_t)got, 1, &pos); /* nothing was delivered */
            p->res1 = 0xFFFFFFFFu;
            p->res2 = ERROR_BAD_NUMBER;
            return;
        }
        done += (uint32_t)got;
        left -= (uint32_t)got;
        if (got < want)
            break; /* end of file */
    }
    succeed(p, done);
}

static void do_write(amhfs_t *a, packet_t *p)
{
    amhfs_file_t *f = file_of(a, p->arg[0]);
    if (!f)
        return fail(p, ERROR_INVALID_LOCK);
    uint32_t buf = p->arg[1], left = p->arg[2], done = 0;
    hostfs_err_t e = left > 0x7FFFFFFF ? HFS_IO : make_writable(a, f);
    while (e == HFS_OK && left) {
        uint32_t n = left < sizeof a->buf ? left : (uint32_t)sizeof a->buf;
        if (!a->mem.read(a->mem.ctx, buf + done, a->buf, n)) {
            p->res1 = 0xFFFFFFFFu;
            p->res2 = ERROR_BAD_NUMBER;
            return;
        }
        e = hostfs_write(&a->fs, f->handle, a->buf, n);
        done += n;
        left -= n;
    }
    if (e != HFS_OK) {
        p->res1 = 0xFFFFFFFFu;
        p->res2 = (uint32_t)dos_error(e);
        return;
    }
    succeed(p, done);
}

/* Seek (and SET_FILE_SIZE) arithmetic: the absolute position meant by (offset, mode). */
static bool target_position(amhfs_t *a, amhfs_file_t *f, int32_t offset, int32_t mode, uint64_t *cur,
                            uint64_t *size, int64_t *target)
{
    if (hostfs_seek(&a->fs, f->handle, 0, 1, cur) != HFS_OK || hostfs_size(&a->fs, f->handle, size) != HFS_OK)
        return false;
    int64_t from = mode == OFFSET_BEGINNING ? 0 : mode == OFFSET_CURRENT ? (int64_t)*cur
                 : mode == OFFSET_END ? (int64_t)*size : -1;
    if (from < 0)
        return false;
    *target = from + offset;
    return true;
}

static void do_seek(amhfs_t *a, packet_t *p)
{
    amhfs_file_t *f = file_of(a, p->arg[0]);
    if (!f)
        return fail(p, ERROR_INVALID_LOCK);
    uint64_t cur, size, pos;
    int64_t target;
    /* AmigaDOS cannot seek beyond the end of a file. */
    if (!target_position(a, f, (int32_t)p->arg[1], (int32_t)p->arg[2], &cur, &size, &target) || target < 0 ||
        (uint64_t)target > size || hostfs_seek(&a->fs, f->handle, target, 0, &pos) != HFS_OK) {
        p->res1 = 0xFFFFFFFFu;
        p->res2 = ERROR_SEEK_ERROR;
        return;
    }
    succeed(p, (uint32_t)cur);
}

static void do_set_file_size(amhfs_t *a, packet_t *p)
{
    amhfs_file_t *f = file_of(a, p->arg[0]);
    if (!f)
        return fail(p, ERROR_INVALID_LOCK);
    uint64_t cur, size, pos;
    int64_t target;
    if (!target_position(a, f, (int32_t)p->arg[1], (int32_t)p->arg[2], &cur, &size, &target) || target < 0) {
        p->res1 = 0xFFFFFFFFu;
        p->res2 = ERROR_SEEK_ERROR;
        return;
    }
    hostfs_err_t e = make_writable(a, f);
    if (e == HFS_OK)
        e = hostfs_truncate(&a->fs, f->handle, (uint64_t)target);
    if (e == HFS_OK && cur > (uint64_t)target)
        e = hostfs_seek(&a->fs, f->handle, target, 0, &pos);
    if (e != HFS_OK) {
        p->res1 = 0xFFFFFFFFu;
        p->res2 = (uint32_t)dos_error(e);
        return;
    }
    succeed(p, (uint32_t)target);
}

static void do_end(amhfs_t *a, packet_t *p)
{
    amhfs_file_t *f = file_of(a, p->arg[0]);
    if (!f)
        return fail(p, ERROR_INVALID_LOCK);
    f->used = false;
    hostfs_err_t e = hostfs_close(&a->fs, f->handle);
    if (e != HFS_OK)
        return fail(p, dos_error(e));
    succeed(p, AMHFS_DOSTRUE);
}

static void do_locate(amhfs_t *a, packet_t *p)
{
    char path[AMHFS_PATH_MAX];
    int err = named_path(a, p->arg[0], p->arg[1], path, sizeof path);
    if (err)
        return fail(p, err);
    hostfs_entry_t e;
    hostfs_err_t st = hostfs_stat(&a->fs, path, &e);
    if (st != HFS_OK)
        return fail(p, dos_error(st));
    int slot = new_lock(a, path, e.is_dir, (int32_t)p->arg[2]);
    if (slot < 0)
        return fail(p, ERROR_NO_FREE_STORE);
    succeed(p, lock_bptr(a, slot));
}

/* A new shared lock on `path` (COPY_DIR, PARENT and friends). */
static void lock_path(amhfs_t *a, packet_t *p, const char *path, bool is_dir)
{
    int slot = new_lock(a, path, is_dir, SHARED_LOCK);
    if (slot < 0)
        return fail(p, ERROR_NO_FREE_STORE);
    succeed(p, lock_bptr(a, slot));
}

static void do_copy_dir(amhfs_t *a, packet_t *p)
{
    int slot = lock_slot(a, p->arg[0]);
    if (slot == -2)
        return fail(p, ERROR_INVALID_LOCK);
    if (slot == -1)
        return lock_path(a, p, "", true);
    amhfs_lock_t *l = &a->locks[slot];
    char path[AMHFS_PATH_MAX];
    snprintf(path, sizeof path, "%s", l->path);
    lock_path(a, p, path, l->is_dir);
}

static void do_parent(amhfs_t *a, packet_t *p)
{
    int slot = lock_slot(a, p->arg[0]);
    if (slot == -2)
        return fail(p, ERROR_INVALID_LOCK);
    if (slot == -1 || !a->locks[slot].path[0])
        return succeed(p, 0); /* the root has no parent: a zero lock and no error */
    char path[AMHFS_PATH_MAX];
    parent_of(a->locks[slot].path, path, sizeof path);
    lock_path(a, p, path, true);
}

static void do_examine(amhfs_t *a, packet_t *p)
{
    int slot = lock_slot(a, p->arg[0]);
    if (slot == -2)
        return fail(p, ERROR_INVALID_LOCK);
    const char *path = slot >= 0 ? a->locks[slot].path : "";
    hostfs_entry_t e;
    hostfs_err_t st = hostfs_stat(&a->fs, path, &e);
    if (st != HFS_OK)
        return fail(p, dos_error(st));
    if (!write_fib(a, p->arg[1] << 2, 0, &e, !path[0]))
        return fail(p, ERROR_BAD_NUMBER);
    succeed(p, AMHFS_DOSTRUE);
}

static void close_listing(amhfs_t *a)
{
    if (a->listing.handle >= 0)
        hostfs_close(&a->fs, a->listing.handle);
    a->listing.handle = -1;
}

static void do_examine_next(amhfs_t *a, packet_t *p)
{
    int slot = lock_slot(a, p->arg[0]);
    if (slot == -2)
        return fail(p, ERROR_INVALID_LOCK);
    const char *path = slot >= 0 ? a->locks[slot].path : "";
    uint32_t fib = p->arg[1] << 2, key;
    if (slot >= 0 && !a->locks[slot].is_dir)
        return fail(p, ERROR_OBJECT_WRONG_TYPE);
    if (!rd32(a, fib + FIB_DISKKEY, &key))
        return fail(p, ERROR_BAD_NUMBER);
    hostfs_entry_t e;
    if (a->listing.handle < 0 || a->listing.lock != slot || a->listing.next_key != key) {
        /* Start the walk (again) and skip to the entry the FileInfoBlock asks for. */
        close_listing(a);
        hostfs_err_t st = hostfs_opendir(&a->fs, path, &a->listing.handle);
        if (st != HFS_OK) {
            a->listing.handle = -1;
            return fail(p, dos_error(st));
        }
        a->listing.lock = slot;
        for (uint32_t i = 0; i < key; i++) {
            if (hostfs_readdir(&a->fs, a->listing.handle, &e) != HFS_OK) {
                close_listing(a);
                return fail(p, ERROR_NO_MORE_ENTRIES);
            }
        }
    }
    if (hostfs_readdir(&a->fs, a->listing.handle, &e) != HFS_OK) {
        close_listing(a);
        return fail(p, ERROR_NO_MORE_ENTRIES);
    }
    a->listing.next_key = key + 1;
    if (!write_fib(a, fib, key + 1, &e, false))
        return fail(p, ERROR_BAD_NUMBER);
    succeed(p, AMHFS_DOSTRUE);
}

static void do_examine_fh(amhfs_t *a, packet_t *p)
{
    amhfs_file_t *f = file_of(a, p->arg[0]);
    if (!f)
        return fail(p, ERROR_INVALID_LOCK);
    hostfs_entry_t e;
    uint64_t size;
    if (hostfs_stat(&a->fs, f->path, &e) != HFS_OK) {
        /* A file being created is not on the host until it is closed. */
        memset(&e, 0, sizeof e);
        const char *last = strrchr(f->path, '/');
        const char *name = last ? last + 1 : f->path;
        size_t n = strnlen(name, sizeof e.name - 1);
        memcpy(e.name, name, n);
        e.name[n] = 0;
        e.mtime = (int64_t)time(NULL);
    }
    if (hostfs_size(&a->fs, f->handle, &size) == HFS_OK)
        e.size = size;
    if (!write_fib(a, p->arg[1] << 2, 0, &e, false))
        return fail(p, ERROR_BAD_NUMBER);
    succeed(p, AMHFS_DOSTRUE);
}

static void do_fh_from_lock(amhfs_t *a, packet_t *p)
{
    int slot = lock_slot(a, p->arg[1]);
    if (slot < 0)
        return fail(p, ERROR_INVALID_LOCK);
    if (a->locks[slot].is_dir)
        return fail(p, ERROR_OBJECT_WRONG_TYPE);
    char path[AMHFS_PATH_MAX];
    snprintf(path, sizeof path, "%s", a->locks[slot].path);
    open_file(a, p, p->arg[0], path, HFS_READ);
    if (p->res1 == AMHFS_DOSTRUE)
        free_lock(a, slot); /* the lock becomes the file handle */
}

static void do_create_dir(amhfs_t *a, packet_t *p)
{
    char path[AMHFS_PATH_MAX];
    int err = named_path(a, p->arg[0], p->arg[1], path, sizeof path);
    if (err)
        return fail(p, err);
    if (!path[0])
        return fail(p, ERROR_OBJECT_EXISTS);
    hostfs_err_t e = hostfs_mkdir(&a->fs, path);
    if (e != HFS_OK)
        return fail(p, dos_error(e));
    int slot = new_lock(a, path, true, EXCLUSIVE_LOCK);
    if (slot < 0)
        return fail(p, ERROR_NO_FREE_STORE);
    succeed(p, lock_bptr(a, slot));
}

static void do_delete(amhfs_t *a, packet_t *p)
{
    char path[AMHFS_PATH_MAX];
    int err = named_path(a, p->arg[0], p->arg[1], path, sizeof path);
    if (err)
        return fail(p, err);
    if (!path[0])
        return fail(p, ERROR_OBJECT_WRONG_TYPE); /* the volume's root */
    if (a->readonly)
        return fail(p, ERROR_DISK_WRITE_PROTECTED);
    hostfs_entry_t e;
    hostfs_err_t st = hostfs_stat(&a->fs, path, &e);
    if (st != HFS_OK)
        return fail(p, dos_error(st));
    if (e.protection & FIBF_DELETE)
        return fail(p, ERROR_DELETE_PROTECTED);
    if (path_in_use(a, path))
        return fail(p, ERROR_OBJECT_IN_USE);
    hostfs_err_t r = hostfs_delete(&a->fs, path);
    if (r != HFS_OK)
        return fail(p, dos_error(r));
    succeed(p, AMHFS_DOSTRUE);
}

static void follow_rename(char *path, size_t cap, const char *from, const char *to)
{
    if (!path_within(path, from))
        return;
    char moved[AMHFS_PATH_MAX];
    int len = snprintf(moved, sizeof moved, "%s%s", to, path + strlen(from));
    if (len > 0 && (size_t)len < cap)
        memcpy(path, moved, (size_t)len + 1);
}

/* Locks and files inside a renamed object follow it. */
static void rename_paths(amhfs_t *a, const char *from, const char *to)
{
    for (int i = 0; i < AMHFS_MAX_LOCKS; i++)
        if (a->locks[i].used)
            follow_rename(a->locks[i].path, sizeof a->locks[i].path, from, to);
    for (int i = 0; i < AMHFS_MAX_FILES; i++)
        if (a->files[i].used)
            follow_rename(a->files[i].path, sizeof a->files[i].path, from, to);
}

static void do_rename(amhfs_t *a, packet_t *p)
{
    char from[AMHFS_PATH_MAX], to[AMHFS_PATH_MAX];
    int err = named_path(a, p->arg[0], p->arg[1], from, sizeof from);
    if (!err)
        err = named_path(a, p->arg[2], p->arg[3], to, sizeof to);
    if (err)
        return fail(p, err);
    if (!from[0] || !to[0])
        return fail(p, ERROR_OBJECT_WRONG_TYPE);
    if (path_within(to, from) && !same_path(to, from))
        return fail(p, ERROR_OBJECT_IN_USE); /* a folder into itself */
    for (int i = 0; i < AMHFS_MAX_FILES; i++)
        if (a->files[i].used && a->files[i].writable && path_within(a->files[i].path, from))
            return fail(p, ERROR_OBJECT_IN_USE); /* its new contents are still in a temp file */
    hostfs_err_t e = hostfs_rename(&a->fs, from, to);
    if (e != HFS_OK)
        return fail(p, dos_error(e));
    rename_paths(a, from, to);
    succeed(p, AMHFS_DOSTRUE);
}

static void do_set_protect(amhfs_t *a, packet_t *p)
{
    char path[AMHFS_PATH_MAX];
    int err = named_path(a, p->arg[1], p->arg[2], path, sizeof path);
    if (err)
        return fail(p, err);
    hostfs_err_t e = hostfs_set_meta(&a->fs, path, p->arg[3], NULL);
    if (e != HFS_OK)
        return fail(p, dos_error(e));
    succeed(p, AMHFS_DOSTRUE);
}

static void do_set_comment(amhfs_t *a, packet_t *p)
{
    char path[AMHFS_PATH_MAX], comment[256], utf8[HOSTFS_COMMENT_MAX * 2 + 1];
    size_t len;
    int err = named_path(a, p->arg[1], p->arg[2], path, sizeof path);
    if (err)
        return fail(p, err);
    if (!read_bstr(a, p->arg[3], comment, sizeof comment, &len))
        return fail(p, ERROR_BAD_STREAM_NAME);
    if (len > HOSTFS_COMMENT_MAX)
        return fail(p, ERROR_COMMENT_TOO_BIG);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)comment[i] < 0x20)
            return fail(p, ERROR_INVALID_COMPONENT_NAME);
    if (latin1_to_utf8(comment, len, utf8, sizeof utf8) == (size_t)-1)
        return fail(p, ERROR_COMMENT_TOO_BIG);
    hostfs_entry_t e;
    hostfs_err_t st = hostfs_stat(&a->fs, path, &e);
    if (st == HFS_OK)
        st = hostfs_set_meta(&a->fs, path, e.protection, utf8);
    if (st != HFS_OK)
        return fail(p, dos_error(st));
    succeed(p, AMHFS_DOSTRUE);
}

static void do_set_date(amhfs_t *a, packet_t *p)
{
    char path[AMHFS_PATH_MAX];
    uint32_t ds[3];
    int err = named_path(a, p->arg[1], p->arg[2], path, sizeof path);
    if (err)
        return fail(p, err);
    for (int i = 0; i < 3; i++)
        if (!rd32(a, p->arg[3] + 4u * (uint32_t)i, &ds[i]))
            return fail(p, ERROR_BAD_NUMBER);
    hostfs_err_t e = hostfs_set_mtime(&a->fs, path, from_datestamp(ds));
    if (e != HFS_OK)
        return fail(p, dos_error(e));
    succeed(p, AMHFS_DOSTRUE);
}

static void do_same_lock(amhfs_t *a, packet_t *p)
{
    int s1 = lock_slot(a, p->arg[0]), s2 = lock_slot(a, p->arg[1]);
    if (s1 == -2 || s2 == -2)
        return fail(p, ERROR_INVALID_LOCK);
    const char *x = s1 >= 0 ? a->locks[s1].path : "", *y = s2 >= 0 ? a->locks[s2].path : "";
    if (same_path(x, y))
        succeed(p, AMHFS_DOSTRUE);
    else
        succeed(p, AMHFS_DOSFALSE);
}

static void do_startup(amhfs_t *a, packet_t *p)
{
    /* dp_Arg3 is our DeviceNode: its dn_Task is the port packets for HOST: go to. */
    if (p->arg[2] && !wr32(a, (p->arg[2] << 2) + DN_TASK, a->port))
        return fail(p, ERROR_BAD_NUMBER);
    a->next = AMHFS_NEXT_MAKE_VOLUME;
    succeed(p, AMHFS_DOSTRUE);
}

static void run(amhfs_t *a, packet_t *p)
{
    switch (p->type) {
    case ACTION_STARTUP: do_startup(a, p); break;
    case ACTION_LOCATE_OBJECT: do_locate(a, p); break;
    case ACTION_FREE_LOCK: {
        int slot = lock_slot(a, p->arg[0]);
        if (slot < 0)
            fail(p, ERROR_INVALID_LOCK);
        else {
            free_lock(a, slot);
            succeed(p, AMHFS_DOSTRUE);
        }
        break;
    }
    case ACTION_COPY_DIR: do_copy_dir(a, p); break;
    case ACTION_PARENT: do_parent(a, p); break;
    case ACTION_EXAMINE_OBJECT: do_examine(a, p); break;
    case ACTION_EXAMINE_NEXT: do_examine_next(a, p); break;
    case ACTION_FINDINPUT:
    case ACTION_FINDOUTPUT:
    case ACTION_FINDUPDATE: do_find(a, p); break;
    case ACTION_READ: do_read(a, p); break;
    case ACTION_WRITE: do_write(a, p); break;
    case ACTION_SEEK: do_seek(a, p); break;
    case ACTION_END: do_end(a, p); break;
    case ACTION_SET_FILE_SIZE: do_set_file_size(a, p); break;
    case ACTION_DELETE_OBJECT: do_delete(a, p); break;
    case ACTION_RENAME_OBJECT: do_rename(a, p); break;
    case ACTION_CREATE_DIR: do_create_dir(a, p); break;
    case ACTION_SET_PROTECT: do_set_protect(a, p); break;
    case ACTION_SET_COMMENT: do_set_comment(a, p); break;
    case ACTION_SET_DATE: do_set_date(a, p); break;
    case ACTION_DISK_INFO:
        if (write_info(a, p->arg[0] << 2))
            succeed(p, AMHFS_DOSTRUE);
        else
            fail(p, ERROR_BAD_NUMBER);
        break;
    case ACTION_INFO:
        if (lock_slot(a, p->arg[0]) == -2)
            fail(p, ERROR_INVALID_LOCK);
        else if (write_info(a, p->arg[1] << 2))
            succeed(p, AMHFS_DOSTRUE);
        else
            fail(p, ERROR_BAD_NUMBER);
        break;
    case ACTION_SAME_LOCK: do_same_lock(a, p); break;
    case ACTION_EXAMINE_FH: do_examine_fh(a, p); break;
    case ACTION_FH_FROM_LOCK: do_fh_from_lock(a, p); break;
    case ACTION_COPY_DIR_FH:
    case ACTION_PARENT_FH: {
        amhfs_file_t *f = file_of(a, p->arg[0]);
        if (!f)
            return fail(p, ERROR_INVALID_LOCK);
        char path[AMHFS_PATH_MAX];
        if (p->type == ACTION_PARENT_FH)
            parent_of(f->path, path, sizeof path);
        else
            snprintf(path, sizeof path, "%s", f->path);
        lock_path(a, p, path, p->type == ACTION_PARENT_FH);
        break;
    }
    case ACTION_CURRENT_VOLUME: succeed(p, a->volume >> 2); break;
    case ACTION_IS_FILESYSTEM:
    case ACTION_FLUSH:
    case ACTION_INHIBIT:
    case ACTION_CHANGE_MODE: succeed(p, AMHFS_DOSTRUE); break;
    case ACTION_DIE: fail(p, ERROR_OBJECT_IN_USE); break; /* the host folder stays mounted */
    default: fail(p, ERROR_ACTION_NOT_KNOWN); break;
    }
}

amhfs_next_t amhfs_packet(amhfs_t *a, uint32_t addr)
{
    packet_t p = {.addr = addr};
    a->next = AMHFS_NEXT_REPLY;
    a->packets++;
    bool ok = rd32(a, addr + DP_TYPE, &p.type);
    for (int i = 0; ok && i < 7; i++)
        ok = rd32(a, addr + DP_ARG1 + 4u * (uint32_t)i, &p.arg[i]);
    if (!ok)
        return AMHFS_NEXT_REPLY; /* not a packet in RAM: nothing we can answer */
    run(a, &p);
    if (p.res2 == ERROR_DISK_WRITE_PROTECTED)
        a->write_protected++;
    wr32(a, addr + DP_RES1, p.res1);
    wr32(a, addr + DP_RES2, p.res2);
    return a->next;
}

void amhfs_volume_made(amhfs_t *a, uint32_t node)
{
    if (!node || (node & 3))
        return;
    uint32_t ds[3];
    to_datestamp((int64_t)time(NULL), ds);
    bool ok = wr32(a, node + DN_TASK, a->port) && wr32(a, node + DOL_LOCK, 0);
    for (int i = 0; ok && i < 3; i++)
        ok = wr32(a, node + DOL_VOLUMEDATE + 4u * (uint32_t)i, ds[i]);
    ok = ok && wr32(a, node + DOL_LOCKLIST, 0) && wr32(a, node + DOL_DISKTYPE, AMHFS_ID_DOS_DISK);
    if (!ok)
        return;
    a->volume = node;
    for (int i = 0; i < AMHFS_MAX_LOCKS; i++)
        if (a->locks[i].used)
            put32(&a->lock_ram[i * AMHFS_LOCK_SIZE + FL_VOLUME], node >> 2);
}

/* ---- life cycle ---- */

static void volume_name_from(const char *root, const char *given, char *out, size_t cap)
{
    char tmp[HOSTFS_NAME_MAX + 1];
    const char *name = given;
    if (!name) {
        snprintf(tmp, sizeof tmp, "%s", root);
        size_t n = strlen(tmp);
        while (n > 1 && tmp[n - 1] == '/')
            tmp[--n] = 0;
        const char *slash = strrchr(tmp, '/');
        name = slash ? slash + 1 : tmp;
    }
    utf8_to_latin1(name, out, cap);
    for (char *c = out; *c; c++)
        if (*c == ':' || *c == '/' || (unsigned char)*c < 0x20)
            *c = '_';
    if (!out[0] || !strcmp(out, "."))
        snprintf(out, cap, "Host");
}

int amhfs_init(amhfs_t *a, const amhfs_cfg_t *cfg, char *err, size_t errlen)
{
    memset(a, 0, sizeof *a);
    hostfs_cfg_t hc = {.root = cfg->root, .readonly = cfg->readonly};
    if (hostfs_init(&a->fs, &hc, err, errlen) != 0)
        return -1;
    a->mem = cfg->mem;
    a->readonly = cfg->readonly;
    a->listing.handle = -1;
    a->open = true;
    volume_name_from(cfg->root, cfg->volume_name, a->volume_name, sizeof a->volume_name);
    return 0;
}

void amhfs_reset(amhfs_t *a)
{
    if (!a->open)
        return;
    close_listing(a);
    for (int i = 0; i < AMHFS_MAX_FILES; i++) {
        if (a->files[i].used)
            hostfs_close(&a->fs, a->files[i].handle);
        a->files[i].used = false;
    }
    for (int i = 0; i < AMHFS_MAX_LOCKS; i++)
        a->locks[i].used = false;
    memset(a->lock_ram, 0, sizeof a->lock_ram);
    a->port = a->volume = 0;
    a->next = AMHFS_NEXT_REPLY;
}

void amhfs_destroy(amhfs_t *a)
{
    if (!a->open)
        return;
    amhfs_reset(a);
    hostfs_shutdown(&a->fs);
    a->open = false;
}

void amhfs_set_lock_base(amhfs_t *a, uint32_t addr) { a->lock_base = addr; }
void amhfs_set_port(amhfs_t *a, uint32_t port) { a->port = port; }
