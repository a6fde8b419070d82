/* cpurun backend for the 68000 core: 16 MB flat RAM on the fast path, except the page holding
 * the exit address, which goes through the bus callback so the result write is seen. */
#include "cpu/m68k/m68k.h"
#include "tests/tools/cpurun/cpurun.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct run_ctx {
    uint8_t *ram;
    m68k_t *cpu;
    uint32_t result;
    int finished;
} run_ctx_t;

static unsigned access(void *ctx, m68k_bus_cycle_t *c)
{
    run_ctx_t *r = ctx;
    if (c->flags & M68K_CYC_IACK) {
        c->flags |= M68K_CYC_AUTOVEC;
        return 0;
    }
    uint32_t a = c->addr & 0xFFFFFE;
    if (c->flags & M68K_CYC_WRITE) {
        if (c->flags & M68K_CYC_UDS) r->ram[a] = (uint8_t)(c->data >> 8);
        if (c->flags & M68K_CYC_LDS) r->ram[a + 1] = (uint8_t)c->data;
        /* the program writes its checksum as a long: high word, then low word at +2 */
        if (a == CPURUN_EXIT_ADDR + 2) {
            r->result = (uint32_t)r->ram[CPURUN_EXIT_ADDR] << 24 | (uint32_t)r->ram[CPURUN_EXIT_ADDR + 1] << 16 |
                        (uint32_t)r->ram[a] << 8 | r->ram[a + 1];
            r->finished = 1;
            m68k_end_run(r->cpu);
        }
    } else {
        c->data = (uint16_t)(r->ram[a] << 8 | r->ram[a + 1]);
    }
    return 0;
}

int cpurun_m68k(uint8_t *ram, const cpurun_opts_t *opts, cpurun_result_t *res, char *err, size_t errlen)
{
    if (opts->model && opts->model[0] && !(opts->model[0] == '6' && opts->model[1] == '8')) {
        snprintf(err, errlen, "m68k: unknown --model '%s' (68000)", opts->model);
        return -1;
    }
    m68k_t *cpu = calloc(1, sizeof *cpu);
    if (!cpu) { snprintf(err, errlen, "m68k: out of memory"); return -1; }
    run_ctx_t r = { .ram = ram, .cpu = cpu };
    m68k_cfg_t cfg = { .bus = { .ctx = &r, .access = access } };
    m68k_init(cpu, &cfg);
    m68k_map(cpu, 0, CPURUN_RAM_SIZE, ram, true);
    m68k_map(cpu, CPURUN_EXIT_ADDR & ~(M68K_PAGE_SIZE - 1), M68K_PAGE_SIZE, NULL, false);
    m68k_reset(cpu);
    uint64_t max = opts->max_insns ? opts->max_insns : 20000000000ull;
    while (!r.finished && !cpu->halted && cpu->insns < max)
        m68k_run(cpu, cpu->cycles + 1000000);
    res->value = r.result;
    res->finished = r.finished;
    res->insns = cpu->insns;
    res->cycles = cpu->cycles;
    int rc = 0;
    if (cpu->halted && !r.finished) {
        snprintf(err, errlen, "m68k: CPU halted (double bus fault) at pc 0x%06x", cpu->pc);
        rc = -1;
    }
    free(cpu);
    return rc;
}
