#include "hostfs/riscos_hostfs.h"

#include <stdio.h>
#include <string.h>

/* Seconds between 1 Jan 1900 (RISC OS epoch) and 1 Jan 1970 (Unix epoch): 70 years, 17 leap days. */
#define EPOCH_DELTA 2208988800LL
/* RISC OS attributes in the sidecar's protection word: a marker bit and the attributes in bits
 * 16-23, clear of the Amiga protection bits (0-15) the same sidecar holds for the A500. */
#define META_RO_FLAG 0x80000000u
#define META_RO_SHIFT 16

/* FileSwitch's open-file information word (PRM FSEntry_Open). */
enum { INFO_WRITE_OK = 1u << 31, INFO_READ_OK = 1u << 30 };

/* ---- mappings ---------------------------------------------------------------------------- */

uint64_t rohfs_time_from_unix(int64_t unix_seconds)
{
    int64_t s = unix_seconds + EPOCH_DELTA;
    if (s < 0)
        s = 0;
    return ((uint64_t)s * 100u) & 0xFFFFFFFFFFull;
}

int64_t rohfs_time_to_unix(uint64_t ro_centiseconds)
{
    return (int64_t)((ro_centiseconds & 0xFFFFFFFFFFull) / 100u) - EPOCH_DELTA;
}

void rohfs_stamp(uint32_t filetype, int64_t unix_seconds, uint32_t *load, uint32_t *exec)
{
    uint64_t t = rohfs_time_from_unix(unix_seconds);
    *load = 0xFFF00000u | (filetype & 0xFFFu) << 8 | (uint32_t)(t >> 32);
    *exec = (uint32_t)t;
}

/* Host characters RISC OS cannot have in a name, and their stand-ins, as RPCEmu's and
 * Arculator's HostFS map them (so folders users already share read the same): a space is a
 * hard space, '#' (a wildcard) is '?', '$' (the root) is '<', '^' (the parent) is '>'. */
static const uint8_t char_map[][2] = {{' ', 0xA0}, {'#', '?'}, {'$', '<'}, {'^', '>'}};

static unsigned host_to_ro_char(unsigned c)
{
    for (size_t i = 0; i < sizeof char_map / sizeof char_map[0]; i++)
        if (c == char_map[i][0])
            return char_map[i][1];
    return c;
}

static unsigned ro_to_host_char(unsigned c)
{
    for (size_t i = 0; i < sizeof char_map / sizeof char_map[0]; i++)
        if (c == char_map[i][1])
            return char_map[i][0];
    return c;
}

bool rohfs_path_to_host(const char *ro, char *out, size_t cap)
{
    size_t n = 0;
    /* A disc name (":HostFS.") and the root ("$") name the share itself. */
    if (*ro == ':') {
        while (*ro && *ro != '.')
            ro++;
        if (*ro == '.')
            ro++;
    }
    if (ro[0] == '$' && (ro[1] == '.' || ro[1] == 0))
        ro += ro[1] ? 2 : 1;
    for (; *ro; ro++) {
        unsigned c = (uint8_t)*ro;
        if (c < 0x20 || c == 0x7F)
            return false;
        if (c == '.')
            c = '/';
        else if (c == '/')
            c = '.';
        else
            c = ro_to_host_char(c);
        if (!hostfs_put_utf8(out, cap, &n, c))
            return false;
    }
    if (n >= cap)
        return false;
    out[n] = 0;
    return true;
}

void rohfs_name_to_riscos(const char *host, char *out, size_t cap)
{
    size_t n = 0;
    const uint8_t *s = (const uint8_t *)host;
    while (*s && n + 1 < cap) {
        unsigned c = *s++;
        if (c >= 0x80) {
            s--;
            c = hostfs_take_latin1(&s, '_'); /* beyond Latin-1: no RISC OS form */
        } else if (c == '.')
            c = '/';
        else
            c = host_to_ro_char(c);
        out[n++] = (char)c;
    }
    out[n] = 0;
}

