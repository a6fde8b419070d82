/* ARM core: the interpreter (ARM state, architecture v3 and v4).
 * References: ARM Architecture Reference Manual (DDI 0100) A3-A8 (instruction set, addressing
 * modes, shifter operands), ARM610/ARM710 datasheets (26-bit behaviour, abort timing),
 * SA-110 TRM (v4 extensions, timing).
 *
 * While an instruction executes, r[15] holds its address + 8 (what reading R15 returns), so
 * operand fetches need no special case; an instruction that writes the PC returns with
 * XF_BRANCH set, otherwise the loop advances r[15] to the next instruction.
 *
 * UNPREDICTABLE cases and what this core does (SA-110 behaviour where known):
 *  - condition NV (UNPREDICTABLE on v4): never executes, the v3 meaning, on all three cores.
 *  - R15 as Rn/Rm of a register-specified shift: address + 12 (the extra cycle).
 *  - STR/STM of R15: address + 12 (ARM6/7 and SA-110), with the PSR in 26-bit modes.
 *  - data processing with S and Rd = R15 in USR/SYS (no SPSR): PC written, CPSR unchanged.
 *  - MRS SPSR in USR/SYS: reads the CPSR. MSR SPSR there: ignored.
 *  - MSR writing an invalid mode (e.g. SYS on v3): the mode field is kept (as QEMU does).
 *  - LDM/STM with an empty list: R15 is transferred and the base moves by 64 (ARM6/7/SA-110).
 *  - STM with W and Rn in the list, not lowest: the written-back base is stored.
 *  - LDM with W and Rn in the list: the loaded value wins.
 *  - LDR/STR/LDRH with writeback and Rn = Rd: the loaded value wins / the old value is stored.
 *  - unaligned STR: address[1:0] ignored; unaligned LDRH/STRH: address[0] ignored.
 *  - MUL/MLA C flag: unchanged (SA-110; ARM6/7 leave a meaningless value); long multiplies
 *    leave C and V unchanged.
 *  - TSTP/TEQP/CMPP/CMNP (Rd = R15) in 32-bit modes: v3 copies SPSR to CPSR, v4 sets the flags.
 *  - LDM/STM/LDR aborts: see abort_keeps_writeback(); registers loaded before the abort keep
 *    their new values, except the base and the PC. */
#include "cpu/arm/arm_internal.h"

#define XF_BRANCH 0x10000
#define T (&cpu->timing)

/* Condition codes: bit (NZCV) of cond_ok[cond] says whether cond passes (ARM ARM A3.2).
 * NV (0xF) never executes: "never" on v3, UNPREDICTABLE on v4 where we keep the v3 meaning
 * (QEMU undefines it: the arm_diff generator leaves NV out). */
static const uint16_t cond_ok[16] = {
    0xF0F0, 0x0F0F, 0xCCCC, 0x3333, 0xFF00, 0x00FF, 0xAAAA, 0x5555,
    0x0C0C, 0xF3F3, 0xAA55, 0x55AA, 0x0A05, 0xF5FA, 0xFFFF, 0x0000,
};

static inline uint32_t ror32(uint32_t v, unsigned n) { n &= 31; return n ? (v >> n) | (v << (32 - n)) : v; }

/* R15 as a second operand / stored value: 26-bit modes include the PSR bits (ARM610
 * datasheet §"R15 as an operand"). `pc` is the value to use for the PC part. */
static inline uint32_t r15_full(const arm_cpu_t *cpu, uint32_t pc)
{
    if (!arm_mode_is_26(cpu->cpsr))
        return pc;
    uint32_t c = cpu->cpsr;
    return (c & ARM_R15_26_FLAGS) | ((c & (ARM_PSR_I | ARM_PSR_F)) << 20) | (pc & ARM_R15_26_PC) | (c & 3u);
}

static inline int set_pc(arm_cpu_t *cpu, uint32_t v)
{
    cpu->r[15] = v & cpu->pc_mask;
    return XF_BRANCH;
}

static int undefined(arm_cpu_t *cpu, uint32_t pc)
{
    arm_exception(cpu, ARM_VEC_UND, pc + 4);
    return T->swi_und | XF_BRANCH;
}

/* Abort inside a data transfer: the base-register model of each core (ARM ARM A2.6.5): the
 * SA-110 restores the base ("base restored"); ARM710, and ARM610 with late aborts (CP15 L),
 * leave the written-back base ("base updated"); ARM610 with early aborts suppresses
 * write-back of single transfers but not of LDM/STM. */
static inline bool abort_keeps_writeback(const arm_cpu_t *cpu, bool block)
{
    if (cpu->v4)
        return false;
    if (cpu->model == ARM_MODEL_ARM710 || (cpu->cp15.control & ARM_CR_L))
        return true;
    return block;
}

static int data_abort(arm_cpu_t *cpu, uint32_t pc, int kind, int cyc)
{
    arm_take_data_abort(cpu, pc, kind);
    return (cyc + T->swi_und) | XF_BRANCH;
}

/* ---- data processing ------------------------------------------------------------------------ */

static inline int dp_write_pc(arm_cpu_t *cpu, uint32_t insn, uint32_t res, int s, int cyc)
{
    if (arm_mode_is_26(cpu->cpsr)) {
        arm_write_r15_26(cpu, res, s);
    } else {
        if (s) {
            if (cpu->bank != ARM_BANK_USR)
                arm_write_cpsr(cpu, cpu->spsr[cpu->bank]);
        }
        cpu->r[15] = res & cpu->pc_mask;
    }
    (void)insn;
    return (cyc + T->dp_pc) | XF_BRANCH;
}

