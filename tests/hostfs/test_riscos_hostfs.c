/* RISC OS HostFS: the path/name/time mappings, and SWI ArcEm_HostFS driven from ARM code on our
 * CPU core — our module's own FSEntry code (hostfs/riscos_module) run on the interpreter, whose
 * SWI hook hands the call to hostfs/riscos_hostfs — through every operation, with the results
 * checked in the host folder. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cpu/arm/arm.h"
#include "cpu/arm/jit.h"
#include "hostfs/riscos_hostfs.h"
#include "tests/test.h"

extern const uint8_t riscos_hostfs_module[], riscos_hostfs_module_end[];

/* ---- mappings ------------------------------------------------------------------------------ */

TEST(rohfs_path_mapping)
{
    char out[256];
    CHECK(rohfs_path_to_host("$.Apps.!Edit", out, sizeof out)); CHECK_STR(out, "Apps/!Edit");
    CHECK(rohfs_path_to_host("$", out, sizeof out)); CHECK_STR(out, "");
    CHECK(rohfs_path_to_host("", out, sizeof out)); CHECK_STR(out, "");
    CHECK(rohfs_path_to_host("Dir.Read/Me", out, sizeof out)); CHECK_STR(out, "Dir/Read.Me");
    CHECK(rohfs_path_to_host(":HostFS.$.a", out, sizeof out)); CHECK_STR(out, "a");
    CHECK(rohfs_path_to_host("$.Caf\xe9", out, sizeof out)); CHECK_STR(out, "Caf\xc3\xa9");
    CHECK(rohfs_path_to_host("$.My\xa0" "File", out, sizeof out)); CHECK_STR(out, "My File");
    CHECK(rohfs_path_to_host("$.a?b.<c>", out, sizeof out)); CHECK_STR(out, "a#b/$c^");
    CHECK(!rohfs_path_to_host("$.a\x01" "b", out, sizeof out));              /* control character */
    CHECK(!rohfs_path_to_host("$.abcdefgh", out, 5));                       /* does not fit */
    /* '/' and "//" become "." and ".." on the host: the sandbox below refuses them. */
    CHECK(rohfs_path_to_host("$.//.x", out, sizeof out)); CHECK_STR(out, "../x");
}

TEST(rohfs_name_mapping)
{
    char out[64];
    rohfs_name_to_riscos("Read.Me", out, sizeof out); CHECK_STR(out, "Read/Me");
    rohfs_name_to_riscos("Caf\xc3\xa9", out, sizeof out); CHECK_STR(out, "Caf\xe9");
    rohfs_name_to_riscos("My File", out, sizeof out); CHECK_STR(out, "My\xa0" "File");
    rohfs_name_to_riscos("\xe2\x82\xac" "5", out, sizeof out); CHECK_STR(out, "_5"); /* U+20AC: no Latin-1 */
    rohfs_name_to_riscos("abcdef", out, 4); CHECK_STR(out, "abc");
    rohfs_name_to_riscos("a#b$c^", out, sizeof out); CHECK_STR(out, "a?b<c>");
}

TEST(rohfs_time_mapping)
{
    /* The Unix epoch is &336E996A00 centiseconds after 1 Jan 1900. */
    CHECK_EQ(rohfs_time_from_unix(0), 0x336E996A00ull);
    CHECK_EQ(rohfs_time_to_unix(0x336E996A00ull), 0);
    CHECK_EQ(rohfs_time_to_unix(rohfs_time_from_unix(1700000000)), 1700000000);
    CHECK_EQ(rohfs_time_to_unix(0x336E996A00ull + 99), 0);   /* centiseconds truncate */
    CHECK_EQ(rohfs_time_from_unix(-2208988800LL - 5), 0);     /* before 1900 clamps */
    uint32_t load, exec;
    rohfs_stamp(0xFEB, 0, &load, &exec);
    CHECK_EQ(load, 0xFFFFEB33u);
    CHECK_EQ(exec, 0x6E996A00u);
    CHECK_EQ(rohfs_error_number(HFS_NOT_FOUND), ROHFS_ERR_NOT_FOUND);
    CHECK_EQ(rohfs_error_number(HFS_READ_ONLY), ROHFS_ERR_PROTECTED);
    CHECK_EQ(rohfs_error_number(HFS_NOT_EMPTY), ROHFS_ERR_DIR_NOT_EMPTY);
}