uint32_t rohfs_error_number(hostfs_err_t e)
{
    switch (e) {
    case HFS_OK: return 0;
    case HFS_NOT_FOUND: case HFS_NOT_DIR: return ROHFS_ERR_NOT_FOUND;
    case HFS_EXISTS: return ROHFS_ERR_EXISTS;
    case HFS_FORBIDDEN: case HFS_IS_DIR: return ROHFS_ERR_ACCESS;
    case HFS_READ_ONLY: return ROHFS_ERR_PROTECTED;
    case HFS_BAD_NAME: case HFS_NAME_TOO_LONG: return ROHFS_ERR_BAD_NAME;
    case HFS_NOT_EMPTY: return ROHFS_ERR_DIR_NOT_EMPTY;
    case HFS_NO_SPACE: return ROHFS_ERR_DISC_FULL;
    case HFS_TOO_MANY_OPEN: return ROHFS_ERR_TOO_MANY_OPEN;
    case HFS_BAD_HANDLE: return ROHFS_ERR_CHANNEL;
    case HFS_IN_USE: return ROHFS_ERR_OPEN;
    case HFS_IO: break;
    }
    return ROHFS_ERR_DISC_ERROR;
}

/* ---- helpers ------------------------------------------------------------------------------ */

typedef struct ro_info {
    uint32_t type, load, exec, length, attr;
} ro_info_t;

static bool guest_string(rohfs_t *h, uint32_t addr, char *out, size_t cap)
{
    for (size_t i = 0; i < cap; i++) {
        uint8_t c;
        if (!h->mem.read(h->mem.ctx, addr + (uint32_t)i, &c, 1))
            return false;
        out[i] = (char)c;
        if (!c)
            return true;
    }
    return false;
}

/* Reads the RISC OS name at addr and maps it; r9 error number on failure. */
static uint32_t guest_path(rohfs_t *h, uint32_t addr, char *path, size_t cap)
{
    char ro[ROHFS_NAME_MAX + 1];
    if (!guest_string(h, addr, ro, sizeof ro))
        return ROHFS_ERR_BAD_NAME;
    return rohfs_path_to_host(ro, path, cap) ? 0 : ROHFS_ERR_BAD_NAME;
}

static void entry_info(const rohfs_t *h, const hostfs_entry_t *e, ro_info_t *o)
{
    o->type = e->is_dir ? ROHFS_TYPE_DIR : ROHFS_TYPE_FILE;
    if (!e->is_dir && e->has_load_exec) {
        o->load = e->load;
        o->exec = e->exec;
    } else {
        uint32_t type = e->is_dir ? ROHFS_DIR_FILETYPE : e->has_type ? e->filetype : ROHFS_DEFAULT_FILETYPE;
        rohfs_stamp(type, e->mtime, &o->load, &o->exec);
    }
    o->length = e->is_dir ? 0 : e->size > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)e->size;
    if (e->protection & META_RO_FLAG)
        o->attr = (e->protection >> META_RO_SHIFT) & 0xFF;
    else
        o->attr = ROHFS_ATTR_OWNER_READ | (h->fs->readonly ? 0 : ROHFS_ATTR_OWNER_WRITE);
}

static hostfs_err_t path_info(rohfs_t *h, const char *path, ro_info_t *o)
{
    hostfs_entry_t e;
    memset(o, 0, sizeof *o);
    hostfs_err_t err = hostfs_stat(h->fs, path, &e);
    if (err == HFS_OK)
        entry_info(h, &e, o);
    return err;
}

/* Gives a file the load/exec pair FileSwitch chose: a stamped pair becomes the ",xxx" suffix
 * and the modification time, any other the ",llllllll-eeeeeeee" suffix. Directories keep
 * their host time only. */