/* Test ops with Rd = R15 and S (TEQP & co.): in 26-bit modes the PSR bits of the result go to
 * the PSR, the PC is untouched. In 32-bit modes ARM6/7 copy the SPSR to the CPSR; on v4 Rd is
 * "should be zero" and the flags are set normally (as the SA-110 and QEMU do). */
static inline bool test_p(arm_cpu_t *cpu, uint32_t res)
{
    if (arm_mode_is_26(cpu->cpsr)) {
        uint32_t pc = cpu->r[15];
        arm_write_r15_26(cpu, res, true);
        cpu->r[15] = pc;
        return true;
    }
    if (!cpu->v4) {
        if (cpu->bank != ARM_BANK_USR)
            arm_write_cpsr(cpu, cpu->spsr[cpu->bank]);
        return true;
    }
    return false;
}

/* Operand forms of data processing: immediate, immediate shift LSL/LSR/ASR/ROR, register
 * shift LSL/LSR/ASR/ROR. dp_body is instantiated with constant form/op/s for the dispatch
 * table (see below) and with decoded values for the generic path. */
enum { DPF_IMM = 0, DPF_ISHIFT = 1, DPF_RSHIFT = 5 };

static inline unsigned dp_form(uint32_t insn)
{
    if (insn & (1u << 25))
        return DPF_IMM;
    return ((insn & 0x10) ? DPF_RSHIFT : DPF_ISHIFT) + ((insn >> 5) & 3);
}

static inline __attribute__((always_inline)) int dp_body(arm_cpu_t *cpu, uint32_t insn, uint32_t pc,
                                                         unsigned form, unsigned op, unsigned s)
{
    uint32_t cpsr = cpu->cpsr;
    uint32_t cin = (cpsr >> 29) & 1;
    uint32_t op2, sc, rnv;
    unsigned rn = (insn >> 16) & 15, rd = (insn >> 12) & 15;
    int cyc = T->dp;

    if (form == DPF_IMM) {
        unsigned rot = (insn >> 7) & 0x1e;
        op2 = ror32(insn & 0xff, rot);
        sc = rot ? op2 >> 31 : cin;
        rnv = cpu->r[rn];
    } else {
        unsigned rm = insn & 15;
        uint32_t rmv = cpu->r[rm];
        unsigned type = (form - 1) & 3;
        if (form < DPF_RSHIFT) {
            unsigned amt = (insn >> 7) & 31;
            if (ARM_UNLIKELY(rm == 15)) rmv = r15_full(cpu, rmv);
            rnv = cpu->r[rn];
            switch (type) {
            case 0:
                if (amt) { sc = (rmv >> (32 - amt)) & 1; op2 = rmv << amt; }
                else { sc = cin; op2 = rmv; }
                break;
            case 1:
                if (amt) { sc = (rmv >> (amt - 1)) & 1; op2 = rmv >> amt; }
                else { sc = rmv >> 31; op2 = 0; }
                break;
            case 2:
                if (amt) { sc = (rmv >> (amt - 1)) & 1; op2 = (uint32_t)((int32_t)rmv >> amt); }
                else { sc = rmv >> 31; op2 = (uint32_t)((int32_t)rmv >> 31); }
                break;
            default:
                if (amt) { sc = (rmv >> (amt - 1)) & 1; op2 = ror32(rmv, amt); }
                else { sc = rmv & 1; op2 = (cin << 31) | (rmv >> 1); } /* RRX */
                break;
            }
        } else {
            /* Register-specified shift: one extra internal cycle, during which the PC has
             * advanced, so R15 reads as address + 12 (ARM ARM A5.1.x "Notes"). */
            cyc += T->dp_regshift;
            unsigned s = cpu->r[(insn >> 8) & 15] & 0xff;
            if (ARM_UNLIKELY(rm == 15)) rmv = r15_full(cpu, rmv + 4);
            rnv = cpu->r[rn];
            if (ARM_UNLIKELY(rn == 15)) rnv += 4;
            if (s == 0) { sc = cin; op2 = rmv; }
            else switch (type) {
            case 0:
                if (s < 32) { sc = (rmv >> (32 - s)) & 1; op2 = rmv << s; }
                else if (s == 32) { sc = rmv & 1; op2 = 0; }
                else { sc = 0; op2 = 0; }
                break;
            case 1:
                if (s < 32) { sc = (rmv >> (s - 1)) & 1; op2 = rmv >> s; }
                else if (s == 32) { sc = rmv >> 31; op2 = 0; }
                else { sc = 0; op2 = 0; }
                break;
            case 2:
                if (s < 32) { sc = (rmv >> (s - 1)) & 1; op2 = (uint32_t)((int32_t)rmv >> s); }
                else { sc = rmv >> 31; op2 = (uint32_t)((int32_t)rmv >> 31); }
                break;
            default:
                if (s & 31) { sc = (rmv >> ((s & 31) - 1)) & 1; op2 = ror32(rmv, s); }
                else { sc = rmv >> 31; op2 = rmv; }
                break;
            }
        }
    }

    uint32_t res, c, v;
    if (!s) {
        /* No flags: the common case. */
        switch (op) {
        case 0x0: res = rnv & op2; break;
        case 0x1: res = rnv ^ op2; break;
        case 0x2: res = rnv - op2; break;
        case 0x3: res = op2 - rnv; break;
        case 0x4: res = rnv + op2; break;
        case 0x5: res = rnv + op2 + cin; break;
        case 0x6: res = rnv - op2 - (cin ^ 1); break;
        case 0x7: res = op2 - rnv - (cin ^ 1); break;
        case 0xC: res = rnv | op2; break;
        case 0xD: res = op2; break;
        case 0xE: res = rnv & ~op2; break;
        case 0xF: res = ~op2; break;
        default: return undefined(cpu, pc); /* 0x8-0xB without S: decoded elsewhere */
        }
        if (ARM_UNLIKELY(rd == 15))
            return dp_write_pc(cpu, insn, res, 0, cyc);
        cpu->r[rd] = res;
        return cyc;
    }

    bool logical;
    switch (op) {
    case 0x0: case 0x8: res = rnv & op2; logical = true; break;
    case 0x1: case 0x9: res = rnv ^ op2; logical = true; break;
    case 0x2: case 0xA:
        res = rnv - op2; c = rnv >= op2; v = ((rnv ^ op2) & (rnv ^ res)) >> 31; logical = false; break;
    case 0x3:
        res = op2 - rnv; c = op2 >= rnv; v = ((op2 ^ rnv) & (op2 ^ res)) >> 31; logical = false; break;
    case 0x4: case 0xB:
        res = rnv + op2; c = res < rnv; v = (~(rnv ^ op2) & (rnv ^ res)) >> 31; logical = false; break;
    case 0x5:
        res = rnv + op2 + cin; c = cin ? res <= rnv : res < rnv;
        v = (~(rnv ^ op2) & (rnv ^ res)) >> 31; logical = false; break;
    case 0x6:
        res = rnv - op2 - (cin ^ 1); c = cin ? rnv >= op2 : rnv > op2;
        v = ((rnv ^ op2) & (rnv ^ res)) >> 31; logical = false; break;
    case 0x7:
        res = op2 - rnv - (cin ^ 1); c = cin ? op2 >= rnv : op2 > rnv;
        v = ((op2 ^ rnv) & (op2 ^ res)) >> 31; logical = false; break;
    case 0xC: res = rnv | op2; logical = true; break;
    case 0xD: res = op2; logical = true; break;
    case 0xE: res = rnv & ~op2; logical = true; break;
    default: res = ~op2; logical = true; break;
    }
    if (ARM_UNLIKELY(rd == 15)) {
        if ((op & 0xC) == 0x8) {
            if (test_p(cpu, res))
                return cyc;
        } else {
            return dp_write_pc(cpu, insn, res, 1, cyc);
        }
    } else if ((op & 0xC) != 0x8) {
        cpu->r[rd] = res;
    }
    uint32_t f = (res & ARM_PSR_N) | (res == 0 ? ARM_PSR_Z : 0);
    if (logical)
        f |= (sc << 29) | (cpsr & ARM_PSR_V);
    else
        f |= (c << 29) | (v << 28);
    cpu->cpsr = (cpsr & 0x0FFFFFFFu) | f;
    return cyc;
}

