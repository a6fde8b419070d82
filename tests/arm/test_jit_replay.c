/* Whole-machine lock-step (cpu/arm/jit_replay.c) on a small machine: RAM at 0 and a device
 * whose reads have a side effect (a counter) and which raises IRQ on its 50th read. The device
 * must see every access once (the reference replays, never touches it), the run must show no
 * difference, and a difference planted in the reference's copy of RAM must be reported. */
#include "tests/test.h"
#include "cpu/arm/jit_replay.h"

#include <stdlib.h>
#include <string.h>

#define RAM_SIZE (1u << 20)
#define DEV 0x100000u

typedef struct rmach {
    arm_cpu_t cpu;
    arm_jit_t jit;
    arm_replay_t rp;
    uint32_t reads, writes, last_write;
    uint8_t ram[RAM_SIZE], shadow[RAM_SIZE];
} rmach_t;

static uint8_t *page(void *ctx, uint32_t paddr, bool write)
{
    rmach_t *m = ctx;
    (void)write;
    return paddr < RAM_SIZE ? m->ram + paddr : NULL;
}

static uint32_t dev_read(void *ctx, uint32_t paddr, unsigned size, bool *abort)
{
    rmach_t *m = ctx;
    (void)size, (void)abort;
    if (paddr != DEV)
        return 0;
    if (++m->reads == 50)
        arm_replay_set_irq(&m->rp, true); /* masked (I set at reset): only the line changes */
    return m->reads * 3;
}

static void dev_write(void *ctx, uint32_t paddr, uint32_t value, unsigned size, bool *abort)
{
    rmach_t *m = ctx;
    (void)size, (void)abort;
    if (paddr == DEV + 4) {
        m->writes++;
        m->last_write = value;
    }
}

/* loop: r2 = device; r3 = [r4] + r2; device+4 = r3; [r4] = r3; 100 times; then b . */
static const uint32_t prog[] = {
    0xE3A01601, /* mov r1, #0x100000 */
    0xE5912000, /* ldr r2, [r1] */
    0xE5943000, /* ldr r3, [r4] */
    0xE0833002, /* add r3, r3, r2 */
    0xE5813004, /* str r3, [r1, #4] */
    0xE5843000, /* str r3, [r4] */
    0xE2555001, /* subs r5, r5, #1 */
    0x1AFFFFF8, /* bne 4 */
    0xEAFFFFFE, /* b . */
};

static rmach_t *run(test_ctx_t *t, bool plant)
{
    rmach_t *m = calloc(1, sizeof *m);
    char err[160];
    if (!m)
        return NULL;
    memcpy(m->ram, prog, sizeof prog);
    arm_cfg_t cfg = {.model = ARM_MODEL_SA110, .bus = {.ctx = m, .page = page, .read = dev_read, .write = dev_write}};
    if (arm_init(&m->cpu, &cfg, err, sizeof err) ||
        arm_replay_init(&m->rp, &m->cpu, &m->jit, m->ram, m->shadow, RAM_SIZE, err, sizeof err)) {
        test_fail(t, __FILE__, __LINE__, "init: %s", err);
        free(m);
        return NULL;
    }
    arm_set_reg(&m->cpu, ARM_MODE_SVC, 4, 0x1000);
    arm_set_reg(&m->cpu, ARM_MODE_SVC, 5, 100);
    arm_replay_sync(&m->rp);
    if (plant)
        m->rp.shadow[0x1000] = 1;
    for (int i = 0; i < 100 && m->cpu.r[15] != 0x20 && !m->rp.ls.diverged; i++)
        arm_replay_run(&m->rp, 97);
    return m;
}

TEST(jit_replay_device_once)
{
    rmach_t *m = run(t, false);
    REQUIRE(m);
    if (m->rp.ls.diverged)
        fputs(m->rp.ls.report, stdout);
    CHECK(!m->rp.ls.diverged);
    CHECK(arm_replay_check_memory(&m->rp));
    CHECK_EQ(m->cpu.r[15], 0x20u);
    CHECK_EQ(m->reads, 100u); /* not 200: the reference read the record */
    CHECK_EQ(m->writes, 100u);
    CHECK_EQ(m->last_write, 3u * 5050u);
    CHECK(m->rp.ref.irq_line);
    CHECK_EQ(m->rp.ref.cycles, m->cpu.cycles);
    arm_replay_destroy(&m->rp);
    free(m);
}

TEST(jit_replay_reports_io_difference)
{
    rmach_t *m = run(t, true);
    REQUIRE(m);
    CHECK(m->rp.ls.diverged);
    CHECK(strstr(m->rp.ls.report, "I/O accesses (the interpreter wrote") != NULL);
    CHECK_EQ(m->writes, 1u); /* stopped after the first block that differed */
    arm_replay_destroy(&m->rp);
    free(m);
}