static hostfs_err_t apply_load_exec(rohfs_t *h, const char *path, uint32_t load, uint32_t exec)
{
    hostfs_entry_t e;
    hostfs_err_t err = hostfs_stat(h->fs, path, &e);
    if (err != HFS_OK)
        return err;
    bool stamped = (load & 0xFFF00000u) == 0xFFF00000u;
    if (!e.is_dir)
        err = stamped ? hostfs_set_riscos_type(h->fs, path, (int)((load >> 8) & 0xFFF), 0, 0)
                      : hostfs_set_riscos_type(h->fs, path, -1, load, exec);
    if (err == HFS_OK && stamped)
        err = hostfs_set_mtime(h->fs, path, rohfs_time_to_unix((uint64_t)(load & 0xFF) << 32 | exec));
    return err;
}

static hostfs_err_t set_attr(rohfs_t *h, const char *path, uint32_t attr)
{
    return hostfs_set_meta(h->fs, path, META_RO_FLAG | (attr & 0xFF) << META_RO_SHIFT, NULL);
}

/* Copies between a host file and guest memory through the transfer buffer. */
static uint32_t file_to_guest(rohfs_t *h, int fh, uint32_t addr, uint32_t len, uint32_t *done)
{
    *done = 0;
    while (*done < len) {
        size_t want = len - *done < sizeof h->buf ? len - *done : sizeof h->buf, got = 0;
        hostfs_err_t e = hostfs_read(h->fs, fh, h->buf, want, &got);
        if (e != HFS_OK)
            return rohfs_error_number(e);
        if (!got)
            break;
        if (!h->mem.write(h->mem.ctx, addr + *done, h->buf, (uint32_t)got))
            return ROHFS_ERR_ACCESS;
        *done += (uint32_t)got;
    }
    return 0;
}

static uint32_t guest_to_file(rohfs_t *h, int fh, uint32_t addr, uint32_t len)
{
    for (uint32_t done = 0; done < len;) {
        uint32_t n = len - done < sizeof h->buf ? len - done : (uint32_t)sizeof h->buf;
        if (!h->mem.read(h->mem.ctx, addr + done, h->buf, n))
            return ROHFS_ERR_ACCESS;
        hostfs_err_t e = hostfs_write(h->fs, fh, h->buf, n);
        if (e != HFS_OK)
            return rohfs_error_number(e);
        done += n;
    }
    return 0;
}

static uint32_t write_zeros(rohfs_t *h, int fh, uint64_t at, uint32_t len)
{
    hostfs_err_t e = hostfs_seek(h->fs, fh, (int64_t)at, 0, NULL);
    memset(h->buf, 0, sizeof h->buf);
    for (uint32_t done = 0; e == HFS_OK && done < len;) {
        uint32_t n = len - done < sizeof h->buf ? len - done : (uint32_t)sizeof h->buf;
        e = hostfs_write(h->fs, fh, h->buf, n);
        done += n;
    }
    return rohfs_error_number(e);
}

/* Our handle to FileSwitch is the hostfs handle + 1 (0 means "not found" to FileSwitch). */
static int handle_of(rohfs_t *h, uint32_t ro)
{
    if (ro == 0 || ro > HOSTFS_MAX_HANDLES || !h->files[ro - 1].used)
        return -1;
    return (int)ro - 1;
}

/* ---- FSEntry_Open / GetBytes / PutBytes / Close -------------------------------------------- */

