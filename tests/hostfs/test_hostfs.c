/* HostFS host side: every operation, and a sandbox suite of escape and damage attempts. */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hostfs/hostfs.h"
#include "tests/test.h"

typedef struct fixture {
    char base[128], share[192], outside[192];
    hostfs_t fs;
} fixture_t;

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
    static char buf[4096];
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    return buf;
}

static void pathf(char *out, size_t len, const char *dir, const char *name)
{
    snprintf(out, len, "%s/%s", dir, name);
}

/* share/ holds files, a subfolder and links of every kind; outside/ is what must stay safe. */
static int setup(fixture_t *fx, bool readonly, bool riscos)
{
    static int serial;
    char p[512], q[512];
    snprintf(fx->base, sizeof fx->base, "/tmp/arcana-hfs-%d-%d", (int)getpid(), serial++);
    snprintf(fx->share, sizeof fx->share, "%s/share", fx->base);
    snprintf(fx->outside, sizeof fx->outside, "%s/outside", fx->base);
    mkdir(fx->base, 0700);
    mkdir(fx->share, 0700);
    mkdir(fx->outside, 0700);
    pathf(p, sizeof p, fx->outside, "secret.txt");
    put(p, "secret");
    pathf(p, sizeof p, fx->share, "file.txt");
    put(p, "hello");
    pathf(p, sizeof p, fx->share, "sub");
    mkdir(p, 0700);
    pathf(p, sizeof p, fx->share, "sub/inner.txt");
    put(p, "inner");
    pathf(p, sizeof p, fx->share, "link_out");
    symlink("../outside", p);
    pathf(p, sizeof p, fx->share, "link_etc");
    symlink("/etc", p);
    pathf(p, sizeof p, fx->share, "link_secret");
    snprintf(q, sizeof q, "%s/secret.txt", fx->outside);
    symlink(q, p);
    pathf(p, sizeof p, fx->share, "link_in");
    symlink("sub", p);
    pathf(p, sizeof p, fx->share, "loop1");
    symlink("loop2", p);
    pathf(p, sizeof p, fx->share, "loop2");
    symlink("loop1", p);
    pathf(p, sizeof p, fx->share, "sub/up");
    symlink("../../outside/secret.txt", p);
    pathf(p, sizeof p, fx->share, "fifo");
    mkfifo(p, 0600);
    if (riscos) {
        pathf(p, sizeof p, fx->share, "Text,fff");
        put(p, "typed");
        pathf(p, sizeof p, fx->share, "Prog,00008000-0000801c");
        put(p, "code");
    }
    char err[256];
    hostfs_cfg_t cfg = {.root = fx->share, .readonly = readonly, .riscos_suffixes = riscos};
    return hostfs_init(&fx->fs, &cfg, err, sizeof err);
}

static void teardown(fixture_t *fx)
{
    char cmd[300];
    hostfs_shutdown(&fx->fs);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->base);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", fx->base);
}

/* The outside folder must hold exactly secret.txt with its content. */
static bool outside_untouched(fixture_t *fx)
{
    char p[512];
    pathf(p, sizeof p, fx->outside, "secret.txt");
    const char *s = slurp(p);
    if (!s || strcmp(s, "secret") != 0)
        return false;
    DIR *d = opendir(fx->outside);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    pathf(p, sizeof p, fx->base, "stolen.txt");
    return n == 1 && access(p, F_OK) != 0;
}

static hostfs_err_t read_all(hostfs_t *fs, const char *path, char *buf, size_t len)
{
    int h;
    size_t got = 0;
    hostfs_err_t e = hostfs_open(fs, path, HFS_READ, &h);
    if (e != HFS_OK)
        return e;
    e = hostfs_read(fs, h, buf, len - 1, &got);
    buf[got] = 0;
    hostfs_close(fs, h);
    return e;
}

static hostfs_err_t write_all(hostfs_t *fs, const char *path, const char *text)
{
    int h;
    hostfs_err_t e = hostfs_open(fs, path, HFS_CREATE, &h);
    if (e != HFS_OK)
        return e;
    e = hostfs_write(fs, h, text, strlen(text));
    hostfs_err_t c = hostfs_close(fs, h);
    return e != HFS_OK ? e : c;
}

