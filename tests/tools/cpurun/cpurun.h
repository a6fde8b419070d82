/* cpurun: runs a flat binary on one CPU core (16 MB flat RAM, loaded at 0) until the program
 * writes its 32-bit result to 0x00FFFFF0. Each core supplies one backend in this folder. */
#ifndef ARCANA_CPURUN_H
#define ARCANA_CPURUN_H

#include <stddef.h>
#include <stdint.h>

#define CPURUN_RAM_SIZE (16u << 20)
#define CPURUN_EXIT_ADDR 0x00FFFFF0u

typedef struct cpurun_opts {
    const char *model;      /* --model, NULL = the core's default */
    const char *core;       /* --core interp|jit|lockstep, NULL = default */
    uint64_t max_insns;     /* stop after this many instructions (0 = 20e9) */
} cpurun_opts_t;

typedef struct cpurun_result {
    uint32_t value;         /* what the program wrote to CPURUN_EXIT_ADDR */
    int finished;           /* 1 if it wrote it */
    uint64_t insns, cycles;
} cpurun_result_t;

/* A backend runs `ram` (CPURUN_RAM_SIZE bytes, program already loaded at 0, owned by the
 * caller) and returns 0, or non-zero with a message in err. */
typedef int (*cpurun_backend_fn)(uint8_t *ram, const cpurun_opts_t *opts, cpurun_result_t *res,
                                 char *err, size_t errlen);

/* Defined weakly in main.c; a core's backend file overrides it. */
int cpurun_m68k(uint8_t *ram, const cpurun_opts_t *opts, cpurun_result_t *res, char *err, size_t errlen);
int cpurun_arm(uint8_t *ram, const cpurun_opts_t *opts, cpurun_result_t *res, char *err, size_t errlen);

#endif