static uint32_t op_open(rohfs_t *h, uint32_t r[16])
{
    char path[4 * ROHFS_NAME_MAX];
    uint32_t err = guest_path(h, r[1], path, sizeof path);
    if (err)
        return err;
    /* r0: 0 read, 1 create-or-update (RISC OS 2 only), 2 update. */
    hostfs_mode_t mode = r[0] == 0 ? HFS_READ : HFS_UPDATE;
    int fh;
    hostfs_err_t e = hostfs_open(h->fs, path, mode, &fh);
    if (e == HFS_NOT_FOUND && r[0] == 1)
        e = hostfs_open(h->fs, path, HFS_CREATE, &fh);
    if (e == HFS_NOT_FOUND) {
        r[1] = 0; /* not an error: FileSwitch reports "not found" itself */
        return 0;
    }
    if (e != HFS_OK)
        return rohfs_error_number(e);
    uint64_t size = 0;
    hostfs_size(h->fs, fh, &size);
    rohfs_file_t *f = &h->files[fh];
    f->used = true;
    f->writable = mode != HFS_READ;
    f->pos = 0;
    snprintf(f->path, sizeof f->path, "%s", path);
    r[0] = INFO_READ_OK | (f->writable ? INFO_WRITE_OK : 0);
    r[1] = (uint32_t)fh + 1;
    r[2] = ROHFS_BUFFER_SIZE;
    r[3] = (uint32_t)size;
    r[4] = (uint32_t)size;
    return 0;
}

/* Buffered transfers: r1 handle, r2 guest address, r3 count, r4 file offset. */
static uint32_t op_getbytes(rohfs_t *h, uint32_t r[16])
{
    int fh = handle_of(h, r[1]);
    if (fh < 0)
        return ROHFS_ERR_CHANNEL;
    hostfs_err_t e = hostfs_seek(h->fs, fh, r[4], 0, NULL);
    if (e != HFS_OK)
        return rohfs_error_number(e);
    uint32_t done;
    return file_to_guest(h, fh, r[2], r[3], &done);
}

static uint32_t op_putbytes(rohfs_t *h, uint32_t r[16])
{
    int fh = handle_of(h, r[1]);
    if (fh < 0)
        return ROHFS_ERR_CHANNEL;
    hostfs_err_t e = hostfs_seek(h->fs, fh, r[4], 0, NULL);
    if (e != HFS_OK)
        return rohfs_error_number(e);
    return guest_to_file(h, fh, r[2], r[3]);
}

static uint32_t op_close(rohfs_t *h, uint32_t r[16])
{
    int fh = handle_of(h, r[1]);
    if (fh < 0)
        return ROHFS_ERR_CHANNEL;
    rohfs_file_t *f = &h->files[fh];
    f->used = false;
    hostfs_err_t e = hostfs_close(h->fs, fh);
    /* r2/r3: the load/exec FileSwitch stamps on a file written to (both 0: leave it). */
    if (e == HFS_OK && f->writable && (r[2] | r[3]))
        e = apply_load_exec(h, f->path, r[2], r[3]);
    return rohfs_error_number(e);
}

/* ---- FSEntry_Args ---------------------------------------------------------------------------- */

static uint32_t op_args(rohfs_t *h, uint32_t r[16])
{
    int fh = handle_of(h, r[1]);
    if (fh < 0)
        return ROHFS_ERR_CHANNEL;
    rohfs_file_t *f = &h->files[fh];
    uint64_t size = 0;
    hostfs_err_t e = hostfs_size(h->fs, fh, &size);
    if (e != HFS_OK)
        return rohfs_error_number(e);
    switch (r[0]) {
    case 0: r[2] = (uint32_t)f->pos; return 0;                    /* read pointer */
    case 1: f->pos = r[2]; return 0;                              /* write pointer */
    case 2: r[2] = (uint32_t)size; return 0;                      /* read extent */
    case 3: return rohfs_error_number(hostfs_truncate(h->fs, fh, r[2])); /* write extent */
    case 4: r[2] = (uint32_t)size; return 0;                      /* read allocated size */
    case 5: r[2] = f->pos >= size ? 0xFFFFFFFFu : 0; return 0;    /* EOF check */
    case 6: return ROHFS_ERR_NOT_IMPLEMENTED;                     /* flush notify: not asked for */
    case 7: return 0;                                             /* ensure size: r2 kept */
    case 8: return write_zeros(h, fh, r[2], r[3]);                /* write zeros */
    case 9: {                                                     /* read datestamp */
        ro_info_t o;
        e = path_info(h, f->path, &o);
        r[2] = o.load;
        r[3] = o.exec;
        return rohfs_error_number(e);
    }
    }
    return ROHFS_ERR_NOT_IMPLEMENTED;
}