static int exec_dp(arm_cpu_t *cpu, uint32_t insn, uint32_t pc)
{
    return dp_body(cpu, insn, pc, dp_form(insn), (insn >> 21) & 15, (insn >> 20) & 1);
}

/* ---- MRS / MSR (ARM ARM A4 "MRS", "MSR"; v3 and later) --------------------------------------- */

static int exec_psr(arm_cpu_t *cpu, uint32_t insn, uint32_t pc)
{
    bool spsr = (insn >> 22) & 1;
    if (!(insn & (1u << 21))) { /* MRS */
        if (!(insn & (1u << 25)) && (insn & 0xF0))
            return undefined(cpu, pc);
        uint32_t v = spsr ? (cpu->bank != ARM_BANK_USR ? cpu->spsr[cpu->bank] : cpu->cpsr) : cpu->cpsr;
        unsigned rd = (insn >> 12) & 15;
        if (rd != 15)
            cpu->r[rd] = v;
        return T->dp;
    }
    uint32_t val;
    if (insn & (1u << 25)) {
        val = ror32(insn & 0xff, (insn >> 7) & 0x1e);
    } else {
        if (insn & 0xF0)
            return undefined(cpu, pc); /* BX and other v4T/v5 forms: undefined on these cores */
        val = cpu->r[insn & 15];
    }
    uint32_t mask = 0;
    if (insn & (1u << 19)) mask |= 0xFF000000u;
    if (insn & (1u << 18)) mask |= 0x00FF0000u;
    if (insn & (1u << 17)) mask |= 0x0000FF00u;
    if (insn & (1u << 16)) mask |= 0x000000FFu;
    mask &= ARM_PSR_STORED;
    if (spsr) {
        if (cpu->bank != ARM_BANK_USR)
            cpu->spsr[cpu->bank] = (cpu->spsr[cpu->bank] & ~mask) | (val & mask);
        return T->dp;
    }
    if (!arm_privileged(cpu))
        mask &= 0xF0000000u;
    uint32_t nv = (cpu->cpsr & ~mask) | (val & mask);
    if (nv != cpu->cpsr)
        arm_write_cpsr(cpu, nv);
    return T->dp;
}

/* ---- multiply ------------------------------------------------------------------------------- */

static inline int mul_cycles(const arm_cpu_t *cpu, uint32_t rs, bool sign_ext)
{
    if (cpu->v4) {
        /* SA-110: early termination on 12-bit chunks of Rs (TRM "multiply timing"). */
        uint32_t x = sign_ext && (int32_t)rs < 0 ? ~rs : rs;
        return x < (1u << 11) ? 1 : x < (1u << 23) ? 2 : 3;
    }
    /* ARM6/7 Booth multiplier: 2 bits of Rs per cycle, stopping when the rest are zero. */
    int m = 1;
    for (rs >>= 2; rs && m < 16; rs >>= 2)
        m++;
    return m;
}

