/* arm_diff: our side. The core (SA-110 by default, or an ARM610/710 in its 32-bit configuration)
 * on the flat test bus (RAM at 0, external aborts above it), the same memory as the Unicorn side. */
#include "tests/tools/arm_diff/diff.h"
#include "cpu/arm/jit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ad_core {
    arm_cpu_t cpu;
    arm_flat_t flat;
    uint8_t *mem;
    arm_jit_t *jit; /* --core jit */
};

static const uint32_t all_modes[6] = {0x10, 0x11, 0x12, 0x13, 0x17, 0x1B};

ad_core_t *ad_core_open(const char *core, const char *model, uint8_t **mem, char *err, unsigned errlen)
{
    if (core && strcmp(core, "interp") != 0 && strcmp(core, "jit") != 0) {
        snprintf(err, errlen, "core '%s' is not available (interp or jit)", core);
        return NULL;
    }
    arm_cfg_t cfg = {.model = ARM_MODEL_SA110};
    if (model && !arm_model_from_name(model, &cfg.model)) {
        snprintf(err, errlen, "unknown model '%s' (sa110, arm710, arm610)", model);
        return NULL;
    }
    ad_core_t *k = calloc(1, sizeof *k);
    if (!k) { snprintf(err, errlen, "out of memory"); return NULL; }
    k->mem = aligned_alloc(4096, AD_MEM_SIZE);
    if (!k->mem) { free(k); snprintf(err, errlen, "out of memory"); return NULL; }
    memset(k->mem, 0, AD_MEM_SIZE);
    k->flat = (arm_flat_t){.ram = k->mem, .size = AD_MEM_SIZE};
    arm_flat_bus(&k->flat, &cfg.bus);
    if (arm_init(&k->cpu, &cfg, err, errlen) != 0) {
        free(k->mem);
        free(k);
        return NULL;
    }
    /* ARM610/710: the 32-bit program and data configuration, as Unicorn's model has it
     * (the ARM610 keeps its reset abort timing: early aborts). */
    if (cfg.model != ARM_MODEL_SA110)
        arm_cp15_write(&k->cpu, 1, arm_cp15_read(&k->cpu, 1) | ARM_CR_P | ARM_CR_D);
    if (core && !strcmp(core, "jit") &&
        (!(k->jit = calloc(1, sizeof *k->jit)) || arm_jit_init(k->jit, &k->cpu, err, errlen) != 0 ||
         arm_jit_fastmem_region(k->jit, k->mem, AD_MEM_SIZE, err, errlen) != 0)) {
        free(k->jit);
        free(k->mem);
        free(k);
        return NULL;
    }
    *mem = k->mem;
    return k;
}

bool ad_core_is_v3(const ad_core_t *k) { return !k->cpu.v4; }

int ad_core_abort_model(const ad_core_t *k)
{
    if (k->cpu.v4) return AD_ABORT_RESTORED;
    if (k->cpu.model == ARM_MODEL_ARM710 || (arm_cp15_read(&k->cpu, 1) & ARM_CR_L)) return AD_ABORT_UPDATED;
    return AD_ABORT_EARLY;
}

void ad_core_close(ad_core_t *k)
{
    if (!k) return;
    if (k->jit) {
        arm_jit_destroy(k->jit);
        free(k->jit);
    }
    free(k->mem);
    free(k);
}

/* 26-bit twins: USR26..SVC26 are 0x00..0x03, their 32-bit modes 0x10..0x13 (same banks). */
static uint32_t to32(uint32_t psr) { return (psr & 0x10) ? psr : psr | 0x10; }

static void put_state(arm_cpu_t *cpu, const ad_state_t *st, bool mode26)
{
    arm_set_cpsr(cpu, mode26 ? st->s[AD_CPSR] & ~0x10u : st->s[AD_CPSR]);
    for (int m = 0; m < 6; m++) {
        uint32_t mode = all_modes[m];
        for (unsigned n = 0; n < 15; n++) arm_set_reg(cpu, mode, n, st->s[ad_slot(mode, n)]);
        if (ad_mode_has_spsr(mode)) arm_set_spsr(cpu, mode, st->s[ad_spsr_slot(mode)]);
    }
    arm_set_reg(cpu, st->s[AD_CPSR] & 0x1F, 15, st->s[AD_PC]);
}

static void get_state(const arm_cpu_t *cpu, ad_state_t *st)
{
    uint32_t cpsr = arm_get_cpsr(cpu);
    st->s[AD_CPSR] = to32(cpsr);
    for (int m = 0; m < 6; m++) {
        uint32_t mode = all_modes[m];
        for (unsigned n = 0; n < 15; n++) st->s[ad_slot(mode, n)] = arm_get_reg(cpu, mode, n);
        if (ad_mode_has_spsr(mode)) st->s[ad_spsr_slot(mode)] = to32(arm_get_spsr(cpu, mode));
    }
    st->s[AD_PC] = arm_get_reg(cpu, cpsr & 0x1F, 15);
}

int ad_core_run(ad_core_t *k, const ad_case_t *c, ad_state_t *out, char *err, unsigned errlen)
{
    (void)err, (void)errlen;
    arm_cpu_t *cpu = &k->cpu;
    arm_flush_mappings(cpu); /* memory was rewritten behind the core's back */
    if (k->jit) /* and behind the JIT's */
        arm_jit_invalidate(k->jit, 0, AD_MEM_SIZE);
    put_state(cpu, &c->init, c->mode26);
    uint32_t end = c->addr + 4u * (uint32_t)c->ncode;
    for (int i = 0; i < c->steps; i++) {
        if (k->jit) arm_jit_step(k->jit);
        else arm_step(cpu);
        uint32_t pc = arm_get_reg(cpu, arm_get_cpsr(cpu) & 0x1F, 15);
        /* An exception entry ends the case, as it ends Unicorn's run; so does reaching the
         * end of a sequence that branched over part of itself. */
        if (pc < 0x20 || (c->to_end && pc == end)) break;
    }
    get_state(cpu, out);
    return 0;
}
