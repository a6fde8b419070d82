/* armjit --core interp|jit|lockstep [--model M] [--max-insns N] [--stats] BIN
 * The ARM JIT's counterpart of `cpurun --cpu arm` (same machine: 16 MB flat RAM at 0, MMU off,
 * the program ends by writing its result to 0x00FFFFF0; same output line), until cpurun's ARM
 * backend takes `--core jit|lockstep` itself. Lock-step runs a second CPU with its own copy of
 * RAM in the interpreter and stops at the first difference with a report.
 * "seconds" is the CPU time of the process (not wall time), so that figures taken on a busy
 * machine stay comparable between cores. */
#include "cpu/arm/jit.h"
#include "tests/tools/cpurun/cpurun.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct side {
    arm_cpu_t *cpu;
    arm_flat_t flat;
    uint32_t value;
    bool finished;
} side_t;

static void on_exit_write(void *ctx, uint32_t addr, uint32_t value, unsigned size)
{
    side_t *s = ctx;
    if (addr == CPURUN_EXIT_ADDR && size == 4) {
        s->value = value;
        s->finished = true;
        arm_stop(s->cpu);
    }
}

static int setup(side_t *s, arm_cpu_t *cpu, uint8_t *ram, arm_model_t model)
{
    char err[256];
    s->cpu = cpu;
    s->flat = (arm_flat_t){.ram = ram, .size = CPURUN_RAM_SIZE, .slow_base = CPURUN_EXIT_ADDR & ~0xFFFu,
                           .slow_size = 0x1000, .on_write = on_exit_write, .on_write_ctx = s};
    arm_cfg_t cfg = {.model = model};
    arm_flat_bus(&s->flat, &cfg.bus);
    if (arm_init(cpu, &cfg, err, sizeof err)) {
        fprintf(stderr, "armjit: %s\n", err);
        return -1;
    }
    if (model != ARM_MODEL_SA110) { /* a 32-bit program: PROG32/DATA32 and SVC32, as cpurun */
        arm_cp15_write(cpu, 1, ARM_CR_P | ARM_CR_D | arm_cp15_read(cpu, 1));
        arm_set_cpsr(cpu, ARM_PSR_I | ARM_PSR_F | ARM_MODE_SVC);
    }
    return 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: armjit [--core interp|jit|lockstep] [--model sa110|arm710|arm610] "
                    "[--max-insns N] [--stats] [--dump-code FILE] [--perf-map] BIN\n");
    return 2;
}

