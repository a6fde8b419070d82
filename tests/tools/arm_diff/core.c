/* arm_diff: our side. An SA-110 on the flat test bus (RAM at 0, external aborts above it),
 * the same memory layout as the Unicorn side. */
#include "tests/tools/arm_diff/diff.h"
#include "cpu/arm/arm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ad_core {
    arm_cpu_t cpu;
    arm_flat_t flat;
    uint8_t *mem;
};

static const uint32_t all_modes[6] = {0x10, 0x11, 0x12, 0x13, 0x17, 0x1B};

ad_core_t *ad_core_open(const char *core, uint8_t **mem, char *err, unsigned errlen)
{
    if (core && strcmp(core, "interp") != 0) {
        snprintf(err, errlen, "core '%s' is not available (this build has: interp)", core);
        return NULL;
    }
    ad_core_t *k = calloc(1, sizeof *k);
    if (!k) { snprintf(err, errlen, "out of memory"); return NULL; }
    k->mem = aligned_alloc(4096, AD_MEM_SIZE);
    if (!k->mem) { free(k); snprintf(err, errlen, "out of memory"); return NULL; }
    memset(k->mem, 0, AD_MEM_SIZE);
    k->flat = (arm_flat_t){.ram = k->mem, .size = AD_MEM_SIZE};
    arm_cfg_t cfg = {.model = ARM_MODEL_SA110};
    arm_flat_bus(&k->flat, &cfg.bus);
    if (arm_init(&k->cpu, &cfg, err, errlen) != 0) {
        free(k->mem);
        free(k);
        return NULL;
    }
    *mem = k->mem;
    return k;
}

void ad_core_close(ad_core_t *k)
{
    if (!k) return;
    free(k->mem);
    free(k);
}

static void put_state(arm_cpu_t *cpu, const ad_state_t *st)
{
    arm_set_cpsr(cpu, st->s[AD_CPSR]);
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
    st->s[AD_CPSR] = cpsr;
    for (int m = 0; m < 6; m++) {
        uint32_t mode = all_modes[m];
        for (unsigned n = 0; n < 15; n++) st->s[ad_slot(mode, n)] = arm_get_reg(cpu, mode, n);
        if (ad_mode_has_spsr(mode)) st->s[ad_spsr_slot(mode)] = arm_get_spsr(cpu, mode);
    }
    st->s[AD_PC] = arm_get_reg(cpu, cpsr & 0x1F, 15);
}

int ad_core_run(ad_core_t *k, const ad_case_t *c, ad_state_t *out, char *err, unsigned errlen)
{
    (void)err, (void)errlen;
    arm_cpu_t *cpu = &k->cpu;
    arm_flush_mappings(cpu);
    put_state(cpu, &c->init);
    for (int i = 0; i < c->steps; i++) {
        arm_step(cpu);
        /* An exception entry ends the case, as it ends Unicorn's run. */
        if (arm_get_reg(cpu, arm_get_cpsr(cpu) & 0x1F, 15) < 0x20) break;
    }
    get_state(cpu, out);
    return 0;
}
