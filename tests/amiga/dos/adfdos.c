/* adfdos: AmigaDOS (OFS/FFS) floppy images from host folders and back.
 *
 *   adfdos create [--ffs] [--label NAME] OUT.adf DIR   bootable DD image holding DIR's tree
 *   adfdos extract IN.adf DIR                          the image's files into DIR
 *   adfdos list IN.adf [PATH]                          PATH's entries as our List command shows
 *                                                      them (tests/amiga/dos/list.s), in ExNext
 *                                                      order
 *
 * Layout, from the AmigaDOS Technical Reference Manual ("AmigaDOS data structures": root,
 * user directory, file header, file list (extension) and data blocks) and the Amiga ROM Kernel
 * Reference Manual (boot block):
 * - 512-byte blocks; DD 1760 (880 KB), HD 3520. Blocks 0-1 the boot block ('DOS', flags: bit 0
 *   FFS, bit 1 international, bit 2 directory cache; checksum; root block), root in the middle.
 * - Header blocks (root, directories, files, extension blocks) end with the same fields at the
 *   same offsets from the end; their checksum makes the 32-bit sum of the block 0.
 * - Directories hash names into 72 slots; entries sharing a slot are chained through
 *   hash_chain, in ascending block order (as the file system keeps them).
 * - A file header lists up to 72 data blocks, backwards from the end of its table; more are in
 *   extension blocks (type T_LIST) chained through the extension field.
 * - OFS data blocks carry a 24-byte header (type T_DATA, file header, sequence number, size,
 *   next block, checksum) and 488 bytes; FFS data blocks are 512 bytes of data.
 * - The bitmap (bit set = free) covers blocks 2..N-1, its first long a checksum.
 * Images are checked while read: a bad checksum, a block out of range, a block reached twice
 * (a loop or a cross-link), a wrong type or an impossible size stops with a one-line error. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
    BSIZE = 512,
    HT_SIZE = 72,             /* hash table / block table entries (BSIZE/4 - 56) */
    NAME_MAX_AMIGA = 30,
    OFS_DATA = 488,
    T_HEADER = 2, T_DATA = 8, T_LIST = 16,
    ST_ROOT = 1, ST_USERDIR = 2, ST_FILE = -3,
    /* offsets in header blocks */
    O_TYPE = 0, O_KEY = 4, O_HIGHSEQ = 8, O_HTSIZE = 12, O_FIRSTDATA = 16, O_CHKSUM = 20,
    O_TABLE = 24,
    O_BMFLAG = BSIZE - 200, O_BMPAGES = BSIZE - 196, O_BMEXT = BSIZE - 96,
    O_PROTECT = BSIZE - 192, O_BYTESIZE = BSIZE - 188, O_COMMENT = BSIZE - 184,
    O_DATE = BSIZE - 92, O_NAME = BSIZE - 80, O_VDATE = BSIZE - 40, O_CDATE = BSIZE - 28,
    O_HASHCHAIN = BSIZE - 16, O_PARENT = BSIZE - 12, O_EXTENSION = BSIZE - 8,
    O_SECTYPE = BSIZE - 4,
    /* OFS data block */
    D_SEQ = 8, D_SIZE = 12, D_NEXT = 16,
};

#define AMIGA_EPOCH 252460800 /* 1978-01-01 00:00:00 UTC in Unix time */

typedef struct image {
    const char *path;
    uint8_t *data;
    uint32_t nblocks, root;
    bool ffs, intl;
    uint8_t *seen;            /* blocks reached while reading: a second visit is a loop */
    uint32_t next_free;       /* create: allocation cursor */
} image_t;

static const char *prog = "adfdos";

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", prog);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]; }
static void wr32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}
static uint8_t *blk(image_t *im, uint32_t b) { return im->data + (size_t)b * BSIZE; }

/* Header and data block checksum: the long at `at` makes the block's 32-bit sum zero. */
static uint32_t block_sum(const uint8_t *b, int at)
{
    uint32_t sum = 0;
    for (int i = 0; i < BSIZE; i += 4)
        if (i != at)
            sum += rd32(b + i);
    return (uint32_t)-sum;
}

/* Boot block checksum: one's-complement sum (add with end-around carry) of 1024 bytes. */
static uint32_t boot_sum(const uint8_t *b)
{
    uint32_t sum = 0;
    for (int i = 0; i < 2 * BSIZE; i += 4) {
        if (i == 4)
            continue;
        uint32_t old = sum;
        sum += rd32(b + i);
        if (sum < old)
            sum++;
    }
    return ~sum;
}

