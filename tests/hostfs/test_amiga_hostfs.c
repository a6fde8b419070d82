/* HostFS, AmigaDOS side (hostfs/amiga_hostfs): every DOS packet the HOST: handler forwards, run
 * against a fake guest memory and checked on the host folder, plus escape attempts through
 * packets. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hostfs/amiga_hostfs.h"
#include "tests/test.h"

/* Guest memory layout of these tests. */
enum {
    PKT = 0x100, NAME1 = 0x200, NAME2 = 0x300, FIB = 0x400, INFO = 0x600, FH = 0x700, DEVNODE = 0x800,
    VOLNODE = 0x900, DATE = 0xA00, BUF = 0x10000, LOCK_BASE = 0xF00000,
};
static uint8_t mem[1 << 20];

static bool mread(void *ctx, uint32_t addr, void *dst, uint32_t len)
{
    (void)ctx;
    if ((uint64_t)addr + len > sizeof mem)
        return false;
    memcpy(dst, mem + addr, len);
    return true;
}

static bool mwrite(void *ctx, uint32_t addr, const void *src, uint32_t len)
{
    (void)ctx;
    if ((uint64_t)addr + len > sizeof mem)
        return false;
    memcpy(mem + addr, src, len);
    return true;
}

static uint32_t g32(uint32_t a) { return (uint32_t)mem[a] << 24 | (uint32_t)mem[a + 1] << 16 | (uint32_t)mem[a + 2] << 8 | mem[a + 3]; }

static void s32(uint32_t a, uint32_t v)
{
    mem[a] = (uint8_t)(v >> 24);
    mem[a + 1] = (uint8_t)(v >> 16);
    mem[a + 2] = (uint8_t)(v >> 8);
    mem[a + 3] = (uint8_t)v;
}

/* A BSTR at `addr` (4-aligned); returns its BPTR. `len` < 0: strlen. */
static uint32_t bstr_n(uint32_t addr, const char *s, int len)
{
    size_t n = len < 0 ? strlen(s) : (size_t)len;
    mem[addr] = (uint8_t)n;
    memcpy(mem + addr + 1, s, n);
    return addr >> 2;
}
static uint32_t bstr(uint32_t addr, const char *s) { return bstr_n(addr, s, -1); }

typedef struct fixture {
    char base[128], share[192], outside[192];
    amhfs_t *a;
} fixture_t;

static uint32_t res2;

static uint32_t pkt(fixture_t *fx, uint32_t type, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4)
{
    memset(mem + PKT, 0, 48);
    s32(PKT + 8, type);
    s32(PKT + 20, a1);
    s32(PKT + 24, a2);
    s32(PKT + 28, a3);
    s32(PKT + 32, a4);
    amhfs_packet(fx->a, PKT);
    res2 = g32(PKT + 16);
    return g32(PKT + 12);
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static char *slurp(const char *path)
{
    static char buf[8192];
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    return buf;
}

static char *at(fixture_t *fx, const char *name)
{
    static char p[4][512];
    static int k;
    k = (k + 1) & 3;
    snprintf(p[k], sizeof p[k], "%s/%s", fx->share, name);
    return p[k];
}

static bool setup(fixture_t *fx, bool readonly)
{
    static int serial;
    snprintf(fx->base, sizeof fx->base, "/tmp/arcana-amhfs-%d-%d", (int)getpid(), serial++);
    snprintf(fx->share, sizeof fx->share, "%s/Work", fx->base);
    snprintf(fx->outside, sizeof fx->outside, "%s/outside", fx->base);
    mkdir(fx->base, 0700);
    mkdir(fx->share, 0700);
    mkdir(fx->outside, 0700);
    char p[512];
    snprintf(p, sizeof p, "%s/secret.txt", fx->outside);
    put(p, "secret");
    put(at(fx, "file.txt"), "hello");
    mkdir(at(fx, "sub"), 0700);
    put(at(fx, "sub/inner.txt"), "inner");
    if (symlink("/etc", at(fx, "etc")) != 0 || symlink(fx->outside, at(fx, "out")) != 0)
        return false;
    memset(mem, 0, sizeof mem);
    fx->a = malloc(sizeof *fx->a);
    char err[256];
    if (!fx->a || amhfs_init(fx->a, &(amhfs_cfg_t){.root = fx->share, .readonly = readonly,
                                                   .mem = {.read = mread, .write = mwrite}}, err, sizeof err) != 0)
        return false;
    amhfs_set_lock_base(fx->a, LOCK_BASE);
    amhfs_set_port(fx->a, 0x1234);
    /* The startup packet, then the volume node, as the handler does. */
    s32(PKT + 8, ACTION_STARTUP);
    s32(PKT + 28, DEVNODE >> 2);
    if (amhfs_packet(fx->a, PKT) != AMHFS_NEXT_MAKE_VOLUME)
        return false;
    amhfs_volume_made(fx->a, VOLNODE);
    return true;
}

static void teardown(fixture_t *fx)
{
    if (fx->a) {
        amhfs_destroy(fx->a);
        free(fx->a);
    }
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->base);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", fx->base);
}