/* ---- operations ---- */

TEST(hostfs_create_write_read_back)
{
    fixture_t fx;
    REQUIRE(setup(&fx, false, false) == 0);
    char buf[64], p[512];
    CHECK_EQ(write_all(&fx.fs, "new.txt", "some data"), HFS_OK);
    CHECK_EQ(read_all(&fx.fs, "new.txt", buf, sizeof buf), HFS_OK);
    CHECK_STR(buf, "some data");
    pathf(p, sizeof p, fx.share, "new.txt");
    CHECK_STR(slurp(p), "some data");
    teardown(&fx);
}

TEST(hostfs_write_is_atomic_until_close)
{
    fixture_t fx;
    REQUIRE(setup(&fx, false, false) == 0);
    char p[512];
    int h;
    REQUIRE(hostfs_open(&fx.fs, "file.txt", HFS_CREATE, &h) == HFS_OK);
    CHECK_EQ(hostfs_write(&fx.fs, h, "replaced", 8), HFS_OK);
    pathf(p, sizeof p, fx.share, "file.txt");
    CHECK_STR(slurp(p), "hello"); /* the old file stays whole until close */
    CHECK_EQ(hostfs_close(&fx.fs, h), HFS_OK);
    CHECK_STR(slurp(p), "replaced");
    teardown(&fx);
}

TEST(hostfs_update_keeps_content_and_seeks)
{
    fixture_t fx;
    REQUIRE(setup(&fx, false, false) == 0);
    int h;
    uint64_t pos, size;
    char buf[64];
    REQUIRE(hostfs_open(&fx.fs, "file.txt", HFS_UPDATE, &h) == HFS_OK);
    CHECK_EQ(hostfs_seek(&fx.fs, h, 0, 2, &pos), HFS_OK);
    CHECK_EQ(pos, 5);
    CHECK_EQ(hostfs_write(&fx.fs, h, " world", 6), HFS_OK);
    CHECK_EQ(hostfs_size(&fx.fs, h, &size), HFS_OK);
    CHECK_EQ(size, 11);
    CHECK_EQ(hostfs_seek(&fx.fs, h, 1, 0, &pos), HFS_OK);
    size_t got;
    CHECK_EQ(hostfs_read(&fx.fs, h, buf, 4, &got), HFS_OK);
    buf[got] = 0;
    CHECK_STR(buf, "ello");
    CHECK_EQ(hostfs_truncate(&fx.fs, h, 3), HFS_OK);
    CHECK_EQ(hostfs_close(&fx.fs, h), HFS_OK);
    CHECK_EQ(read_all(&fx.fs, "file.txt", buf, sizeof buf), HFS_OK);
    CHECK_STR(buf, "hel");
    CHECK_EQ(hostfs_seek(&fx.fs, 63, 0, 0, &pos), HFS_BAD_HANDLE);
    teardown(&fx);
}

TEST(hostfs_listing_hides_private_links_out_and_devices)
{
    fixture_t fx;
    REQUIRE(setup(&fx, false, false) == 0);
    REQUIRE(hostfs_set_meta(&fx.fs, "file.txt", 0x0f, "note") == HFS_OK); /* creates the sidecar */
    int h;
    hostfs_entry_t e;
    REQUIRE(hostfs_opendir(&fx.fs, "", &h) == HFS_OK);
    char seen[512] = "";
    while (hostfs_readdir(&fx.fs, h, &e) == HFS_OK) {
        strcat(seen, e.name);
        strcat(seen, " ");
        if (!strcmp(e.name, "file.txt")) {
            CHECK_EQ(e.size, 5);
            CHECK_EQ(e.protection, 0x0f);
            CHECK_STR(e.comment, "note");
        }
    }
    CHECK_EQ(hostfs_close(&fx.fs, h), HFS_OK);
    CHECK(strstr(seen, "file.txt ") != NULL);
    CHECK(strstr(seen, "sub ") != NULL);
    CHECK(strstr(seen, "link_in ") != NULL);
    CHECK(strstr(seen, ".arcana") == NULL);
    CHECK(strstr(seen, "link_out") == NULL);
    CHECK(strstr(seen, "link_etc") == NULL);
    CHECK(strstr(seen, "fifo") == NULL);
    CHECK(strstr(seen, "loop") == NULL);
    teardown(&fx);
}

