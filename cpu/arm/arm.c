/* ARM core: state, register banks, mode switches, exceptions, reset.
 * References: ARM Architecture Reference Manual (DDI 0100) A2 "Programmer's model";
 * ARM610 / ARM710 datasheets §"26-bit and 32-bit configurations"; SA-110 TRM (EC-QJ7NA) §2. */
#include "cpu/arm/arm_internal.h"

#include <stdio.h>
#include <string.h>

/* Main ID registers as the chips report them. ARM610: 0x41560610 (ARM, arch 3 "56", part 061,
 * rev 0); ARM710: 0x41007100 (Linux proc-arm6_7.S matches 0x41007100/0xfff8ff00);
 * SA-110: 0x4401A102 (DEC, v4, part A10, rev 2; Linux matches 0x4401a100/0xfffffff0). */
static const uint32_t model_id[] = {0x41560610u, 0x41007100u, 0x4401A102u};

const char *arm_model_name(arm_model_t model)
{
    switch (model) {
    case ARM_MODEL_ARM610: return "arm610";
    case ARM_MODEL_ARM710: return "arm710";
    default: return "sa110";
    }
}

bool arm_model_from_name(const char *name, arm_model_t *out)
{
    if (!strcmp(name, "arm610")) *out = ARM_MODEL_ARM610;
    else if (!strcmp(name, "arm710")) *out = ARM_MODEL_ARM710;
    else if (!strcmp(name, "sa110")) *out = ARM_MODEL_SA110;
    else return false;
    return true;
}

static void set_timing(arm_cpu_t *cpu)
{
    arm_timing_t *t = &cpu->timing;
    unsigned n = 1 + cpu->n_wait, s = 1 + cpu->s_wait;
    if (cpu->v4) {
        /* SA-110 TRM §"Instruction timing": single-issue, 1 cycle for most instructions,
         * taken branches and PC writes refill the pipeline (+2), loads have a 1-cycle result
         * latency not modelled here, block transfers one register per cycle. */
        *t = (arm_timing_t){
            .dp = 1, .dp_regshift = 1, .dp_pc = 2, .branch = 2, .swi_und = 3, .ldr = (uint8_t)s,
            .ldr_pc = (uint8_t)(s + 3), .str = (uint8_t)s, .ldm_base = 1, .stm_base = 1,
            .xfer_per_reg = (uint8_t)s, .mul_base = 1, .mul_per_2bits = 1, .swp = (uint8_t)(2 + n),
            .cp = 2,
        };
    } else {
        /* ARM610/710 datasheets §"Instruction speed summary": data processing 1S (+1I with a
         * register shift, +1N+1S when writing the PC); B 2S+1N; LDR 1S+1N+1I (+1S+1N to PC);
         * STR 2N; LDM nS+1N+1I; STM (n-1)S+2N; MUL 1S+mI; SWP 1S+2N+1I; SWI/undefined 2S+1N. */
        *t = (arm_timing_t){
            .dp = (uint8_t)s, .dp_regshift = 1, .dp_pc = (uint8_t)(s + n), .branch = (uint8_t)(2 * s + n),
            .swi_und = (uint8_t)(2 * s + n), .ldr = (uint8_t)(s + n + 1), .ldr_pc = (uint8_t)(2 * s + 2 * n + 1),
            .str = (uint8_t)(2 * n), .ldm_base = (uint8_t)(n + 1), .stm_base = (uint8_t)(2 * n - s),
            .xfer_per_reg = (uint8_t)s, .mul_base = (uint8_t)s, .mul_per_2bits = 1,
            .swp = (uint8_t)(s + 2 * n + 1), .cp = (uint8_t)(s + n + 1),
        };
    }
}

/* Bus without a fast path: every access goes through read/write. */
static uint8_t *no_page(void *ctx, uint32_t paddr, bool write)
{
    (void)ctx, (void)paddr, (void)write;
    return NULL;
}

