/* RiscPC save states: a state saved mid-run and loaded into a fresh machine continues exactly
 * as the uninterrupted run; mismatched or damaged files are refused with a message. */
#include "machines/machine.h"
#include "machines/riscpc.h"
#include "tests/fuzz/riscpc_state.h"
#include "tests/test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static machine_t *make(test_ctx_t *t, const char *cpu, int ram)
{
    setenv("XDG_DATA_HOME", "/nonexistent-arcana-test", 1);
    machine_config_t cfg = {.machine = "riscpc", .cpu = cpu, .ram_mb = ram};
    machine_t *m = NULL;
    char err[256];
    if (machine_create(&cfg, &m, err, sizeof err) != 0) {
        test_fail(t, __FILE__, __LINE__, "create: %s", err);
        return NULL;
    }
    return m;
}

static uint64_t hash_frame(machine_t *m)
{
    machine_frame_t f;
    machine_get_frame(m, &f);
    uint64_t h = 0xcbf29ce484222325ull;
    for (int y = 0; y < f.height; y++)
        for (int x = 0; x < f.width; x++) {
            h ^= f.pixels[y * f.stride + x];
            h *= 0x100000001b3ull;
        }
    return h;
}

TEST(riscpc_state_roundtrip_bootrom)
{
    char path[] = "/tmp/arcana-state-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    close(fd);
    char err[256];
    /* ARM710 at 40 MHz, 8 MB: the RAM test is still running after 5 frames */
    machine_t *a = make(t, "arm710", 8);
    REQUIRE(a);
    for (int i = 0; i < 5; i++)
        machine_run_frame(a);
    REQUIRE(machine_save_state(a, path, err, sizeof err) == 0);
    machine_t *b = make(t, "arm710", 8);
    REQUIRE(b);
    CHECK(machine_load_state(b, path, err, sizeof err) == 0);
    CHECK_EQ(b->ticks, a->ticks);
    for (int i = 0; i < 40; i++) {
        machine_run_frame(a);
        machine_run_frame(b);
    }
    CHECK_EQ(a->ticks, b->ticks);
    CHECK_EQ(hash_frame(a), hash_frame(b));
    CHECK_EQ(riscpc_cpu(a)->insns, riscpc_cpu(b)->insns);
    CHECK_EQ(riscpc_cpu(a)->r[15], riscpc_cpu(b)->r[15]);

    /* another memory size: refused, the machine untouched */
    machine_t *c = make(t, "arm710", 12);
    REQUIRE(c);
    CHECK(machine_load_state(c, path, err, sizeof err) != 0);
    CHECK(strstr(err, "memory size") != NULL);
    /* a damaged file */
    FILE *f = fopen(path, "r+b");
    REQUIRE(f);
    fseek(f, 4096, SEEK_SET);
    int ch = fgetc(f);
    fseek(f, 4096, SEEK_SET);
    fputc(ch ^ 0xff, f);
    fclose(f);
    CHECK(machine_load_state(b, path, err, sizeof err) != 0);
    CHECK(strstr(err, "corrupt") != NULL);
    CHECK(machine_load_state(b, "/nonexistent/state", err, sizeof err) != 0);
    machine_destroy(a);
    machine_destroy(b);
    machine_destroy(c);
    unlink(path);
}

static uint8_t *slurp_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc(*len);
    if (b && fread(b, 1, *len, f) != *len) {
        free(b);
        b = NULL;
    }
    fclose(f);
    return b;
}

/* A state refused in a late section (IDE) leaves the whole machine as it was: the podule cards
 * (the EtherH's registers) included, although their section came before the bad one. */
TEST(riscpc_state_refused_leaves_the_machine_alone)
{
    char p1[] = "/tmp/arcana-state1-XXXXXX", p2[] = "/tmp/arcana-state2-XXXXXX";
    REQUIRE(close(mkstemp(p1)) == 0);
    REQUIRE(close(mkstemp(p2)) == 0);
    char err[512];
    machine_t *m = make(t, "sa110", 4);
    REQUIRE(m);
    for (int i = 0; i < 3; i++)
        machine_run_frame(m);
    REQUIRE(machine_save_state(m, p1, err, sizeof err) == 0);
    riscpc_bus_write(m, 0x03000804u, 0x46, 1); /* EtherH (slot 0, MEMC space): DP8390 PSTART */
    REQUIRE(machine_save_state(m, p2, err, sizeof err) == 0);
    size_t len1, len2;
    uint8_t *s1 = slurp_file(p1, &len1), *s2 = slurp_file(p2, &len2);
    REQUIRE(s1 && s2);
    CHECK(len1 != len2 || memcmp(s1, s2, len1) != 0); /* the write changed the card */
    rpc_section_t sec[32];
    int n = rpc_state_sections(s1, len1, sec, 32), ide = -1;
    for (int i = 0; i < n; i++)
        if (!strcmp(sec[i].tag, "IDE "))
            ide = i;
    REQUIRE(ide >= 0);
    s1[sec[ide].head + RPC_SECTION_HEAD + 1 + 4 + 1] = 0xff; /* drive 0's heads: 0xff00 */
    rpc_state_fix_checksum(s1, len1);
    FILE *f = fopen(p1, "wb");
    REQUIRE(f);
    CHECK(fwrite(s1, 1, len1, f) == len1);
    fclose(f);
    CHECK(machine_load_state(m, p1, err, sizeof err) != 0);
    CHECK(strstr(err, p1) && strstr(err, "section IDE") && strstr(err, "machine unchanged"));
    REQUIRE(machine_save_state(m, p1, err, sizeof err) == 0);
    size_t len3;
    uint8_t *s3 = slurp_file(p1, &len3);
    REQUIRE(s3);
    CHECK(len3 == len2 && memcmp(s3, s2, len2) == 0);
    free(s1);
    free(s2);
    free(s3);
    machine_destroy(m);
    unlink(p1);
    unlink(p2);
}