static int upper(int c, bool intl)
{
    if (c >= 'a' && c <= 'z')
        return c - 32;
    /* International mode also folds Latin-1 letters (not the division sign). */
    if (intl && c >= 224 && c <= 254 && c != 247)
        return c - 32;
    return c;
}

/* The directory hash: length, then hash = hash*13 + upper(c) (11 bits), modulo 72. */
static unsigned name_hash(const char *name, bool intl)
{
    size_t n = strlen(name);
    uint32_t h = (uint32_t)n;
    for (size_t i = 0; i < n; i++)
        h = (h * 13 + (uint32_t)upper((uint8_t)name[i], intl)) & 0x7ff;
    return h % HT_SIZE;
}

static bool same_name(const char *a, const char *b, bool intl)
{
    for (; *a && *b; a++, b++)
        if (upper((uint8_t)*a, intl) != upper((uint8_t)*b, intl))
            return false;
    return *a == *b;
}

/* ---- dates ---- */

static void unix_to_stamp(time_t t, uint32_t st[3])
{
    int64_t s = (int64_t)t - AMIGA_EPOCH;
    if (s < 0)
        s = 0;
    st[0] = (uint32_t)(s / 86400);
    st[1] = (uint32_t)(s % 86400 / 60);
    st[2] = (uint32_t)(s % 60 * 50);
}

static bool leap(unsigned y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* "DD-Mon-YY HH:MM:SS" from a DateStamp (days since 1978-01-01, minutes, 1/50 s ticks). */
static void format_date(const uint32_t st[3], char *out, size_t len)
{
    static const char *mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    static const unsigned mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    uint32_t d = st[0];
    unsigned y = 1978, m = 0;
    while (d >= (leap(y) ? 366u : 365u))
        d -= leap(y) ? 366u : 365u, y++;
    while (d >= mdays[m] + (m == 1 && leap(y)))
        d -= mdays[m] + (m == 1 && leap(y)), m++;
    unsigned mins = st[1] % 1440, secs = st[2] / 50 % 60;
    snprintf(out, len, "%02u-%s-%02u %02u:%02u:%02u", d + 1, mon[m], y % 100, mins / 60, mins % 60, secs);
}

static time_t stamp_to_unix(const uint8_t *p)
{
    return (time_t)AMIGA_EPOCH + (time_t)rd32(p) * 86400 + (time_t)rd32(p + 4) * 60 + rd32(p + 8) / 50;
}

/* ---- writing ---- */

static uint32_t alloc_block(image_t *im)
{
    /* Outwards from the root, first up then from the start, as a fresh disk fills. */
    for (uint32_t n = 0; n < im->nblocks; n++) {
        uint32_t b = im->next_free;
        im->next_free = im->next_free + 1 == im->nblocks ? 2 : im->next_free + 1;
        if (b >= 2 && !im->seen[b]) {
            im->seen[b] = 1;
            return b;
        }
    }
    die("%s: the folder does not fit on a %u KB disk", im->path, im->nblocks / 2);
    return 0;
}

static void set_name(uint8_t *b, const char *name)
{
    size_t n = strlen(name);
    b[O_NAME] = (uint8_t)n;
    memcpy(b + O_NAME + 1, name, n);
}

static void set_date(uint8_t *b, int at, time_t t)
{
    uint32_t st[3];
    unix_to_stamp(t, st);
    for (int i = 0; i < 3; i++)
        wr32(b + at + 4 * i, st[i]);
}

/* Links header block `hb` into directory block `db`'s hash table, keeping the chain ordered. */
static void link_entry(image_t *im, uint32_t db, uint32_t hb, const char *name)
{
    unsigned h = name_hash(name, im->intl);
    uint8_t *slot = blk(im, db) + O_TABLE + 4 * h;
    while (rd32(slot) != 0 && rd32(slot) < hb)
        slot = blk(im, rd32(slot)) + O_HASHCHAIN;
    wr32(blk(im, hb) + O_HASHCHAIN, rd32(slot));
    wr32(slot, hb);
}

static void check_name(const char *host, const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > NAME_MAX_AMIGA)
        die("%s: the name is longer than AmigaDOS's %d characters", host, NAME_MAX_AMIGA);
    for (size_t i = 0; i < n; i++)
        if (name[i] == '/' || name[i] == ':' || (uint8_t)name[i] < 32 || (uint8_t)name[i] == 127)
            die("%s: AmigaDOS names cannot hold ':', '/' or control characters", host);
}