int arm_init(arm_cpu_t *cpu, const arm_cfg_t *cfg, char *err, size_t errlen)
{
    if (cfg->model != ARM_MODEL_ARM610 && cfg->model != ARM_MODEL_ARM710 && cfg->model != ARM_MODEL_SA110) {
        snprintf(err, errlen, "arm: unknown CPU model %d", (int)cfg->model);
        return -1;
    }
    if (!cfg->bus.read || !cfg->bus.write) {
        snprintf(err, errlen, "arm: the bus has no read/write callbacks");
        return -1;
    }
    memset(cpu, 0, sizeof *cpu);
    cpu->model = cfg->model;
    cpu->v4 = cfg->model == ARM_MODEL_SA110;
    cpu->bus = cfg->bus;
    if (!cpu->bus.page)
        cpu->bus.page = no_page;
    cpu->n_wait = cfg->n_wait;
    cpu->s_wait = cfg->s_wait;
    set_timing(cpu);
    arm_reset(cpu);
    return 0;
}

void arm_reset(arm_cpu_t *cpu)
{
    memset(cpu->r, 0, sizeof cpu->r);
    memset(cpu->bank_r8_12, 0, sizeof cpu->bank_r8_12);
    memset(cpu->bank_r13, 0, sizeof cpu->bank_r13);
    memset(cpu->bank_r14, 0, sizeof cpu->bank_r14);
    memset(cpu->spsr, 0, sizeof cpu->spsr);
    cpu->cp15 = (arm_cp15_t){.id = model_id[cpu->model]};
    /* Control register at reset: all clear on ARM610 (26-bit configuration, early aborts);
     * ARM710 reads L as 1 (late aborts only); SA-110 reads P, D and L as 1 (TRM §5.2.3). */
    if (cpu->model == ARM_MODEL_ARM710) cpu->cp15.control = ARM_CR_L;
    if (cpu->v4) cpu->cp15.control = ARM_CR_P | ARM_CR_D | ARM_CR_L;
    cpu->vector_base = 0;
    cpu->halted = false;
    cpu->stop = false;
    cpu->cpsr = ARM_PSR_I | ARM_PSR_F | (cpu->v4 ? ARM_MODE_SVC : ARM_MODE_SVC26);
    cpu->bank = ARM_BANK_SVC;
    cpu->vc = &cpu->vcache[0];
    cpu->pc_mask = cpu->v4 ? 0xFFFFFFFCu : 0x03FFFFFCu;
    cpu->cycles = 0;
    cpu->insns = 0;
    cpu->logged = 0;
    arm_flush_vcache(cpu);
    arm_update_irq(cpu);
}

void arm_log_once(arm_cpu_t *cpu, uint32_t kind, const char *msg)
{
    if (cpu->logged & kind)
        return;
    cpu->logged |= kind;
    if (cpu->bus.log)
        cpu->bus.log(cpu->bus.ctx, msg);
}

/* ---- banks and modes ------------------------------------------------------------------------ */

void arm_switch_bank(arm_cpu_t *cpu, uint32_t mode)
{
    int nb = arm_bank_of(mode), ob = cpu->bank;
    if (nb < 0 || nb == ob)
        return;
    if ((ob == ARM_BANK_FIQ) != (nb == ARM_BANK_FIQ)) {
        int oi = ob == ARM_BANK_FIQ, ni = nb == ARM_BANK_FIQ;
        memcpy(cpu->bank_r8_12[oi], &cpu->r[8], 5 * sizeof(uint32_t));
        memcpy(&cpu->r[8], cpu->bank_r8_12[ni], 5 * sizeof(uint32_t));
    }
    cpu->bank_r13[ob] = cpu->r[13];
    cpu->bank_r14[ob] = cpu->r[14];
    cpu->r[13] = cpu->bank_r13[nb];
    cpu->r[14] = cpu->bank_r14[nb];
    cpu->bank = nb;
}