/* ---- the module on the CPU ----------------------------------------------------------------- */

#define RAM_SIZE (1u << 20)
#define MOD_BASE 0x10000u
#define RET_ADDR 0x7FF0u     /* "B ." : where an entry returns to */
#define STACK_TOP 0x7000u
#define BUF 0x40000u         /* data buffers */
#define NAME1 0x30000u       /* name strings */
#define NAME2 0x30400u
#define FS_NUMBER 0x99
#define XOS_FSCONTROL 0x20029u

typedef struct rig {
    arm_cpu_t cpu;
    arm_flat_t flat;
    hostfs_t fs;
    rohfs_t ro;
    char dir[64];
    uint32_t fs_info;        /* module offset of the filing system information block */
    int fscontrol_calls;
    uint32_t other_swis;
    arm_jit_t *jit;          /* non-NULL: run through the JIT (SWI hook via its helper step) */
} rig_t;

static bool flat_read(void *ctx, uint32_t addr, void *dst, uint32_t len)
{
    rig_t *g = ctx;
    if (addr >= RAM_SIZE || len > RAM_SIZE - addr)
        return false;
    memcpy(dst, g->flat.ram + addr, len);
    return true;
}

static bool flat_write(void *ctx, uint32_t addr, const void *src, uint32_t len)
{
    rig_t *g = ctx;
    if (addr >= RAM_SIZE || len > RAM_SIZE - addr)
        return false;
    memcpy(g->flat.ram + addr, src, len);
    return true;
}

/* The SWI hook: ArcEm_HostFS to the host side; OS_FSControl stands in for FileSwitch. */
static bool rig_swi(void *ctx, uint32_t comment)
{
    rig_t *g = ctx;
    if ((comment & ~ROHFS_SWI_X) == ROHFS_SWI_HOSTFS) {
        rohfs_call(&g->ro, g->cpu.r);
        return true;
    }
    if (comment == XOS_FSCONTROL) {
        g->fscontrol_calls++;
        if (g->cpu.r[0] == 12 && g->cpu.r[1] == MOD_BASE)
            g->fs_info = g->cpu.r[2];
        return true;
    }
    g->other_swis++;
    return false;
}

static uint32_t rd32(rig_t *g, uint32_t a) { uint32_t v; memcpy(&v, g->flat.ram + a, 4); return v; }
static void wr32(rig_t *g, uint32_t a, uint32_t v) { memcpy(g->flat.ram + a, &v, 4); }
static void put_str(rig_t *g, uint32_t a, const char *s) { memcpy(g->flat.ram + a, s, strlen(s) + 1); }

/* Calls the module routine at `offset` as FileSwitch would (BL-like, SVC mode) with r0-r7 from
 * `in`; returns false if it never came back. Registers out in g->cpu.r. */
static bool call(rig_t *g, uint32_t offset, const uint32_t in[8])
{
    for (int i = 0; i < 8; i++)
        g->cpu.r[i] = in[i];
    g->cpu.r[9] = 0x5A5A5A5A;
    g->cpu.r[12] = 0x6000;
    g->cpu.r[13] = STACK_TOP;
    g->cpu.r[14] = RET_ADDR;
    g->cpu.r[15] = MOD_BASE + offset;
    for (int n = 0; n < 100000; n++) {
        if (g->cpu.r[15] == RET_ADDR)
            return g->cpu.r[13] == STACK_TOP && g->cpu.r[9] == 0x5A5A5A5A; /* stack and r9 kept */
        if (g->jit)
            arm_run(&g->cpu, 64);
        else
            arm_step(&g->cpu);
    }
    return false;
}

static bool v_set(rig_t *g) { return (arm_get_cpsr(&g->cpu) & ARM_PSR_V) != 0; }

/* FSEntry offsets from the module's filing system information block. */
enum { FS_OPEN = 8, FS_GETBYTES = 12, FS_PUTBYTES = 16, FS_ARGS = 20, FS_CLOSE = 24, FS_FILE = 28,
       FS_INFOWORD = 32, FS_FUNC = 36, FS_GBPB = 40 };
static uint32_t entry(rig_t *g, int which) { return rd32(g, MOD_BASE + g->fs_info + (uint32_t)which); }