static int exec_mul(arm_cpu_t *cpu, uint32_t insn, uint32_t pc)
{
    unsigned rd = (insn >> 16) & 15, rn = (insn >> 12) & 15, rs = (insn >> 8) & 15, rm = insn & 15;
    uint32_t a = cpu->r[rm], b = cpu->r[rs];
    int cyc = T->mul_base + mul_cycles(cpu, b, false) * T->mul_per_2bits;
    bool s = (insn >> 20) & 1;
    if (!(insn & (1u << 23))) { /* MUL / MLA */
        if (insn & (1u << 22))
            return undefined(cpu, pc); /* 0000 01xx 1001: UMAAL on v6, undefined here */
        uint32_t res = a * b;
        if (insn & (1u << 21))
            res += cpu->r[rn];
        if (rd != 15)
            cpu->r[rd] = res;
        /* C is UNPREDICTABLE (ARM6/7 leave a meaningless value, the SA-110 and QEMU keep it):
         * kept; V is unchanged. */
        if (s)
            cpu->cpsr = (cpu->cpsr & 0x3FFFFFFFu) | (res & ARM_PSR_N) | (res == 0 ? ARM_PSR_Z : 0);
        return cyc;
    }
    if (!cpu->v4)
        return undefined(cpu, pc);
    /* UMULL/UMLAL/SMULL/SMLAL: rd = RdHi, rn = RdLo. */
    uint64_t res;
    if (insn & (1u << 22))
        res = (uint64_t)((int64_t)(int32_t)a * (int64_t)(int32_t)b);
    else
        res = (uint64_t)a * b;
    if (insn & (1u << 21))
        res += ((uint64_t)cpu->r[rd] << 32) | cpu->r[rn];
    cpu->r[rn] = (uint32_t)res;
    cpu->r[rd] = (uint32_t)(res >> 32);
    if (s)
        cpu->cpsr = (cpu->cpsr & 0x3FFFFFFFu) | ((uint32_t)(res >> 32) & ARM_PSR_N) | (res == 0 ? ARM_PSR_Z : 0);
    return cyc + 1;
}

/* ---- SWP / SWPB ----------------------------------------------------------------------------- */

static int exec_swp(arm_cpu_t *cpu, uint32_t insn, uint32_t pc)
{
    unsigned rn = (insn >> 16) & 15, rd = (insn >> 12) & 15, rm = insn & 15;
    uint32_t addr = cpu->r[rn], old;
    bool user = (cpu->cpsr & 0xf) == 0;
    int r;
    if (insn & (1u << 22)) {
        r = arm_ld8(cpu, cpu->vc, addr, user, &old);
        if (r == ARM_MEM_OK)
            r = arm_st8(cpu, cpu->vc, addr, user, cpu->r[rm]);
    } else {
        r = arm_ld32(cpu, cpu->vc, addr, user, &old);
        old = ror32(old, (addr & 3) * 8);
        if (r == ARM_MEM_OK)
            r = arm_st32(cpu, cpu->vc, addr, user, cpu->r[rm]);
    }
    if (r != ARM_MEM_OK)
        return data_abort(cpu, pc, r, T->swp);
    if (rd == 15)
        return T->swp + set_pc(cpu, old);
    cpu->r[rd] = old;
    return T->swp;
}

/* ---- single data transfers ------------------------------------------------------------------- */

static inline uint32_t shifted_offset(const arm_cpu_t *cpu, uint32_t insn)
{
    uint32_t rmv = cpu->r[insn & 15];
    unsigned amt = (insn >> 7) & 31;
    switch ((insn >> 5) & 3) {
    case 0: return rmv << amt;
    case 1: return amt ? rmv >> amt : 0;
    case 2: return (uint32_t)((int32_t)rmv >> (amt ? amt : 31));
    default: return amt ? ror32(rmv, amt) : (((cpu->cpsr >> 29) & 1) << 31) | (rmv >> 1);
    }
}

/* `f` = instruction bits 25..20 (I P U B W L), constant in the dispatch-table instances. */
static inline __attribute__((always_inline)) int ls_body(arm_cpu_t *cpu, uint32_t insn, uint32_t pc, unsigned f)
{
    unsigned rn = (insn >> 16) & 15, rd = (insn >> 12) & 15;
    uint32_t off = (f & 0x20) ? shifted_offset(cpu, insn) : (insn & 0xfff);
    uint32_t base = cpu->r[rn];
    uint32_t nb = (f & 0x08) ? base + off : base - off;
    bool pre = (f >> 4) & 1, wb = !pre || (f & 0x02);
    uint32_t addr = pre ? nb : base;
    /* Post-indexed with W: the T forms, user permissions (ARM ARM A5.2.9). */
    bool tform = !pre && (f & 0x02);
    bool user = tform || (cpu->cpsr & 0xf) == 0;
    arm_vcache_t *vc = tform ? &cpu->vcache[1] : cpu->vc;
    int r;
    if (f & 0x01) {
        uint32_t v;
        if (f & 0x04) {
            r = arm_ld8(cpu, vc, addr, user, &v);
        } else {
            r = arm_ld32(cpu, vc, addr, user, &v);
            v = ror32(v, (addr & 3) * 8); /* unaligned word loads rotate (ARM ARM A5.2.x) */
        }
        if (ARM_UNLIKELY(r != ARM_MEM_OK)) {
            if (wb && abort_keeps_writeback(cpu, false))
                cpu->r[rn] = nb;
            return data_abort(cpu, pc, r, T->ldr);
        }
        if (wb)
            cpu->r[rn] = nb;
        if (ARM_UNLIKELY(rd == 15))
            return T->ldr_pc + set_pc(cpu, v);
        cpu->r[rd] = v;
        return T->ldr;
    }
    uint32_t v = cpu->r[rd];
    if (ARM_UNLIKELY(rd == 15))
        v = r15_full(cpu, v + 4); /* STR PC stores address + 12 on ARM6/7 and the SA-110 */
    if (f & 0x04)
        r = arm_st8(cpu, vc, addr, user, v);
    else
        r = arm_st32(cpu, vc, addr, user, v); /* address[1:0] ignored (A4.1.99) */
    if (ARM_UNLIKELY(r != ARM_MEM_OK)) {
        if (wb && abort_keeps_writeback(cpu, false))
            cpu->r[rn] = nb;
        return data_abort(cpu, pc, r, T->str);
    }
    if (wb)
        cpu->r[rn] = nb;
    return T->str;
}