static uint32_t lock_of(fixture_t *fx, uint32_t dir, const char *name)
{
    return pkt(fx, ACTION_LOCATE_OBJECT, dir, bstr(NAME1, name), (uint32_t)-2, 0);
}

static uint32_t open_fh(fixture_t *fx, uint32_t action, const char *name)
{
    memset(mem + FH, 0, 44);
    if (pkt(fx, action, FH >> 2, 0, bstr(NAME1, name), 0) != AMHFS_DOSTRUE)
        return 0;
    return g32(FH + 36);
}

static bool outside_untouched(fixture_t *fx)
{
    char p[512];
    snprintf(p, sizeof p, "%s/secret.txt", fx->outside);
    char *s = slurp(p);
    return s && !strcmp(s, "secret");
}

TEST(amhfs_resolve_amigados_paths)
{
    char out[256];
    CHECK_EQ(amhfs_resolve("", "a/b", 3, out, sizeof out), 0);
    CHECK_STR(out, "a/b");
    CHECK_EQ(amhfs_resolve("x/y", "z", 1, out, sizeof out), 0);
    CHECK_STR(out, "x/y/z");
    CHECK_EQ(amhfs_resolve("x/y", "HOST:a", 6, out, sizeof out), 0); /* a device name: from the root */
    CHECK_STR(out, "a");
    CHECK_EQ(amhfs_resolve("x/y", ":a", 2, out, sizeof out), 0);
    CHECK_STR(out, "a");
    CHECK_EQ(amhfs_resolve("x/y", "/", 1, out, sizeof out), 0);     /* parent */
    CHECK_STR(out, "x");
    CHECK_EQ(amhfs_resolve("x/y", "//z", 3, out, sizeof out), 0);   /* two parents */
    CHECK_STR(out, "z");
    CHECK_EQ(amhfs_resolve("", "a//b", 4, out, sizeof out), 0);     /* "a", its parent, "b" */
    CHECK_STR(out, "b");
    CHECK_EQ(amhfs_resolve("x", "a/", 2, out, sizeof out), 0);      /* a trailing '/' is the object */
    CHECK_STR(out, "x/a");
    CHECK_EQ(amhfs_resolve("x", "", 0, out, sizeof out), 0);
    CHECK_STR(out, "x");
    CHECK_EQ(amhfs_resolve("", "caf\xe9", 4, out, sizeof out), 0);  /* Latin-1 in, UTF-8 out */
    CHECK_STR(out, "caf\xc3\xa9");
    CHECK_EQ(amhfs_resolve("", "/", 1, out, sizeof out), ERROR_OBJECT_NOT_FOUND);
    CHECK_EQ(amhfs_resolve("x", "//", 2, out, sizeof out), ERROR_OBJECT_NOT_FOUND);
    CHECK_EQ(amhfs_resolve("", "a/../b", 6, out, sizeof out), ERROR_INVALID_COMPONENT_NAME);
    CHECK_EQ(amhfs_resolve("", "a:b:c", 5, out, sizeof out), ERROR_INVALID_COMPONENT_NAME);
    CHECK_EQ(amhfs_resolve("", "a\0b", 3, out, sizeof out), ERROR_INVALID_COMPONENT_NAME);
    CHECK_EQ(amhfs_resolve("", ".arcana-meta", 12, out, sizeof out), ERROR_INVALID_COMPONENT_NAME);
    char small[4];
    CHECK_EQ(amhfs_resolve("", "abcdef", 6, small, sizeof small), ERROR_OBJECT_TOO_LARGE);
}