static bool rig_init(test_ctx_t *t, rig_t *g, arm_model_t model, bool readonly, arm_jit_t *jit)
{
    memset(g, 0, sizeof *g);
    snprintf(g->dir, sizeof g->dir, "/tmp/arcana-rohfs-XXXXXX");
    if (!mkdtemp(g->dir))
        return false;
    char err[256];
    hostfs_cfg_t hc = {.root = g->dir, .readonly = readonly, .riscos_suffixes = true};
    if (hostfs_init(&g->fs, &hc, err, sizeof err) != 0)
        return false;
    rohfs_init(&g->ro, &g->fs, &(rohfs_mem_t){.ctx = g, .read = flat_read, .write = flat_write});
    g->flat.ram = calloc(1, RAM_SIZE);
    g->flat.size = RAM_SIZE;
    arm_cfg_t cfg = {.model = model};
    arm_flat_bus(&g->flat, &cfg.bus);
    if (!g->flat.ram || arm_init(&g->cpu, &cfg, err, sizeof err) != 0)
        return false;
    g->cpu.swi_hook = rig_swi;
    g->cpu.swi_hook_ctx = g;
    if (jit && arm_jit_init(jit, &g->cpu, err, sizeof err) != 0)
        return false;
    g->jit = jit;
    /* SA-110: run as RISC OS 4+ does, in SVC32; ARM610: SVC26 as RISC OS 3.5 (reset state). */
    if (model == ARM_MODEL_SA110)
        arm_set_cpsr(&g->cpu, ARM_MODE_SVC | ARM_PSR_I | ARM_PSR_F);
    wr32(g, RET_ADDR, 0xEAFFFFFEu); /* B . */
    size_t len = (size_t)(riscos_hostfs_module_end - riscos_hostfs_module);
    memcpy(g->flat.ram + MOD_BASE, riscos_hostfs_module, len);
    /* Module initialisation: registers with the emulator, declares the FS (FSControl 12). */
    uint32_t in[8] = {0};
    if (!call(g, rd32(g, MOD_BASE + 4), in) || v_set(g))
        return false;
    CHECK(g->ro.registered);
    CHECK_EQ(g->fscontrol_calls, 1);
    CHECK(g->fs_info != 0 && g->fs_info < len);
    CHECK_EQ(rd32(g, MOD_BASE + g->fs_info + FS_INFOWORD) & 0xFF, FS_NUMBER);
    CHECK_STR((const char *)g->flat.ram + MOD_BASE + rd32(g, MOD_BASE + g->fs_info), "HostFS");
    return g->fs_info != 0;
}

static void rig_free(rig_t *g)
{
    if (g->jit)
        arm_jit_destroy(g->jit);
    hostfs_shutdown(&g->fs);
    free(g->flat.ram);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", g->dir);
}

static bool host_file_is(rig_t *g, const char *rel, const char *content)
{
    char p[256], buf[256];
    snprintf(p, sizeof p, "%s/%s", g->dir, rel);
    int fd = open(p, O_RDONLY);
    if (fd < 0)
        return false;
    ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    return n == (ssize_t)strlen(content) && memcmp(buf, content, (size_t)n) == 0;
}

static bool host_exists(rig_t *g, const char *rel)
{
    char p[256];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", g->dir, rel);
    return lstat(p, &st) == 0;
}

/* The error block FileSwitch gets: V set, r0 -> number + message. */
static uint32_t error_number(rig_t *g) { return v_set(g) ? rd32(g, g->cpu.r[0]) : 0; }