static int exec_ldrstr(arm_cpu_t *cpu, uint32_t insn, uint32_t pc)
{
    return ls_body(cpu, insn, pc, (insn >> 20) & 0x3F);
}

/* Halfword and signed transfers (v4; ARM ARM A5.3). */
static int exec_half(arm_cpu_t *cpu, uint32_t insn, uint32_t pc)
{
    unsigned sh = (insn >> 5) & 3, rn = (insn >> 16) & 15, rd = (insn >> 12) & 15;
    bool load = (insn >> 20) & 1;
    if (!cpu->v4 || (!load && sh != 1))
        return undefined(cpu, pc); /* v3: not decoded; v4 stores of SB/SH forms (v5E LDRD/STRD) */
    uint32_t off = (insn & (1u << 22)) ? (((insn >> 4) & 0xf0) | (insn & 0xf)) : cpu->r[insn & 15];
    uint32_t base = cpu->r[rn];
    uint32_t nb = (insn & (1u << 23)) ? base + off : base - off;
    bool pre = (insn >> 24) & 1, wb = !pre || (insn & (1u << 21));
    uint32_t addr = pre ? nb : base;
    bool user = (cpu->cpsr & 0xf) == 0;
    int r;
    if (load) {
        uint32_t v;
        if (sh == 2) {
            r = arm_ld8(cpu, cpu->vc, addr, user, &v);
            v = (uint32_t)(int32_t)(int8_t)v;
        } else {
            r = arm_ld16(cpu, cpu->vc, addr, user, &v);
            if (sh == 3)
                v = (uint32_t)(int32_t)(int16_t)v;
        }
        if (r != ARM_MEM_OK) {
            if (wb && abort_keeps_writeback(cpu, false))
                cpu->r[rn] = nb;
            return data_abort(cpu, pc, r, T->ldr);
        }
        if (wb)
            cpu->r[rn] = nb;
        if (rd == 15)
            return T->ldr_pc + set_pc(cpu, v);
        cpu->r[rd] = v;
        return T->ldr;
    }
    uint32_t v = rd == 15 ? cpu->r[15] + 4 : cpu->r[rd];
    r = arm_st16(cpu, cpu->vc, addr, user, v);
    if (r != ARM_MEM_OK) {
        if (wb && abort_keeps_writeback(cpu, false))
            cpu->r[rn] = nb;
        return data_abort(cpu, pc, r, T->str);
    }
    if (wb)
        cpu->r[rn] = nb;
    return T->str;
}

/* ---- block transfers (ARM ARM A5.4, A4 "LDM (1)-(3)", "STM (1)-(2)") ------------------------ */

/* User-bank register n as seen from the current mode (for the ^ forms). */
static inline uint32_t *user_reg(arm_cpu_t *cpu, unsigned n)
{
    if (n < 8 || n == 15 || cpu->bank == ARM_BANK_USR)
        return &cpu->r[n];
    if (n < 13)
        return cpu->bank == ARM_BANK_FIQ ? &cpu->bank_r8_12[0][n - 8] : &cpu->r[n];
    return n == 13 ? &cpu->bank_r13[ARM_BANK_USR] : &cpu->bank_r14[ARM_BANK_USR];
}