TEST(hostfs_case_insensitive_lookup)
{
    fixture_t fx;
    REQUIRE(setup(&fx, false, false) == 0);
    char buf[64];
    CHECK_EQ(read_all(&fx.fs, "FILE.TXT", buf, sizeof buf), HFS_OK);
    CHECK_STR(buf, "hello");
    CHECK_EQ(read_all(&fx.fs, "SUB/Inner.TXT", buf, sizeof buf), HFS_OK);
    CHECK_STR(buf, "inner");
    teardown(&fx);
}

TEST(hostfs_names_differing_only_in_case_stay_one_file)
{
    fixture_t fx;
    REQUIRE(setup(&fx, false, false) == 0);
    char p[512];
    CHECK_EQ(write_all(&fx.fs, "File.Txt", "again"), HFS_OK);
    pathf(p, sizeof p, fx.share, "File.Txt");
    CHECK(access(p, F_OK) != 0); /* no second file beside file.txt */
    pathf(p, sizeof p, fx.share, "file.txt");
    CHECK_STR(slurp(p), "again");
    CHECK_EQ(hostfs_mkdir(&fx.fs, "SUB"), HFS_EXISTS);
    teardown(&fx);
}

TEST(hostfs_mkdir_delete_and_not_empty)
{
    fixture_t fx;
    REQUIRE(setup(&fx, false, false) == 0);
    hostfs_entry_t e;
    CHECK_EQ(hostfs_mkdir(&fx.fs, "newdir"), HFS_OK);
    CHECK_EQ(hostfs_stat(&fx.fs, "newdir", &e), HFS_OK);
    CHECK(e.is_dir);
    CHECK_EQ(hostfs_mkdir(&fx.fs, "newdir"), HFS_EXISTS);
    CHECK_EQ(hostfs_mkdir(&fx.fs, "nodir/x"), HFS_NOT_FOUND);
    CHECK_EQ(hostfs_delete(&fx.fs, "sub"), HFS_NOT_EMPTY);
    CHECK_EQ(hostfs_delete(&fx.fs, "sub/up"), HFS_FORBIDDEN);
    CHECK_EQ(write_all(&fx.fs, "newdir/f", "x"), HFS_OK);
    CHECK_EQ(hostfs_set_meta(&fx.fs, "newdir/f", 5, NULL), HFS_OK);
    CHECK_EQ(hostfs_delete(&fx.fs, "newdir/f"), HFS_OK);
    CHECK_EQ(hostfs_delete(&fx.fs, "newdir"), HFS_OK); /* the emptied sidecar does not block it */
    CHECK_EQ(hostfs_stat(&fx.fs, "newdir", &e), HFS_NOT_FOUND);
    CHECK_EQ(hostfs_delete(&fx.fs, "newdir"), HFS_NOT_FOUND);
    teardown(&fx);
}

TEST(hostfs_rename_moves_meta_and_allows_case_change)
{
    fixture_t fx;
    REQUIRE(setup(&fx, false, false) == 0);
    hostfs_entry_t e;
    char p[512];
    CHECK_EQ(hostfs_set_meta(&fx.fs, "file.txt", 0x42, "kept"), HFS_OK);
    CHECK_EQ(hostfs_rename(&fx.fs, "file.txt", "sub/moved.txt"), HFS_OK);
    CHECK_EQ(hostfs_stat(&fx.fs, "sub/moved.txt", &e), HFS_OK);
    CHECK_EQ(e.protection, 0x42);
    CHECK_STR(e.comment, "kept");
    CHECK_EQ(hostfs_rename(&fx.fs, "sub/moved.txt", "sub/MOVED.txt"), HFS_OK);
    pathf(p, sizeof p, fx.share, "sub/MOVED.txt");
    CHECK(access(p, F_OK) == 0);
    CHECK_EQ(hostfs_rename(&fx.fs, "sub/MOVED.txt", "sub/inner.txt"), HFS_EXISTS);
    CHECK_EQ(hostfs_rename(&fx.fs, "nothing", "x"), HFS_NOT_FOUND);
    teardown(&fx);
}