static void add_file(image_t *im, uint32_t hb, const char *host, off_t size)
{
    FILE *f = fopen(host, "rb");
    if (!f)
        die("%s: cannot open: %s", host, strerror(errno));
    uint32_t per = im->ffs ? BSIZE : OFS_DATA;
    uint32_t nblocks = (uint32_t)((size + per - 1) / per);
    if ((uint64_t)size > 0xffffffffu || nblocks > im->nblocks)
        die("%s: the folder does not fit on a %u KB disk", im->path, im->nblocks / 2);
    uint8_t *h = blk(im, hb);
    wr32(h + O_BYTESIZE, (uint32_t)size);
    uint32_t table = hb, prev_data = 0;
    for (uint32_t i = 0; i < nblocks; i++) {
        if (i > 0 && i % HT_SIZE == 0) {
            uint32_t ext = alloc_block(im);
            uint8_t *e = blk(im, ext);
            wr32(e + O_TYPE, T_LIST);
            wr32(e + O_KEY, ext);
            wr32(e + O_PARENT, hb);
            wr32(e + O_SECTYPE, (uint32_t)ST_FILE);
            wr32(blk(im, table) + O_EXTENSION, ext);
            table = ext;
        }
        uint32_t db = alloc_block(im);
        uint8_t *t = blk(im, table);
        wr32(t + O_TABLE + 4 * (HT_SIZE - 1 - i % HT_SIZE), db);
        wr32(t + O_HIGHSEQ, i % HT_SIZE + 1);
        if (i == 0)
            wr32(h + O_FIRSTDATA, db);
        uint8_t *d = blk(im, db);
        uint32_t n = i + 1 < nblocks ? per : (uint32_t)(size - (off_t)i * per);
        uint8_t *payload = im->ffs ? d : d + 24;
        if (fread(payload, 1, n, f) != n)
            die("%s: read error or file changed while read", host);
        if (!im->ffs) {
            wr32(d + O_TYPE, T_DATA);
            wr32(d + O_KEY, hb);
            wr32(d + D_SEQ, i + 1);
            wr32(d + D_SIZE, n);
            if (prev_data)
                wr32(blk(im, prev_data) + D_NEXT, db);
            prev_data = db;
        }
    }
    fclose(f);
}

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Adds host folder `dir` under directory block `db`. */
static void add_dir(image_t *im, uint32_t db, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        die("%s: cannot read the folder: %s", dir, strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (n == cap && !(names = realloc(names, (cap = cap ? 2 * cap : 16) * sizeof *names)))
            die("out of memory");
        if (!(names[n++] = strdup(e->d_name)))
            die("out of memory");
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_names);  /* the same image from the same folder */
    for (size_t i = 0; i < n; i++) {
        char host[4096];
        snprintf(host, sizeof host, "%s/%s", dir, names[i]);
        check_name(host, names[i]);
        for (size_t j = 0; j < i; j++)
            if (same_name(names[i], names[j], im->intl))
                die("%s: '%s' and '%s' are one name to AmigaDOS (it ignores case)", dir, names[j], names[i]);
        struct stat st;
        if (lstat(host, &st) != 0)
            die("%s: %s", host, strerror(errno));
        if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
            die("%s: neither a file nor a folder (links and devices are not copied)", host);
        uint32_t hb = alloc_block(im);
        uint8_t *h = blk(im, hb);
        wr32(h + O_TYPE, T_HEADER);
        wr32(h + O_KEY, hb);
        wr32(h + O_PARENT, db);
        set_name(h, names[i]);
        set_date(h, O_DATE, st.st_mtime);
        /* Protection: bits 0-3 (d, e, w, r) set = forbidden; a read-only host file is w/d. */
        wr32(h + O_PROTECT, (st.st_mode & S_IWUSR) ? 0 : 0x5);
        link_entry(im, db, hb, names[i]);
        if (S_ISDIR(st.st_mode)) {
            wr32(h + O_SECTYPE, ST_USERDIR);
            add_dir(im, hb, host);
        } else {
            wr32(h + O_SECTYPE, (uint32_t)ST_FILE);
            add_file(im, hb, host, st.st_size);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* The boot block code every formatted disk carries (AmigaDOS TRM, "Boot block"): find the
 * dos.library resident and return its init code in A0, D0 = 0 (D0 = -1: cannot boot).
 * Entered at offset 12 with A6 = SysBase. */
static const uint8_t boot_code[] = {
    0x43, 0xfa, 0x00, 0x18,             /* lea     dosname(pc),a1  */
    0x4e, 0xae, 0xff, 0xa0,             /* jsr     FindResident(a6) (-96) */
    0x4a, 0x80,                         /* tst.l   d0              */
    0x67, 0x0a,                         /* beq.s   fail            */
    0x20, 0x40,                         /* movea.l d0,a0           */
    0x20, 0x68, 0x00, 0x16,             /* movea.l RT_INIT(a0),a0 (22) */
    0x70, 0x00,                         /* moveq   #0,d0           */
    0x4e, 0x75,                         /* rts                     */
    0x70, 0xff,                         /* fail: moveq #-1,d0      */
    0x4e, 0x75,                         /* rts                     */
    'd', 'o', 's', '.', 'l', 'i', 'b', 'r', 'a', 'r', 'y', 0,
};

static void finish_checksums(image_t *im)
{
    for (uint32_t b = 2; b < im->nblocks; b++) {
        if (!im->seen[b])
            continue;
        uint8_t *p = blk(im, b);
        uint32_t type = rd32(p);
        if (type == T_HEADER || type == T_LIST || (type == T_DATA && !im->ffs))
            wr32(p + O_CHKSUM, block_sum(p, O_CHKSUM));
    }
}

static void write_file(const char *path, const uint8_t *data, size_t len)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp-%d", path, (int)getpid());
    FILE *f = fopen(tmp, "wb");
    if (!f)
        die("%s: cannot write: %s", tmp, strerror(errno));
    bool ok = fwrite(data, 1, len, f) == len;
    ok = fclose(f) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        die("%s: cannot write: %s", path, strerror(errno));
    }
}

static int cmd_create(int argc, char **argv)
{
    bool ffs = false;
    const char *label = NULL;
    int i = 0;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--ffs"))
            ffs = true;
        else if (!strcmp(argv[i], "--label") && i + 1 < argc)
            label = argv[++i];
        else
            die("create: unknown option '%s'", argv[i]);
    }
    if (argc - i != 2)
        die("usage: adfdos create [--ffs] [--label NAME] OUT.adf DIR");
    const char *out = argv[i], *dir = argv[i + 1];
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        die("%s: not a folder", dir);
    image_t im = { .path = out, .nblocks = 1760, .root = 880, .ffs = ffs };
    im.data = calloc(im.nblocks, BSIZE);
    im.seen = calloc(im.nblocks, 1);
    if (!im.data || !im.seen)
        die("out of memory");
    char labelbuf[NAME_MAX_AMIGA + 1];
    if (!label) {
        const char *base = strrchr(dir, '/');
        base = base && base[1] ? base + 1 : dir;
        snprintf(labelbuf, sizeof labelbuf, "%s", base);
        label = labelbuf;
    }
    check_name("--label", label);

    uint8_t *boot = im.data;
    memcpy(boot, "DOS", 3);
    boot[3] = ffs ? 1 : 0;
    wr32(boot + 8, im.root);
    memcpy(boot + 12, boot_code, sizeof boot_code);
    wr32(boot + 4, boot_sum(boot));

    uint32_t bitmap = im.root + 1;
    im.seen[im.root] = im.seen[bitmap] = 1;
    im.next_free = bitmap + 1;
    uint8_t *r = blk(&im, im.root);
    wr32(r + O_TYPE, T_HEADER);
    wr32(r + O_HTSIZE, HT_SIZE);
    wr32(r + O_BMFLAG, 0xffffffffu);     /* the bitmap is valid */
    wr32(r + O_BMPAGES, bitmap);
    set_name(r, label);
    set_date(r, O_DATE, st.st_mtime);
    set_date(r, O_VDATE, st.st_mtime);
    set_date(r, O_CDATE, st.st_mtime);
    wr32(r + O_SECTYPE, ST_ROOT);
    add_dir(&im, im.root, dir);

    /* Bitmap: bit (b-2) set when block b is free, 32 blocks per long after the checksum. */
    uint8_t *bm = blk(&im, bitmap);
    for (uint32_t b = 2; b < im.nblocks; b++)
        if (!im.seen[b]) {
            uint8_t *w = bm + 4 + (b - 2) / 32 * 4;
            wr32(w, rd32(w) | 1u << ((b - 2) % 32));
        }
    wr32(bm, block_sum(bm, 0));
    finish_checksums(&im);
    write_file(out, im.data, (size_t)im.nblocks * BSIZE);
    free(im.data);
    free(im.seen);
    return 0;
}

