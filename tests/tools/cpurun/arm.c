/* cpurun backend for the ARM core: 16 MB flat RAM at 0 (MMU off), the exit word at
 * 0x00FFFFF0 kept on the slow path so the write is seen. */
#include "cpu/arm/arm.h"
#include "tests/tools/cpurun/cpurun.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct arm_run_ctx {
    arm_cpu_t *cpu;
    cpurun_result_t *res;
} arm_run_ctx_t;

static void on_exit_write(void *ctx, uint32_t addr, uint32_t value, unsigned size)
{
    arm_run_ctx_t *c = ctx;
    if (addr == CPURUN_EXIT_ADDR && size == 4) {
        c->res->value = value;
        c->res->finished = 1;
        arm_stop(c->cpu);
    }
}

int cpurun_arm(uint8_t *ram, const cpurun_opts_t *opts, cpurun_result_t *res, char *err, size_t errlen)
{
    arm_model_t model = ARM_MODEL_SA110;
    if (opts->model && !arm_model_from_name(opts->model, &model)) {
        snprintf(err, errlen, "unknown --model '%s' (sa110, arm710 or arm610)", opts->model);
        return -1;
    }
    if (opts->core && strcmp(opts->core, "interp") != 0) {
        snprintf(err, errlen, "--core %s is not available for the ARM (only interp)", opts->core);
        return -1;
    }
    arm_cpu_t *cpu = malloc(sizeof *cpu);
    if (!cpu) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    arm_run_ctx_t ctx = {cpu, res};
    arm_flat_t flat = {.ram = ram, .size = CPURUN_RAM_SIZE, .slow_base = CPURUN_EXIT_ADDR & ~0xFFFu,
                       .slow_size = 0x1000, .on_write = on_exit_write, .on_write_ctx = &ctx};
    arm_cfg_t cfg = {.model = model};
    arm_flat_bus(&flat, &cfg.bus);
    if (arm_init(cpu, &cfg, err, errlen)) {
        free(cpu);
        return -1;
    }
    /* v3 cores reset into the 26-bit configuration; the workload is a 32-bit program, so
     * select PROG32/DATA32 and SVC32 as a boot loader would. */
    if (model != ARM_MODEL_SA110) {
        arm_cp15_write(cpu, 1, ARM_CR_P | ARM_CR_D | arm_cp15_read(cpu, 1));
        arm_set_cpsr(cpu, ARM_PSR_I | ARM_PSR_F | ARM_MODE_SVC);
    }
    uint64_t max = opts->max_insns ? opts->max_insns : 20000000000ull;
    while (!res->finished && cpu->insns < max)
        arm_run(cpu, 1 << 22);
    res->insns = cpu->insns;
    res->cycles = cpu->cycles;
    free(cpu);
    return 0;
}