/* `f` = instruction bits 24..20 (P U S W L), constant in the dispatch-table instances. */
static inline __attribute__((always_inline)) int block_body(arm_cpu_t *cpu, uint32_t insn, uint32_t pc, unsigned f)
{
    unsigned rn = (insn >> 16) & 15;
    unsigned list = insn & 0xffff;
    bool up = (f >> 3) & 1, pre = (f >> 4) & 1, s = (f >> 2) & 1;
    bool wb = (f >> 1) & 1, load = f & 1;
    /* An empty list is UNPREDICTABLE; ARM6/7 and the SA-110 transfer R15 and move the base by
     * 64 bytes, which is what we do. */
    unsigned n = (unsigned)__builtin_popcount(list);
    uint32_t span = n ? n * 4 : 64;
    if (!list)
        list = 0x8000;
    uint32_t base = cpu->r[rn];
    uint32_t nb = up ? base + span : base - span;
    uint32_t addr = up ? base : base - span;
    if (pre == up)
        addr += 4;
    bool user = (cpu->cpsr & 0xf) == 0;
    bool user_bank = s && !(load && (list & 0x8000)); /* ^ without PC in an LDM: user bank */
    int cyc = (load ? T->ldm_base : T->stm_base) + (int)n * T->xfer_per_reg;
    int r = ARM_MEM_OK;

    if (!load) {
        bool first = true;
        for (unsigned l = list; l; l &= l - 1) {
            unsigned i = (unsigned)__builtin_ctz(l);
            uint32_t v;
            if (i == 15)
                v = r15_full(cpu, cpu->r[15] + 4);
            else if (user_bank)
                v = *user_reg(cpu, i);
            else
                v = cpu->r[i];
            /* Base in the list: the original value if it is the first register stored,
             * else the written-back base (write-back happens after the first transfer). */
            if (i == rn && wb && !first)
                v = nb;
            r = arm_st32(cpu, cpu->vc, addr, user, v);
            if (r != ARM_MEM_OK)
                break;
            addr += 4;
            first = false;
        }
        if (r != ARM_MEM_OK) {
            if (wb && abort_keeps_writeback(cpu, true))
                cpu->r[rn] = nb;
            return data_abort(cpu, pc, r, cyc);
        }
        if (wb)
            cpu->r[rn] = nb;
        return cyc;
    }

    uint32_t vals[16];
    unsigned done = 0;
    for (unsigned l = list; l; l &= l - 1) {
        unsigned i = (unsigned)__builtin_ctz(l);
        r = arm_ld32(cpu, cpu->vc, addr, user, &vals[i]);
        if (r != ARM_MEM_OK)
            break;
        done |= 1u << i;
        addr += 4;
    }
    if (r != ARM_MEM_OK) {
        /* Registers loaded before the abort keep their new values except the base and the PC
         * (SA-110 and QEMU); the base follows the core's abort model. */
        for (unsigned l = done & 0x7fff & ~(1u << rn); l; l &= l - 1) {
            unsigned i = (unsigned)__builtin_ctz(l);
            *(user_bank ? user_reg(cpu, i) : &cpu->r[i]) = vals[i];
        }
        if (wb && abort_keeps_writeback(cpu, true))
            cpu->r[rn] = nb;
        return data_abort(cpu, pc, r, cyc);
    }
    if (wb)
        cpu->r[rn] = nb;
    for (unsigned l = list & 0x7fff; l; l &= l - 1) {
        unsigned i = (unsigned)__builtin_ctz(l);
        *(user_bank ? user_reg(cpu, i) : &cpu->r[i]) = vals[i];
    }
    if (!(list & 0x8000))
        return cyc;
    uint32_t v = vals[15];
    if (arm_mode_is_26(cpu->cpsr)) {
        arm_write_r15_26(cpu, v, s);
    } else {
        if (s && cpu->bank != ARM_BANK_USR)
            arm_write_cpsr(cpu, cpu->spsr[cpu->bank]);
        cpu->r[15] = v & cpu->pc_mask;
    }
    return (cyc + T->ldr_pc - T->ldr) | XF_BRANCH;
}

static int exec_block(arm_cpu_t *cpu, uint32_t insn, uint32_t pc)
{
    return block_body(cpu, insn, pc, (insn >> 20) & 0x1F);
}

/* ---- coprocessors --------------------------------------------------------------------------- */

static int exec_cp_rt(arm_cpu_t *cpu, uint32_t insn, uint32_t pc)
{
    /* Only CP15 exists, and only privileged modes may use it. */
    if (((insn >> 8) & 15) != 15 || !arm_privileged(cpu))
        return undefined(cpu, pc);
    unsigned rd = (insn >> 12) & 15;
    if (insn & (1u << 20)) {
        uint32_t v;
        if (!arm_cp15_mrc(cpu, insn, &v))
            return undefined(cpu, pc);
        if (rd == 15)
            cpu->cpsr = (cpu->cpsr & 0x0FFFFFFFu) | (v & 0xF0000000u);
        else
            cpu->r[rd] = v;
        return T->cp;
    }
    uint32_t v = rd == 15 ? cpu->r[15] + 4 : cpu->r[rd];
    if (!arm_cp15_mcr(cpu, insn, v))
        return undefined(cpu, pc);
    /* Wait-for-interrupt: the rest of the budget passes idle. */
    if (cpu->halted && cpu->cycles_left > 0)
        cpu->cycles_left = 0;
    return T->cp;
}

/* ---- one instruction ------------------------------------------------------------------------ */

/* Bits 27..25 = 000 with bits 7 and 4 set: multiplies, SWP, halfword transfers. */
static int exec_misc(arm_cpu_t *cpu, uint32_t insn, uint32_t pc)
{
    if (insn & 0x60)
        return exec_half(cpu, insn, pc);
    if ((insn & 0x0F000000u) == 0)
        return exec_mul(cpu, insn, pc);
    if ((insn & 0x0FB00F00u) == 0x01000000u)
        return exec_swp(cpu, insn, pc);
    return undefined(cpu, pc);
}