TEST(amhfs_startup_and_volume)
{
    fixture_t fx = {0};
    REQUIRE(setup(&fx, false));
    CHECK_EQ(g32(DEVNODE + 8), 0x1234);          /* dn_Task = the handler's port */
    CHECK_EQ(g32(VOLNODE + 8), 0x1234);          /* dol_Task */
    CHECK_EQ(g32(VOLNODE + 32), AMHFS_ID_DOS_DISK);
    CHECK(g32(VOLNODE + 16) > 10000);            /* dol_VolumeDate: days since 1978 */
    CHECK_STR(fx.a->volume_name, "Work");        /* named after the folder */
    CHECK_EQ(pkt(&fx, ACTION_CURRENT_VOLUME, 0, 0, 0, 0), VOLNODE >> 2);
    CHECK_EQ(pkt(&fx, ACTION_IS_FILESYSTEM, 0, 0, 0, 0), AMHFS_DOSTRUE);
    CHECK_EQ(pkt(&fx, 12345, 0, 0, 0, 0), 0);
    CHECK_EQ(res2, ERROR_ACTION_NOT_KNOWN);
    CHECK_EQ(pkt(&fx, ACTION_DISK_INFO, INFO >> 2, 0, 0, 0), AMHFS_DOSTRUE);
    CHECK_EQ(g32(INFO + 8), 82);                 /* ID_VALIDATED */
    CHECK_EQ(g32(INFO + 20), 512);
    CHECK_EQ(g32(INFO + 24), AMHFS_ID_DOS_DISK);
    CHECK_EQ(g32(INFO + 28), VOLNODE >> 2);
    CHECK(g32(INFO + 12) >= g32(INFO + 16));
    teardown(&fx);
}

TEST(amhfs_locks_examine_and_list)
{
    fixture_t fx = {0};
    REQUIRE(setup(&fx, false));
    uint32_t root = lock_of(&fx, 0, "Work:");
    REQUIRE(root);
    const uint8_t *fl = &fx.a->lock_ram[(root << 2) - LOCK_BASE];
    CHECK_EQ(fl[12] << 24 | fl[13] << 16 | fl[14] << 8 | fl[15], 0x1234);              /* fl_Task */
    CHECK_EQ((uint32_t)(fl[16] << 24 | fl[17] << 16 | fl[18] << 8 | fl[19]), VOLNODE >> 2); /* fl_Volume */
    CHECK_EQ(pkt(&fx, ACTION_EXAMINE_OBJECT, root, FIB >> 2, 0, 0), AMHFS_DOSTRUE);
    CHECK_EQ(g32(FIB + 4), 1);                   /* ST_ROOT */
    CHECK_EQ(mem[FIB + 8], 4);
    CHECK(!memcmp(mem + FIB + 9, "Work", 4));
    /* ExNext walks the folder: file.txt, sub; the links out are there but lead nowhere. */
    int files = 0, dirs = 0, n = 0;
    while (pkt(&fx, ACTION_EXAMINE_NEXT, root, FIB >> 2, 0, 0) == AMHFS_DOSTRUE && n < 20) {
        n++;
        char name[110] = {0};
        memcpy(name, mem + FIB + 9, mem[FIB + 8]);
        if (!strcmp(name, "file.txt")) {
            files++;
            CHECK_EQ(g32(FIB + 4), (uint32_t)-3);
            CHECK_EQ(g32(FIB + 124), 5);
            CHECK_EQ(g32(FIB + 128), 1);
        } else if (!strcmp(name, "sub")) {
            dirs++;
            CHECK_EQ(g32(FIB + 4), 2);
        }
    }
    CHECK_EQ(res2, ERROR_NO_MORE_ENTRIES);
    CHECK_EQ(files, 1);
    CHECK_EQ(dirs, 1);
    /* A listing restarted from a saved key continues at the same place. */
    CHECK_EQ(pkt(&fx, ACTION_EXAMINE_OBJECT, root, FIB >> 2, 0, 0), AMHFS_DOSTRUE);
    CHECK_EQ(pkt(&fx, ACTION_EXAMINE_NEXT, root, FIB >> 2, 0, 0), AMHFS_DOSTRUE);
    char first[110] = {0};
    memcpy(first, mem + FIB + 9, mem[FIB + 8]);
    s32(FIB, 0);
    uint32_t other = lock_of(&fx, 0, "sub");
    CHECK(pkt(&fx, ACTION_EXAMINE_NEXT, other, FIB >> 2, 0, 0) == AMHFS_DOSTRUE); /* interleaved walk */
    s32(FIB, 0);
    CHECK_EQ(pkt(&fx, ACTION_EXAMINE_NEXT, root, FIB >> 2, 0, 0), AMHFS_DOSTRUE);
    CHECK(!memcmp(mem + FIB + 9, first, strlen(first)));
    /* Case-insensitive names, relative locks, parents. */
    uint32_t sub = lock_of(&fx, root, "SUB");
    REQUIRE(sub);
    uint32_t inner = lock_of(&fx, sub, "Inner.TXT");
    REQUIRE(inner);
    CHECK_EQ(pkt(&fx, ACTION_EXAMINE_OBJECT, inner, FIB >> 2, 0, 0), AMHFS_DOSTRUE);
    CHECK_EQ(g32(FIB + 124), 5);
    uint32_t parent = pkt(&fx, ACTION_PARENT, inner, 0, 0, 0);
    CHECK_EQ(pkt(&fx, ACTION_SAME_LOCK, parent, sub, 0, 0), AMHFS_DOSTRUE);
    CHECK_EQ(pkt(&fx, ACTION_SAME_LOCK, parent, root, 0, 0), AMHFS_DOSFALSE);
    uint32_t top = pkt(&fx, ACTION_PARENT, sub, 0, 0, 0);
    CHECK_EQ(pkt(&fx, ACTION_SAME_LOCK, top, root, 0, 0), AMHFS_DOSTRUE);
    CHECK_EQ(pkt(&fx, ACTION_PARENT, root, 0, 0, 0), 0); /* the root has no parent, and no error */
    CHECK_EQ(res2, 0);
    uint32_t copy = pkt(&fx, ACTION_COPY_DIR, inner, 0, 0, 0);
    CHECK(copy && copy != inner);
    CHECK_EQ(pkt(&fx, ACTION_SAME_LOCK, copy, inner, 0, 0), AMHFS_DOSTRUE);
    CHECK(pkt(&fx, ACTION_COPY_DIR, 0, 0, 0, 0) != 0); /* DupLock(0): the root */
    CHECK_EQ(lock_of(&fx, root, "nothing"), 0);
    CHECK_EQ(res2, ERROR_OBJECT_NOT_FOUND);
    CHECK_EQ(lock_of(&fx, root, "/"), 0);            /* above the root */
    CHECK_EQ(res2, ERROR_OBJECT_NOT_FOUND);
    CHECK_EQ(pkt(&fx, ACTION_INFO, inner, INFO >> 2, 0, 0), AMHFS_DOSTRUE);
    CHECK_EQ(g32(INFO + 24), AMHFS_ID_DOS_DISK);
    /* Locks that are not ours. */
    CHECK_EQ(pkt(&fx, ACTION_FREE_LOCK, 0x1000, 0, 0, 0), 0);
    CHECK_EQ(res2, ERROR_INVALID_LOCK);
    CHECK_EQ(pkt(&fx, ACTION_EXAMINE_OBJECT, (LOCK_BASE + 8) >> 2, FIB >> 2, 0, 0), 0);
    CHECK_EQ(res2, ERROR_INVALID_LOCK);
    CHECK_EQ(pkt(&fx, ACTION_FREE_LOCK, inner, 0, 0, 0), AMHFS_DOSTRUE);
    CHECK_EQ(pkt(&fx, ACTION_FREE_LOCK, inner, 0, 0, 0), 0); /* freed twice */
    CHECK_EQ(res2, ERROR_INVALID_LOCK);
    teardown(&fx);
}

