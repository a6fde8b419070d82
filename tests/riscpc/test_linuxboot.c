/* Direct Linux boot set-up (issue 6): ATAG list at 0x10000100, kernel at 0x10008000, entry
 * state r0 = 0, r1 = 1 (MACH_TYPE_RISCPC), r2 = 0x10000100, SVC mode with IRQ/FIQ masked. */
#include "machines/machine.h"
#include "machines/riscpc.h"
#include "tests/test.h"

#include <stdlib.h>
#include <unistd.h>

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(data, 1, n, f);
        fclose(f);
    }
}

static machine_t *boot(test_ctx_t *t, const char *kernel, const char *initrd, const char *append, int ram)
{
    machine_config_t cfg = {.machine = "riscpc", .kernel = kernel, .initrd = initrd, .append = append, .ram_mb = ram};
    machine_t *m = NULL;
    char err[256];
    if (machine_create(&cfg, &m, err, sizeof err) != 0) {
        test_fail(t, __FILE__, __LINE__, "create: %s", err);
        return NULL;
    }
    return m;
}

TEST(riscpc_linux_atags_and_entry)
{
    char kpath[] = "/tmp/arcana-kernel-XXXXXX";
    int fd = mkstemp(kpath);
    REQUIRE(fd >= 0);
    close(fd);
    static const uint32_t kernel[2] = {0xe1a00000u, 0xeafffffeu}; /* mov r0,r0; b . */
    write_file(kpath, kernel, sizeof kernel);
    machine_t *m = boot(t, kpath, NULL, NULL, 32);
    REQUIRE(m);
    uint32_t a = 0x10000100;
    /* ATAG_CORE: flags 0, page size 4096, root device 0 */
    CHECK_EQ(riscpc_phys_read32(m, a), 5);
    CHECK_EQ(riscpc_phys_read32(m, a + 4), 0x54410001);
    CHECK_EQ(riscpc_phys_read32(m, a + 12), 4096);
    a += 20;
    /* ATAG_MEM: 32 MB at 0x10000000 */
    CHECK_EQ(riscpc_phys_read32(m, a), 4);
    CHECK_EQ(riscpc_phys_read32(m, a + 4), 0x54410002);
    CHECK_EQ(riscpc_phys_read32(m, a + 8), 32u << 20);
    CHECK_EQ(riscpc_phys_read32(m, a + 12), 0x10000000);
    a += 16;
    /* ATAG_ACORN: 512 VRAM pages (2 MB) */
    CHECK_EQ(riscpc_phys_read32(m, a), 5);
    CHECK_EQ(riscpc_phys_read32(m, a + 4), 0x41000101);
    CHECK_EQ(riscpc_phys_read32(m, a + 12), 512);
    a += 20;
    /* no --append: no ATAG_CMDLINE, the list ends */
    CHECK_EQ(riscpc_phys_read32(m, a), 0);
    CHECK_EQ(riscpc_phys_read32(m, a + 4), 0);
    CHECK_EQ(riscpc_phys_read32(m, 0x10008004), 0xeafffffeu);
    arm_cpu_t *cpu = riscpc_cpu(m);
    CHECK_EQ(arm_get_cpsr(cpu) & 0xff, 0xd3);
    CHECK_EQ(arm_get_reg(cpu, ARM_MODE_SVC, 0), 0);
    CHECK_EQ(arm_get_reg(cpu, ARM_MODE_SVC, 1), 1);
    CHECK_EQ(arm_get_reg(cpu, ARM_MODE_SVC, 2), 0x10000100);
    CHECK_EQ(arm_get_reg(cpu, ARM_MODE_SVC, 15), 0x10008000);
    /* it runs: the CPU reaches the loop and stays there */
    machine_run(m, 2400000);
    CHECK_EQ(arm_get_reg(cpu, ARM_MODE_SVC, 15), 0x10008004);
    /* a reset reloads the kernel (the running one overwrites its image) and re-enters it */
    riscpc_bus_write(m, 0x10008004, 0x12345678, 4);
    riscpc_bus_write(m, 0x10000100, 0, 4);
    machine_reset(m, true);
    CHECK_EQ(riscpc_phys_read32(m, 0x10008004), 0xeafffffeu);
    CHECK_EQ(riscpc_phys_read32(m, 0x10000104), 0x54410001);
    CHECK_EQ(arm_get_reg(cpu, ARM_MODE_SVC, 15), 0x10008000);
    CHECK_EQ(arm_get_reg(cpu, ARM_MODE_SVC, 1), 1);
    machine_destroy(m);
    unlink(kpath);
}

TEST(riscpc_linux_cmdline_initrd_banks)
{
    char kpath[] = "/tmp/arcana-kernel-XXXXXX", ipath[] = "/tmp/arcana-initrd-XXXXXX";
    int fd = mkstemp(kpath);
    REQUIRE(fd >= 0);
    close(fd);
    fd = mkstemp(ipath);
    REQUIRE(fd >= 0);
    close(fd);
    static const uint32_t kernel[1] = {0xeafffffeu};
    write_file(kpath, kernel, sizeof kernel);
    static uint8_t initrd[5000];
    memset(initrd, 0x5a, sizeof initrd);
    write_file(ipath, initrd, sizeof initrd);
    machine_t *m = boot(t, kpath, ipath, "console=ttyS0", 96);
    REQUIRE(m);
    uint32_t a = 0x10000100 + 20;
    /* 96 MB: a 64 MB bank at 0x10000000 and a 32 MB bank at 0x14000000 */
    CHECK_EQ(riscpc_phys_read32(m, a + 8), 64u << 20);
    CHECK_EQ(riscpc_phys_read32(m, a + 12), 0x10000000);
    CHECK_EQ(riscpc_phys_read32(m, a + 16 + 8), 32u << 20);
    CHECK_EQ(riscpc_phys_read32(m, a + 16 + 12), 0x14000000);
    a += 32 + 20; /* past ACORN */
    CHECK_EQ(riscpc_phys_read32(m, a + 4), 0x54420005);
    uint32_t start = riscpc_phys_read32(m, a + 8);
    CHECK_EQ(riscpc_phys_read32(m, a + 12), sizeof initrd);
    CHECK_EQ(start & 0xfff, 0);
    CHECK(start >= 0x11000000 && start + sizeof initrd <= 0x14000000);
    CHECK_EQ(riscpc_phys_read32(m, start), 0x5a5a5a5a);
    a += 16;
    CHECK_EQ(riscpc_phys_read32(m, a), 2 + 4); /* "console=ttyS0" + NUL = 14 bytes = 4 words */
    CHECK_EQ(riscpc_phys_read32(m, a + 4), 0x54410009);
    CHECK_EQ(riscpc_phys_read32(m, a + 8), 0x736e6f63); /* "cons" */
    CHECK_EQ(riscpc_phys_read32(m, a + 24), 0);         /* ATAG_NONE */
    machine_destroy(m);
    unlink(kpath);
    unlink(ipath);
}