/* ---- reading ---- */

static void load_image(image_t *im, const char *path)
{
    im->path = path;
    FILE *f = fopen(path, "rb");
    if (!f)
        die("%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || (st.st_size != 1760 * BSIZE && st.st_size != 3520 * BSIZE))
        die("%s: not an ADF (the size is not 901120 or 1802240 bytes)", path);
    im->nblocks = (uint32_t)(st.st_size / BSIZE);
    im->root = im->nblocks / 2;
    im->data = malloc((size_t)st.st_size);
    im->seen = calloc(im->nblocks, 1);
    if (!im->data || !im->seen)
        die("out of memory");
    if (fread(im->data, 1, (size_t)st.st_size, f) != (size_t)st.st_size)
        die("%s: read error", path);
    fclose(f);
    if (memcmp(im->data, "DOS", 3) != 0 || im->data[3] > 5)
        die("%s: not an AmigaDOS OFS/FFS disk (boot block type is not DOS\\0..DOS\\5)", path);
    im->ffs = im->data[3] & 1;
    im->intl = (im->data[3] & 6) != 0;  /* the directory-cache modes imply international */
    uint32_t root = rd32(im->data + 8);
    if (root != 0 && root != im->root)
        die("%s: boot block names root block %u, expected %u", path, root, im->root);
}

/* Fetches block b as a header-type block: in range, checksum good, type as expected. */
static uint8_t *get_block(image_t *im, uint32_t b, uint32_t type, const char *what)
{
    if (b < 2 || b >= im->nblocks)
        die("%s: %s block %u is out of range", im->path, what, b);
    if (im->seen[b])
        die("%s: block %u is reached twice (a loop or cross-linked %s)", im->path, b, what);
    im->seen[b] = 1;
    uint8_t *p = blk(im, b);
    if (rd32(p + O_CHKSUM) != block_sum(p, O_CHKSUM))
        die("%s: %s block %u has a bad checksum", im->path, what, b);
    if (rd32(p + O_TYPE) != type)
        die("%s: %s block %u has type %u, expected %u", im->path, what, b, rd32(p + O_TYPE), type);
    return p;
}

static void get_name(image_t *im, const uint8_t *h, uint32_t b, char *name)
{
    unsigned n = h[O_NAME];
    if (n == 0 || n > NAME_MAX_AMIGA)
        die("%s: block %u has a name of length %u", im->path, b, n);
    memcpy(name, h + O_NAME + 1, n);
    name[n] = 0;
    if (!strcmp(name, ".") || !strcmp(name, ".."))
        die("%s: block %u is named '%s'", im->path, b, name);
    for (unsigned i = 0; i < n; i++)
        if (name[i] == '/' || name[i] == ':' || (uint8_t)name[i] < 32)
            die("%s: block %u has a name with '/', ':' or a control character", im->path, b);
}

typedef struct entry {
    uint32_t block;
    int32_t sectype;
    char name[NAME_MAX_AMIGA + 1];
} entry_t;

/* Reads directory block db's entries in hash-table order (ExNext's order); returns the count. */
static size_t read_dir(image_t *im, uint32_t db, entry_t **out)
{
    uint8_t *d = blk(im, db);
    entry_t *list = NULL;
    size_t n = 0, cap = 0;
    for (unsigned slot = 0; slot < HT_SIZE; slot++) {
        for (uint32_t b = rd32(d + O_TABLE + 4 * slot); b != 0;) {
            uint8_t *h = get_block(im, b, T_HEADER, "directory entry");
            if (n == cap && !(list = realloc(list, (cap = cap ? 2 * cap : 16) * sizeof *list)))
                die("out of memory");
            entry_t *e = &list[n++];
            e->block = b;
            e->sectype = (int32_t)rd32(h + O_SECTYPE);
            get_name(im, h, b, e->name);
            if (e->sectype != ST_USERDIR && e->sectype != ST_FILE)
                die("%s: '%s' (block %u) is a link or of unknown kind %d", im->path, e->name, b, e->sectype);
            if (rd32(h + O_KEY) != b || rd32(h + O_PARENT) != db)
                die("%s: '%s' (block %u) names the wrong own or parent block", im->path, e->name, b);
            if (name_hash(e->name, im->intl) != slot)
                die("%s: '%s' (block %u) is in hash slot %u, its name hashes to %u", im->path, e->name, b,
                    slot, name_hash(e->name, im->intl));
            for (size_t j = 0; j + 1 < n; j++)
                if (same_name(list[j].name, e->name, im->intl))
                    die("%s: the name '%s' is in one directory twice", im->path, e->name);
            b = rd32(h + O_HASHCHAIN);
        }
    }
    *out = list;
    return n;
}

/* Reads file header hb's contents into a new buffer (checking every block); returns it. */
static uint8_t *read_file(image_t *im, uint32_t hb, const char *name, uint32_t *size)
{
    uint8_t *h = blk(im, hb);
    uint32_t per = im->ffs ? BSIZE : OFS_DATA;
    *size = rd32(h + O_BYTESIZE);
    uint32_t nblocks = (uint32_t)(((uint64_t)*size + per - 1) / per);
    if (nblocks > im->nblocks)
        die("%s: '%s' claims %u bytes, more than the disk holds", im->path, name, *size);
    uint8_t *buf = malloc(*size ? *size : 1);
    if (!buf)
        die("out of memory");
    const uint8_t *table = h;
    uint32_t tb = hb;
    for (uint32_t i = 0; i < nblocks; i++) {
        if (i > 0 && i % HT_SIZE == 0) {
            uint32_t ext = rd32(table + O_EXTENSION);
            if (ext == 0)
                die("%s: '%s' has fewer data blocks than its size needs", im->path, name);
            table = get_block(im, ext, T_LIST, "extension");
            if (rd32(table + O_PARENT) != hb)
                die("%s: extension block %u of '%s' names another file", im->path, ext, name);
            tb = ext;
        }
        uint32_t count = rd32(table + O_HIGHSEQ);
        uint32_t want = nblocks - i / HT_SIZE * HT_SIZE;
        if (count != (want < HT_SIZE ? want : HT_SIZE))
            die("%s: block %u of '%s' lists %u data blocks, its size needs %u", im->path, tb, name, count,
                want < HT_SIZE ? want : HT_SIZE);
        uint32_t db = rd32(table + O_TABLE + 4 * (HT_SIZE - 1 - i % HT_SIZE));
        if (db < 2 || db >= im->nblocks)
            die("%s: data block %u of '%s' is out of range", im->path, db, name);
        if (im->seen[db])
            die("%s: data block %u of '%s' is reached twice (cross-linked)", im->path, db, name);
        im->seen[db] = 1;
        uint8_t *d = blk(im, db);
        uint32_t n = i + 1 < nblocks ? per : *size - i * per;
        if (!im->ffs) {
            if (rd32(d + O_CHKSUM) != block_sum(d, O_CHKSUM))
                die("%s: data block %u of '%s' has a bad checksum", im->path, db, name);
            if (rd32(d + O_TYPE) != T_DATA || rd32(d + O_KEY) != hb || rd32(d + D_SEQ) != i + 1 ||
                rd32(d + D_SIZE) != n)
                die("%s: data block %u of '%s' has a wrong header (type, owner, sequence or size)",
                    im->path, db, name);
        }
        memcpy(buf + (size_t)i * per, im->ffs ? d : d + 24, n);
    }
    if (rd32(table + O_EXTENSION) != 0)
        die("%s: '%s' has more extension blocks than its size needs", im->path, name);
    return buf;
}

/* Walks directory db recursively; with `host` non-NULL writes the tree there. */
static void walk(image_t *im, uint32_t db, const char *host)
{
    entry_t *list;
    size_t n = read_dir(im, db, &list);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        if (host)
            snprintf(path, sizeof path, "%s/%s", host, list[i].name);
        uint8_t *h = blk(im, list[i].block);
        time_t t = stamp_to_unix(h + O_DATE);
        if (list[i].sectype == ST_USERDIR) {
            if (host && mkdir(path, 0777) != 0 && errno != EEXIST)
                die("%s: cannot make the folder: %s", path, strerror(errno));
            walk(im, list[i].block, host ? path : NULL);
        } else {
            uint32_t size;
            uint8_t *data = read_file(im, list[i].block, list[i].name, &size);
            if (host)
                write_file(path, data, size);
            free(data);
        }
        if (host) {
            struct timespec ts[2] = { { .tv_sec = t }, { .tv_sec = t } };
            utimensat(AT_FDCWD, path, ts, 0);
        }
    }
    free(list);
}