TEST(hostfs_open_files_are_protected)
{
    fixture_t fx;
    REQUIRE(setup(&fx, false, false) == 0);
    int h, h2;
    REQUIRE(hostfs_open(&fx.fs, "file.txt", HFS_READ, &h) == HFS_OK);
    CHECK_EQ(hostfs_delete(&fx.fs, "file.txt"), HFS_IN_USE);
    CHECK_EQ(hostfs_rename(&fx.fs, "file.txt", "x"), HFS_IN_USE);
    hostfs_close(&fx.fs, h);
    REQUIRE(hostfs_open(&fx.fs, "file.txt", HFS_UPDATE, &h) == HFS_OK);
    CHECK_EQ(hostfs_open(&fx.fs, "FILE.txt", HFS_CREATE, &h2), HFS_IN_USE);
    hostfs_close(&fx.fs, h);
    CHECK_EQ(hostfs_close(&fx.fs, h), HFS_BAD_HANDLE);
    teardown(&fx);
}

TEST(hostfs_handle_table_limit)
{
    fixture_t fx;
    REQUIRE(setup(&fx, false, false) == 0);
    int h[HOSTFS_MAX_HANDLES + 1], opened = 0;
    while (opened <= HOSTFS_MAX_HANDLES && hostfs_open(&fx.fs, "file.txt", HFS_READ, &h[opened]) == HFS_OK)
        opened++;
    CHECK_EQ(opened, HOSTFS_MAX_HANDLES);
    int extra;
    CHECK_EQ(hostfs_open(&fx.fs, "file.txt", HFS_READ, &extra), HFS_TOO_MANY_OPEN);
    teardown(&fx); /* shutdown closes them all */
}

TEST(hostfs_mtime_free_space_and_stat)
{
    fixture_t fx;
    REQUIRE(setup(&fx, false, false) == 0);
    hostfs_entry_t e;
    uint64_t fr, total;
    CHECK_EQ(hostfs_set_mtime(&fx.fs, "file.txt", 1000000000), HFS_OK);
    CHECK_EQ(hostfs_stat(&fx.fs, "file.txt", &e), HFS_OK);
    CHECK_EQ(e.mtime, 1000000000);
    CHECK(!e.is_dir);
    CHECK_EQ(hostfs_free_space(&fx.fs, &fr, &total), HFS_OK);
    CHECK(total > 0 && fr <= total);
    CHECK_EQ(hostfs_stat(&fx.fs, "", &e), HFS_OK);
    CHECK(e.is_dir);
    CHECK_EQ(hostfs_stat(&fx.fs, "link_in/inner.txt", &e), HFS_OK); /* links inside are fine */
    teardown(&fx);
}

TEST(hostfs_large_file_roundtrip)
{
    fixture_t fx;
    REQUIRE(setup(&fx, false, false) == 0);
    enum { SIZE = 1 << 20 };
    uint8_t *data = malloc(SIZE), *back = malloc(SIZE);
    for (int i = 0; i < SIZE; i++)
        data[i] = (uint8_t)(i * 2654435761u >> 13);
    int h;
    REQUIRE(hostfs_open(&fx.fs, "big.bin", HFS_CREATE, &h) == HFS_OK);
    for (int off = 0; off < SIZE; off += 4096)
        CHECK_EQ(hostfs_write(&fx.fs, h, data + off, 4096), HFS_OK);
    CHECK_EQ(hostfs_close(&fx.fs, h), HFS_OK);
    size_t got;
    REQUIRE(hostfs_open(&fx.fs, "big.bin", HFS_READ, &h) == HFS_OK);
    CHECK_EQ(hostfs_read(&fx.fs, h, back, SIZE, &got), HFS_OK);
    CHECK_EQ(got, SIZE);
    CHECK(memcmp(data, back, SIZE) == 0);
    hostfs_close(&fx.fs, h);
    free(data);
    free(back);
    teardown(&fx);
}