TEST(amhfs_files_read_write_seek)
{
    fixture_t fx = {0};
    REQUIRE(setup(&fx, false));
    /* MODE_NEWFILE, 70,000 bytes (more than one transfer buffer), seek, close. */
    uint32_t f = open_fh(&fx, ACTION_FINDOUTPUT, "Work:new.bin");
    REQUIRE(f);
    for (int i = 0; i < 70000; i++)
        mem[BUF + i] = (uint8_t)(i * 7 + (i >> 8));
    CHECK_EQ(pkt(&fx, ACTION_WRITE, f, BUF, 70000, 0), 70000);
    CHECK_EQ(pkt(&fx, ACTION_SEEK, f, 10, (uint32_t)-1, 0), 70000);       /* returns the old position */
    CHECK_EQ(pkt(&fx, ACTION_SEEK, f, 0, 0, 0), 10);
    CHECK_EQ(pkt(&fx, ACTION_SEEK, f, 1, 1, 0), 0xFFFFFFFFu);             /* beyond the end */
    CHECK_EQ(res2, ERROR_SEEK_ERROR);
    CHECK_EQ(pkt(&fx, ACTION_EXAMINE_FH, f, FIB >> 2, 0, 0), AMHFS_DOSTRUE); /* not on the host yet */
    CHECK_EQ(g32(FIB + 124), 70000);
    CHECK_EQ(pkt(&fx, ACTION_END, f, 0, 0, 0), AMHFS_DOSTRUE);
    struct stat st;
    REQUIRE(stat(at(&fx, "new.bin"), &st) == 0);
    CHECK_EQ(st.st_size, 70000);
    /* MODE_OLDFILE: read it back in pieces. */
    f = open_fh(&fx, ACTION_FINDINPUT, "new.bin");
    REQUIRE(f);
    memset(mem + BUF, 0, 80000);
    CHECK_EQ(pkt(&fx, ACTION_READ, f, BUF, 100, 0), 100);
    CHECK_EQ(pkt(&fx, ACTION_READ, f, BUF + 100, 80000, 0), 69900);       /* short at the end */
    CHECK_EQ(pkt(&fx, ACTION_READ, f, BUF, 10, 0), 0);
    bool same = true;
    for (int i = 0; i < 70000; i++)
        same = same && mem[BUF + i] == (uint8_t)(i * 7 + (i >> 8));
    CHECK(same);
    CHECK_EQ(pkt(&fx, ACTION_SEEK, f, 0, (uint32_t)-1, 0), 70000);
    CHECK_EQ(pkt(&fx, ACTION_READ, f, sizeof mem - 4, 100, 0), 0xFFFFFFFFu); /* buffer outside RAM */
    /* A reader that writes becomes a writer (the old contents kept). */
    CHECK_EQ(pkt(&fx, ACTION_SEEK, f, 2, (uint32_t)-1, 0), 0);
    memcpy(mem + BUF, "XY", 2);
    CHECK_EQ(pkt(&fx, ACTION_WRITE, f, BUF, 2, 0), 2);
    CHECK_EQ(pkt(&fx, ACTION_SET_FILE_SIZE, f, 6, (uint32_t)-1, 0), 6);
    CHECK_EQ(pkt(&fx, ACTION_END, f, 0, 0, 0), AMHFS_DOSTRUE);
    REQUIRE(stat(at(&fx, "new.bin"), &st) == 0);
    CHECK_EQ(st.st_size, 6);
    char *s = slurp(at(&fx, "new.bin"));
    REQUIRE(s);
    CHECK(s[2] == 'X' && s[3] == 'Y');
    /* MODE_READWRITE on an existing file keeps it; on a new one creates it. */
    f = open_fh(&fx, ACTION_FINDUPDATE, "file.txt");
    REQUIRE(f);
    CHECK_EQ(pkt(&fx, ACTION_SEEK, f, 0, 1, 0), 0);
    memcpy(mem + BUF, "!", 1);
    CHECK_EQ(pkt(&fx, ACTION_WRITE, f, BUF, 1, 0), 1);
    CHECK_EQ(pkt(&fx, ACTION_END, f, 0, 0, 0), AMHFS_DOSTRUE);
    CHECK_STR(slurp(at(&fx, "file.txt")), "hello!");
    f = open_fh(&fx, ACTION_FINDUPDATE, "sub/fresh.txt");
    REQUIRE(f);
    CHECK_EQ(pkt(&fx, ACTION_END, f, 0, 0, 0), AMHFS_DOSTRUE);
    CHECK(access(at(&fx, "sub/fresh.txt"), F_OK) == 0);
    /* Errors. */
    CHECK_EQ(open_fh(&fx, ACTION_FINDINPUT, "missing"), 0);
    CHECK_EQ(res2, ERROR_OBJECT_NOT_FOUND);
    CHECK_EQ(open_fh(&fx, ACTION_FINDINPUT, "sub"), 0);
    CHECK_EQ(res2, ERROR_OBJECT_WRONG_TYPE);
    CHECK_EQ(pkt(&fx, ACTION_READ, 99, BUF, 1, 0), 0);
    CHECK_EQ(res2, ERROR_INVALID_LOCK);
    CHECK_EQ(pkt(&fx, ACTION_END, 0, 0, 0, 0), 0);
    /* A lock becomes a file handle; a file handle gives locks on itself and its folder. */
    uint32_t l = lock_of(&fx, 0, "sub/inner.txt");
    REQUIRE(l);
    memset(mem + FH, 0, 44);
    CHECK_EQ(pkt(&fx, ACTION_FH_FROM_LOCK, FH >> 2, l, 0, 0), AMHFS_DOSTRUE);
    f = g32(FH + 36);
    CHECK_EQ(pkt(&fx, ACTION_READ, f, BUF, 100, 0), 5);
    CHECK(!memcmp(mem + BUF, "inner", 5));
    CHECK_EQ(pkt(&fx, ACTION_FREE_LOCK, l, 0, 0, 0), 0); /* the lock is gone: it became the handle */
    uint32_t self = pkt(&fx, ACTION_COPY_DIR_FH, f, 0, 0, 0), dir = pkt(&fx, ACTION_PARENT_FH, f, 0, 0, 0);
    CHECK_EQ(pkt(&fx, ACTION_SAME_LOCK, self, lock_of(&fx, 0, "sub/inner.txt"), 0, 0), AMHFS_DOSTRUE);
    CHECK_EQ(pkt(&fx, ACTION_SAME_LOCK, dir, lock_of(&fx, 0, "sub"), 0, 0), AMHFS_DOSTRUE);
    CHECK_EQ(pkt(&fx, ACTION_EXAMINE_FH, f, FIB >> 2, 0, 0), AMHFS_DOSTRUE);
    CHECK(!memcmp(mem + FIB + 9, "inner.txt", 9));
    CHECK_EQ(pkt(&fx, ACTION_CHANGE_MODE, 1, FH >> 2, (uint32_t)-1, 0), AMHFS_DOSTRUE);
    CHECK_EQ(pkt(&fx, ACTION_END, f, 0, 0, 0), AMHFS_DOSTRUE);
    teardown(&fx);
}