static void check_root(image_t *im)
{
    uint8_t *r = get_block(im, im->root, T_HEADER, "root");
    if ((int32_t)rd32(r + O_SECTYPE) != ST_ROOT || rd32(r + O_HTSIZE) != HT_SIZE)
        die("%s: block %u is not a root block", im->path, im->root);
}

static int cmd_extract(int argc, char **argv)
{
    if (argc != 2)
        die("usage: adfdos extract IN.adf DIR");
    image_t im = { 0 };
    load_image(&im, argv[0]);
    check_root(&im);
    walk(&im, im.root, NULL);           /* check everything before writing anything */
    memset(im.seen, 0, im.nblocks);
    check_root(&im);
    if (mkdir(argv[1], 0777) != 0 && errno != EEXIST)
        die("%s: cannot make the folder: %s", argv[1], strerror(errno));
    walk(&im, im.root, argv[1]);
    free(im.data);
    free(im.seen);
    return 0;
}

/* The line format of tests/amiga/dos/list.s. */
static int cmd_list(int argc, char **argv)
{
    if (argc != 1 && argc != 2)
        die("usage: adfdos list IN.adf [PATH]");
    image_t im = { 0 };
    load_image(&im, argv[0]);
    check_root(&im);
    uint32_t db = im.root;
    char path[4096];
    snprintf(path, sizeof path, "%s", argc == 2 ? argv[1] : "");
    for (char *part = strtok(path, "/"); part; part = strtok(NULL, "/")) {
        entry_t *list;
        size_t n = read_dir(&im, db, &list);
        size_t i = 0;
        while (i < n && !same_name(list[i].name, part, im.intl))
            i++;
        if (i == n || list[i].sectype != ST_USERDIR)
            die("%s: no directory '%s'", im.path, argv[1]);
        db = list[i].block;
        free(list);
        memset(im.seen, 0, im.nblocks);
    }
    entry_t *list;
    size_t n = read_dir(&im, db, &list);
    unsigned files = 0, dirs = 0;
    uint64_t bytes = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t *h = blk(&im, list[i].block);
        uint32_t st[3] = { rd32(h + O_DATE), rd32(h + O_DATE + 4), rd32(h + O_DATE + 8) };
        uint32_t prot = rd32(h + O_PROTECT);
        char date[32], size[16], bits[9];
        format_date(st, date, sizeof date);
        if (list[i].sectype == ST_USERDIR) {
            snprintf(size, sizeof size, "Dir");
            dirs++;
        } else {
            snprintf(size, sizeof size, "%u", rd32(h + O_BYTESIZE));
            files++;
            bytes += rd32(h + O_BYTESIZE);
        }
        /* h s p a set = shown; r w e d clear = allowed = shown. */
        for (int bit = 7; bit >= 0; bit--) {
            bool set = prot >> bit & 1;
            bits[7 - bit] = (bit >= 4 ? set : !set) ? "dewrapsh"[bit] : '-';
        }
        bits[8] = 0;
        printf("%-24s %7s %s %s\n", list[i].name, size, bits, date);
    }
    printf("%u files - %u directories - %llu bytes\n", files, dirs, (unsigned long long)bytes);
    free(list);
    free(im.data);
    free(im.seen);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "create"))
        return cmd_create(argc - 2, argv + 2);
    if (argc >= 2 && !strcmp(argv[1], "extract"))
        return cmd_extract(argc - 2, argv + 2);
    if (argc >= 2 && !strcmp(argv[1], "list"))
        return cmd_list(argc - 2, argv + 2);
    fprintf(stderr, "usage: adfdos create [--ffs] [--label NAME] OUT.adf DIR\n"
                    "       adfdos extract IN.adf DIR\n"
                    "       adfdos list IN.adf [PATH]\n");
    return 2;
}
