/* The hand-written ARM programs of tests/arm (see test_arm_progs.c) under the JIT: in lock-step
 * with the interpreter (the two cores must never differ) and alone at full speed (chaining, the
 * jump cache); each run must pass the program's own checks. */
#include "tests/test.h"
#include "cpu/arm/jit.h"
#include "arm_test_progs.h"

#include <stdlib.h>

#define RAM_SIZE (1u << 20)
#define IO_BASE 0xF0000u
#define MAX_INSNS 2000000u

typedef struct side {
    arm_cpu_t cpu;
    arm_flat_t flat;
    _Alignas(4096) uint8_t ram[RAM_SIZE]; /* (on host pages: the JIT's fastmem maps them) */
    bool done;
    uint32_t result, wrong_value, wrong_at;
    unsigned pings;
} side_t;

typedef struct jprog {
    side_t jit_side, ref_side;
    arm_jit_t jit;
    arm_lockstep_t ls;
} jprog_t;

static void on_io(void *ctx, uint32_t addr, uint32_t value, unsigned size)
{
    side_t *p = ctx;
    (void)size;
    switch (addr - IO_BASE) {
    case 0x00: p->result = value; p->done = true; arm_stop(&p->cpu); break;
    case 0x04: p->pings++; break;
    case 0x08: arm_set_irq(&p->cpu, value & 1); break;
    case 0x0C: arm_set_fiq(&p->cpu, value & 1); break;
    case 0x10: p->wrong_value = value; break;
    case 0x14: p->wrong_at = value; break;
    default: break;
    }
}

static bool side_init(test_ctx_t *t, side_t *s, const unsigned char *image, size_t len, arm_model_t model, bool param)
{
    char err[160];
    memcpy(s->ram, image, len);
    if (param) /* programs that ask for it get the model number at 0x20 */
        memcpy(s->ram + 0x20, &(uint32_t){(uint32_t)model}, 4);
    s->flat = (arm_flat_t){.ram = s->ram, .size = RAM_SIZE, .slow_base = IO_BASE, .slow_size = 0x1000,
                           .on_write = on_io, .on_write_ctx = s};
    arm_cfg_t cfg = {.model = model};
    arm_flat_bus(&s->flat, &cfg.bus);
    if (arm_init(&s->cpu, &cfg, err, sizeof err)) {
        test_fail(t, __FILE__, __LINE__, "arm_init: %s", err);
        return false;
    }
    return true;
}

static void check_jit_prog(test_ctx_t *t, const char *name, const unsigned char *image, size_t len, arm_model_t model,
                           bool param, bool lockstep)
{
    jprog_t *p = aligned_alloc(4096, (sizeof *p + 4095) & ~(size_t)4095);
    char err[160];
    REQUIRE(p);
    memset(p, 0, sizeof *p);
    if (!side_init(t, &p->jit_side, image, len, model, param) ||
        !side_init(t, &p->ref_side, image, len, model, param) ||
        arm_jit_init(&p->jit, &p->jit_side.cpu, err, sizeof err) ||
        arm_jit_fastmem_region(&p->jit, p->jit_side.ram, RAM_SIZE, err, sizeof err)) {
        free(p);
        REQUIRE(!"init");
    }
    p->ls = (arm_lockstep_t){.jit = &p->jit, .ref = &p->ref_side.cpu, .mem = p->jit_side.ram,
                             .ref_mem = p->ref_side.ram, .mem_size = RAM_SIZE};
    /* As test_arm_progs.c: after three slices waiting for an interrupt, the "machine" raises
     * IRQ (on both CPUs, which wait on the same instruction). */
    unsigned halted_runs = 0;
    for (unsigned slices = 0; !p->jit_side.done && p->jit_side.cpu.insns < MAX_INSNS && !p->ls.diverged &&
                              slices < 100000; slices++) {
        bool halted = p->jit_side.cpu.halted;
        if (lockstep)
            arm_lockstep_run(&p->ls, 10000);
        else /* chained blocks and the jump cache, the program checks itself */
            arm_run(&p->jit_side.cpu, 10000);
        if (halted && ++halted_runs % 3 == 0) {
            arm_set_irq(&p->jit_side.cpu, true);
            arm_set_irq(&p->ref_side.cpu, true);
        }
    }
    if (!p->ls.diverged && lockstep)
        arm_lockstep_check_memory(&p->ls);
    const char *m = arm_model_name(model);
    side_t *s = &p->jit_side;
    if (p->ls.diverged) {
        test_fail(t, __FILE__, __LINE__, "%s on %s: JIT and interpreter differ", name, m);
        fputs(p->ls.report, stdout);
    } else if (!s->done) {
        test_fail(t, __FILE__, __LINE__, "%s on %s under the JIT: no result after %llu instructions", name, m,
                  (unsigned long long)s->cpu.insns);
    } else if ((s->result >> 16) != 0x600D || (s->result & 0xFFFF) != s->pings) {
        test_fail(t, __FILE__, __LINE__, "%s on %s under the JIT: result 0x%08x (value 0x%08x at 0x%x) after %u checks",
                  name, m, s->result, s->wrong_value, s->wrong_at, s->pings);
    }
    arm_jit_destroy(&p->jit);
    free(p);
}

#define JPROG(name, model) check_jit_prog(t, #name, armt_##name, sizeof armt_##name, model, false, true); \
    check_jit_prog(t, #name, armt_##name, sizeof armt_##name, model, false, false)
#define JPROG_P(name, model) check_jit_prog(t, #name, armt_##name, sizeof armt_##name, model, true, true); \
    check_jit_prog(t, #name, armt_##name, sizeof armt_##name, model, true, false)

TEST(jit_prog_exc32_sa110) { JPROG(exc32, ARM_MODEL_SA110); }
TEST(jit_prog_exc32_arm710) { JPROG(exc32, ARM_MODEL_ARM710); }
TEST(jit_prog_exc32_arm610) { JPROG(exc32, ARM_MODEL_ARM610); }
TEST(jit_prog_excret_sa110) { JPROG(excret, ARM_MODEL_SA110); }
TEST(jit_prog_excret_arm710) { JPROG(excret, ARM_MODEL_ARM710); }
TEST(jit_prog_excret_arm610) { JPROG(excret, ARM_MODEL_ARM610); }
TEST(jit_prog_mode26_arm710) { JPROG(mode26, ARM_MODEL_ARM710); }
TEST(jit_prog_mode26_arm610) { JPROG(mode26, ARM_MODEL_ARM610); }
TEST(jit_prog_models_sa110) { JPROG_P(models, ARM_MODEL_SA110); }
TEST(jit_prog_models_arm710) { JPROG_P(models, ARM_MODEL_ARM710); }
TEST(jit_prog_models_arm610) { JPROG_P(models, ARM_MODEL_ARM610); }
TEST(jit_prog_mmu_sa110) { JPROG_P(mmu, ARM_MODEL_SA110); }
TEST(jit_prog_mmu_arm710) { JPROG_P(mmu, ARM_MODEL_ARM710); }
TEST(jit_prog_mmu_arm610) { JPROG_P(mmu, ARM_MODEL_ARM610); }
TEST(jit_prog_sa110_cp15) { JPROG(sa110, ARM_MODEL_SA110); }
TEST(jit_prog_smc_sa110) { JPROG(smc, ARM_MODEL_SA110); }
TEST(jit_prog_smc_arm610) { JPROG(smc, ARM_MODEL_ARM610); }