/* Decodes and executes any instruction (the dispatch table's default entry). */
static int exec_generic(arm_cpu_t *cpu, uint32_t insn, uint32_t pc)
{
    switch ((insn >> 25) & 7) {
    case 0:
        if (ARM_UNLIKELY((insn & 0x90) == 0x90))
            return exec_misc(cpu, insn, pc);
        if (ARM_UNLIKELY((insn & 0x01900000u) == 0x01000000u))
            return exec_psr(cpu, insn, pc);
        return exec_dp(cpu, insn, pc);
    case 1:
        if (ARM_UNLIKELY((insn & 0x01900000u) == 0x01000000u)) {
            if (insn & (1u << 21))
                return exec_psr(cpu, insn, pc);
            return undefined(cpu, pc);
        }
        return exec_dp(cpu, insn, pc);
    case 2:
        return exec_ldrstr(cpu, insn, pc);
    case 3:
        if (insn & 0x10)
            return undefined(cpu, pc);
        return exec_ldrstr(cpu, insn, pc);
    case 4:
        return exec_block(cpu, insn, pc);
    case 5: {
        uint32_t off = (uint32_t)((int32_t)(insn << 8) >> 6);
        if (insn & (1u << 24))
            cpu->r[14] = r15_full(cpu, pc + 4); /* 26-bit modes: with the PSR bits */
        cpu->r[15] = (pc + 8 + off) & cpu->pc_mask;
        return T->branch | XF_BRANCH;
    }
    case 6:
        return undefined(cpu, pc); /* LDC/STC: no coprocessor answers */
    default:
        if (insn & (1u << 24)) {
            if (cpu->swi_hook && cpu->swi_hook(cpu->swi_hook_ctx, insn & 0xFFFFFFu))
                return T->swi_und;
            arm_exception(cpu, ARM_VEC_SWI, pc + 4);
            return T->swi_und | XF_BRANCH;
        }
        if (insn & 0x10)
            return exec_cp_rt(cpu, insn, pc);
        return undefined(cpu, pc); /* CDP */
    }
}

/* ---- dispatch table ------------------------------------------------------------------------
 * Indexed by instruction bits 27..20 and 7..4. The frequent groups get handlers specialised on
 * those bits (data processing per opcode, S and operand form; single transfers per I P U B W L;
 * B and BL); every other entry decodes in full (exec_generic). */
typedef int (*arm_handler_t)(arm_cpu_t *cpu, uint32_t insn, uint32_t pc);

#define DP_FN(op, s, f) \
    static int dp_##op##_##s##_##f(arm_cpu_t *cpu, uint32_t insn, uint32_t pc) { return dp_body(cpu, insn, pc, f, op, s); }
#define DP_FORMS(X, op, s) X(op, s, 0) X(op, s, 1) X(op, s, 2) X(op, s, 3) X(op, s, 4) X(op, s, 5) X(op, s, 6) X(op, s, 7) X(op, s, 8)
#define DP_OP2(X, op) DP_FORMS(X, op, 0) DP_FORMS(X, op, 1)
#define DP_OP1(X, op) DP_FORMS(X, op, 1)
/* Opcodes 8..11 without S are MRS/MSR/SWP space: only their S forms are data processing. */
#define DP_ALL(X) DP_OP2(X, 0) DP_OP2(X, 1) DP_OP2(X, 2) DP_OP2(X, 3) DP_OP2(X, 4) DP_OP2(X, 5) DP_OP2(X, 6) \
    DP_OP2(X, 7) DP_OP1(X, 8) DP_OP1(X, 9) DP_OP1(X, 10) DP_OP1(X, 11) DP_OP2(X, 12) DP_OP2(X, 13) DP_OP2(X, 14) \
    DP_OP2(X, 15)
DP_ALL(DP_FN)

#define LS_FN(f) \
    static int ls_##f(arm_cpu_t *cpu, uint32_t insn, uint32_t pc) { return ls_body(cpu, insn, pc, f); }