/* ---- FSEntry_File ---------------------------------------------------------------------------- */

static uint32_t create_file(rohfs_t *h, const char *path, uint32_t r[16], bool save)
{
    int fh;
    hostfs_err_t e = hostfs_open(h->fs, path, HFS_CREATE, &fh);
    if (e != HFS_OK)
        return rohfs_error_number(e);
    uint32_t len = r[5] - r[4], err;
    err = save ? guest_to_file(h, fh, r[4], len) : write_zeros(h, fh, 0, len);
    e = hostfs_close(h->fs, fh);
    if (!err && e == HFS_OK)
        e = apply_load_exec(h, path, r[2], r[3]);
    r[6] = 0; /* no leaf name for *Opt 1 messages */
    return err ? err : rohfs_error_number(e);
}

static uint32_t op_file(rohfs_t *h, uint32_t r[16])
{
    char path[4 * ROHFS_NAME_MAX];
    uint32_t err = guest_path(h, r[1], path, sizeof path);
    if (err)
        return err;
    ro_info_t o;
    hostfs_err_t e;
    switch (r[0]) {
    case 0: return create_file(h, path, r, true);          /* save memory */
    case 7: return create_file(h, path, r, false);         /* create empty file */
    case 1: case 2: case 3: case 4:                        /* write catalogue information */
        if ((e = path_info(h, path, &o)) != HFS_OK)
            return rohfs_error_number(e);
        if (r[0] != 4)
            e = apply_load_exec(h, path, r[0] == 3 ? o.load : r[2], r[0] == 2 ? o.exec : r[3]);
        if (e == HFS_OK && (r[0] == 1 || r[0] == 4))
            e = set_attr(h, path, r[5]);
        return rohfs_error_number(e);
    case 5:                                                /* read catalogue information */
        e = path_info(h, path, &o);
        if (e != HFS_OK && e != HFS_NOT_FOUND && e != HFS_NOT_DIR)
            return rohfs_error_number(e);
        r[0] = o.type, r[2] = o.load, r[3] = o.exec, r[4] = o.length, r[5] = o.attr;
        return 0;
    case 6:                                                /* delete */
        e = path_info(h, path, &o);
        if (e == HFS_NOT_FOUND || e == HFS_NOT_DIR) {
            r[0] = 0;
            return 0;
        }
        if (e == HFS_OK)
            e = hostfs_delete(h->fs, path);
        r[0] = o.type, r[2] = o.load, r[3] = o.exec, r[4] = o.length, r[5] = o.attr;
        return rohfs_error_number(e);
    case 8:                                                /* create directory */
        e = hostfs_mkdir(h->fs, path);
        if (e == HFS_EXISTS && path_info(h, path, &o) == HFS_OK && o.type == ROHFS_TYPE_DIR)
            e = HFS_OK;
        return rohfs_error_number(e);
    case 9: r[2] = ROHFS_BUFFER_SIZE; return 0;            /* read block size */
    case 255: {                                            /* load file */
        if ((e = path_info(h, path, &o)) != HFS_OK || o.type != ROHFS_TYPE_FILE)
            return e == HFS_OK ? ROHFS_ERR_ACCESS : rohfs_error_number(e);
        int fh;
        if ((e = hostfs_open(h->fs, path, HFS_READ, &fh)) != HFS_OK)
            return rohfs_error_number(e);
        uint32_t done;
        err = file_to_guest(h, fh, r[2], o.length, &done);
        hostfs_close(h->fs, fh);
        r[2] = o.load, r[3] = o.exec, r[4] = done, r[5] = o.attr, r[6] = 0;
        return err;
    }
    }
    return ROHFS_ERR_NOT_IMPLEMENTED;
}