static void every_operation(test_ctx_t *t, arm_model_t model, arm_jit_t *jit)
{
    static rig_t g;
    REQUIRE(rig_init(t, &g, model, false, jit));
    uint32_t stamp_load, stamp_exec;
    rohfs_stamp(0xFFF, 1700000000, &stamp_load, &stamp_exec);

    /* File 8: create directory. */
    put_str(&g, NAME1, "$.Docs");
    REQUIRE(call(&g, entry(&g, FS_FILE), (uint32_t[8]){8, NAME1, 0, 0, 0}));
    CHECK(!v_set(&g));
    struct stat st;
    char p[256];
    snprintf(p, sizeof p, "%s/Docs", g.dir);
    CHECK(stat(p, &st) == 0 && S_ISDIR(st.st_mode));

    /* File 0: save memory as a typed file (Text, stamped). */
    put_str(&g, NAME1, "$.Docs.Read/Me");
    memcpy(g.flat.ram + BUF, "hello world", 11);
    REQUIRE(call(&g, entry(&g, FS_FILE), (uint32_t[8]){0, NAME1, stamp_load, stamp_exec, BUF, BUF + 11}));
    CHECK(!v_set(&g));
    CHECK(host_file_is(&g, "Docs/Read.Me,fff", "hello world"));
    snprintf(p, sizeof p, "%s/Docs/Read.Me,fff", g.dir);
    CHECK(stat(p, &st) == 0 && st.st_mtime == 1700000000);

    /* File 5: read catalogue information. */
    REQUIRE(call(&g, entry(&g, FS_FILE), (uint32_t[8]){5, NAME1}));
    CHECK_EQ(g.cpu.r[0], ROHFS_TYPE_FILE);
    CHECK_EQ(g.cpu.r[2], stamp_load);
    CHECK_EQ(g.cpu.r[3], stamp_exec);
    CHECK_EQ(g.cpu.r[4], 11);
    CHECK_EQ(g.cpu.r[5], 3);

    /* Open for reading, GetBytes, Close. */
    REQUIRE(call(&g, entry(&g, FS_OPEN), (uint32_t[8]){0, NAME1, 0, 77}));
    CHECK(!v_set(&g));
    uint32_t h = g.cpu.r[1];
    CHECK(h != 0);
    CHECK_EQ(g.cpu.r[0], 1u << 30);       /* read allowed, write not */
    CHECK_EQ(g.cpu.r[2], ROHFS_BUFFER_SIZE);
    CHECK_EQ(g.cpu.r[3], 11);             /* extent */
    memset(g.flat.ram + BUF, 0, 64);
    REQUIRE(call(&g, entry(&g, FS_GETBYTES), (uint32_t[8]){0, h, BUF, 5, 6}));
    CHECK(!v_set(&g));
    CHECK(memcmp(g.flat.ram + BUF, "world", 5) == 0);
    /* Args 9: the datestamp; GBPB 3 (at a pointer) and 4 (at the sequential pointer). */
    REQUIRE(call(&g, entry(&g, FS_ARGS), (uint32_t[8]){9, h}));
    CHECK_EQ(g.cpu.r[2], stamp_load);
    CHECK_EQ(g.cpu.r[3], stamp_exec);
    REQUIRE(call(&g, entry(&g, FS_GBPB), (uint32_t[8]){3, h, BUF, 5, 0}));
    CHECK(!v_set(&g));
    CHECK(memcmp(g.flat.ram + BUF, "hello", 5) == 0);
    CHECK_EQ(g.cpu.r[2], BUF + 5);
    CHECK_EQ(g.cpu.r[3], 0);
    CHECK_EQ(g.cpu.r[4], 5);
    REQUIRE(call(&g, entry(&g, FS_GBPB), (uint32_t[8]){4, h, BUF, 10}));
    CHECK(memcmp(g.flat.ram + BUF, " world", 6) == 0);
    CHECK_EQ(g.cpu.r[3], 4);              /* 4 bytes not transferred: end of file */
    CHECK_EQ(g.cpu.r[4], 11);
    REQUIRE(call(&g, entry(&g, FS_CLOSE), (uint32_t[8]){0, h, 0, 0}));
    CHECK(!v_set(&g));

    /* File 7: create an empty Data file; open for update; PutBytes; Args 3 (extent);
     * Args 4; Close stamping it as type &FFB. */
    put_str(&g, NAME2, "$.Data");
    uint32_t dload, dexec;
    rohfs_stamp(0xFFD, 1700000000, &dload, &dexec);
    REQUIRE(call(&g, entry(&g, FS_FILE), (uint32_t[8]){7, NAME2, dload, dexec, 0, 0}));
    CHECK(!v_set(&g));
    CHECK(host_file_is(&g, "Data,ffd", ""));
    REQUIRE(call(&g, entry(&g, FS_OPEN), (uint32_t[8]){2, NAME2, 0, 78}));
    h = g.cpu.r[1];
    CHECK(h != 0);
    CHECK_EQ(g.cpu.r[0], 3u << 30);
    memcpy(g.flat.ram + BUF, "ABCDEFGH", 8);
    REQUIRE(call(&g, entry(&g, FS_PUTBYTES), (uint32_t[8]){0, h, BUF, 8, 0}));
    CHECK(!v_set(&g));
    REQUIRE(call(&g, entry(&g, FS_ARGS), (uint32_t[8]){8, h, 8, 4}));   /* zeros at 8..11 */
    CHECK(!v_set(&g));
    REQUIRE(call(&g, entry(&g, FS_ARGS), (uint32_t[8]){2, h}));
    CHECK_EQ(g.cpu.r[2], 12);
    REQUIRE(call(&g, entry(&g, FS_ARGS), (uint32_t[8]){3, h, 6}));
    CHECK(!v_set(&g));
    REQUIRE(call(&g, entry(&g, FS_ARGS), (uint32_t[8]){4, h}));
    CHECK_EQ(g.cpu.r[2], 6);
    CHECK(host_file_is(&g, "Data,ffd", ""));  /* the temp copy is not in place yet */
    uint32_t bload, bexec;
    rohfs_stamp(0xFFB, 1600000000, &bload, &bexec);
    REQUIRE(call(&g, entry(&g, FS_CLOSE), (uint32_t[8]){0, h, bload, bexec}));
    CHECK(!v_set(&g));
    CHECK(host_file_is(&g, "Data,ffb", "ABCDEF"));
    CHECK(!host_exists(&g, "Data,ffd"));

    /* Func 8: rename into the directory. */
    put_str(&g, NAME1, "$.Data");
    put_str(&g, NAME2, "$.Docs.Moved");
    REQUIRE(call(&g, entry(&g, FS_FUNC), (uint32_t[8]){8, NAME1, NAME2}));
    CHECK(!v_set(&g));
    CHECK_EQ(g.cpu.r[1], 0);
    CHECK(host_file_is(&g, "Docs/Moved,ffb", "ABCDEF"));
    CHECK(!host_exists(&g, "Data,ffb"));
    /* Renaming something that is not there: r1 non-zero, no error. */
    REQUIRE(call(&g, entry(&g, FS_FUNC), (uint32_t[8]){8, NAME1, NAME2}));
    CHECK(!v_set(&g));
    CHECK(g.cpu.r[1] != 0);

    /* File 4: attributes (locked, owner read/write) live in the sidecar. */
    REQUIRE(call(&g, entry(&g, FS_FILE), (uint32_t[8]){4, NAME2, 0, 0, 0, 0x0B}));
    CHECK(!v_set(&g));
    REQUIRE(call(&g, entry(&g, FS_FILE), (uint32_t[8]){5, NAME2}));
    CHECK_EQ(g.cpu.r[5], 0x0B);
    CHECK_EQ(g.cpu.r[2], bload);
    CHECK_EQ(g.cpu.r[4], 6);

    /* Func 15: directory entries with information, one per call, then the end. */
    put_str(&g, NAME1, "$.Docs");
    int seen_readme = 0, seen_moved = 0;
    uint32_t next = 0;
    for (int i = 0; i < 4 && next != 0xFFFFFFFFu; i++) {
        REQUIRE(call(&g, entry(&g, FS_FUNC), (uint32_t[8]){15, NAME1, BUF, 1, next, 256}));
        CHECK(!v_set(&g));
        next = g.cpu.r[4];
        if (g.cpu.r[3] == 1) {
            const char *name = (const char *)g.flat.ram + BUF + 20;
            if (!strcmp(name, "Read/Me")) {
                seen_readme++;
                CHECK_EQ(rd32(&g, BUF), stamp_load);
                CHECK_EQ(rd32(&g, BUF + 8), 11);
                CHECK_EQ(rd32(&g, BUF + 16), ROHFS_TYPE_FILE);
            } else if (!strcmp(name, "Moved")) {
                seen_moved++;
                CHECK_EQ(rd32(&g, BUF + 12), 0x0B);
            }
        }
    }
    CHECK_EQ(next, 0xFFFFFFFFu);
    CHECK_EQ(seen_readme, 1);
    CHECK_EQ(seen_moved, 1);
    /* Func 14 (names) and 19 (with the 5-byte time), both entries at once. */
    REQUIRE(call(&g, entry(&g, FS_FUNC), (uint32_t[8]){14, NAME1, BUF, 10, 0, 256}));
    CHECK_EQ(g.cpu.r[3], 2);
    REQUIRE(call(&g, entry(&g, FS_FUNC), (uint32_t[8]){19, NAME1, BUF, 10, 0, 256}));
    CHECK_EQ(g.cpu.r[3], 2);
    const char *n19 = (const char *)g.flat.ram + BUF + 29;
    CHECK(!strcmp(n19, "Read/Me") || !strcmp(n19, "Moved"));
    uint64_t t5 = rd32(&g, BUF + 24) | (uint64_t)g.flat.ram[BUF + 28] << 32;
    CHECK_EQ(t5, rohfs_time_from_unix(!strcmp(n19, "Moved") ? 1600000000 : 1700000000));
    /* A buffer too small for one entry gives none, and is not the end. */
    REQUIRE(call(&g, entry(&g, FS_FUNC), (uint32_t[8]){15, NAME1, BUF, 10, 0, 8}));
    CHECK_EQ(g.cpu.r[3], 0);
    CHECK(g.cpu.r[4] != 0xFFFFFFFFu);

    /* File 255: load a file into memory. */
    memset(g.flat.ram + BUF, 0, 64);
    REQUIRE(call(&g, entry(&g, FS_FILE), (uint32_t[8]){255, NAME2, BUF}));
    CHECK(!v_set(&g));
    CHECK(memcmp(g.flat.ram + BUF, "ABCDEF", 6) == 0);
    CHECK_EQ(g.cpu.r[4], 6);

    /* Errors come back as error blocks: deleting a non-empty directory. */
    REQUIRE(call(&g, entry(&g, FS_FILE), (uint32_t[8]){6, NAME1}));
    CHECK_EQ(error_number(&g), 0x10000u | FS_NUMBER << 8 | 0xB4);
    CHECK(host_exists(&g, "Docs"));
    /* Escaping the folder: "//" is ".." on the host, and the sandbox refuses it. */
    put_str(&g, NAME2, "$.//.etc.passwd");
    REQUIRE(call(&g, entry(&g, FS_FILE), (uint32_t[8]){5, NAME2}));
    CHECK(error_number(&g) == (0x10000u | FS_NUMBER << 8 | 0xCC) || error_number(&g) == (0x10000u | FS_NUMBER << 8 | 0xBD));
    REQUIRE(call(&g, entry(&g, FS_FILE), (uint32_t[8]){0, NAME2, 0, 0, BUF, BUF + 4}));
    CHECK(v_set(&g));
    /* Opening a file that does not exist: handle 0, no error (FileSwitch reports it). */
    put_str(&g, NAME2, "$.Nothing");
    REQUIRE(call(&g, entry(&g, FS_OPEN), (uint32_t[8]){0, NAME2}));
    CHECK(!v_set(&g));
    CHECK_EQ(g.cpu.r[1], 0);
    /* An operation the host does not do: "Bad filing system operation". */
    REQUIRE(call(&g, entry(&g, FS_FUNC), (uint32_t[8]){99, NAME1}));
    CHECK_EQ(error_number(&g), 0x10000u | FS_NUMBER << 8 | 0xA0);

    /* File 6: delete, with the object's information returned. */
    put_str(&g, NAME1, "$.Docs.Read/Me");
    REQUIRE(call(&g, entry(&g, FS_FILE), (uint32_t[8]){6, NAME1}));
    CHECK(!v_set(&g));
    CHECK_EQ(g.cpu.r[0], ROHFS_TYPE_FILE);
    CHECK_EQ(g.cpu.r[4], 11);
    CHECK(!host_exists(&g, "Docs/Read.Me,fff"));

    /* Latin-1 names arrive as UTF-8 on the host. */
    put_str(&g, NAME1, "$.Caf\xe9");
    REQUIRE(call(&g, entry(&g, FS_FILE), (uint32_t[8]){7, NAME1, stamp_load, stamp_exec, 0, 3}));
    CHECK(!v_set(&g));
    CHECK(host_file_is(&g, "Caf\xc3\xa9,fff", "\0\0\0") || host_exists(&g, "Caf\xc3\xa9,fff"));

    /* Func 30: free space. */
    REQUIRE(call(&g, entry(&g, FS_FUNC), (uint32_t[8]){30, NAME1}));
    CHECK(!v_set(&g));
    CHECK(g.cpu.r[2] != 0);
    CHECK_EQ(g.other_swis, 0);
    rig_free(&g);
}