TEST(amhfs_create_delete_rename_meta)
{
    fixture_t fx = {0};
    REQUIRE(setup(&fx, false));
    uint32_t d = pkt(&fx, ACTION_CREATE_DIR, 0, bstr(NAME1, "Work:New Dir"), 0, 0);
    REQUIRE(d);
    struct stat st;
    CHECK(stat(at(&fx, "New Dir"), &st) == 0 && S_ISDIR(st.st_mode));
    CHECK_EQ(pkt(&fx, ACTION_CREATE_DIR, 0, bstr(NAME1, "new dir"), 0, 0), 0);
    CHECK_EQ(res2, ERROR_OBJECT_EXISTS);
    /* A locked object cannot be deleted. */
    CHECK_EQ(pkt(&fx, ACTION_DELETE_OBJECT, 0, bstr(NAME1, "New Dir"), 0, 0), 0);
    CHECK_EQ(res2, ERROR_OBJECT_IN_USE);
    CHECK_EQ(pkt(&fx, ACTION_FREE_LOCK, d, 0, 0, 0), AMHFS_DOSTRUE);
    /* Rename moves it; a lock inside follows. */
    uint32_t inner = lock_of(&fx, 0, "sub/inner.txt");
    CHECK_EQ(pkt(&fx, ACTION_RENAME_OBJECT, 0, bstr(NAME1, "sub"), 0, bstr(NAME2, "New Dir/moved")), AMHFS_DOSTRUE);
    CHECK(access(at(&fx, "New Dir/moved/inner.txt"), F_OK) == 0);
    CHECK_EQ(pkt(&fx, ACTION_EXAMINE_OBJECT, inner, FIB >> 2, 0, 0), AMHFS_DOSTRUE);
    CHECK_EQ(g32(FIB + 124), 5);
    CHECK_EQ(pkt(&fx, ACTION_RENAME_OBJECT, 0, bstr(NAME1, "New Dir"), 0, bstr(NAME2, "New Dir/moved/x")), 0);
    CHECK_EQ(res2, ERROR_OBJECT_IN_USE); /* a folder into itself */
    CHECK_EQ(pkt(&fx, ACTION_FREE_LOCK, inner, 0, 0, 0), AMHFS_DOSTRUE);
    /* A non-empty folder stays; the root cannot go. */
    CHECK_EQ(pkt(&fx, ACTION_DELETE_OBJECT, 0, bstr(NAME1, "New Dir"), 0, 0), 0);
    CHECK_EQ(res2, ERROR_DIRECTORY_NOT_EMPTY);
    CHECK_EQ(pkt(&fx, ACTION_DELETE_OBJECT, 0, bstr(NAME1, "Work:"), 0, 0), 0);
    CHECK_EQ(res2, ERROR_OBJECT_WRONG_TYPE);
    /* Protection bits and comments, kept in the sidecar; the delete bit protects. */
    CHECK_EQ(pkt(&fx, ACTION_SET_PROTECT, 0, 0, bstr(NAME1, "file.txt"), 0x11), AMHFS_DOSTRUE);
    CHECK_EQ(pkt(&fx, ACTION_SET_COMMENT, 0, 0, bstr(NAME1, "file.txt"), bstr(NAME2, "a comment")), AMHFS_DOSTRUE);
    uint32_t l = lock_of(&fx, 0, "file.txt");
    CHECK_EQ(pkt(&fx, ACTION_EXAMINE_OBJECT, l, FIB >> 2, 0, 0), AMHFS_DOSTRUE);
    CHECK_EQ(g32(FIB + 116), 0x11);
    CHECK_EQ(mem[FIB + 144], 9);
    CHECK(!memcmp(mem + FIB + 145, "a comment", 9));
    pkt(&fx, ACTION_FREE_LOCK, l, 0, 0, 0);
    CHECK_EQ(pkt(&fx, ACTION_DELETE_OBJECT, 0, bstr(NAME1, "file.txt"), 0, 0), 0);
    CHECK_EQ(res2, ERROR_DELETE_PROTECTED);
    char long_comment[100];
    memset(long_comment, 'c', sizeof long_comment);
    CHECK_EQ(pkt(&fx, ACTION_SET_COMMENT, 0, 0, bstr(NAME1, "file.txt"), bstr_n(NAME2, long_comment, 90)), 0);
    CHECK_EQ(res2, ERROR_COMMENT_TOO_BIG);
    CHECK_EQ(pkt(&fx, ACTION_SET_PROTECT, 0, 0, bstr(NAME1, "file.txt"), 0), AMHFS_DOSTRUE);
    /* Dates: a DateStamp (local time) back to the host. 2000-01-01 12:00 is day 8035. */
    s32(DATE, 8035);
    s32(DATE + 4, 720);
    s32(DATE + 8, 0);
    CHECK_EQ(pkt(&fx, ACTION_SET_DATE, 0, 0, bstr(NAME1, "file.txt"), DATE), AMHFS_DOSTRUE);
    l = lock_of(&fx, 0, "file.txt");
    CHECK_EQ(pkt(&fx, ACTION_EXAMINE_OBJECT, l, FIB >> 2, 0, 0), AMHFS_DOSTRUE);
    CHECK_EQ(g32(FIB + 132), 8035);
    CHECK_EQ(g32(FIB + 136), 720);
    pkt(&fx, ACTION_FREE_LOCK, l, 0, 0, 0);
    /* A file open for writing cannot be renamed (its data is still in the temp file). */
    uint32_t f = open_fh(&fx, ACTION_FINDOUTPUT, "busy.txt");
    REQUIRE(f);
    CHECK_EQ(pkt(&fx, ACTION_RENAME_OBJECT, 0, bstr(NAME1, "busy.txt"), 0, bstr(NAME2, "b2.txt")), 0);
    CHECK_EQ(pkt(&fx, ACTION_END, f, 0, 0, 0), AMHFS_DOSTRUE);
    CHECK_EQ(pkt(&fx, ACTION_DELETE_OBJECT, 0, bstr(NAME1, "busy.txt"), 0, 0), AMHFS_DOSTRUE);
    CHECK(access(at(&fx, "busy.txt"), F_OK) != 0);
    teardown(&fx);
}