/* HostFS's open files travel in states: the guest's handles, modes and positions are reopened
 * by path in a new machine sharing the folder; a file gone from the host, or a machine without
 * --hostfs, refuses the state with one line and keeps its own files. */
#include "machines/riscpc/internal.h"

static uint32_t hfs_call(riscpc_t *rp, uint32_t op, uint32_t r0, uint32_t r1, uint32_t r2)
{
    uint32_t r[16] = {r0, r1, r2};
    r[9] = op;
    rohfs_call(&rp->hostfs.ro, r);
    return r[1];
}

TEST(riscpc_state_reopens_hostfs_files)
{
    setenv("XDG_DATA_HOME", "/nonexistent-arcana-test", 1);
    char dir[] = "/tmp/arcana-hfsstate-XXXXXX", path[300], state[300];
    REQUIRE(mkdtemp(dir));
    const char *names[2] = {"a", "b"};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "w");
        REQUIRE(f);
        fputs("hello world", f);
        fclose(f);
    }
    snprintf(state, sizeof state, "%s.state", dir);
    machine_config_t cfg = {.machine = "riscpc", .cpu = "sa110", .ram_mb = 8, .hostfs_dir = dir};
    machine_t *m = NULL, *m2 = NULL, *plain = NULL;
    char err[512];
    REQUIRE(machine_create(&cfg, &m, err, sizeof err) == 0);
    REQUIRE(machine_create(&cfg, &m2, err, sizeof err) == 0);
    riscpc_t *rp = (riscpc_t *)m, *rp2 = (riscpc_t *)m2;
    /* the guest's path strings in RAM (the MMU is off after reset) */
    memcpy(riscpc_ram_ptr(rp, 0x10000000u), "a\0b", 4);
    hfs_call(rp, ROHFS_OP_REGISTER, 1, 0, 0);
    uint32_t ha = hfs_call(rp, 0, 0, 0x10000000u, 0), hb = hfs_call(rp, 0, 0, 0x10000002u, 0);
    REQUIRE(ha == 1 && hb == 2);
    hfs_call(rp, 3, 1, hb, 5);    /* FSEntry_Args 1: b's pointer to 5 */
    hfs_call(rp, 4, 0, ha, 0);    /* close a: handle 0 free, b stays in handle 1 */
    REQUIRE(machine_save_state(m, state, err, sizeof err) == 0);

    REQUIRE(machine_load_state(m2, state, err, sizeof err) == 0);
    CHECK(rp2->hostfs.ro.registered);
    CHECK(!rp2->hostfs.ro.files[0].used && !rp2->hostfs.fs.handles[0].used);
    CHECK(rp2->hostfs.ro.files[1].used && !rp2->hostfs.ro.files[1].writable && rp2->hostfs.ro.files[1].pos == 5);
    CHECK(rp2->hostfs.fs.handles[1].used && strcmp(rp2->hostfs.ro.files[1].path, "b") == 0);

    /* b gone from the host: one line, and m2 keeps its open b */
    hfs_call(rp, 4, 0, hb, 0);
    hfs_call(rp2, 4, 0, hb, 0);
    memcpy(riscpc_ram_ptr(rp2, 0x10000000u), "a", 2);
    uint32_t h2 = hfs_call(rp2, 0, 0, 0x10000000u, 0);
    CHECK(h2 == 1);
    snprintf(path, sizeof path, "%s/b", dir);
    unlink(path);
    CHECK(machine_load_state(m2, state, err, sizeof err) != 0);
    CHECK(strstr(err, "HostFS file b") && strstr(err, "machine unchanged") && !strchr(err, '\n'));
    CHECK(rp2->hostfs.ro.files[0].used && rp2->hostfs.fs.handles[0].used && !rp2->hostfs.ro.files[1].used);

    /* no --hostfs: the HostFS card's slot already differs (PODS), before HFS is reached */
    machine_config_t pc = {.machine = "riscpc", .cpu = "sa110", .ram_mb = 8};
    REQUIRE(machine_create(&pc, &plain, err, sizeof err) == 0);
    CHECK(machine_load_state(plain, state, err, sizeof err) != 0);
    CHECK(strstr(err, "podule slots") && !strchr(err, '\n'));
    machine_destroy(plain);
    machine_destroy(m2);
    machine_destroy(m);
    unlink(state);
    snprintf(path, sizeof path, "%s/a", dir);
    unlink(path);
    rmdir(dir);
}