TEST(hostfs_riscos_suffixes)
{
    fixture_t fx;
    REQUIRE(setup(&fx, false, true) == 0);
    hostfs_entry_t e;
    char p[512];
    CHECK_EQ(hostfs_stat(&fx.fs, "text", &e), HFS_OK);
    CHECK_STR(e.name, "Text");
    CHECK(e.has_type);
    CHECK_EQ(e.filetype, 0xfff);
    CHECK_EQ(hostfs_stat(&fx.fs, "Prog", &e), HFS_OK);
    CHECK(e.has_load_exec);
    CHECK_EQ(e.load, 0x8000);
    CHECK_EQ(e.exec, 0x801c);
    CHECK_EQ(hostfs_set_riscos_type(&fx.fs, "Text", 0xffb, 0, 0), HFS_OK);
    pathf(p, sizeof p, fx.share, "Text,ffb");
    CHECK(access(p, F_OK) == 0);
    CHECK_EQ(hostfs_rename(&fx.fs, "Text", "Basic"), HFS_OK); /* keeps its type */
    pathf(p, sizeof p, fx.share, "Basic,ffb");
    CHECK(access(p, F_OK) == 0);
    teardown(&fx);
}

/* ---- sandbox: escape and damage attempts, each refused, nothing outside touched ---- */

typedef struct attempt {
    const char *what;
    hostfs_err_t (*run)(hostfs_t *fs);
} attempt_t;

static hostfs_err_t try_read(hostfs_t *fs, const char *p) { char b[64]; return read_all(fs, p, b, sizeof b); }
#define READ_ATTEMPT(fn, path) static hostfs_err_t fn(hostfs_t *fs) { return try_read(fs, path); }
#define WRITE_ATTEMPT(fn, path) static hostfs_err_t fn(hostfs_t *fs) { return write_all(fs, path, "pwned"); }
READ_ATTEMPT(a_dotdot_first, "../outside/secret.txt")
READ_ATTEMPT(a_dotdot_middle, "sub/../../outside/secret.txt")
READ_ATTEMPT(a_dotdot_last, "sub/..")
READ_ATTEMPT(a_dot, "./file.txt")
READ_ATTEMPT(a_absolute, "/etc/passwd")
READ_ATTEMPT(a_absolute_dev, "/dev/zero")
READ_ATTEMPT(a_link_dir_etc, "link_etc/passwd")
READ_ATTEMPT(a_link_dir_out, "link_out/secret.txt")
READ_ATTEMPT(a_link_file_out, "link_secret")
READ_ATTEMPT(a_link_nested_up, "sub/up")
READ_ATTEMPT(a_link_loop, "loop1")
READ_ATTEMPT(a_fifo, "fifo")
READ_ATTEMPT(a_sidecar, ".arcana-meta")
READ_ATTEMPT(a_empty_component, "sub//inner.txt")
READ_ATTEMPT(a_trailing_slash, "file.txt/")
READ_ATTEMPT(a_control_char, "file\n.txt")
READ_ATTEMPT(a_dotdot_case, "SUB/../../outside/secret.txt")
WRITE_ATTEMPT(a_write_link_file_out, "link_secret")
WRITE_ATTEMPT(a_write_into_link_dir, "link_out/new.txt")
WRITE_ATTEMPT(a_write_dotdot, "../stolen.txt")
WRITE_ATTEMPT(a_write_nested_up, "sub/up")
WRITE_ATTEMPT(a_write_sidecar, ".ARCANA-meta")
static hostfs_err_t a_mkdir_in_link(hostfs_t *fs) { return hostfs_mkdir(fs, "link_out/x"); }
static hostfs_err_t a_delete_via_link(hostfs_t *fs) { return hostfs_delete(fs, "link_out/secret.txt"); }
static hostfs_err_t a_delete_link_to_dir(hostfs_t *fs) { return hostfs_delete(fs, "link_out"); }
static hostfs_err_t a_rename_out(hostfs_t *fs) { return hostfs_rename(fs, "file.txt", "../stolen.txt"); }
static hostfs_err_t a_rename_in(hostfs_t *fs) { return hostfs_rename(fs, "link_out/secret.txt", "got.txt"); }
static hostfs_err_t a_rename_into_link(hostfs_t *fs) { return hostfs_rename(fs, "file.txt", "link_out/file.txt"); }
static hostfs_err_t a_delete_root(hostfs_t *fs) { return hostfs_delete(fs, ""); }
static hostfs_err_t a_rename_root(hostfs_t *fs) { return hostfs_rename(fs, "", "x"); }
static hostfs_err_t a_opendir_link(hostfs_t *fs) { int h; return hostfs_opendir(fs, "link_etc", &h); }
static hostfs_err_t a_meta_via_link(hostfs_t *fs) { return hostfs_set_meta(fs, "link_secret", 1, "x"); }
static hostfs_err_t a_mtime_via_link(hostfs_t *fs) { return hostfs_set_mtime(fs, "link_out/secret.txt", 0); }
static hostfs_err_t a_type_via_link(hostfs_t *fs) { return hostfs_set_riscos_type(fs, "link_secret", 0xfff, 0, 0); }
static hostfs_err_t a_rename_dir_into_itself(hostfs_t *fs) { return hostfs_rename(fs, "sub", "sub/deeper"); }
static hostfs_err_t a_overlong_name(hostfs_t *fs)
{
    char name[300];
    memset(name, 'a', sizeof name - 1);
    name[sizeof name - 1] = 0;
    return write_all(fs, name, "x");
}
static hostfs_err_t a_overlong_path(hostfs_t *fs)
{
    static char path[8192];
    path[0] = 0;
    for (int i = 0; i < 70; i++)
        strcat(path, "sub/");
    strcat(path, "x");
    return try_read(fs, path);
}
static hostfs_err_t a_embedded_nul(hostfs_t *fs)
{
    (void)fs;
    return hostfs_check_name("file.txt\0../../x", 16);
}
static hostfs_err_t a_long_comment(hostfs_t *fs)
{
    char c[200];
    memset(c, 'c', sizeof c - 1);
    c[sizeof c - 1] = 0;
    return hostfs_set_meta(fs, "file.txt", 0, c);
}

