/* ARM core: skeleton (the interpreter lands in the next commits). */
#include "cpu/arm/arm.h"

#include <stdio.h>
#include <string.h>

int arm_init(arm_cpu_t *cpu, const arm_cfg_t *cfg, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    memset(cpu, 0, sizeof *cpu);
    cpu->model = cfg->model;
    cpu->v4 = cfg->model == ARM_MODEL_SA110;
    cpu->bus = cfg->bus;
    cpu->n_wait = cfg->n_wait;
    cpu->s_wait = cfg->s_wait;
    arm_reset(cpu);
    return 0;
}

void arm_reset(arm_cpu_t *cpu) { cpu->r[15] = 0; cpu->cpsr = ARM_PSR_I | ARM_PSR_F | (cpu->v4 ? ARM_MODE_SVC : ARM_MODE_SVC26); }
int64_t arm_run(arm_cpu_t *cpu, int64_t cycles) { (void)cpu; return cycles; }
int arm_step(arm_cpu_t *cpu) { (void)cpu; return 1; }
void arm_set_irq(arm_cpu_t *cpu, bool level) { cpu->irq_line = level; }
void arm_set_fiq(arm_cpu_t *cpu, bool level) { cpu->fiq_line = level; }
uint32_t arm_get_cpsr(const arm_cpu_t *cpu) { return cpu->cpsr; }
void arm_set_cpsr(arm_cpu_t *cpu, uint32_t value) { cpu->cpsr = value; }
uint32_t arm_get_reg(const arm_cpu_t *cpu, unsigned mode, unsigned n) { (void)mode; return cpu->r[n & 15]; }
void arm_set_reg(arm_cpu_t *cpu, unsigned mode, unsigned n, uint32_t value) { (void)mode; cpu->r[n & 15] = value; }
uint32_t arm_get_spsr(const arm_cpu_t *cpu, unsigned mode) { (void)mode; return cpu->spsr[0]; }
void arm_set_spsr(arm_cpu_t *cpu, unsigned mode, uint32_t value) { (void)mode; cpu->spsr[0] = value; }
uint32_t arm_get_r15_26(const arm_cpu_t *cpu) { return cpu->r[15]; }
void arm_cp15_write(arm_cpu_t *cpu, unsigned reg, uint32_t value) { (void)cpu, (void)reg, (void)value; }
uint32_t arm_cp15_read(const arm_cpu_t *cpu, unsigned reg) { (void)cpu, (void)reg; return 0; }
void arm_flush_mappings(arm_cpu_t *cpu) { (void)cpu; }
bool arm_translate(const arm_cpu_t *cpu, uint32_t va, bool write, bool user, uint32_t *paddr, uint32_t *fsr)
{ (void)cpu, (void)write, (void)user, (void)fsr; *paddr = va; return true; }
bool arm_peek32(const arm_cpu_t *cpu, uint32_t va, uint32_t *value) { (void)cpu, (void)va; *value = 0; return false; }
int arm_disasm(uint32_t addr, uint32_t insn, char *buf, size_t len) { (void)addr; return snprintf(buf, len, ".word 0x%08x", insn); }
const char *arm_model_name(arm_model_t model)
{ return model == ARM_MODEL_ARM610 ? "arm610" : model == ARM_MODEL_ARM710 ? "arm710" : "sa110"; }
bool arm_model_from_name(const char *name, arm_model_t *out)
{
    if (!strcmp(name, "arm610")) *out = ARM_MODEL_ARM610;
    else if (!strcmp(name, "arm710")) *out = ARM_MODEL_ARM710;
    else if (!strcmp(name, "sa110")) *out = ARM_MODEL_SA110;
    else return false;
    return true;
}