TEST(amhfs_read_only_share)
{
    fixture_t fx = {0};
    REQUIRE(setup(&fx, true));
    CHECK_EQ(open_fh(&fx, ACTION_FINDOUTPUT, "x.txt"), 0);
    CHECK_EQ(res2, ERROR_DISK_WRITE_PROTECTED);
    CHECK_EQ(open_fh(&fx, ACTION_FINDUPDATE, "file.txt"), 0);
    CHECK_EQ(res2, ERROR_DISK_WRITE_PROTECTED);
    uint32_t f = open_fh(&fx, ACTION_FINDINPUT, "file.txt");
    REQUIRE(f);
    CHECK_EQ(pkt(&fx, ACTION_WRITE, f, BUF, 1, 0), 0xFFFFFFFFu);
    CHECK_EQ(res2, ERROR_DISK_WRITE_PROTECTED);
    CHECK_EQ(pkt(&fx, ACTION_END, f, 0, 0, 0), AMHFS_DOSTRUE);
    CHECK_EQ(pkt(&fx, ACTION_DELETE_OBJECT, 0, bstr(NAME1, "file.txt"), 0, 0), 0);
    CHECK_EQ(res2, ERROR_DISK_WRITE_PROTECTED);
    CHECK_EQ(pkt(&fx, ACTION_CREATE_DIR, 0, bstr(NAME1, "d"), 0, 0), 0);
    CHECK_EQ(res2, ERROR_DISK_WRITE_PROTECTED);
    CHECK_EQ(pkt(&fx, ACTION_RENAME_OBJECT, 0, bstr(NAME1, "file.txt"), 0, bstr(NAME2, "f2")), 0);
    CHECK_EQ(res2, ERROR_DISK_WRITE_PROTECTED);
    CHECK_EQ(pkt(&fx, ACTION_SET_PROTECT, 0, 0, bstr(NAME1, "file.txt"), 1), 0);
    CHECK_EQ(pkt(&fx, ACTION_DISK_INFO, INFO >> 2, 0, 0, 0), AMHFS_DOSTRUE);
    CHECK_EQ(g32(INFO + 8), 80); /* ID_WRITE_PROTECTED */
    uint32_t l = lock_of(&fx, 0, "file.txt");
    CHECK_EQ(pkt(&fx, ACTION_EXAMINE_OBJECT, l, FIB >> 2, 0, 0), AMHFS_DOSTRUE);
    CHECK_EQ(g32(FIB + 116) & 5, 5); /* write and delete protected */
    CHECK_STR(slurp(at(&fx, "file.txt")), "hello");
    teardown(&fx);
}