static const attempt_t attempts[] = {
    {"'..' first", a_dotdot_first}, {"'..' in the middle", a_dotdot_middle}, {"'..' last", a_dotdot_last},
    {"'.' component", a_dot}, {"absolute path", a_absolute}, {"absolute device path", a_absolute_dev},
    {"link to /etc", a_link_dir_etc}, {"link to a folder outside", a_link_dir_out},
    {"link to a file outside", a_link_file_out}, {"nested link leading up and out", a_link_nested_up},
    {"symlink loop", a_link_loop}, {"FIFO", a_fifo}, {"our sidecar", a_sidecar},
    {"empty component", a_empty_component}, {"trailing slash", a_trailing_slash},
    {"control character", a_control_char}, {"'..' after a case-folded folder", a_dotdot_case},
    {"write through a link to a file outside", a_write_link_file_out},
    {"write through a link to a folder outside", a_write_into_link_dir}, {"write to '..'", a_write_dotdot},
    {"write through a nested link", a_write_nested_up}, {"write our sidecar (other case)", a_write_sidecar},
    {"mkdir through a link", a_mkdir_in_link}, {"delete through a link", a_delete_via_link},
    {"delete a link to a folder outside", a_delete_link_to_dir}, {"rename out with '..'", a_rename_out},
    {"rename a file from outside in", a_rename_in}, {"rename into a link outside", a_rename_into_link},
    {"delete the root", a_delete_root}, {"rename the root", a_rename_root},
    {"list a link to /etc", a_opendir_link}, {"set meta through a link", a_meta_via_link},
    {"set mtime through a link", a_mtime_via_link}, {"set type through a link", a_type_via_link},
    {"move a folder into itself", a_rename_dir_into_itself}, {"over-long name", a_overlong_name},
    {"over-long path", a_overlong_path}, {"embedded NUL", a_embedded_nul}, {"over-long comment", a_long_comment},
};

TEST(hostfs_sandbox_refuses_every_escape)
{
    fixture_t fx;
    REQUIRE(setup(&fx, false, false) == 0);
    for (size_t i = 0; i < sizeof attempts / sizeof attempts[0]; i++) {
        hostfs_err_t e = attempts[i].run(&fx.fs);
        if (e == HFS_OK)
            test_fail(t, __FILE__, __LINE__, "sandbox let through: %s", attempts[i].what);
        if (!outside_untouched(&fx))
            test_fail(t, __FILE__, __LINE__, "outside folder changed by: %s", attempts[i].what);
    }
    char p[512];
    pathf(p, sizeof p, fx.share, "file.txt");
    CHECK_STR(slurp(p), "hello");
    CHECK(sizeof attempts / sizeof attempts[0] >= 30);
    teardown(&fx);
}