/* Writes the CPSR, switching banks; the mode must be one the core has (else it is kept). */
static void set_cpsr_raw(arm_cpu_t *cpu, uint32_t value)
{
    uint32_t old = cpu->cpsr;
    if (!arm_mode_valid(cpu, value))
        value = (value & ~ARM_PSR_MODE) | (old & ARM_PSR_MODE); /* as QEMU: keep the mode */
    value &= ARM_PSR_STORED;
    if ((value ^ old) & ARM_PSR_MODE) {
        arm_switch_bank(cpu, value);
        /* USR26 and USR (low nibble 0) use the user-permission vcache. */
        cpu->vc = &cpu->vcache[(value & 0xf) == 0 ? 1 : 0];
        cpu->pc_mask = arm_mode_is_26(value) ? 0x03FFFFFCu : 0xFFFFFFFCu;
        cpu->fetch_va = ARM_VC_INVALID;
    }
    cpu->cpsr = value;
    arm_update_irq(cpu);
}

void arm_write_cpsr(arm_cpu_t *cpu, uint32_t value)
{
    /* In the 26-bit program configuration (v3, PROG32 clear) only the 26-bit modes exist:
     * a 32-bit mode written to the CPSR selects its 26-bit counterpart (mode bits 1:0), as
     * ARM's own ARM6 model (ARMulator) does. */
    if (!cpu->v4 && !(cpu->cp15.control & ARM_CR_P))
        value &= ~0x1Cu;
    set_cpsr_raw(cpu, value);
}

uint32_t arm_get_cpsr(const arm_cpu_t *cpu) { return cpu->cpsr; }
void arm_set_cpsr(arm_cpu_t *cpu, uint32_t value) { set_cpsr_raw(cpu, value); }

uint32_t arm_get_r15_26(const arm_cpu_t *cpu)
{
    uint32_t c = cpu->cpsr;
    return (c & ARM_R15_26_FLAGS) | ((c & (ARM_PSR_I | ARM_PSR_F)) << 20) | (cpu->r[15] & ARM_R15_26_PC) |
           (c & ARM_R15_26_MODE);
}

void arm_write_r15_26(arm_cpu_t *cpu, uint32_t value, bool psr)
{
    cpu->r[15] = value & ARM_R15_26_PC;
    if (!psr)
        return;
    uint32_t c = cpu->cpsr;
    if (arm_privileged(cpu))
        c = (c & ~(ARM_R15_26_FLAGS | ARM_PSR_I | ARM_PSR_F | 3u)) | (value & ARM_R15_26_FLAGS) |
            ((value & ARM_R15_26_IF) >> 20) | (value & 3u);
    else
        c = (c & ~ARM_R15_26_FLAGS) | (value & ARM_R15_26_FLAGS);
    arm_write_cpsr(cpu, c);
}

static int reg_slot(const arm_cpu_t *cpu, unsigned mode, unsigned n, uint32_t **p)
{
    /* Returns 0 and the storage of register n of `mode`: r[] if it is the current copy. */
    int b = arm_bank_of(mode);
    arm_cpu_t *c = (arm_cpu_t *)cpu;
    if (b < 0)
        b = cpu->bank;
    if (n == 15 || n < 8) { *p = &c->r[n]; return 0; }
    if (n < 13) {
        bool want_fiq = b == ARM_BANK_FIQ, cur_fiq = cpu->bank == ARM_BANK_FIQ;
        *p = want_fiq == cur_fiq ? &c->r[n] : &c->bank_r8_12[want_fiq][n - 8];
        return 0;
    }
    if (b == cpu->bank) { *p = &c->r[n]; return 0; }
    *p = n == 13 ? &c->bank_r13[b] : &c->bank_r14[b];
    return 0;
}

uint32_t arm_get_reg(const arm_cpu_t *cpu, unsigned mode, unsigned n)
{
    uint32_t *p;
    reg_slot(cpu, mode, n & 15, &p);
    return *p;
}