/* Escape and damage attempts through DOS packets: each refused, nothing outside touched. */
TEST(amhfs_packets_cannot_leave_the_folder)
{
    fixture_t fx = {0};
    REQUIRE(setup(&fx, false));
    static const char *const names[] = {
        "/", "//", "Work:/", ":/etc", "/etc/passwd", "sub///x", "..", "../outside/secret.txt", "sub/../..",
        "etc/passwd", "etc", "out/secret.txt", "out", "a:b:c", ".arcana-meta", "sub/.ARCANA-meta",
    };
    int refused = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        uint32_t l = lock_of(&fx, 0, names[i]);
        if (l == 0)
            refused++;
        else
            test_fail(t, __FILE__, __LINE__, "lock on \"%s\" was granted", names[i]);
        CHECK_EQ(open_fh(&fx, ACTION_FINDINPUT, names[i]), 0);
        CHECK_EQ(open_fh(&fx, ACTION_FINDOUTPUT, names[i]), 0);
        CHECK_EQ(pkt(&fx, ACTION_DELETE_OBJECT, 0, bstr(NAME1, names[i]), 0, 0), 0);
        CHECK_EQ(pkt(&fx, ACTION_CREATE_DIR, 0, bstr(NAME1, names[i]), 0, 0), 0);
        CHECK_EQ(pkt(&fx, ACTION_RENAME_OBJECT, 0, bstr(NAME1, "file.txt"), 0, bstr(NAME2, names[i])), 0);
        CHECK_EQ(pkt(&fx, ACTION_SET_PROTECT, 0, 0, bstr(NAME1, names[i]), 0xFF), 0);
        CHECK(outside_untouched(&fx));
    }
    CHECK_EQ(refused, (int)(sizeof names / sizeof names[0]));
    /* Names with a NUL or a control character inside. */
    CHECK_EQ(pkt(&fx, ACTION_LOCATE_OBJECT, 0, bstr_n(NAME1, "file.txt\0x", 10), (uint32_t)-2, 0), 0);
    CHECK_EQ(res2, ERROR_INVALID_COMPONENT_NAME);
    CHECK_EQ(open_fh(&fx, ACTION_FINDOUTPUT, "bad\nname"), 0);
    CHECK_EQ(res2, ERROR_INVALID_COMPONENT_NAME);
    /* An over-long name (a FileInfoBlock holds 107 characters). */
    char longname[109];
    memset(longname, 'n', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    CHECK_EQ(open_fh(&fx, ACTION_FINDOUTPUT, longname), 0);
    CHECK_EQ(res2, ERROR_INVALID_COMPONENT_NAME);
    /* Through a relative lock on a subfolder, parents stop at the root. */
    uint32_t sub = lock_of(&fx, 0, "sub");
    CHECK_EQ(pkt(&fx, ACTION_LOCATE_OBJECT, sub, bstr(NAME1, "///secret.txt"), (uint32_t)-2, 0), 0);
    CHECK_EQ(res2, ERROR_OBJECT_NOT_FOUND);
    /* Listings never show our private files; the share is intact. */
    CHECK_STR(slurp(at(&fx, "file.txt")), "hello");
    CHECK(outside_untouched(&fx));
    teardown(&fx);
}

TEST(amhfs_reset_closes_files)
{
    fixture_t fx = {0};
    REQUIRE(setup(&fx, false));
    uint32_t f = open_fh(&fx, ACTION_FINDOUTPUT, "pending.txt");
    REQUIRE(f);
    memcpy(mem + BUF, "data", 4);
    CHECK_EQ(pkt(&fx, ACTION_WRITE, f, BUF, 4, 0), 4);
    uint32_t l = lock_of(&fx, 0, "sub");
    amhfs_reset(fx.a);
    CHECK_STR(slurp(at(&fx, "pending.txt")), "data"); /* completed, not lost */
    CHECK_EQ(pkt(&fx, ACTION_EXAMINE_OBJECT, l, FIB >> 2, 0, 0), 0);
    CHECK_EQ(res2, ERROR_INVALID_LOCK);
    teardown(&fx);
}
