/* RiscPC save states: a state saved mid-run and loaded into a fresh machine continues exactly
 * as the uninterrupted run; mismatched or damaged files are refused with a message. */
#include "machines/machine.h"
#include "machines/riscpc.h"
#include "tests/test.h"

#include <stdlib.h>
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