TEST(hostfs_sandbox_without_openat2_walk)
{
    /* The fallback walk (kernels before 5.6) follows no links at all: check it refuses too. */
    fixture_t fx;
    REQUIRE(setup(&fx, false, false) == 0);
    fx.fs.have_openat2 = false;
    for (size_t i = 0; i < sizeof attempts / sizeof attempts[0]; i++)
        if (attempts[i].run(&fx.fs) == HFS_OK)
            test_fail(t, __FILE__, __LINE__, "fallback let through: %s", attempts[i].what);
    CHECK(outside_untouched(&fx));
    char buf[64];
    CHECK_EQ(read_all(&fx.fs, "sub/inner.txt", buf, sizeof buf), HFS_OK);
    teardown(&fx);
}

TEST(hostfs_read_only_share_refuses_changes)
{
    fixture_t fx;
    REQUIRE(setup(&fx, true, false) == 0);
    int h;
    char buf[64], p[512];
    CHECK_EQ(write_all(&fx.fs, "new.txt", "x"), HFS_READ_ONLY);
    CHECK_EQ(hostfs_open(&fx.fs, "file.txt", HFS_UPDATE, &h), HFS_READ_ONLY);
    CHECK_EQ(hostfs_delete(&fx.fs, "file.txt"), HFS_READ_ONLY);
    CHECK_EQ(hostfs_mkdir(&fx.fs, "d"), HFS_READ_ONLY);
    CHECK_EQ(hostfs_rename(&fx.fs, "file.txt", "f2"), HFS_READ_ONLY);
    CHECK_EQ(hostfs_set_meta(&fx.fs, "file.txt", 1, NULL), HFS_READ_ONLY);
    CHECK_EQ(hostfs_set_mtime(&fx.fs, "file.txt", 5), HFS_READ_ONLY);
    REQUIRE(hostfs_open(&fx.fs, "file.txt", HFS_READ, &h) == HFS_OK);
    CHECK_EQ(hostfs_write(&fx.fs, h, "x", 1), HFS_READ_ONLY);
    hostfs_close(&fx.fs, h);
    CHECK_EQ(read_all(&fx.fs, "file.txt", buf, sizeof buf), HFS_OK);
    pathf(p, sizeof p, fx.share, "file.txt");
    CHECK_STR(slurp(p), "hello");
    teardown(&fx);
}

/* Temp files a killed run left (issue 18) go at the next start if their process is gone; a
 * live process's stay, and nothing outside the share is touched. */
TEST(hostfs_start_removes_stale_temp_files)
{
    fixture_t fx;
    REQUIRE(setup(&fx, false, false) == 0);
    hostfs_shutdown(&fx.fs);
    char dead[512], dead_sub[512], live[512], other[512], out[512], err[256];
    pathf(dead, sizeof dead, fx.share, HOSTFS_PRIVATE_PREFIX "tmp-999999999-1");
    pathf(dead_sub, sizeof dead_sub, fx.share, "sub/" HOSTFS_PRIVATE_PREFIX "tmp-999999999-2");
    snprintf(live, sizeof live, "%s/" HOSTFS_PRIVATE_PREFIX "tmp-%d-3", fx.share, (int)getpid());
    pathf(other, sizeof other, fx.share, "tmp-999999999-1");
    pathf(out, sizeof out, fx.outside, HOSTFS_PRIVATE_PREFIX "tmp-999999999-4");
    put(dead, "x");
    put(dead_sub, "x");
    put(live, "x");
    put(other, "user file");
    put(out, "x");
    hostfs_cfg_t cfg = {.root = fx.share};
    REQUIRE(hostfs_init(&fx.fs, &cfg, err, sizeof err) == 0);
    CHECK(access(dead, F_OK) != 0);
    CHECK(access(dead_sub, F_OK) != 0);
    CHECK(access(live, F_OK) == 0);
    CHECK(access(other, F_OK) == 0);
    CHECK(access(out, F_OK) == 0); /* link_out leads there: links are not followed */
    teardown(&fx);
}