/* ---- FSEntry_Func ---------------------------------------------------------------------------- */

/* Func 14/15/19: r1 directory, r2 buffer, r3 entries wanted, r4 first entry (0 = start),
 * r5 buffer size. Out: r3 entries given, r4 next entry or -1 when the listing is done.
 * 14: names; 15: load, exec, length, attributes, type, name (word aligned); 19: the same
 * plus a word 0 (system internal name) and the 5-byte time before the name. */
static uint32_t read_dir(rohfs_t *h, uint32_t r[16], int form)
{
    char path[4 * ROHFS_NAME_MAX];
    uint32_t err = guest_path(h, r[1], path, sizeof path);
    if (err)
        return err;
    int dh;
    hostfs_err_t e = hostfs_opendir(h->fs, path, &dh);
    if (e != HFS_OK)
        return rohfs_error_number(e);
    uint32_t ptr = r[2], room = r[5], count = 0, index = 0, first = r[4];
    bool more = false;
    hostfs_entry_t ent;
    while ((e = hostfs_readdir(h->fs, dh, &ent)) == HFS_OK) {
        if (index++ < first)
            continue;
        if (count >= r[3]) {
            more = true;
            break;
        }
        char leaf[HOSTFS_NAME_MAX + 1];
        rohfs_name_to_riscos(ent.name, leaf, sizeof leaf);
        uint32_t head = form == 14 ? 0 : form == 15 ? 20 : 29, nlen = (uint32_t)strlen(leaf) + 1;
        uint32_t size = form == 14 ? head + nlen : (head + nlen + 3) & ~3u;
        if (size > room) {
            more = true;
            break;
        }
        uint8_t rec[32 + HOSTFS_NAME_MAX + 1];
        memset(rec, 0, sizeof rec);
        if (form != 14) {
            ro_info_t o;
            entry_info(h, &ent, &o);
            uint32_t w[6] = {o.load, o.exec, o.length, o.attr, o.type, 0};
            for (int i = 0; i < 6; i++)
                for (int b = 0; b < 4; b++)
                    rec[i * 4 + b] = (uint8_t)(w[i] >> (8 * b));
            if (form == 19) {
                uint64_t t = rohfs_time_from_unix(ent.mtime);
                for (int b = 0; b < 5; b++)
                    rec[24 + b] = (uint8_t)(t >> (8 * b));
            }
        }
        memcpy(rec + head, leaf, nlen);
        if (!h->mem.write(h->mem.ctx, ptr, rec, size)) {
            hostfs_close(h->fs, dh);
            return ROHFS_ERR_ACCESS;
        }
        ptr += size, room -= size, count++;
    }
    hostfs_close(h->fs, dh);
    if (e != HFS_OK && e != HFS_NOT_FOUND)
        return rohfs_error_number(e);
    r[3] = count;
    r[4] = more || count ? first + count : 0xFFFFFFFFu;
    return 0;
}