int main(int argc, char **argv)
{
    const char *core = "jit", *model_name = "sa110", *path = NULL;
    uint64_t max = 20000000000ull;
    bool stats = false, perf_map = false;
    const char *dump = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--core") && i + 1 < argc) core = argv[++i];
        else if (!strcmp(argv[i], "--model") && i + 1 < argc) model_name = argv[++i];
        else if (!strcmp(argv[i], "--max-insns") && i + 1 < argc) max = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--stats")) stats = true;
        else if (!strcmp(argv[i], "--perf-map")) perf_map = true;
        else if (!strcmp(argv[i], "--dump-code") && i + 1 < argc) dump = argv[++i];
        else if (argv[i][0] == '-') return usage();
        else path = argv[i];
    }
    arm_model_t model;
    bool lockstep = !strcmp(core, "lockstep"), jit_on = lockstep || !strcmp(core, "jit");
    if (!path || !arm_model_from_name(model_name, &model) || (!jit_on && strcmp(core, "interp")))
        return usage();

    /* (RAM page-aligned: the JIT's fastmem maps guest pages onto host pages) */
    uint8_t *ram = aligned_alloc(4096, CPURUN_RAM_SIZE), *ref_ram = lockstep ? calloc(1, CPURUN_RAM_SIZE) : NULL;
    arm_cpu_t *cpu = calloc(1, sizeof *cpu), *ref = lockstep ? calloc(1, sizeof *ref) : NULL;
    arm_jit_t *jit = jit_on ? calloc(1, sizeof *jit) : NULL;
    static side_t main_side, ref_side;
    if (ram)
        memset(ram, 0, CPURUN_RAM_SIZE);
    FILE *f = fopen(path, "rb");
    if (!ram || !cpu || (lockstep && (!ref_ram || !ref)) || (jit_on && !jit) || !f) {
        fprintf(stderr, "armjit: %s: cannot open (or out of memory)\n", path);
        return 2;
    }
    size_t n = fread(ram, 1, CPURUN_RAM_SIZE, f);
    fclose(f);
    if (n == 0) {
        fprintf(stderr, "armjit: %s: empty file\n", path);
        return 2;
    }
    if (setup(&main_side, cpu, ram, model))
        return 1;
    if (lockstep) {
        memcpy(ref_ram, ram, CPURUN_RAM_SIZE);
        if (setup(&ref_side, ref, ref_ram, model))
            return 1;
    }
    char err[256];
    if (jit_on && (arm_jit_init(jit, cpu, err, sizeof err) || (perf_map && arm_jit_perf_map(jit, err, sizeof err)) ||
                   arm_jit_fastmem_region(jit, ram, CPURUN_RAM_SIZE, err, sizeof err))) {
        fprintf(stderr, "armjit: %s\n", err);
        return 1;
    }
    arm_lockstep_t ls = {.jit = jit, .ref = ref, .mem = ram, .ref_mem = ref_ram, .mem_size = CPURUN_RAM_SIZE,
                         .mem_every = 1u << 16};

    struct timespec t0, t1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    while (!main_side.finished && cpu->insns < max && !ls.diverged) {
        if (lockstep) arm_lockstep_run(&ls, 1 << 22);
        else if (jit_on) arm_jit_run(jit, 1 << 22);
        else arm_run(cpu, 1 << 22);
    }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    if (lockstep && !ls.diverged && (!arm_lockstep_check_memory(&ls) || main_side.finished != ref_side.finished ||
                                     main_side.value != ref_side.value)) {
        ls.diverged = true;
        fprintf(stderr, "lockstep: results differ: jit %08x, interpreter %08x\n", main_side.value, ref_side.value);
    }
    if (ls.diverged) {
        fputs(ls.report, stderr);
        return 1;
    }
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (stats && jit) {
        const arm_jit_stats_t *s = &jit->stats;
        fprintf(stderr, "jit: %llu blocks (%llu insns) translated, %llu dispatches, %llu chains, %llu helper steps, "
                        "%llu interpreter steps, %llu invalidations, %llu code writes, %llu flushes\n",
                (unsigned long long)s->blocks_translated, (unsigned long long)s->insns_translated,
                (unsigned long long)s->dispatches, (unsigned long long)s->chains, (unsigned long long)s->helper_steps,
                (unsigned long long)s->interp_steps, (unsigned long long)s->invalidations,
                (unsigned long long)s->code_writes, (unsigned long long)s->flushes);
        const arm_jit_fastmem_t *fm = &jit->fm;
        if (fm->on)
            fprintf(stderr, "fastmem: %u sites, %llu pages mapped, %llu faults sent to the slow path, %llu sites patched, "
                            "%llu window flushes\n",
                    fm->nsites, (unsigned long long)fm->maps, (unsigned long long)fm->redirects,
                    (unsigned long long)fm->patches, (unsigned long long)fm->flushes);
    }
    if (dump && jit) { /* the code buffer, for objdump -D -b binary -m i386:x86-64 --adjust-vma=ADDR */
        FILE *d = fopen(dump, "wb");
        if (d) {
            fwrite(jit->code, 1, (size_t)(jit->code_free - jit->code), d);
            fclose(d);
            fprintf(stderr, "armjit: code at %p written to %s\n", (void *)jit->code, dump);
        }
    }
    if (!main_side.finished) {
        fprintf(stderr, "armjit: %s: stopped after %llu instructions without writing a result\n", path,
                (unsigned long long)cpu->insns);
        return 1;
    }
    printf("result 0x%08x, insns %llu, cycles %llu, seconds %.3f, MIPS %.1f\n", main_side.value,
           (unsigned long long)cpu->insns, (unsigned long long)cpu->cycles, secs,
           secs > 0 ? (double)cpu->insns / secs / 1e6 : 0.0);
    if (jit) {
        arm_jit_destroy(jit);
        free(jit);
    }
    free(cpu);
    free(ref);
    free(ram);
    free(ref_ram);
    return 0;
}
