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