TEST(rohfs_module_every_operation_sa110_svc32) { every_operation(t, ARM_MODEL_SA110, NULL); }
TEST(rohfs_module_every_operation_arm610_svc26) { every_operation(t, ARM_MODEL_ARM610, NULL); }
TEST(rohfs_module_every_operation_jit)
{
    static arm_jit_t jit;
    every_operation(t, ARM_MODEL_SA110, &jit);
}

/* A machine reset closes what the guest left open, completing its writes. */
TEST(rohfs_reset_closes_guest_files)
{
    static rig_t g;
    REQUIRE(rig_init(t, &g, ARM_MODEL_SA110, false, NULL));
    put_str(&g, NAME1, "$.Left");
    REQUIRE(call(&g, entry(&g, FS_FILE), (uint32_t[8]){7, NAME1, 0, 0, 0, 0}));
    int opened = 0;
    for (int i = 0; i < HOSTFS_MAX_HANDLES + 4; i++) {
        REQUIRE(call(&g, entry(&g, FS_OPEN), (uint32_t[8]){0, NAME1}));
        opened += !v_set(&g) && g.cpu.r[1] != 0;
    }
    CHECK_EQ(opened, HOSTFS_MAX_HANDLES);   /* then "Too many open files" */
    CHECK_EQ(error_number(&g), 0x10000u | FS_NUMBER << 8 | 0xC0);
    REQUIRE(call(&g, entry(&g, FS_OPEN), (uint32_t[8]){2, NAME1}));
    CHECK(v_set(&g));
    rohfs_reset(&g.ro);
    CHECK(!g.ro.registered);
    REQUIRE(call(&g, entry(&g, FS_OPEN), (uint32_t[8]){2, NAME1}));
    CHECK(!v_set(&g));
    uint32_t h = g.cpu.r[1];
    memcpy(g.flat.ram + BUF, "kept", 4);
    REQUIRE(call(&g, entry(&g, FS_PUTBYTES), (uint32_t[8]){0, h, BUF, 4, 0}));
    rohfs_reset(&g.ro);
    CHECK(host_file_is(&g, "Left,00000000-00000000", "kept")); /* load/exec 0: untyped */
    rig_free(&g);
}