static uint32_t op_func(rohfs_t *h, uint32_t r[16])
{
    switch (r[0]) {
    case 8: {                                              /* rename: r1 old, r2 new */
        char from[4 * ROHFS_NAME_MAX], to[4 * ROHFS_NAME_MAX];
        uint32_t err = guest_path(h, r[1], from, sizeof from);
        if (!err)
            err = guest_path(h, r[2], to, sizeof to);
        if (err)
            return err;
        hostfs_err_t e = hostfs_rename(h->fs, from, to);
        /* r1 non-zero: "invalid rename" (FileSwitch words the error). */
        r[1] = e == HFS_NOT_FOUND || e == HFS_EXISTS || e == HFS_BAD_NAME || e == HFS_NOT_DIR;
        return r[1] ? 0 : rohfs_error_number(e);
    }
    case 14: case 15: case 19:
        return read_dir(h, r, (int)r[0]);
    case 24: r[4] = 0xFFFFFFFFu; return 0;                 /* resolve wildcard: FileSwitch does */
    case 27: r[2] = 2; return 0;                           /* boot option: *Opt 4,2 (run) */
    case 30: case 35: {                                    /* free space, 32 / 64 bit */
        uint64_t fr = 0, total = 0;
        hostfs_err_t e = hostfs_free_space(h->fs, &fr, &total);
        if (e != HFS_OK)
            return rohfs_error_number(e);
        if (r[0] == 30) {
            r[0] = fr > 0x7FFFFFFF ? 0x7FFFFFFF : (uint32_t)fr;
            r[1] = 0x7FFFFFFF;             /* largest object creatable */
            r[2] = total > 0x7FFFFFFF ? 0x7FFFFFFF : (uint32_t)total;
        } else {
            r[0] = (uint32_t)fr, r[1] = (uint32_t)(fr >> 32), r[2] = 0x7FFFFFFF;
            r[3] = (uint32_t)total, r[4] = (uint32_t)(total >> 32);
        }
        return 0;
    }
    }
    return ROHFS_ERR_NOT_IMPLEMENTED;
}

/* ---- FSEntry_GBPB (only called for unbuffered files; ours are buffered) ---------------------- */

static uint32_t op_gbpb(rohfs_t *h, uint32_t r[16])
{
    int fh = handle_of(h, r[1]);
    if (r[0] < 1 || r[0] > 4)
        return ROHFS_ERR_NOT_IMPLEMENTED;
    if (fh < 0)
        return ROHFS_ERR_CHANNEL;
    rohfs_file_t *f = &h->files[fh];
    if (r[0] == 1 || r[0] == 3)
        f->pos = r[4];
    hostfs_err_t e = hostfs_seek(h->fs, fh, (int64_t)f->pos, 0, NULL);
    if (e != HFS_OK)
        return rohfs_error_number(e);
    uint32_t err, done = r[3];
    if (r[0] <= 2)
        err = guest_to_file(h, fh, r[2], r[3]);
    else
        err = file_to_guest(h, fh, r[2], r[3], &done);
    if (err)
        return err;
    f->pos += done;
    r[2] += done, r[3] -= done, r[4] = (uint32_t)f->pos;
    return 0;
}

/* ---- entry ----------------------------------------------------------------------------------- */

void rohfs_init(rohfs_t *h, hostfs_t *fs, const rohfs_mem_t *mem)
{
    memset(h, 0, sizeof *h);
    h->fs = fs;
    h->mem = *mem;
}

void rohfs_reset(rohfs_t *h)
{
    for (int i = 0; i < HOSTFS_MAX_HANDLES; i++)
        if (h->files[i].used) {
            h->files[i].used = false;
            hostfs_close(h->fs, i);
        }
    h->registered = false;
    h->protocol = 0;
}

void rohfs_call(rohfs_t *h, uint32_t r[16])
{
    uint32_t err;
    switch (r[9]) {
    case ROHFS_OP_REGISTER:
        /* Protocols 1-3 differ only in which FSEntry_Func reasons the module forwards. */
        h->protocol = r[0];
        h->registered = r[0] >= 1 && r[0] <= ROHFS_PROTOCOL_VERSION;
        if (h->registered)
            r[0] = 0xFFFFFFFFu;
        return;
    case 0: err = op_open(h, r); break;
    case 1: err = op_getbytes(h, r); break;
    case 2: err = op_putbytes(h, r); break;
    case 3: err = op_args(h, r); break;
    case 4: err = op_close(h, r); break;
    case 5: err = op_file(h, r); break;
    case 6: err = op_func(h, r); break;
    case 7: err = op_gbpb(h, r); break;
    default: err = ROHFS_ERR_NOT_IMPLEMENTED; break;
    }
    if (err)
        r[9] = err;
}
