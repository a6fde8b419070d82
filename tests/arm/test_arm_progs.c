/* Hand-written ARM programs (tests/arm/NAME.s, assembled at build time) for what Unicorn cannot
 * check: 26-bit modes, the P/D configurations, ARM610/ARM710 vs SA-110 differences, the MMU,
 * aborts inside LDM/STM, exception entry/return, SA-110 CP15 extras. Each program reports
 * through the I/O window of tests/arm/common.inc; it passes only if it writes its pass word AND
 * every one of its checks pinged (a core that skips code cannot pass). */
#include "tests/test.h"
#include "cpu/arm/arm.h"
#include "arm_test_progs.h"

#include <stdlib.h>

#define RAM_SIZE (1u << 20)
#define IO_BASE 0xF0000u
#define MAX_INSNS 2000000u

typedef struct prog_run {
    arm_cpu_t cpu;
    arm_flat_t flat;
    uint8_t ram[RAM_SIZE];
    bool done;
    uint32_t result, wrong_value, wrong_at;
    unsigned pings;
    unsigned halted_runs;  /* arm_run calls that found the CPU waiting for an interrupt */
    bool ran_while_halted; /* instructions executed by such a call: wrong */
} prog_run_t;

static void on_io(void *ctx, uint32_t addr, uint32_t value, unsigned size)
{
    prog_run_t *p = ctx;
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

/* Runs `image` on `model`; returns the run (caller frees) or NULL with the test failed. */
static prog_run_t *run_prog(test_ctx_t *t, const unsigned char *image, size_t len, arm_model_t model, bool param)
{
    prog_run_t *p = calloc(1, sizeof *p);
    char err[160];
    if (!p) return NULL;
    memcpy(p->ram, image, len);
    if (param) /* programs that ask for it get the model number at 0x20 */
        memcpy(p->ram + 0x20, &(uint32_t){(uint32_t)model}, 4);
    p->flat = (arm_flat_t){.ram = p->ram, .size = RAM_SIZE, .slow_base = IO_BASE, .slow_size = 0x1000,
                           .on_write = on_io, .on_write_ctx = p};
    arm_cfg_t cfg = {.model = model};
    arm_flat_bus(&p->flat, &cfg.bus);
    if (arm_init(&p->cpu, &cfg, err, sizeof err) != 0) {
        test_fail(t, __FILE__, __LINE__, "arm_init: %s", err);
        free(p);
        return NULL;
    }
    /* A CPU waiting for an interrupt (SA-110 CP15 c15) must execute nothing; after three idle
     * slices the "machine" raises IRQ, as a timer would. */
    for (unsigned slices = 0; !p->done && p->cpu.insns < MAX_INSNS && slices < 100000; slices++) {
        bool halted = p->cpu.halted;
        uint64_t before = p->cpu.insns;
        arm_run(&p->cpu, 10000);
        if (halted) {
            if (p->cpu.insns != before) p->ran_while_halted = true;
            if (++p->halted_runs % 3 == 0) arm_set_irq(&p->cpu, true);
        }
    }
    return p;
}

static void check_prog(test_ctx_t *t, const char *name, const unsigned char *image, size_t len, arm_model_t model,
                       bool param, unsigned min_halts)
{
    prog_run_t *p = run_prog(t, image, len, model, param);
    if (!p) return;
    const char *m = arm_model_name(model);
    if (!p->done) {
        test_fail(t, __FILE__, __LINE__, "%s on %s: no result after %llu instructions (pc %08x, cpsr %08x)", name, m,
                  (unsigned long long)p->cpu.insns, arm_get_reg(&p->cpu, arm_get_cpsr(&p->cpu) & 0x1F, 15),
                  arm_get_cpsr(&p->cpu));
    } else if ((p->result >> 16) == 0xBAD0) {
        test_fail(t, __FILE__, __LINE__, "%s on %s: check %u at 0x%x failed (value 0x%08x; see tests/arm/%s.s)",
                  name, m, p->result & 0xFFFF, p->wrong_at, p->wrong_value, name);
    } else if ((p->result >> 16) != 0x600D || (p->result & 0xFFFF) != p->pings) {
        test_fail(t, __FILE__, __LINE__, "%s on %s: result 0x%08x after %u checks passed", name, m, p->result,
                  p->pings);
    }
    if (p->ran_while_halted)
        test_fail(t, __FILE__, __LINE__, "%s on %s: instructions ran while waiting for an interrupt", name, m);
    if (p->halted_runs < min_halts)
        test_fail(t, __FILE__, __LINE__, "%s on %s: waited for interrupts %u times, expected %u", name, m,
                  p->halted_runs / 3, min_halts / 3);
    free(p);
}

#define PROG(name, model) check_prog(t, #name, armt_##name, sizeof armt_##name, model, false, 0)
#define PROG_P(name, model) check_prog(t, #name, armt_##name, sizeof armt_##name, model, true, 0)

TEST(arm_exc32_sa110) { PROG(exc32, ARM_MODEL_SA110); }
TEST(arm_exc32_arm710) { PROG(exc32, ARM_MODEL_ARM710); }
TEST(arm_exc32_arm610) { PROG(exc32, ARM_MODEL_ARM610); }
TEST(arm_excret_sa110) { PROG(excret, ARM_MODEL_SA110); }
TEST(arm_excret_arm710) { PROG(excret, ARM_MODEL_ARM710); }
TEST(arm_excret_arm610) { PROG(excret, ARM_MODEL_ARM610); }
TEST(arm_mode26_arm710) { PROG(mode26, ARM_MODEL_ARM710); }
TEST(arm_mode26_arm610) { PROG(mode26, ARM_MODEL_ARM610); }
TEST(arm_models_sa110) { PROG_P(models, ARM_MODEL_SA110); }
TEST(arm_models_arm710) { PROG_P(models, ARM_MODEL_ARM710); }
TEST(arm_models_arm610) { PROG_P(models, ARM_MODEL_ARM610); }
TEST(arm_mmu_sa110) { PROG_P(mmu, ARM_MODEL_SA110); }
TEST(arm_mmu_arm710) { PROG_P(mmu, ARM_MODEL_ARM710); }
TEST(arm_mmu_arm610) { PROG_P(mmu, ARM_MODEL_ARM610); }
/* two waits for interrupt, three idle slices each */
TEST(arm_sa110_cp15) { check_prog(t, "sa110", armt_sa110, sizeof armt_sa110, ARM_MODEL_SA110, false, 6); }
TEST(arm_mode26p_sa110) { PROG(mode26p, ARM_MODEL_SA110); }
TEST(arm_smc_sa110) { PROG(smc, ARM_MODEL_SA110); }
TEST(arm_smc_arm610) { PROG(smc, ARM_MODEL_ARM610); }
TEST(arm_mode26p_arm710) { PROG(mode26p, ARM_MODEL_ARM710); }
TEST(arm_mode26p_arm610) { PROG(mode26p, ARM_MODEL_ARM610); }