#define LS_16(X, base) X(base##0) X(base##1) X(base##2) X(base##3) X(base##4) X(base##5) X(base##6) X(base##7) \
    X(base##8) X(base##9) X(base##A) X(base##B) X(base##C) X(base##D) X(base##E) X(base##F)
#define LS_ALL(X) LS_16(X, 0x0) LS_16(X, 0x1) LS_16(X, 0x2) LS_16(X, 0x3)
LS_ALL(LS_FN)

#define BLK_FN(f) \
    static int blk_##f(arm_cpu_t *cpu, uint32_t insn, uint32_t pc) { return block_body(cpu, insn, pc, f); }
#define BLK_ALL(X) LS_16(X, 0x0) LS_16(X, 0x1)
BLK_ALL(BLK_FN)

static int exec_b(arm_cpu_t *cpu, uint32_t insn, uint32_t pc)
{
    cpu->r[15] = (pc + 8 + (uint32_t)((int32_t)(insn << 8) >> 6)) & cpu->pc_mask;
    return T->branch | XF_BRANCH;
}

static int exec_bl(arm_cpu_t *cpu, uint32_t insn, uint32_t pc)
{
    cpu->r[14] = r15_full(cpu, pc + 4); /* 26-bit modes: with the PSR bits */
    return exec_b(cpu, insn, pc);
}

/* Table entries: register forms (bits 27..25 = 000) by bits 7..4; bit 7 and bit 4 both set is
 * the multiply/swap/halfword space (generic). */
#define DP_ENT(op, s, f) DP_ENT_##f(op, s)
#define DPI(op, s) (((op) << 5) | ((s) << 4))
#define DP_ENT_0(op, s) [0x200 | DPI(op, s) ... 0x200 | DPI(op, s) | 0xF] = dp_##op##_##s##_0,
#define DP_ENT_1(op, s) [DPI(op, s) | 0x0] = dp_##op##_##s##_1, [DPI(op, s) | 0x8] = dp_##op##_##s##_1,
#define DP_ENT_2(op, s) [DPI(op, s) | 0x2] = dp_##op##_##s##_2, [DPI(op, s) | 0xA] = dp_##op##_##s##_2,
#define DP_ENT_3(op, s) [DPI(op, s) | 0x4] = dp_##op##_##s##_3, [DPI(op, s) | 0xC] = dp_##op##_##s##_3,
#define DP_ENT_4(op, s) [DPI(op, s) | 0x6] = dp_##op##_##s##_4, [DPI(op, s) | 0xE] = dp_##op##_##s##_4,
#define DP_ENT_5(op, s) [DPI(op, s) | 0x1] = dp_##op##_##s##_5,
#define DP_ENT_6(op, s) [DPI(op, s) | 0x3] = dp_##op##_##s##_6,
#define DP_ENT_7(op, s) [DPI(op, s) | 0x5] = dp_##op##_##s##_7,
#define DP_ENT_8(op, s) [DPI(op, s) | 0x7] = dp_##op##_##s##_8,
/* Single transfers: bits 27..25 = 010 (immediate offset, all of 7..4) and 011 with bit 4 clear
 * (register offset; bit 4 set is undefined). f = bits 25..20, so the row is 0x400 | f << 4. */
#define LS_IMM_ENT(f) [0x400 | ((f) << 4) ... 0x400 | ((f) << 4) | 0xF] = ls_##f,
#define LS_REG_ENT(f) [0x400 | ((f) << 4) | 0x0] = ls_##f, [0x400 | ((f) << 4) | 0x2] = ls_##f, \
    [0x400 | ((f) << 4) | 0x4] = ls_##f, [0x400 | ((f) << 4) | 0x6] = ls_##f, [0x400 | ((f) << 4) | 0x8] = ls_##f, \
    [0x400 | ((f) << 4) | 0xA] = ls_##f, [0x400 | ((f) << 4) | 0xC] = ls_##f, [0x400 | ((f) << 4) | 0xE] = ls_##f,

/* Block transfers: bits 27..25 = 100, row 0x800 | f << 4 for f = bits 24..20. */
#define BLK_ENT(f) [0x800 | ((f) << 4) ... 0x800 | ((f) << 4) | 0xF] = blk_##f,

/* Multiply/swap/halfword space: rows 0x00..0x1F, bits 7..4 = 1xx1. */
#define MISC_ROW(r) [(r) << 4 | 0x9] = exec_misc, [(r) << 4 | 0xB] = exec_misc, [(r) << 4 | 0xD] = exec_misc, \
    [(r) << 4 | 0xF] = exec_misc,
#define MISC_8(b) MISC_ROW((b) + 0) MISC_ROW((b) + 1) MISC_ROW((b) + 2) MISC_ROW((b) + 3) MISC_ROW((b) + 4) \
    MISC_ROW((b) + 5) MISC_ROW((b) + 6) MISC_ROW((b) + 7)

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const arm_handler_t dispatch[4096] = {
    [0 ... 4095] = exec_generic,
    DP_ALL(DP_ENT)
    LS_16(LS_IMM_ENT, 0x0) LS_16(LS_IMM_ENT, 0x1) LS_16(LS_REG_ENT, 0x2) LS_16(LS_REG_ENT, 0x3)
    MISC_8(0) MISC_8(8) MISC_8(16) MISC_8(24)
    BLK_ALL(BLK_ENT)
    [0xA00 ... 0xAFF] = exec_b,
    [0xB00 ... 0xBFF] = exec_bl,
};
#pragma GCC diagnostic pop

static inline __attribute__((always_inline)) void step(arm_cpu_t *cpu)
{
    if (ARM_UNLIKELY(cpu->irq_pending)) {
        /* FIQ has priority over IRQ; R14 = address of the next instruction + 4. */
        uint32_t next = cpu->r[15];
        if (cpu->fiq_line && !(cpu->cpsr & ARM_PSR_F))
            arm_exception(cpu, ARM_VEC_FIQ, next + 4);
        else
            arm_exception(cpu, ARM_VEC_IRQ, next + 4);
        cpu->cycles_left -= T->swi_und;
        return;
    }
    uint32_t pc = cpu->r[15];
    uint32_t insn;
    if (ARM_LIKELY((pc & ~0xFFFu) == cpu->fetch_va)) {
        memcpy(&insn, (const void *)(cpu->fetch_host + pc), 4);
    } else if (!arm_fetch_slow(cpu, pc, &insn)) {
        cpu->insns++;
        arm_exception(cpu, ARM_VEC_PABT, pc + 4);
        cpu->cycles_left -= T->swi_und;
        return;
    }
    cpu->insns++;
    if ((insn >> 28) != 0xE && ARM_UNLIKELY(!((cond_ok[insn >> 28] >> (cpu->cpsr >> 28)) & 1))) {
        cpu->r[15] = (pc + 4) & cpu->pc_mask;
        cpu->cycles_left -= T->dp;
        return;
    }
    cpu->r[15] = pc + 8;
    int c = dispatch[((insn >> 16) & 0xFF0) | ((insn >> 4) & 0xF)](cpu, insn, pc);
    if (!(c & XF_BRANCH))
        cpu->r[15] = (pc + 4) & cpu->pc_mask;
    cpu->cycles_left -= c & 0xFFFF;
}

int64_t arm_run(arm_cpu_t *cpu, int64_t cycles)
{
    if (cpu->run_hook)
        return cpu->run_hook(cpu->run_hook_ctx, cycles);
    cpu->cycles_left = cycles;
    cpu->stop_credit = 0;
    cpu->stop = false;
    if (cpu->halted)
        cpu->cycles_left = 0;
    while (cpu->cycles_left > 0)
        step(cpu);
    int64_t used = cycles - cpu->cycles_left - cpu->stop_credit;
    cpu->cycles += (uint64_t)used;
    cpu->stop_credit = 0;
    return used;
}

int arm_step(arm_cpu_t *cpu)
{
    cpu->cycles_left = 0;
    if (cpu->halted)
        return 0;
    step(cpu);
    int used = (int)-cpu->cycles_left;
    cpu->cycles += (uint64_t)used;
    cpu->cycles_left = 0;
    return used;
}
