/* cpurun --cpu m68k|arm [--model M] [--core C] [--max-insns N] BIN
 * Prints: result 0x…, insns N, cycles N, seconds S, MIPS M */
#include "tests/tools/cpurun/cpurun.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int not_built(const char *cpu, char *err, size_t errlen)
{
    snprintf(err, errlen, "the %s core is not built into this cpurun", cpu);
    return -1;
}

__attribute__((weak)) int cpurun_m68k(uint8_t *ram, const cpurun_opts_t *opts, cpurun_result_t *res,
                                      char *err, size_t errlen)
{
    (void)ram, (void)opts, (void)res;
    return not_built("m68k", err, errlen);
}

__attribute__((weak)) int cpurun_arm(uint8_t *ram, const cpurun_opts_t *opts, cpurun_result_t *res,
                                     char *err, size_t errlen)
{
    (void)ram, (void)opts, (void)res;
    return not_built("arm", err, errlen);
}

static int usage(void)
{
    fprintf(stderr, "usage: cpurun --cpu m68k|arm [--model M] [--core interp|jit|lockstep] "
                    "[--max-insns N] BIN\n");
    return 2;
}

int main(int argc, char **argv)
{
    const char *cpu = NULL, *path = NULL;
    cpurun_opts_t opts = {0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--cpu") && i + 1 < argc) cpu = argv[++i];
        else if (!strcmp(a, "--model") && i + 1 < argc) opts.model = argv[++i];
        else if (!strcmp(a, "--core") && i + 1 < argc) opts.core = argv[++i];
        else if (!strcmp(a, "--max-insns") && i + 1 < argc) opts.max_insns = strtoull(argv[++i], NULL, 0);
        else if (a[0] == '-') return usage();
        else path = a;
    }
    if (!cpu || !path)
        return usage();
    cpurun_backend_fn run;
    if (!strcmp(cpu, "m68k")) run = cpurun_m68k;
    else if (!strcmp(cpu, "arm")) run = cpurun_arm;
    else { fprintf(stderr, "cpurun: unknown --cpu '%s' (m68k or arm)\n", cpu); return 2; }

    uint8_t *ram = calloc(1, CPURUN_RAM_SIZE);
    FILE *f = fopen(path, "rb");
    if (!ram || !f) { fprintf(stderr, "cpurun: %s: cannot open\n", path); return 2; }
    size_t n = fread(ram, 1, CPURUN_RAM_SIZE, f);
    fclose(f);
    if (n == 0) { fprintf(stderr, "cpurun: %s: empty file\n", path); return 2; }

    cpurun_result_t res = {0};
    char err[256] = "";
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = run(ram, &opts, &res, err, sizeof err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    free(ram);
    if (rc) { fprintf(stderr, "cpurun: %s\n", err); return 1; }
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (!res.finished) { fprintf(stderr, "cpurun: %s: stopped after %llu instructions without writing a result\n",
                                 path, (unsigned long long)res.insns); return 1; }
    printf("result 0x%08x, insns %llu, cycles %llu, seconds %.3f, MIPS %.1f\n", res.value,
           (unsigned long long)res.insns, (unsigned long long)res.cycles, secs,
           secs > 0 ? (double)res.insns / secs / 1e6 : 0.0);
    return 0;
}