void arm_set_reg(arm_cpu_t *cpu, unsigned mode, unsigned n, uint32_t value)
{
    uint32_t *p;
    reg_slot(cpu, mode, n & 15, &p);
    *p = (n & 15) == 15 ? value & ~3u : value;
    if ((n & 15) == 15)
        cpu->fetch_va = ARM_VC_INVALID;
}

uint32_t arm_get_spsr(const arm_cpu_t *cpu, unsigned mode)
{
    int b = arm_bank_of(mode);
    return b > 0 ? cpu->spsr[b] : 0;
}

void arm_set_spsr(arm_cpu_t *cpu, unsigned mode, uint32_t value)
{
    int b = arm_bank_of(mode);
    if (b > 0)
        cpu->spsr[b] = value & ARM_PSR_STORED;
}

void arm_set_irq(arm_cpu_t *cpu, bool level)
{
    cpu->irq_line = level;
    arm_update_irq(cpu);
    if (level) /* wait-for-interrupt ends on the pin, masked or not (SA-110 TRM §5.2.10) */
        cpu->halted = false;
}

void arm_set_fiq(arm_cpu_t *cpu, bool level)
{
    cpu->fiq_line = level;
    arm_update_irq(cpu);
    if (level)
        cpu->halted = false;
}

/* ---- exceptions ----------------------------------------------------------------------------- */

/* Exception entry (ARM ARM A2.6). With PROG32 clear (26-bit program configuration, v3 only)
 * the core enters the 26-bit modes: undefined, SWI, aborts and address exceptions all go to
 * SVC26 and R14 receives the 26-bit R15 (PC and PSR) (ARM610 datasheet §"26-bit mode"). */
void arm_exception(arm_cpu_t *cpu, uint32_t vector, uint32_t return_addr)
{
    uint32_t old = cpu->cpsr;
    bool prog32 = cpu->v4 || (cpu->cp15.control & ARM_CR_P);
    uint32_t mode;
    switch (vector) {
    case ARM_VEC_UND: mode = ARM_MODE_UND; break;
    case ARM_VEC_PABT: case ARM_VEC_DABT: mode = ARM_MODE_ABT; break;
    case ARM_VEC_IRQ: mode = ARM_MODE_IRQ; break;
    case ARM_VEC_FIQ: mode = ARM_MODE_FIQ; break;
    default: mode = ARM_MODE_SVC; break;
    }
    uint32_t lr;
    if (prog32) {
        lr = return_addr;
    } else {
        if (mode == ARM_MODE_UND || mode == ARM_MODE_ABT)
            mode = ARM_MODE_SVC;
        mode &= 3;
        lr = (old & ARM_R15_26_FLAGS) | ((old & (ARM_PSR_I | ARM_PSR_F)) << 20) |
             (return_addr & ARM_R15_26_PC) | (old & 3u);
        if (!arm_mode_is_26(old)) /* from a 32-bit mode: R14 gets the plain address */
            lr = return_addr;
    }
    uint32_t c = (old & ~ARM_PSR_MODE) | mode | ARM_PSR_I;
    if (vector == ARM_VEC_FIQ || vector == ARM_VEC_RESET)
        c |= ARM_PSR_F;
    arm_write_cpsr(cpu, c);
    cpu->spsr[cpu->bank] = old;
    cpu->r[14] = lr;
    cpu->r[15] = (cpu->vector_base + vector) & cpu->pc_mask;
    cpu->fetch_va = ARM_VC_INVALID;
}

/* Data abort or address exception of the instruction at insn_addr: R14 = insn + 8. */
void arm_take_data_abort(arm_cpu_t *cpu, uint32_t insn_addr, int kind)
{
    arm_exception(cpu, kind == ARM_MEM_ADDREXC ? ARM_VEC_ADDREXC : ARM_VEC_DABT, insn_addr + 8);
}