TEST(rohfs_module_readonly_share)
{
    static rig_t g;
    REQUIRE(rig_init(t, &g, ARM_MODEL_SA110, true, NULL));
    put_str(&g, NAME1, "$.New");
    REQUIRE(call(&g, entry(&g, FS_FILE), (uint32_t[8]){0, NAME1, 0, 0, BUF, BUF + 4}));
    CHECK_EQ(error_number(&g), 0x10000u | FS_NUMBER << 8 | 0xC9);
    CHECK(!host_exists(&g, "New"));
    CHECK(!host_exists(&g, "New,fff"));
    rig_free(&g);
}

/* The hook only takes what it handles: other SWIs, and every SWI without a hook, still enter
 * the SWI vector with R14 = the next instruction. */
TEST(arm_swi_hook_passes_other_swis)
{
    static rig_t g;
    REQUIRE(rig_init(t, &g, ARM_MODEL_SA110, false, NULL));
    wr32(&g, 0x8000, 0xEF000010u);            /* SWI &10 */
    g.cpu.r[15] = 0x8000;
    arm_step(&g.cpu);
    CHECK_EQ(g.cpu.r[15], 0x08);
    CHECK_EQ(g.cpu.r[14], 0x8004);
    CHECK_EQ(g.other_swis, 1);
    arm_set_cpsr(&g.cpu, ARM_MODE_SVC | ARM_PSR_I | ARM_PSR_F);
    wr32(&g, 0x8000, 0xEF076AC1u);            /* SWI XArcEm_HostFS, handled: falls through */
    g.cpu.r[9] = ROHFS_OP_REGISTER;
    g.cpu.r[0] = 3;
    g.cpu.r[15] = 0x8000;
    arm_step(&g.cpu);
    CHECK_EQ(g.cpu.r[15], 0x8004);
    CHECK_EQ(g.cpu.r[0], 0xFFFFFFFFu);
    g.cpu.swi_hook = NULL;
    g.cpu.r[15] = 0x8000;
    arm_step(&g.cpu);
    CHECK_EQ(g.cpu.r[15], 0x08);
    rig_free(&g);
}
