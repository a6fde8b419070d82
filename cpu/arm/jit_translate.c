/* ARM JIT translator: one basic block of ARM code to x86-64.
 *
 * Register use in translated code: RBX = the arm_cpu_t; guest registers live in cpu->r[],
 * and the (up to) seven the block uses most are held in R15, RBP, R12, RSI, R13, R10 and R11
 * for the whole block (see alloc_regs: loaded on entry, written back where anything else may
 * look, reloaded after C calls; R10 and R11 only where no flag-setting multiply or a host
 * without LAHF needs them as scratch: needs_r10_r11); R14 counts the budget and the
 * instructions together (jit_internal.h: ARM_JIT_INSN_BITS); EAX, ECX, EDX, EDI, R8 and R9
 * are scratch (RSI is set for C call arguments only after the write-back), but R9 (a vcache
 * page's host bias) stays valid between the loads of a page group (plan_groups), and holds
 * the fastmem window's base for one access (fm_window).
 *
 * A block that branches back to its own start (a loop) checks the budget at that exit and
 * chains it to `loop_entry`, past the entry's register loads: the loop runs with its
 * registers in host registers. Flags its back edge leaves deferred can go round the loop as
 * the x86 flags' image in a data word (plan_saved_flags).
 *
 * Flags: a backward liveness pass drops flag updates that a later instruction of the block
 * overwrites unread. A flag-setting instruction leaves the x86 flags equal to the ARM ones
 * (carry possibly inverted, as x86 subtraction borrows), which the next condition test uses
 * while nothing has clobbered them. Most (data processing with S that keeps its operands:
 * CMP, TST, MOVS Rd, Rm, SUBS Rd, Rd, #1...) defer the CPSR's copy (tr_t.pend, materialize):
 * a condition after a clobber computes the x86 flags again from the operands, and NZCV are
 * stored only where something else may read the CPSR — exits (not a loop back to a start
 * that overwrites them unread, nor a chain to such a block: arm_jit_block_t.flags_dead), cold
 * paths before the interpreter runs, MRS/MSR, carry readers, and before an operand is
 * overwritten. NZCV are written as one byte (CPSR[31:24], see jit_internal.h) through LAHF
 * and a table, which leave the x86 flags intact.
 *
 * Cycles: the block counts the interpreter's costs (cpu->timing) at compile time and
 * subtracts them from the budget at its exits; an instruction handed to the interpreter is
 * counted by the interpreter (a refund cancels what the block counted). While translated code
 * runs, R14 holds cpu->cycles_left and the instructions not yet in cpu->insns (written back
 * around C calls and on leaving), so chained blocks check the budget and count without
 * touching memory. */
#include "cpu/arm/jit_internal.h"

#define MAXI ARM_JIT_MAX_INSNS

enum { K_NOP, K_DP, K_DP_PC, K_DP_PCS, K_MUL, K_MULL, K_PSR, K_SWP, K_MEM, K_MEM_PC, K_BLOCK, K_BLOCK_PC, K_BRANCH, K_INTERP, K_INTERP_END };
enum { HC_NONE, HC_DIRECT, HC_INVERTED }; /* what x86 CF holds */
enum { SC_OLD, SC_ZERO, SC_ONE, SC_REG }; /* where a logical op's shifter carry is (SC_REG: tr_t.sc_reg) */
enum { G_NONE, G_LEADER, G_MEMBER }; /* loads sharing one vcache page check (plan_groups) */

typedef struct cold {
    bool call;              /* run the instruction in the interpreter first (else just exit) */
    uint8_t *site;          /* rel32 of the jcc into the stub */
    uint8_t *resume;        /* where to continue if the helper says so */
    uint32_t pc, refund;
    uint32_t exit_cycles, exit_insns;
    uint8_t *store_back;    /* a store's vcache miss: try arm_jit_helper_store first, then here */
    uint8_t store_size, store_rd;
    uint16_t dirty;         /* held registers newer than cpu->r[] at the site (written back first) */
    bool poison;            /* a page group's load: R9 = 0 before resuming (see plan_groups) */
    /* A fastmem site (emit_mem): its access instruction, which faults over to this stub, and
     * the MOVABS before it; `site` is then the alignment test's jcc, or NULL for bytes. */
    uint8_t *fm_access, *fm_movabs, *fm_after, *fm_vc;
    bool fm_write, fm_sign;
    int8_t fm_ar, fm_reg;   /* the address's register; the loaded or stored register */
    uint8_t fm_size;
    int8_t pend;            /* tr_t.pend at the site: flags to store before the interpreter runs */
} cold_t;

typedef struct tr {
    arm_jit_t *jit;
    arm_cpu_t *cpu;
    const arm_timing_t *tm;
    jx_t e;
    uint32_t pc0, mode;
    bool m26;
    int n;
    uint32_t insn[MAXI];
    uint8_t kind[MAXI], live_out[MAXI];
    uint32_t rest[MAXI];    /* most cycles instructions i+1 .. n-2 may take (budget checks) */
    int hf_nz, hf_v, hf_c;  /* x86 flags hold N/Z, V, C (HC_*) of the ARM flags */
    int8_t host_of[16];     /* host register holding guest register r for the whole block, or -1 */
    const int8_t *hint;     /* the held registers of the block that led here (alloc_regs), or NULL */
    uint16_t dirty;         /* held registers whose cpu->r[] copy is stale here (see st_reg) */
    uint16_t dirty0;        /* held registers loaded on entry: taken as dirty at the loop head */
    uint16_t cold_dirty;    /* `dirty` where the current instruction's cold paths leave */
    int pend;               /* deferred flags: the instruction whose NZCV the CPSR lacks, or -1,
                             * or PEND_SAVED */
    uint16_t pend_src;      /* the guest registers its flags are computed from (unchanged since) */
    bool entry_dead;        /* the flags are overwritten at the block's start before any read */
    uint32_t pend_cycles, pend_insns;
    cold_t cold[MAXI];
    int ncold;
    uint8_t *loop_head;     /* after the entry's register loads */
    /* Flags carried round a loop (plan_saved_flags): the back edge saves the x86 flags of its
     * add (0) or subtract (1) into *saved (AX after SETO and LAHF: see flag_tab_ax) and goes
     * to loop_body; loop_head, where the block is entered, sets *saved to 0xFFFF (the CPSR
     * holds them). -1: not used. */
    int saved_sub;
    uint32_t *saved;
    uint8_t *loop_body;
    uint32_t need;          /* the budget the block needs (its entry check) */
    uintptr_t host;         /* host address of the block's first instruction */
    uint32_t pa;            /* its physical address */
    uint32_t lit_lo, lit_hi; /* page offsets of the literals folded into constants (lo >= hi: none) */
    uint8_t grp_role[MAXI]; /* G_* (plan_groups) */
    /* A logical operation's flags (emit_dp): the shifter's carry (0/1) and the old flag bits
     * it keeps (V, maybe C). With LAHF EDX and R8, free then; else R10 and R11, which such
     * blocks do not hold guest registers in (needs_r10_r11). */
    int8_t sc_reg, kept_reg;
    int16_t grp_dmin[MAXI], grp_dmax[MAXI]; /* a leader's group: offsets relative to its own */
    bool fm;                /* loads and stores go through the fastmem window (jit_fastmem.c) */
    /* A block that loops back to its start keeps R14 less this (the budget it needs, shifted
     * as R14's budget is) from its loop entry on: the back edge's SUB then sets the flags its
     * budget check needs, and what leaves the block adds it back (account_out, call_c). */
    int32_t bias;
    bool failed;
} tr_t;

static void clob(tr_t *t) { t->hf_nz = t->hf_v = 0; t->hf_c = HC_NONE; }

/* tr_t.pend when the flags of the last loop iteration may be in *saved, not in the CPSR. */
#define PEND_SAVED (-2)

/* ---- decoding ------------------------------------------------------------------------------- */

static bool dp_logical(unsigned op) { return op <= 1 || op == 8 || op == 9 || op >= 12; }

/* LDRH/STRH/LDRSB/LDRSH (v4, ARM ARM A5.3) the translator handles: the rest (stores of the
 * signed forms, R15 anywhere, T-like post-indexed write-back, base = destination with
 * write-back) goes to the interpreter. */
static bool classify_half(uint32_t insn)
{
    unsigned rn = (insn >> 16) & 15, rd = (insn >> 12) & 15, rm = insn & 15, sh = (insn >> 5) & 3;
    bool pre = (insn >> 24) & 1, wb = (insn >> 21) & 1, load = (insn >> 20) & 1;
    if ((!load && sh != 1) || rd == 15 || (!pre && wb))
        return false;
    if (rn == 15 && (!pre || wb))
        return false;
    if (!(insn & (1u << 22)) && rm == 15)
        return false;
    return !(load && (wb || !pre) && rn == rd);
}

static int classify(const tr_t *t, uint32_t insn)
{
    if ((insn >> 28) == 0xF)
        return K_NOP; /* NV: never executes on these cores (see interp.c) */
    unsigned rd = (insn >> 12) & 15, rn = (insn >> 16) & 15, rm = insn & 15;
    switch ((insn >> 25) & 7) {
    case 0:
    case 1: {
        bool imm = (insn >> 25) & 1;
        if (!imm && (insn & 0x90) == 0x90) {
            if ((insn & 0x0FC000F0u) == 0x00000090u) { /* MUL, MLA */
                unsigned mrd = rn, mrn = rd, rs = (insn >> 8) & 15;
                bool acc = (insn >> 21) & 1;
                if (mrd == 15 || rm == 15 || rs == 15 || (acc && mrn == 15) || t->tm->mul_per_2bits != 1)
                    return K_INTERP;
                return K_MUL;
            }
            if ((insn & 0x0F8000F0u) == 0x00800090u) { /* UMULL/UMLAL/SMULL/SMLAL (v4 only) */
                unsigned rs = (insn >> 8) & 15;
                if (t->cpu->v4 && rd != 15 && rn != 15 && rs != 15 && rm != 15 && t->tm->mul_per_2bits == 1)
                    return K_MULL;
                return K_INTERP; /* undefined on v3; R15 operands */
            }
            if (!(insn & 0x60) && (insn & 0x0FB00F00u) == 0x01000000u && rd != 15 && rn != 15 && rm != 15)
                return K_SWP;
            if ((insn & 0x60) && t->cpu->v4 && classify_half(insn))
                return K_MEM;
            return rd == 15 || rn == 15 ? K_INTERP_END : K_INTERP;
        }
        if ((insn & 0x01900000u) == 0x01000000u) { /* MRS/MSR (interp.c exec_psr) */
            if (!(insn & (1u << 21))) /* MRS: the immediate form and bits 7..4 set are undefined */
                return imm || (insn & 0xF0) || rd == 15 ? K_INTERP : K_PSR;
            return !imm && (insn & 0xF0) ? K_INTERP_END : K_PSR;
        }
        /* Rd = R15: a jump (MOV PC, LR & co.) unless S (a PSR write) or a test op (TEQP & co.). */
        bool pc_write = rd == 15;
        if (pc_write && ((insn >> 21) & 0xC) == 0x8)
            return K_INTERP_END;
        int fallback = pc_write ? K_INTERP_END : K_INTERP;
        if (!imm && (insn & 0x10)) { /* register-specified shift */
            unsigned rs = (insn >> 8) & 15;
            if (rm == 15 || rs == 15 || rn == 15)
                return fallback;
        } else if (!imm && rm == 15 && t->m26) {
            return fallback; /* R15 with its PSR bits */
        }
        return pc_write ? ((insn & (1u << 20)) ? K_DP_PCS : K_DP_PC) : K_DP;
    }
    case 2:
    case 3: {
        bool reg = (insn >> 25) & 1, pre = (insn >> 24) & 1, wb = (insn >> 21) & 1, load = (insn >> 20) & 1;
        if (reg && (insn & 0x10))
            return K_INTERP; /* undefined */
        if (!pre && wb)
            return load && rd == 15 ? K_INTERP_END : K_INTERP; /* LDRT/STRT */
        if (rd == 15 && (!load || (insn & (1u << 22))))
            return load ? K_INTERP_END : K_INTERP;
        if (rn == 15 && (!pre || wb))
            return K_INTERP;
        if (reg && (rm == 15 || ((insn & 0xFF0) == 0x060)))
            return K_INTERP; /* R15 offset, RRX */
        if (load && (wb || !pre) && rn == rd)
            return rd == 15 ? K_INTERP_END : K_INTERP;
        return rd == 15 ? K_MEM_PC : K_MEM;
    }
    case 4: { /* LDM/STM: the plain forms (no ^, no R15 base, STM without R15, a register list) */
        bool load = (insn >> 20) & 1, pc_in = (insn >> 15) & 1;
        if ((insn & (1u << 22)) || rn == 15 || (insn & 0xFFFF) == 0 || (!load && pc_in))
            return load && pc_in ? K_INTERP_END : K_INTERP;
        return load && pc_in ? K_BLOCK_PC : K_BLOCK;
    }
    case 5:
        return K_BRANCH;
    default:
        return K_INTERP_END; /* coprocessor, SWI: may change the mapping or the mode */
    }
}

static const uint8_t cond_reads[16] = {
    JF_Z, JF_Z, JF_C, JF_C, JF_N, JF_N, JF_V, JF_V,
    JF_C | JF_Z, JF_C | JF_Z, JF_N | JF_V, JF_N | JF_V, JF_N | JF_Z | JF_V, JF_N | JF_Z | JF_V, 0, 0,
};

/* Flags the instruction reads (from memory or the x86 flags) and writes. */
static void flag_use(const tr_t *t, int i, unsigned *reads, unsigned *writes)
{
    uint32_t insn = t->insn[i];
    *reads = cond_reads[insn >> 28];
    *writes = 0;
    switch (t->kind[i]) {
    case K_NOP: *reads = 0; return;
    case K_MEM: case K_MEM_PC: case K_BLOCK: case K_BLOCK_PC: case K_INTERP: case K_INTERP_END:
    case K_SWP: case K_PSR: /* the interpreter may run; MRS/MSR read the whole CPSR */
        *reads = JF_ALL;
        return;
    case K_MUL: case K_MULL:
        if (insn & (1u << 20)) { /* N, Z; C and V kept (interp.c) */
            *reads |= JF_C | JF_V;
            *writes = JF_N | JF_Z;
        }
        return;
    case K_BRANCH: /* one inside the block leaves it when taken: everything is read */
        if (i < t->n - 1)
            *reads = JF_ALL;
        return;
    case K_DP_PCS: *reads = JF_ALL; return; /* the PSR comes from elsewhere, the CPSR is read */
    default: break;
    }
    unsigned op = (insn >> 21) & 15;
    bool s = (insn >> 20) & 1, imm = (insn >> 25) & 1;
    if (op == 5 || op == 6 || op == 7)
        *reads |= JF_C;
    if (!imm && !(insn & 0x10) && (insn & 0xFE0) == 0x060)
        *reads |= JF_C; /* RRX */
    if (!s)
        return;
    if (dp_logical(op)) {
        bool carry_old = imm ? ((insn >> 8) & 15) == 0 : (insn & 0xFF0) == 0; /* no rotation / LSL #0 */
        bool by_reg = !imm && (insn & 0x10); /* a count of 0 in Rs passes the old carry on */
        *reads |= JF_V | (carry_old || by_reg ? JF_C : 0);
        *writes = JF_N | JF_Z | (carry_old ? 0 : JF_C);
    } else {
        *writes = JF_ALL;
    }
}

static void liveness(tr_t *t)
{
    unsigned live = JF_ALL;
    for (int i = t->n - 1; i >= 0; i--) {
        t->live_out[i] = (uint8_t)live;
        unsigned r, w;
        flag_use(t, i, &r, &w);
        if ((t->insn[i] >> 28) != 0xE)
            w = 0; /* a conditional instruction may not write */
        live = (live & ~w) | r;
    }
}

/* ---- emission helpers ----------------------------------------------------------------------- */

/* Guest registers live in cpu->r[]. Those the block uses most are held in host registers for
 * the whole block: read and written there only, and written back to cpu->r[] (`dirty` says
 * which are newer) wherever anything else may look: before every C call (the interpreter may
 * run any instruction), on every cold path (cold_t.dirty) and at every exit. Whatever may
 * change guest registers behind the translator's back (a C call) is followed by reload_regs. */
#define NALLOC 7
#define NPREF 5 /* the homes a register prefers (r % NPREF): R10 and R11 come after */
static const int alloc_host[NALLOC] = {JX_R15, JX_RBP, JX_R12, JX_RSI, JX_R13, JX_R10, JX_R11};

/* Does the block use R10/R11 as scratch? Flag-setting multiplies (nz_flags_begin), and every
 * flag without LAHF (emit_dp). Else they hold two more guest registers. */
static bool needs_r10_r11(const tr_t *t)
{
    if (!t->jit->lahf)
        return true;
    for (int i = 0; i < t->n; i++)
        if ((t->kind[i] == K_MUL || t->kind[i] == K_MULL) && ((t->insn[i] >> 20) & 1))
            return true;
    return false;
}

static void ld_reg(tr_t *t, int hr, unsigned r, uint32_t pc)
{
    if (r == 15)
        jx_mov_ri(&t->e, hr, pc + 8);
    else if (t->host_of[r] >= 0)
        jx_mov_rr(&t->e, 4, hr, t->host_of[r]);
    else
        jx_load(&t->e, 4, false, hr, JCPU_R(r));
}

static void st_reg(tr_t *t, unsigned r, int hr)
{
    if (t->host_of[r] >= 0) {
        if (t->host_of[r] != hr)
            jx_mov_rr(&t->e, 4, t->host_of[r], hr);
        t->dirty |= (uint16_t)(1u << r);
    } else {
        jx_store(&t->e, 4, JCPU_R(r), hr);
    }
}

static void st_reg_imm(tr_t *t, unsigned r, uint32_t v)
{
    if (t->host_of[r] >= 0) {
        jx_mov_ri(&t->e, t->host_of[r], v);
        t->dirty |= (uint16_t)(1u << r);
    } else {
        jx_store_imm(&t->e, 4, JCPU_R(r), v);
    }
}

/* Stores the held registers of `mask` back to cpu->r[] (MOVs: the x86 flags are kept). */
static void writeback(tr_t *t, unsigned mask)
{
    for (unsigned r = 0; r < 15; r++)
        if ((mask >> r) & 1 && t->host_of[r] >= 0)
            jx_store(&t->e, 4, JCPU_R(r), t->host_of[r]);
}

static void reload_regs(tr_t *t)
{
    for (unsigned r = 0; r < 15; r++)
        if (t->host_of[r] >= 0)
            jx_load(&t->e, 4, false, t->host_of[r], JCPU_R(r));
}

/* Registers (R0-R14) an instruction names, for the allocation: a rough count of uses. */
static unsigned reg_uses(const tr_t *t, int i, uint8_t use[16])
{
    uint32_t insn = t->insn[i];
    unsigned rn = (insn >> 16) & 15, rd = (insn >> 12) & 15, rs = (insn >> 8) & 15, rm = insn & 15;
    switch (t->kind[i]) {
    case K_DP: case K_DP_PC: case K_DP_PCS:
        use[rd]++;
        if (((insn >> 21) & 15) != 0xD && ((insn >> 21) & 15) != 0xF) use[rn]++;
        if (!(insn & (1u << 25))) { use[rm]++; if (insn & 0x10) use[rs]++; }
        break;
    case K_MUL: case K_MULL:
        use[rn]++; use[rs]++; use[rm]++;
        if (t->kind[i] == K_MULL || (insn & (1u << 21))) use[rd]++;
        break;
    case K_MEM: case K_MEM_PC: case K_SWP:
        use[rn]++; use[rd]++;
        if (t->kind[i] == K_SWP || ((insn & (1u << 26)) ? (insn & (1u << 25)) : !(insn & (1u << 22)))) use[rm]++;
        break;
    case K_BLOCK: case K_BLOCK_PC:
        use[rn] += 2;
        for (unsigned r = 0; r < 15; r++)
            use[r] += (insn >> r) & 1;
        break;
    case K_PSR:
        use[rd]++;
        if (!(insn & (1u << 25))) use[rm]++;
        break;
    default: break;
    }
    return 0;
}

static void alloc_regs(tr_t *t)
{
    /* Uses weighted by how often they run: in a loop back to the block's start most (64: a
     * use in the loop outweighs a long tail after it, which runs once per loop), then before
     * the first conditional exit more than after it (blocks go on past them). */
    int loop_end = -1;
    uint32_t mask = t->m26 ? 0x03FFFFFCu : 0xFFFFFFFCu;
    for (int i = 0; i < t->n; i++) {
        uint32_t pc = t->pc0 + 4u * (unsigned)i;
        if (t->kind[i] == K_BRANCH && ((pc + 8 + (uint32_t)((int32_t)(t->insn[i] << 8) >> 6)) & mask) == t->pc0)
            loop_end = i;
    }
    unsigned use[16] = {0}, exits = 0;
    for (int i = 0; i < t->n; i++) {
        uint8_t u[16] = {0};
        reg_uses(t, i, u);
        unsigned w = i <= loop_end ? 64 : exits == 0 ? 4 : exits == 1 ? 2 : 1;
        for (int r = 0; r < 16; r++)
            use[r] += u[r] * w;
        exits += t->kind[i] == K_BRANCH;
    }
    use[15] = 0;
    for (int r = 0; r < 16; r++)
        t->host_of[r] = -1;
    /* The most used registers, each in its preferred host register (r % NPREF) if free: so
     * neighbouring blocks tend to agree and their chains move nothing (jit.c trampolines). */
    int nalloc = needs_r10_r11(t) ? NPREF : NALLOC;
    int pick[NALLOC], npick = 0;
    bool slot_used[NALLOC] = {false};
    for (int k = 0; k < nalloc; k++) {
        int best = -1;
        for (int r = 0; r < 15; r++)
            if (use[r] && (best < 0 || use[r] > use[best]))
                best = r;
        if (best < 0)
            break;
        use[best] = 0;
        pick[npick++] = best;
    }
    int8_t slot_of[16];
    for (int k = 0; k < npick; k++)
        slot_of[pick[k]] = -1;
    /* First where the block that led here holds them: the chain between them moves nothing
     * for these (collisions of the r % NPREF preference, r2 with r14, go its way). */
    for (int k = 0; t->hint && k < npick; k++) {
        int h = t->hint[pick[k]];
        for (int s = 0; h >= 0 && s < nalloc; s++)
            if (alloc_host[s] == h && !slot_used[s]) {
                slot_of[pick[k]] = (int8_t)s;
                slot_used[s] = true;
            }
    }
    for (int k = 0; k < npick; k++) {
        if (slot_of[pick[k]] < 0 && !slot_used[pick[k] % NPREF]) {
            slot_of[pick[k]] = (int8_t)(pick[k] % NPREF);
            slot_used[pick[k] % NPREF] = true;
        }
    }
    for (int k = 0; k < npick; k++) {
        int s = slot_of[pick[k]];
        for (int j = 0; s < 0 && j < nalloc; j++)
            if (!slot_used[j]) {
                s = j;
                slot_used[j] = true;
            }
        t->host_of[pick[k]] = (int8_t)alloc_host[s];
    }
}

static void account_by(tr_t *t, int32_t cycles, uint32_t insns, int32_t bias)
{
    /* (R14: the budget above ARM_JIT_INSN_BITS, the instructions below; one SUB for both
     * while the cycles fit a 32-bit immediate) */
    for (; cycles >= 64; cycles -= 64)
        jx_alu_ri(&t->e, JX_SUB, 8, JX_R14, 64 << ARM_JIT_INSN_BITS);
    int64_t v = ((int64_t)cycles << ARM_JIT_INSN_BITS) - (int64_t)insns - bias;
    if (v)
        jx_alu_ri(&t->e, JX_SUB, 8, JX_R14, (int32_t)v);
    clob(t);
}

/* Counts cycles and instructions inside the block (R14 stays biased)... */
static void account(tr_t *t, int32_t cycles, uint32_t insns) { account_by(t, cycles, insns, 0); }
/* ...and where it leaves (R14 as the rest of the JIT has it). */
static void account_out(tr_t *t, int32_t cycles, uint32_t insns) { account_by(t, cycles, insns, t->bias); }

/* emit_dp's modes: the whole instruction with its flags stored (DP_FULL); the result and the
 * x86 flags only, the NZCV store deferred (DP_DEFER: see materialize); the flags of a deferred
 * instruction again from its unchanged operands, no result written: stored (DP_REPLAY) or
 * left in the x86 flags only, for a condition (DP_REPLAY_COND). */
enum { DP_FULL, DP_DEFER, DP_REPLAY, DP_REPLAY_COND };
static void emit_dp(tr_t *t, int i, uint32_t pc, int mode);

/* NZCV into the CPSR byte: the table entry ECX indexes (arm_jit_t.flag_tab*), addressed from
 * RBX (the cpu) if near enough, else through RAX (free after LAHF); for logical ops plus the
 * kept bits (tr_t.kept_reg).
 * MOVs and LEA: the x86 flags stay. */
static void store_flags_from_table(tr_t *t, const uint8_t *table, bool logical)
{
    jx_t *e = &t->e;
    intptr_t from_cpu = (intptr_t)(uintptr_t)table - (intptr_t)(uintptr_t)t->cpu;
    if (from_cpu > -0x7F000000 && from_cpu < 0x7F000000) {
        jx_load(e, 1, false, JX_RCX, JX_MI(JX_RBX, JX_RCX, 1, (int32_t)from_cpu));
    } else {
        jx_mov64_ri(e, JX_RAX, (uint64_t)(uintptr_t)table);
        jx_load(e, 1, false, JX_RCX, JX_MI(JX_RAX, JX_RCX, 1, 0));
    }
    if (logical)
        jx_lea(e, 4, JX_RCX, JX_MI(JX_RCX, t->kept_reg, 1, 0));
    jx_store(e, 1, JCPU_FLAGS, JX_RCX);
}

/* The x86 flags of an addition or subtraction as NZCV into the CPSR byte, through LAHF and
 * SETO (AX = AH:V indexes flag_tab_ax). */
static void store_arith_flags(tr_t *t, bool add_like)
{
    jx_setcc(&t->e, JX_CC_O, JX_RAX);
    jx_lahf(&t->e);
    jx_movzx16_rr(&t->e, JX_RCX, JX_RAX);
    store_flags_from_table(t, t->jit->flag_tab_ax[add_like ? 0 : 1], false);
}

/* Deferred flags: a flag-setting data-processing instruction whose operands the block leaves
 * unchanged for a while keeps NZCV in the x86 flags only (tr_t.pend; conditions read them
 * there, or from its operands again). The CPSR gets them here, computed again from those
 * operands, wherever anything else may look: every exit, every C call (for loads and stores in
 * their cold paths only), and before an instruction that reads the CPSR or overwrites an
 * operand (must_materialize). The x86 flags then hold them too. */
static void materialize(tr_t *t)
{
    if (t->pend == PEND_SAVED) { /* the CPSR, unless *saved says it holds them already */
        jx_t *e = &t->e;
        jx_load_rip(e, 2, JX_RCX, t->saved);
        jx_alu_ri(e, JX_CMP, 4, JX_RCX, 0xFFFF);
        uint8_t *exact = jx_jcc8_fwd(e, JX_CC_E);
        store_flags_from_table(t, t->jit->flag_tab_ax[t->saved_sub], false);
        jx_patch8(exact, e->p);
        clob(t);
        t->pend = -1;
        return;
    }
    if (t->pend < 0)
        return;
    int p = t->pend;
    unsigned op = (t->insn[p] >> 21) & 15;
    if (!dp_logical(op) && t->hf_nz && t->hf_v && t->hf_c != HC_NONE)
        store_arith_flags(t, op == 4 || op == 11); /* the x86 flags still hold them (see hf_*) */
    else
        emit_dp(t, p, t->pc0 + 4u * (unsigned)p, DP_REPLAY);
    t->pend = -1;
}

/* Leaves the block with r15 as computed at run time (no chaining). */
static void exit_dynamic(tr_t *t, uint32_t cycles, uint32_t insns)
{
    int pend = t->pend;
    materialize(t);
    t->pend = pend; /* (for code after a jump over this exit) */
    writeback(t, t->dirty);
    account_out(t, cycles, insns);
    jx_jmp_to(&t->e, t->jit->lookup); /* the jump cache, else the dispatcher */
}

/* Leaves the block for `target`: a jmp that the dispatcher may later point straight at the
 * target's block (for another virtual page, behind a check of the vcache epoch). */
static void exit_to(tr_t *t, uint32_t target, uint32_t cycles, uint32_t insns)
{
    /* The held registers go along: to the block's own start (loop_head takes them all as
     * dirty) or through the chain's trampoline (jit.c), which writes back and loads what the
     * two blocks hold differently. Unchained, the stub writes them back. */
    int pend = t->pend; /* (restored: the caller may go on from a jump over this exit) */
    bool loop = target == t->pc0 && !t->jit->single_block && !t->jit->single_insn;
    /* Flags carried round the loop in *saved (plan_saved_flags): those of an add or subtract
     * of the planned kind, from the x86 flags (computed again if clobbered); or still there. */
    bool save = false;
    if (loop && t->saved_sub >= 0) {
        unsigned op = pend >= 0 ? (t->insn[pend] >> 21) & 15 : 0;
        save = pend == PEND_SAVED ||
               (pend >= 0 && !dp_logical(op) && (op == 4 || op == 11 ? 0 : 1) == t->saved_sub);
    }
    if (save && pend >= 0) {
        if (!(t->hf_nz && t->hf_v && t->hf_c != HC_NONE))
            emit_dp(t, pend, t->pc0 + 4u * (unsigned)pend, DP_REPLAY_COND);
        jx_setcc(&t->e, JX_CC_O, JX_RAX);
        jx_lahf(&t->e);
        jx_store_rip(&t->e, 2, t->saved, JX_RAX);
    } else if (loop && !t->entry_dead) {
        materialize(t);
    }
    if (loop) {
        /* Back to the block's own start: straight to loop_head while the budget lasts (a
         * block that loses its translation stops before it gets here: jit.h), deferred flags
         * left behind if the block's start overwrites them unread, or saved. */
        if (t->bias) { /* (biased: the SUB's sign is the budget check) */
            account(t, cycles, insns);
            jx_jcc_to(&t->e, JX_CC_NS, save ? t->loop_body : t->loop_head);
            jx_alu_ri(&t->e, JX_ADD, 8, JX_R14, t->bias);
        } else {
            account(t, cycles, insns);
            arm_jit_emit_budget_cmp(&t->e, t->need);
            jx_jcc_to(&t->e, JX_CC_G, save ? t->loop_body : t->loop_head);
        }
        if (save)
            t->pend = PEND_SAVED;
        materialize(t);
        t->pend = pend;
        writeback(t, t->dirty);
        jx_store_imm(&t->e, 4, JCPU_R(15), target);
        jx_alu_rr(&t->e, JX_XOR, 4, JX_RAX, JX_RAX);
        jx_jmp_to(&t->e, t->jit->epilogue);
        return;
    }
    t->pend = pend;
    int32_t x = arm_jit_new_exit(t->jit);
    if (x < 0)
        t->failed = true;
    /* Deferred flags: stored here (`mat`), unless the exit is chained to a block that
     * overwrites them before reading them (arm_jit_block_t.flags_dead): chain() then points
     * the jmp before them past them (`skip`). The stub stores them in any case. */
    uint8_t *pre = NULL, *mat = NULL, *skip = NULL;
    if (pend >= 0 && x >= 0 && !t->jit->single_block) {
        pre = jx_jmp_fwd(&t->e);
        mat = t->e.p;
        jx_patch32(pre, mat);
    }
    materialize(t);
    skip = pre ? t->e.p : NULL;
    account_out(t, cycles, insns);
    uint8_t *epoch_fail = NULL;
    bool cross = (target >> 12) != (t->pc0 >> 12);
    if (cross && x >= 0) {
        /* Another page: chained only while no vcache flush. The epoch the chain was made in
         * is data (the exit record), so re-arming a chain writes no code. */
        jx_load(&t->e, 4, false, JX_RCX, JCPU(vc_epoch));
        jx_mov64_ri(&t->e, JX_RDX, (uint64_t)(uintptr_t)&t->jit->exits[x].epoch);
        jx_alu_rm(&t->e, JX_CMP, 4, JX_RCX, JX_M(JX_RDX, 0));
        epoch_fail = jx_jcc_fwd(&t->e, JX_CC_NE);
    }
    uint8_t *self_fail = NULL;
    if (target == t->pc0) { /* chained to loop_entry, past the entry's budget check: done here */
        arm_jit_emit_budget_cmp(&t->e, t->need);
        self_fail = jx_jcc_fwd(&t->e, JX_CC_LE);
    }
    uint8_t *site = jx_jmp_fwd(&t->e);
    uint8_t *stub = t->e.p;
    jx_patch32(site, stub);
    jx_patch32(epoch_fail, stub);
    jx_patch32(self_fail, stub);
    if (pre) { /* (computed again: the way through `skip` left them out) */
        t->pend = pend;
        materialize(t);
    }
    t->pend = pend;
    writeback(t, t->dirty);
    jx_store_imm(&t->e, 4, JCPU_R(15), target);
    if (x >= 0) {
        t->jit->exits[x] = (arm_jit_exit_t){.patch = site, .cross = cross, .epoch = t->cpu->vc_epoch - 1, .stub = stub,
                                            .block = t->jit->nblocks, .target = -1, .next_in = -1,
                                            .target_pc = target, .pre = pre, .mat = mat, .skip = skip};
        jx_mov64_ri(&t->e, JX_RAX, (uint64_t)(uintptr_t)&t->jit->exits[x]);
    } else {
        jx_alu_rr(&t->e, JX_XOR, 4, JX_RAX, JX_RAX);
    }
    jx_jmp_to(&t->e, t->jit->epilogue);
}

/* Calls C: the cycle budget lives in R14 in translated code and in the cpu outside it (the
 * instruction count is in the cpu throughout). */
static void call_c(tr_t *t, const void *fn)
{
    writeback(t, t->dirty);
    t->dirty = 0; /* (reloaded after the call) */
    if (t->bias)
        jx_alu_ri(&t->e, JX_ADD, 8, JX_R14, t->bias);
    arm_jit_emit_budget_out(&t->e, JX_R8); /* (R8: no helper takes a fifth argument) */
    if (t->jit->fm.ac)
        arm_jit_emit_ac(&t->e, false);
    jx_call(&t->e, fn);
    if (t->jit->fm.ac)
        arm_jit_emit_ac(&t->e, true);
    reload_regs(t); /* (R15/RBP/R12/R13 survive the call, but the interpreter may write registers) */
    arm_jit_emit_budget_in(&t->e);
    if (t->bias)
        jx_alu_ri(&t->e, JX_SUB, 8, JX_R14, t->bias);
}

static void call_helper(tr_t *t, uint32_t pc, uint32_t refund)
{
    writeback(t, t->dirty); /* (before the arguments: RSI may hold a guest register) */
    t->dirty = 0;
    jx_mov_rr(&t->e, 8, JX_RDI, JX_RBX);
    jx_mov_ri(&t->e, JX_RSI, pc);
    jx_mov_ri(&t->e, JX_RDX, refund);
    call_c(t, (const void *)arm_jit_helper_step);
    clob(t);
}

static void add_cold(tr_t *t, bool call, uint8_t *site, uint32_t pc, uint32_t refund, uint32_t exit_cycles,
                     uint32_t exit_insns)
{
    if (t->ncold == MAXI) {
        t->failed = true;
        return;
    }
    t->cold[t->ncold++] = (cold_t){.call = call, .site = site, .pc = pc, .refund = refund,
                                   .exit_cycles = exit_cycles, .exit_insns = exit_insns, .dirty = t->cold_dirty,
                                   .pend = (int8_t)t->pend};
}

/* The `refund` bits 31..17 of an interpreter call after instruction i: the budget (as the cpu
 * holds it then) must stay above this for the block to go on, or the interpreter would have
 * stopped before the block's end (`p_after`: cycles the block counts up to i included). */
static uint32_t threshold(const tr_t *t, int i, uint32_t p_after)
{
    uint32_t v = p_after + t->rest[i];
    return (v > 0x7FFF ? 0x7FFF : v) << 17;
}

/* Can condition `cond` be tested on the x86 flags as they are? */
static bool cond_in_x86(const tr_t *t, unsigned cond)
{
    unsigned need = cond_reads[cond];
    bool ok = (!(need & (JF_N | JF_Z)) || t->hf_nz) && (!(need & JF_V) || t->hf_v) && (!(need & JF_C) || t->hf_c);
    return ok && ((cond != 8 && cond != 9) || t->hf_c == HC_INVERTED); /* HI/LS: A/BE only with the borrow form */
}

/* Jumps (rel32 returned) if condition `cond` fails. */
static uint8_t *cond_fail(tr_t *t, unsigned cond)
{
    static const int8_t cc_true[16] = {
        JX_CC_E, JX_CC_NE, -1, -1, JX_CC_S, JX_CC_NS, JX_CC_O, JX_CC_NO,
        JX_CC_A, JX_CC_BE, JX_CC_GE, JX_CC_L, JX_CC_G, JX_CC_LE, -1, -1,
    };
    bool ok = cond_in_x86(t, cond);
    if (!ok && t->pend >= 0) { /* deferred flags: into the x86 flags again, else into the CPSR */
        emit_dp(t, t->pend, t->pc0 + 4u * (unsigned)t->pend, DP_REPLAY_COND);
        ok = cond_in_x86(t, cond);
        if (!ok)
            materialize(t);
    }
    if (ok) {
        int cc = cc_true[cond];
        if (cond == 2 || cond == 3) /* CS / CC */
            cc = (t->hf_c == HC_DIRECT) == (cond == 2) ? JX_CC_B : JX_CC_AE;
        return jx_jcc_fwd(&t->e, cc ^ 1);
    }
    jx_t *e = &t->e;
    clob(t);
    switch (cond) {
    case 0: case 1: jx_test_mi(e, 1, JCPU_FLAGS, JF_Z); return jx_jcc_fwd(e, cond == 0 ? JX_CC_E : JX_CC_NE);
    case 2: case 3: jx_test_mi(e, 1, JCPU_FLAGS, JF_C); return jx_jcc_fwd(e, cond == 2 ? JX_CC_E : JX_CC_NE);
    case 4: case 5: jx_test_mi(e, 1, JCPU_FLAGS, JF_N); return jx_jcc_fwd(e, cond == 4 ? JX_CC_E : JX_CC_NE);
    case 6: case 7: jx_test_mi(e, 1, JCPU_FLAGS, JF_V); return jx_jcc_fwd(e, cond == 6 ? JX_CC_E : JX_CC_NE);
    default: { /* HI, LS, GE, LT, GT, LE: bit NZCV of a 16-bit truth table */
        uint32_t truth = 0;
        for (unsigned f = 0; f < 16; f++) {
            bool n = f & 8, z = f & 4, c = f & 2, v = f & 1;
            bool ok = cond == 8 ? c && !z : cond == 9 ? !c || z : cond == 10 ? n == v : cond == 11 ? n != v
                    : cond == 12 ? !z && n == v : z || n != v;
            truth |= (uint32_t)ok << f;
        }
        jx_load(e, 1, false, JX_RAX, JCPU_FLAGS);
        jx_shift_ri(e, JX_SHR, 4, JX_RAX, 4);
        jx_mov_ri(e, JX_RCX, truth);
        jx_bt_rr(e, JX_RCX, JX_RAX);
        return jx_jcc_fwd(e, JX_CC_AE); /* CF clear: the condition fails */
    }
    }
}

/* x86 CF = ARM C (or its inverse). */
static void carry_in(tr_t *t, bool inverted)
{
    if (t->hf_c == HC_NONE) {
        jx_load(&t->e, 1, false, JX_RDX, JCPU_FLAGS);
        jx_shift_ri(&t->e, JX_SHR, 4, JX_RDX, 6); /* CF = bit 5 = C */
        t->hf_nz = t->hf_v = 0;
        t->hf_c = HC_DIRECT;
    }
    if ((t->hf_c == HC_INVERTED) != inverted)
        jx_cmc(&t->e);
}

/* ---- data processing ------------------------------------------------------------------------ */

typedef struct op2 {
    bool is_imm;
    uint32_t imm;           /* if is_imm; else the value is in ECX */
    int carry;              /* SC_* */
} op2_t;

static op2_t emit_op2(tr_t *t, uint32_t insn, uint32_t pc, bool want_carry)
{
    jx_t *e = &t->e;
    op2_t o = {.carry = SC_OLD};
    if (insn & (1u << 25)) {
        unsigned rot = (insn >> 7) & 0x1e;
        o.is_imm = true;
        o.imm = rot ? ((insn & 0xFF) >> rot) | ((insn & 0xFF) << (32 - rot)) : (insn & 0xFF);
        if (rot)
            o.carry = o.imm >> 31 ? SC_ONE : SC_ZERO;
        return o;
    }
    unsigned rm = insn & 15, type = (insn >> 5) & 3;
    ld_reg(t, JX_RCX, rm, pc);
    if ((insn & 0x10) && want_carry) { /* by the low byte of Rs, with the carry out */
        jx_mov_rr(e, 4, JX_RDX, JX_RCX);
        ld_reg(t, JX_RCX, (insn >> 8) & 15, pc);
        jx_movzx8_rr(e, JX_RCX, JX_RCX);
        jx_mov_rr(e, 4, JX_RDI, JX_RCX);
        if (type != 3) { /* counts of 64 and more act as 63 in the 64-bit forms below */
            jx_mov_ri(e, JX_RAX, 63);
            jx_alu_ri(e, JX_CMP, 4, JX_RCX, 63);
            jx_cmov(e, JX_CC_A, 4, JX_RCX, JX_RAX);
        }
        switch (type) {
        case 0: /* in 64 bits: the carry is bit 32 of the result, for every count 1..63 */
            jx_shift_cl(e, JX_SHL, 8, JX_RDX);
            jx_bt_ri(e, 8, JX_RDX, 32);
            break;
        case 1: /* (Rm << 1) >> n: bit 0 is the carry, the rest the result */
            jx_shift_ri(e, JX_SHL, 8, JX_RDX, 1);
            jx_shift_cl(e, JX_SHR, 8, JX_RDX);
            jx_shift_ri(e, JX_SHR, 8, JX_RDX, 1);
            break;
        case 2: /* the same with Rm sign-extended */
            jx_shift_ri(e, JX_SHL, 8, JX_RDX, 32);
            jx_shift_ri(e, JX_SAR, 8, JX_RDX, 31);
            jx_shift_cl(e, JX_SAR, 8, JX_RDX);
            jx_shift_ri(e, JX_SAR, 8, JX_RDX, 1);
            break;
        default: /* by a multiple of 32 x86 leaves Rm alone: then too the carry is bit 31 */
            jx_shift_cl(e, JX_ROR, 4, JX_RDX);
            jx_bt_ri(e, 4, JX_RDX, 31);
            break;
        }
        jx_mov_rr(e, 4, JX_RCX, JX_RDX); /* (the carry register may be EDX) */
        jx_setcc(e, JX_CC_B, t->sc_reg);
        jx_movzx8_rr(e, t->sc_reg, t->sc_reg);
        /* A count of 0: operand and carry unchanged (the caller keeps V only in kept_reg). */
        jx_test_rr(e, 4, JX_RDI, JX_RDI);
        uint8_t *nonzero = jx_jcc8_fwd(e, JX_CC_NE);
        jx_mov_ri(e, t->sc_reg, 0);
        jx_load(e, 1, false, JX_RAX, JCPU_FLAGS);
        jx_alu_ri(e, JX_AND, 4, JX_RAX, JF_C);
        jx_alu_rr(e, JX_OR, 4, t->kept_reg, JX_RAX);
        jx_patch8(nonzero, e->p);
        clob(t);
        o.carry = SC_REG;
        return o;
    }
    if (insn & 0x10) { /* by the low byte of Rs, no carry wanted */
        jx_mov_rr(e, 4, JX_RDX, JX_RCX);
        ld_reg(t, JX_RCX, (insn >> 8) & 15, pc);
        jx_movzx8_rr(e, JX_RCX, JX_RCX);
        switch (type) {
        case 0: case 1: /* 32 and more give 0; x86 would take the count mod 32 */
            jx_shift_cl(e, type ? JX_SHR : JX_SHL, 4, JX_RDX);
            jx_mov_ri(e, JX_RAX, 0);
            jx_alu_ri(e, JX_CMP, 4, JX_RCX, 32);
            jx_cmov(e, JX_CC_AE, 4, JX_RDX, JX_RAX);
            break;
        case 2: /* 32 and more fill with the sign, as 31 does */
            jx_mov_ri(e, JX_RAX, 31);
            jx_alu_ri(e, JX_CMP, 4, JX_RCX, 31);
            jx_cmov(e, JX_CC_A, 4, JX_RCX, JX_RAX);
            jx_shift_cl(e, JX_SAR, 4, JX_RDX);
            break;
        default:
            jx_shift_cl(e, JX_ROR, 4, JX_RDX);
            break;
        }
        jx_mov_rr(e, 4, JX_RCX, JX_RDX);
        clob(t);
        return o;
    }
    unsigned amt = (insn >> 7) & 31;
    bool cf = false, touched = true; /* cf: x86 CF is the shifter carry; touched: flags clobbered */
    switch (type) {
    case 0:
        if (amt) { jx_shift_ri(e, JX_SHL, 4, JX_RCX, amt); cf = true; }
        else touched = false;
        break;
    case 1:
        if (amt) { jx_shift_ri(e, JX_SHR, 4, JX_RCX, amt); cf = true; }
        else {
            if (want_carry) { jx_shift_ri(e, JX_SHL, 4, JX_RCX, 1); cf = true; } /* CF = bit 31 */
            else touched = false;
            jx_mov_ri(e, JX_RCX, 0);
        }
        break;
    case 2:
        if (amt) { jx_shift_ri(e, JX_SAR, 4, JX_RCX, amt); cf = true; }
        else {
            jx_shift_ri(e, JX_SAR, 4, JX_RCX, 31);
            if (want_carry) { jx_mov_rr(e, 4, JX_RDX, JX_RCX); jx_shift_ri(e, JX_SHR, 4, JX_RDX, 1); cf = true; }
        }
        break;
    default:
        if (amt) { jx_shift_ri(e, JX_ROR, 4, JX_RCX, amt); cf = true; }
        else { carry_in(t, false); jx_shift_ri(e, JX_RCR, 4, JX_RCX, 1); cf = true; }
        break;
    }
    if (touched)
        clob(t);
    if (cf && want_carry) {
        jx_setcc(e, JX_CC_B, t->sc_reg);
        jx_movzx8_rr(e, t->sc_reg, t->sc_reg);
        o.carry = SC_REG;
    }
    return o;
}

static void emit_dp(tr_t *t, int i, uint32_t pc, int mode)
{
    jx_t *e = &t->e;
    uint32_t insn = t->insn[i];
    unsigned op = (insn >> 21) & 15, rn = (insn >> 16) & 15, rd = (insn >> 12) & 15;
    bool logical = dp_logical(op), add_like = op == 4 || op == 5 || op == 11;
    unsigned reads, writes;
    flag_use(t, i, &reads, &writes);
    bool replay = mode == DP_REPLAY || mode == DP_REPLAY_COND;
    bool from_result = replay && logical && (op & 0xC) != 0x8 && op != 0xD && op != 0xF && rn == rd;
    bool flags = (insn & (1u << 20)) && (t->live_out[i] & writes) && rd != 15; /* S into R15: the PSR */
    flags = flags || mode != DP_FULL;
    bool carry_old = logical && !(writes & JF_C);
    bool lahf = flags && t->jit->lahf;
    bool store_flags = mode == DP_FULL || mode == DP_REPLAY; /* (the other modes need LAHF) */
    t->sc_reg = lahf ? JX_RDX : JX_R10;
    t->kept_reg = lahf ? JX_R8 : JX_R11;
    if (lahf && logical && store_flags) { /* the kept bits (V, maybe C); the carry: see o.carry */
        jx_load(e, 1, false, JX_R8, JCPU_FLAGS);
        jx_alu_ri(e, JX_AND, 4, JX_R8, carry_old ? JF_C | JF_V : JF_V);
        clob(t);
    } else if (flags && !lahf) { /* scratch for the flag bits, zeroed without touching the x86 flags */
        jx_mov_ri(e, JX_R8, 0);
        jx_mov_ri(e, JX_R9, 0);
        jx_mov_ri(e, JX_R10, 0);
        if (logical) { /* bits kept from the old flags: V, and C if the shifter passes it on */
            jx_load(e, 1, false, JX_R11, JCPU_FLAGS);
            jx_alu_ri(e, JX_AND, 4, JX_R11, carry_old ? JF_C | JF_V : JF_V);
            clob(t);
        } else {
            jx_mov_ri(e, JX_R11, 0);
        }
    }
    /* Operands straight from the host registers that hold them where the x86 operation
     * leaves its source alone: a held Rm without shift as the source (b), a held Rd = Rn
     * computed in place, compares and tests on a held Rn, LEA and MOV into a held Rd (a). */
    unsigned rm = insn & 15;
    int held_d = rd != 15 ? t->host_of[rd] : -1, held_n = rn != 15 ? t->host_of[rn] : -1;
    if (op == 0xD && !flags && held_d >= 0 && !(insn & (1u << 25)) && !(insn & 0x10) && ((insn >> 7) & 31) && rm != 15) {
        /* MOV Rd, Rm, <shift> #n into a held Rd: shifted there (ROR by RORX, flags kept). */
        static const int sh[4] = {JX_SHL, JX_SHR, JX_SAR, JX_ROR};
        unsigned type = (insn >> 5) & 3, amt = (insn >> 7) & 31;
        if (type == 3 && t->jit->bmi2 && t->host_of[rm] >= 0) {
            jx_rorx(e, held_d, t->host_of[rm], amt);
        } else {
            ld_reg(t, held_d, rm, pc);
            jx_shift_ri(e, sh[type], 4, held_d, amt);
            clob(t);
        }
        t->dirty |= (uint16_t)(1u << rd);
        return;
    }
    if ((op <= 1 || op == 0xC) && !flags && !replay && held_d >= 0 && !(insn & (1u << 25)) && !(insn & 0x10) &&
        ((insn >> 7) & 31) && rm == rd && rn != rd && rn != 15) {
        /* AND/EOR/ORR Rd, Rn, Rd, <shift> #n, Rd held (CRC steps: EOR r5, r2, r5, LSR #8):
         * Rd shifted in place, then Rn into it (no copy through ECX and back). */
        static const int sh[4] = {JX_SHL, JX_SHR, JX_SAR, JX_ROR};
        static const int x86op[3] = {JX_AND, JX_XOR, JX_OR};
        unsigned type = (insn >> 5) & 3, amt = (insn >> 7) & 31;
        int xop = x86op[op == 0xC ? 2 : op];
        jx_shift_ri(e, sh[type], 4, held_d, amt);
        if (held_n >= 0)
            jx_alu_rr(e, xop, 4, held_d, held_n);
        else
            jx_alu_rm(e, xop, 4, held_d, JCPU_R(rn));
        clob(t);
        t->dirty |= (uint16_t)(1u << rd);
        return;
    }
    /* ADD without S of Rm LSL #1..3: one LEA with a scaled index (below). */
    unsigned scale = 0;
    if (op == 4 && !flags && !(insn & (1u << 25)) && !(insn & 0x70) && ((insn >> 7) & 31) >= 1 &&
        ((insn >> 7) & 31) <= 3)
        scale = 1u << ((insn >> 7) & 31);
    /* SUB/ADD without S compute in place with the x86 operation when the x86 flags hold no ARM
     * flag worth keeping, else with LEA (below). (Taken before the operand: emit_op2 only
     * clobbers more.) */
    bool hf_dead = !t->hf_nz && !t->hf_v && t->hf_c == HC_NONE;
    /* (A SUB of a register also goes in place over deferred flags: one SUB now and one CMP
     * where a condition replays them, not MOV, NOT and LEA.) */
    bool replayable = t->pend >= 0 && !(t->pend_src & (1u << rd)) && rd != 15;
    bool reg_sub = op == 2 && (insn & (1u << 25)) == 0;
    bool in_place = held_d >= 0 && rn == rd && !scale && !replay &&
                    (op <= 1 || op == 0xC || op == 5 || op == 6 || ((flags || hf_dead) && (op == 2 || op == 4)) ||
                     (reg_sub && replayable));
    op2_t o = {.carry = SC_OLD};
    int b = JX_RCX;
    bool plain_rm = !(insn & (1u << 25)) && (insn & 0xFF0) == 0 && rm != 15; /* LSL #0: the carry passes */
    /* A plain Rm that lives in cpu->r[] is the x86 operation's memory operand (bmem) where
     * the operation goes through OP2 below. */
    bool bmem = plain_rm && t->host_of[rm] < 0 &&
                (op <= 1 || op == 0xC || op == 5 || op == 6 || op == 0xB || (op == 0xA && held_n >= 0) ||
                 ((op == 2 || op == 4) && (flags || in_place)));
    if (scale && rm != 15 && t->host_of[rm] >= 0)
        b = t->host_of[rm];
    else if (scale)
        ld_reg(t, JX_RCX, rm, pc);
    else if (plain_rm && t->host_of[rm] >= 0)
        b = t->host_of[rm]; /* (unchanged, as emit_op2 says) */
    else if (!bmem)
        o = emit_op2(t, insn, pc, flags && logical && !carry_old);
    if (flags && !lahf && logical && o.carry == SC_ONE && store_flags)
        jx_mov_ri(e, JX_R10, 1);
    bool imm = o.is_imm;
    bool touched = true;
    if (b != JX_RCX && (op == 0xE || op == 3 || op == 7 || (op == 2 && !flags && !in_place))) {
        jx_mov_rr(e, 4, JX_RCX, b); /* (these change their source) */
        b = JX_RCX;
    }
    /* AND/EOR/ORR of a shifted register (in ECX) computed there, Rn the source; CMP of an Rn
     * in cpu->r[] against it there. */
    bool into_b = (op <= 1 || op == 0xC) && !imm && !bmem && b == JX_RCX && !in_place && rn != 15 && rd != 15;
    bool cmp_mem = op == 0xA && held_n < 0 && rn != 15 && !bmem;
    int a = JX_RAX;
    if (in_place)
        a = held_d;
    else if (into_b)
        a = JX_RCX;
    else if (op != 0xD && op != 0xF && op != 0x2 && op != 0x3 && op != 0x4 && !((op == 0x8 || op == 0xA) && held_n >= 0) &&
             !cmp_mem)
        ld_reg(t, JX_RAX, rn, pc);
#define OP2(x86op) (imm ? jx_alu_ri(e, x86op, 4, a, (int32_t)o.imm) \
                        : bmem ? jx_alu_rm(e, x86op, 4, a, JCPU_R(rm)) \
                        : into_b ? (held_n >= 0 ? jx_alu_rr(e, x86op, 4, a, held_n) : jx_alu_rm(e, x86op, 4, a, JCPU_R(rn))) \
                        : jx_alu_rr(e, x86op, 4, a, b))
    if (from_result) { /* a logical op in place (can_defer): N and Z from the result, still in Rd */
        int r = t->host_of[rd] >= 0 ? t->host_of[rd] : JX_RAX;
        if (r == JX_RAX)
            ld_reg(t, JX_RAX, rd, pc);
        jx_test_rr(e, 4, r, r);
    } else {
        switch (op) {
        case 0x0: OP2(JX_AND); break;
        case 0x8:
            if (held_n >= 0) { /* TEST: AND's flags, nothing written */
                if (imm) jx_test_ri(e, 4, held_n, o.imm);
                else jx_test_rr(e, 4, held_n, b);
            } else {
                OP2(JX_AND);
            }
            break;
        case 0x1: case 0x9: OP2(JX_XOR); break;
        case 0xC: OP2(JX_OR); break;
        case 0xE:
            if (imm) {
                jx_alu_ri(e, JX_AND, 4, a, (int32_t)~o.imm);
            } else {
                jx_not(e, 4, JX_RCX);
                jx_alu_rr(e, JX_AND, 4, a, JX_RCX);
            }
            break;
        case 0xD:
        case 0xF:
            if (held_d >= 0 && !replay)
                a = held_d;
            else if (op == 0xD && !imm && !flags && rd != 15)
                a = b; /* stored from where it is */
            if (imm) jx_mov_ri(e, a, op == 0xD ? o.imm : ~o.imm);
            else if (a != b) jx_mov_rr(e, 4, a, b);
            if (!imm && op == 0xF) jx_not(e, 4, a);
            if (flags) jx_test_rr(e, 4, a, a);
            else touched = false;
            break;
        case 0x2: case 0x4: case 0x3:
            if (!in_place && (flags || op == 3 || held_n < 0))
                ld_reg(t, JX_RAX, rn, pc);
            if (replay && op != 3 && rn == rd) { /* the operand again from the result (can_defer) */
                if (imm) jx_alu_ri(e, op == 2 ? JX_ADD : JX_SUB, 4, JX_RAX, (int32_t)o.imm);
                else if (bmem) jx_alu_rm(e, op == 2 ? JX_ADD : JX_SUB, 4, JX_RAX, JCPU_R(rm));
                else jx_alu_rr(e, op == 2 ? JX_ADD : JX_SUB, 4, JX_RAX, b);
            }
            if (flags || in_place) {
                if (op == 3) { /* RSB: op2 - Rn */
                    if (imm) jx_mov_ri(e, JX_RCX, o.imm);
                    jx_alu_rr(e, JX_SUB, 4, JX_RCX, JX_RAX);
                    jx_mov_rr(e, 4, JX_RAX, JX_RCX);
                } else {
                    OP2(op == 2 ? JX_SUB : JX_ADD);
                }
                break;
            }
            /* Without S, with LEA and NOT (a - b = a + ~b + 1), which leave the x86 flags (and
             * with them a pending ARM condition) alone. */
            if (op == 3) jx_not(e, 4, JX_RAX);
            {
                int base = op != 3 && held_n >= 0 ? held_n : JX_RAX;
                if (held_d >= 0)
                    a = held_d;
                if (imm) {
                    int32_t k = (int32_t)(op == 2 ? 0u - o.imm : op == 3 ? o.imm + 1 : o.imm);
                    jx_lea(e, 4, a, JX_M(base, k));
                } else {
                    if (op == 2) jx_not(e, 4, JX_RCX);
                    jx_lea(e, 4, a, JX_MI(base, b, scale ? scale : 1, op == 4 ? 0 : 1));
                }
            }
            touched = false;
            break;
        case 0xA:
            if (held_n >= 0) { /* CMP: SUB's flags, nothing written */
                if (imm) jx_alu_ri(e, JX_CMP, 4, held_n, (int32_t)o.imm);
                else if (bmem) jx_alu_rm(e, JX_CMP, 4, held_n, JCPU_R(rm));
                else jx_alu_rr(e, JX_CMP, 4, held_n, b);
            } else if (cmp_mem) {
                if (imm) jx_alu_mi(e, JX_CMP, 4, JCPU_R(rn), (int32_t)o.imm);
                else jx_alu_mr(e, JX_CMP, 4, JCPU_R(rn), b);
            } else {
                OP2(JX_SUB);
            }
            break;
        case 0xB: OP2(JX_ADD); break;
        case 0x5: carry_in(t, false); OP2(JX_ADC); break;
        case 0x6: carry_in(t, true); OP2(JX_SBB); break;
        default: /* RSC: op2 - Rn - !C */
            if (imm) jx_mov_ri(e, JX_RCX, o.imm);
            carry_in(t, true);
            jx_alu_rr(e, JX_SBB, 4, JX_RCX, JX_RAX);
            jx_mov_rr(e, 4, JX_RAX, JX_RCX);
            break;
        }
    }
#undef OP2
    if (lahf) {
        /* The result first (MOV and stores leave the x86 flags), then NZCV through LAHF (AH =
         * SF:ZF:0:AF:0:PF:1:CF) and a table: logical ops index it by AH with the shifter's
         * carry in the always-clear bit 3 (arm_jit_t.flag_tab), arithmetic by AX with V in AL
         * (flag_tab_ax); the x86 flags stay for the next condition. */
        if ((op & 0xC) != 0x8 && !replay)
            st_reg(t, rd, a);
        if (!store_flags) {
            t->hf_nz = 1;
            t->hf_v = !logical;
            t->hf_c = logical ? HC_NONE : add_like ? HC_DIRECT : HC_INVERTED;
            return;
        }
        if (logical) {
            jx_lahf(e);
            jx_movzx_ah(e, JX_RCX);
            if (o.carry == SC_REG) /* (bit 3 of the index: the carry) */
                jx_lea(e, 4, JX_RCX, JX_MI(JX_RCX, JX_RDX, 8, 0));
            else if (o.carry == SC_ONE)
                jx_lea(e, 4, JX_RCX, JX_M(JX_RCX, 8));
            store_flags_from_table(t, t->jit->flag_tab[2], true);
        } else {
            store_arith_flags(t, add_like);
        }
        t->hf_nz = 1;
        t->hf_v = !logical;
        t->hf_c = logical ? HC_NONE : add_like ? HC_DIRECT : HC_INVERTED;
        return;
    }
    if (flags) {
        jx_setcc(e, JX_CC_S, JX_R8);
        jx_setcc(e, JX_CC_E, JX_R9);
        if (!logical) {
            jx_setcc(e, add_like ? JX_CC_B : JX_CC_AE, JX_R10);
            jx_setcc(e, JX_CC_O, JX_R11);
        }
        jx_lea(e, 4, JX_R8, JX_MI(JX_R9, JX_R8, 2, 0));   /* N:Z */
        jx_lea(e, 4, JX_R8, JX_MI(JX_R10, JX_R8, 2, 0));  /* N:Z:C */
        if (logical) {
            jx_lea(e, 4, JX_R8, JX_MI(-1, JX_R8, 8, 0));
            jx_lea(e, 4, JX_R8, JX_MI(JX_R11, JX_R8, 4, 0)); /* << 5, with the kept V (C) */
        } else {
            jx_lea(e, 4, JX_R8, JX_MI(JX_R11, JX_R8, 2, 0)); /* N:Z:C:V */
            jx_lea(e, 4, JX_R8, JX_MI(-1, JX_R8, 8, 0));
            jx_lea(e, 4, JX_R8, JX_MI(JX_R8, JX_R8, 1, 0));  /* << 4 */
        }
        jx_store(e, 1, JCPU_FLAGS, JX_R8);
        t->hf_nz = 1;
        t->hf_v = !logical;
        t->hf_c = logical ? HC_NONE : add_like ? HC_DIRECT : HC_INVERTED;
    } else if (touched) {
        clob(t);
    }
    if (rd == 15 && (insn & (1u << 20))) { /* the PSR from the result (26-bit) or the SPSR */
        writeback(t, t->dirty); /* (before the argument: RSI may hold a guest register) */
        t->dirty = 0;
        jx_mov_rr(e, 4, JX_RSI, JX_RAX);
        jx_mov_rr(e, 8, JX_RDI, JX_RBX);
        call_c(t, (const void *)arm_jit_helper_pc_s);
        clob(t);
    } else if (rd == 15) { /* a jump: no PSR change without S, in 26-bit modes too (interp.c) */
        jx_alu_ri(e, JX_AND, 4, JX_RAX, (int32_t)(t->m26 ? 0x03FFFFFCu : 0xFFFFFFFCu));
        st_reg(t, 15, JX_RAX);
    } else if ((op & 0xC) != 0x8) {
        st_reg(t, rd, a);
    }
}

/* ---- multiply ------------------------------------------------------------------------------- */

/* N and Z from the x86 flags into the CPSR byte, C and V kept (scratch set up by
 * nz_flags_begin before the operation). */
static void nz_flags_begin(tr_t *t)
{
    jx_t *e = &t->e;
    jx_mov_ri(e, JX_R8, 0);
    jx_mov_ri(e, JX_R9, 0);
    jx_load(e, 1, false, JX_R11, JCPU_FLAGS);
    jx_alu_ri(e, JX_AND, 4, JX_R11, JF_C | JF_V);
    clob(t);
}

static void nz_flags_end(tr_t *t)
{
    jx_t *e = &t->e;
    jx_setcc(e, JX_CC_S, JX_R8);
    jx_setcc(e, JX_CC_E, JX_R9);
    jx_lea(e, 4, JX_R8, JX_MI(JX_R9, JX_R8, 2, 0));
    jx_lea(e, 4, JX_R8, JX_MI(-1, JX_R8, 8, 0));
    jx_lea(e, 4, JX_R8, JX_MI(JX_R11, JX_R8, 8, 0)); /* N:Z << 6, with the kept C, V */
    jx_store(e, 1, JCPU_FLAGS, JX_R8);
    t->hf_nz = 1;
    t->hf_v = 0;
    t->hf_c = HC_NONE;
}

/* MUL/MLA: the interpreter's cycles depend on Rs (early termination): counted here at run
 * time, the constant part by the block as usual. */
static void emit_mul(tr_t *t, int i)
{
    jx_t *e = &t->e;
    uint32_t insn = t->insn[i];
    unsigned rd = (insn >> 16) & 15, rn = (insn >> 12) & 15, rs = (insn >> 8) & 15, rm = insn & 15;
    unsigned reads, writes;
    flag_use(t, i, &reads, &writes);
    bool flags = (insn & (1u << 20)) && (t->live_out[i] & writes);
    ld_reg(t, JX_RCX, rs, 0);
    if (t->cpu->v4) { /* SA-110: 1 + (Rs >= 2^11) + (Rs >= 2^23) */
        jx_mov_ri(e, JX_RDX, 1);
        jx_alu_ri(e, JX_CMP, 4, JX_RCX, 1 << 11);
        jx_alu_ri(e, JX_SBB, 4, JX_RDX, -1);
        jx_alu_ri(e, JX_CMP, 4, JX_RCX, 1 << 23);
        jx_alu_ri(e, JX_SBB, 4, JX_RDX, -1);
    } else { /* ARM6/7: one cycle per 2 significant bits of Rs, at least one */
        jx_bsr(e, JX_RDX, JX_RCX);
        jx_mov_ri(e, JX_RAX, 0);
        jx_cmov(e, JX_CC_E, 4, JX_RDX, JX_RAX);
        jx_alu_ri(e, JX_ADD, 4, JX_RDX, 2);
        jx_shift_ri(e, JX_SHR, 4, JX_RDX, 1);
    }
    jx_shift_ri(e, JX_SHL, 8, JX_RDX, ARM_JIT_INSN_BITS);
    jx_alu_rr(e, JX_SUB, 8, JX_R14, JX_RDX);
    clob(t);
    if (flags)
        nz_flags_begin(t);
    ld_reg(t, JX_RAX, rm, 0);
    jx_imul_rr(e, 4, JX_RAX, JX_RCX);
    if (insn & (1u << 21)) {
        ld_reg(t, JX_RDX, rn, 0);
        jx_alu_rr(e, JX_ADD, 4, JX_RAX, JX_RDX);
    }
    if (flags) {
        jx_test_rr(e, 4, JX_RAX, JX_RAX);
        nz_flags_end(t);
    }
    st_reg(t, rd, JX_RAX);
}

/* UMULL/UMLAL/SMULL/SMLAL (SA-110 only; interp.c exec_mul): a 64-bit product in RAX. The
 * interpreter's cycles: mul_base + the early-termination count of Rs taken unsigned, + 1; N and
 * Z from the 64-bit result, C and V kept. RdLo is written before RdHi (RdHi wins if equal). */
static void emit_mull(tr_t *t, int i)
{
    jx_t *e = &t->e;
    uint32_t insn = t->insn[i];
    unsigned rdhi = (insn >> 16) & 15, rdlo = (insn >> 12) & 15, rs = (insn >> 8) & 15, rm = insn & 15;
    bool sign = (insn >> 22) & 1, acc = (insn >> 21) & 1;
    unsigned reads, writes;
    flag_use(t, i, &reads, &writes);
    bool flags = (insn & (1u << 20)) && (t->live_out[i] & writes);
    ld_reg(t, JX_RCX, rs, 0);
    jx_mov_ri(e, JX_RDX, 1); /* SA-110: 1 + (Rs >= 2^11) + (Rs >= 2^23) */
    jx_alu_ri(e, JX_CMP, 4, JX_RCX, 1 << 11);
    jx_alu_ri(e, JX_SBB, 4, JX_RDX, -1);
    jx_alu_ri(e, JX_CMP, 4, JX_RCX, 1 << 23);
    jx_alu_ri(e, JX_SBB, 4, JX_RDX, -1);
    jx_shift_ri(e, JX_SHL, 8, JX_RDX, ARM_JIT_INSN_BITS);
    jx_alu_rr(e, JX_SUB, 8, JX_R14, JX_RDX);
    clob(t);
    if (flags)
        nz_flags_begin(t);
    ld_reg(t, JX_RAX, rm, 0);
    if (sign) { /* both operands sign-extended to 64 bits */
        jx_shift_ri(e, JX_SHL, 8, JX_RAX, 32);
        jx_shift_ri(e, JX_SAR, 8, JX_RAX, 32);
        jx_shift_ri(e, JX_SHL, 8, JX_RCX, 32);
        jx_shift_ri(e, JX_SAR, 8, JX_RCX, 32);
    }
    jx_imul_rr(e, 8, JX_RAX, JX_RCX); /* the low 64 bits: the exact product either way */
    if (acc) {
        ld_reg(t, JX_RDX, rdhi, 0);
        jx_shift_ri(e, JX_SHL, 8, JX_RDX, 32);
        ld_reg(t, JX_RCX, rdlo, 0);
        jx_alu_rr(e, JX_OR, 8, JX_RDX, JX_RCX);
        jx_alu_rr(e, JX_ADD, 8, JX_RAX, JX_RDX);
    }
    jx_mov_rr(e, 8, JX_RDX, JX_RAX);
    jx_shift_ri(e, JX_SHR, 8, JX_RDX, 32);
    clob(t);
    if (flags) { /* SF = bit 63 = N, ZF = the 64-bit result is zero */
        jx_test_rr(e, 8, JX_RAX, JX_RAX);
        nz_flags_end(t);
    }
    st_reg(t, rdlo, JX_RAX);
    st_reg(t, rdhi, JX_RDX);
}

/* ---- status registers ----------------------------------------------------------------------- */

/* MRS/MSR (interp.c exec_psr). The mode of the block is known, so privilege and the SPSR's bank
 * are too. MSR CPSR keeping the mode is done here, I and F included: if the write leaves an
 * interrupt pending the block ends after it, where the interpreter takes the interrupt. A mode
 * change goes to the interpreter (cold path, nothing done before), which switches the banks;
 * the block then ends (arm_jit_helper_step sees the mode change). */
static void emit_psr(tr_t *t, int i, uint32_t pc, uint32_t refund, uint32_t exit_cycles, uint32_t exit_insns)
{
    jx_t *e = &t->e;
    uint32_t insn = t->insn[i];
    bool spsr = (insn >> 22) & 1;
    int bank = arm_bank_of(t->mode);
    jx_mem_t spsr_at = JX_M(JX_RBX, (int32_t)(offsetof(arm_cpu_t, spsr) + 4u * (unsigned)(bank < 0 ? 0 : bank)));
    bool has_spsr = bank > 0; /* ARM_BANK_USR (USR, SYS): none */
    clob(t);
    if (!(insn & (1u << 21))) { /* MRS; SPSR in USR/SYS reads the CPSR */
        jx_load(e, 4, false, JX_RAX, spsr && has_spsr ? spsr_at : JCPU(cpsr));
        st_reg(t, (insn >> 12) & 15, JX_RAX);
        return;
    }
    uint32_t mask = ((insn & (1u << 19)) ? 0xFF000000u : 0) | ((insn & (1u << 18)) ? 0x00FF0000u : 0) |
                    ((insn & (1u << 17)) ? 0x0000FF00u : 0) | ((insn & (1u << 16)) ? 0x000000FFu : 0);
    mask &= ARM_PSR_STORED;
    if (!spsr && !(t->mode & 0xF))
        mask &= 0xF0000000u; /* user modes write the flags only */
    if (!mask || (spsr && !has_spsr))
        return; /* nothing written (MSR SPSR in USR/SYS is ignored) */
    if (insn & (1u << 25)) {
        unsigned rot = (insn >> 7) & 0x1e;
        uint32_t v = insn & 0xFF;
        jx_mov_ri(e, JX_RCX, (rot ? (v >> rot) | (v << (32 - rot)) : v) & mask);
    } else {
        ld_reg(t, JX_RCX, insn & 15, pc);
        jx_alu_ri(e, JX_AND, 4, JX_RCX, (int32_t)mask);
    }
    jx_load(e, 4, false, JX_RAX, spsr ? spsr_at : JCPU(cpsr));
    jx_alu_ri(e, JX_AND, 4, JX_RAX, (int32_t)~mask);
    jx_alu_rr(e, JX_OR, 4, JX_RAX, JX_RCX); /* EAX = the new PSR */
    if (spsr) {
        jx_store(e, 4, spsr_at, JX_RAX);
        return;
    }
    if (mask & ARM_PSR_MODE) { /* the mode may change: the interpreter does it */
        jx_mov_rr(e, 4, JX_RDX, JX_RAX);
        jx_alu_rm(e, JX_XOR, 4, JX_RDX, JCPU(cpsr));
        jx_test_ri(e, 4, JX_RDX, ARM_PSR_MODE);
        add_cold(t, true, jx_jcc_fwd(e, JX_CC_NE), pc, refund, exit_cycles, exit_insns);
    }
    if (!t->cpu->v4 && (t->mode & 0x10)) { /* a 32-bit mode in the 26-bit configuration (PROG32
        * clear): any CPSR write selects the 26-bit mode (arm.c arm_write_cpsr), so the interpreter */
        jx_test_mi(e, 4, JCPU(cp15.control), ARM_CR_P);
        add_cold(t, true, jx_jcc_fwd(e, JX_CC_E), pc, refund, exit_cycles, exit_insns);
    }
    jx_store(e, 4, JCPU(cpsr), JX_RAX);
    if (!(mask & (ARM_PSR_I | ARM_PSR_F)))
        return;
    /* arm_update_irq: irq_pending = IRQ line and not I, or FIQ line and not F. */
    jx_not(e, 4, JX_RAX);
    jx_shift_ri(e, JX_SHR, 4, JX_RAX, 6); /* bit 1: not I, bit 0: not F */
    jx_load(e, 1, false, JX_RCX, JCPU(irq_line));
    jx_load(e, 1, false, JX_RDX, JCPU(fiq_line));
    jx_lea(e, 4, JX_RCX, JX_MI(JX_RDX, JX_RCX, 2, 0));
    jx_alu_rr(e, JX_AND, 4, JX_RAX, JX_RCX);
    jx_test_ri(e, 4, JX_RAX, 3);
    jx_setcc(e, JX_CC_NE, JX_RAX);
    jx_movzx8_rr(e, JX_RAX, JX_RAX);
    jx_store(e, 4, JCPU(irq_pending), JX_RAX);
    jx_test_rr(e, 4, JX_RAX, JX_RAX);
    uint8_t *none = jx_jcc_fwd(e, JX_CC_E);
    jx_store_imm(e, 4, JCPU_R(15), (pc + 4) & (t->m26 ? 0x03FFFFFCu : 0xFFFFFFFCu));
    exit_dynamic(t, exit_cycles, exit_insns); /* the dispatcher takes the interrupt */
    jx_patch32(none, e->p);
    clob(t);
}

/* ---- single loads and stores ---------------------------------------------------------------- */

/* Offset in arm_cpu_t of the vcache the block's accesses use: cpu->vc follows the mode
 * (arm.c: the user-permission set in USR/USR26), and the mode is part of the block's key. */
static int32_t vc_off(const tr_t *t)
{
    return (int32_t)offsetof(arm_cpu_t, vcache) + ((t->mode & 0xF) == 0 ? (int32_t)sizeof(arm_vcache_t) : 0);
}

typedef struct xfer {
    bool load, pre, up, wb, sign, reg;
    unsigned size;          /* 1, 2, 4 */
    unsigned rn, rd;
    uint32_t imm;           /* offset if !reg */
    uint32_t shift_insn;    /* offset register and shift, as a data-processing operand, if reg */
} xfer_t;

static xfer_t decode_xfer(uint32_t insn)
{
    xfer_t x = {.load = (insn >> 20) & 1, .pre = (insn >> 24) & 1, .up = (insn >> 23) & 1,
                .rn = (insn >> 16) & 15, .rd = (insn >> 12) & 15};
    x.wb = !x.pre || (insn & (1u << 21));
    if (insn & (1u << 26)) { /* LDR/STR/LDRB/STRB */
        x.size = (insn & (1u << 22)) ? 1 : 4;
        x.reg = (insn >> 25) & 1;
        x.imm = insn & 0xFFF;
        x.shift_insn = insn & 0xFEF;
    } else { /* halfword and signed */
        unsigned sh = (insn >> 5) & 3;
        x.size = sh == 2 ? 1 : 2;
        x.sign = sh != 1;
        x.reg = !((insn >> 22) & 1);
        x.imm = ((insn >> 4) & 0xF0) | (insn & 0xF);
        x.shift_insn = insn & 0xF;
    }
    return x;
}

/* Does an instruction of the block store PC-relative to [lit, lit+size)? (A counter kept
 * next to its loop: data, not a constant, so not folded, and no invalidation later.) */
static bool block_writes_literal(const tr_t *t, uint32_t lit, unsigned size)
{
    for (int j = 0; j < t->n; j++) {
        if (t->kind[j] != K_MEM && t->kind[j] != K_INTERP)
            continue;
        uint32_t insn = t->insn[j];
        bool word_form = (insn & 0x0C000000u) == 0x04000000u, half_form = (insn & 0x0E000090u) == 0x00000090u;
        if ((!word_form && !half_form) || (insn & (1u << 20)) || ((insn >> 16) & 15) != 15)
            continue;
        xfer_t x = decode_xfer(insn);
        uint32_t at = x.reg ? 0 : t->pc0 + 4u * (unsigned)j + 8 + (x.up ? x.imm : 0u - x.imm);
        if (x.reg || (at < lit + size && lit < at + 4))
            return true; /* (a register offset: anywhere) */
    }
    return false;
}

/* Page groups: loads [Rn, #imm] through the same Rn, unchanged between them, share the vcache
 * page check of the first (the leader). The leader looks up the page of its group's lowest
 * address and compares the entry's tag with its highest: the group spans less than a page, so
 * a hit means both are in that one page (a neighbouring page has another vcache index), and
 * the tag's alignment bits check the leader's size at an address congruent to every member's.
 * The leader leaves R9 (the page's host bias) for the members, which only test it: between
 * them come only data-processing instructions that do not write Rn and leave R9 alone, and
 * every cold path of the group that resumes sets R9 = 0 (the members then take their own cold
 * paths: the interpreter). A leader is unconditional, or R9 would be stale when it is skipped. */
static bool group_load(const tr_t *t, int i, xfer_t *x)
{
    if (t->kind[i] != K_MEM)
        return false;
    *x = decode_xfer(t->insn[i]);
    return x->load && x->pre && !x->wb && !x->reg && x->rn != 15;
}

static void plan_groups(tr_t *t)
{
    for (int i = 0; i < t->n; i++) {
        xfer_t a;
        if (t->grp_role[i] != G_NONE || (t->insn[i] >> 28) != 0xE || !group_load(t, i, &a) || a.rd == a.rn)
            continue;
        int32_t off_a = a.up ? (int32_t)a.imm : -(int32_t)a.imm, lo = off_a, hi = off_a;
        bool any = false;
        for (int j = i + 1; j < t->n; j++) {
            xfer_t b;
            if (t->kind[j] == K_NOP)
                continue;
            if (t->kind[j] == K_DP) {
                uint32_t insn = t->insn[j];
                if (((insn >> 12) & 15) == a.rn || ((insn & (1u << 20)) && !t->jit->lahf))
                    break; /* (Rn written; the flags without LAHF use R9) */
                continue;
            }
            if (!group_load(t, j, &b) || b.rn != a.rn || b.size > a.size)
                break;
            int32_t off_b = b.up ? (int32_t)b.imm : -(int32_t)b.imm;
            int32_t nlo = off_b < lo ? off_b : lo, nhi = off_b > hi ? off_b : hi;
            if ((off_b - off_a) % (int32_t)a.size != 0 || nhi - nlo >= 4096)
                break;
            lo = nlo, hi = nhi;
            t->grp_role[j] = G_MEMBER;
            any = true;
            if (b.rd == a.rn)
                break;
        }
        if (any) {
            t->grp_role[i] = G_LEADER;
            t->grp_dmin[i] = (int16_t)(lo - off_a);
            t->grp_dmax[i] = (int16_t)(hi - off_a);
        }
    }
}

/* EDX = the vcache entry offset (index * 16) of the page of `reg` + dmin. */
static void emit_vc_index(tr_t *t, int reg, int dmin)
{
    jx_t *e = &t->e;
    int lo = reg;
    if (dmin) {
        jx_lea(e, 4, JX_RDX, JX_M(reg, dmin));
        lo = JX_RDX;
    }
    if (t->jit->bmi2) {
        jx_rorx(e, JX_RDX, lo, 12 - 4); /* (the bits rotated in are masked off) */
    } else {
        if (lo != JX_RDX)
            jx_mov_rr(e, 4, JX_RDX, lo);
        jx_shift_ri(e, JX_SHR, 4, JX_RDX, 12 - 4);
    }
    jx_alu_ri(e, JX_AND, 4, JX_RDX, (ARM_VC_SIZE - 1) << 4);
}

/* R9 = the block's fastmem window, by a MOVABS right before the access: the fault handler
 * patches it into a jump to the site's way through the vcache, which must find every
 * register of the access set (jit_fastmem.c). Returns where it is. */
static uint8_t *fm_window(tr_t *t)
{
    uint8_t *at = t->e.p;
    jx_movabs(&t->e, JX_R9, (uint64_t)(uintptr_t)t->jit->fm.win[(t->mode & 0xF) == 0 ? 1 : 0]);
    return at;
}

static void emit_mem(tr_t *t, int i, uint32_t pc, uint32_t refund, uint32_t exit_cycles, uint32_t exit_insns)
{
    jx_t *e = &t->e;
    xfer_t x = decode_xfer(t->insn[i]);
    /* A literal (LDR/LDRB/LDRH/LDRSB/LDRSH rd, [pc, #imm]) in the block's own page, aligned:
     * read now and loaded as a constant. Fetching the block checked that the page is
     * readable (read permission is execute permission on these cores); the block covers the
     * literal's bytes, so a write to them invalidates it (jit.c), and a literal written once
     * is data: the new translation loads it from memory (arm_jit_literal_ok). */
    uint32_t lit = pc + 8 + (x.up ? x.imm : 0u - x.imm);
    if (x.load && x.rn == 15 && !x.reg && x.pre && !x.wb && x.rd != 15 && (lit >> 12) == (t->pc0 >> 12) &&
        !(lit & (x.size - 1)) && arm_jit_literal_ok(t->jit, (t->pa & ~0xFFFu) | (lit & 0xFFF), x.size) &&
        !block_writes_literal(t, lit, x.size)) {
        const uint8_t *src = (const uint8_t *)(t->host - (t->pc0 & 0xFFF) + (lit & 0xFFF));
        uint32_t v = src[0];
        if (x.size >= 2) v |= (uint32_t)src[1] << 8;
        if (x.size == 4) v |= (uint32_t)src[2] << 16 | (uint32_t)src[3] << 24;
        if (x.sign) v = x.size == 1 ? (uint32_t)(int32_t)(int8_t)v : (uint32_t)(int32_t)(int16_t)v;
        st_reg_imm(t, x.rd, v);
        if (t->lit_lo >= t->lit_hi) {
            t->lit_lo = lit & 0xFFF;
            t->lit_hi = (lit & 0xFFF) + x.size;
        } else {
            if ((lit & 0xFFF) < t->lit_lo) t->lit_lo = lit & 0xFFF;
            if ((lit & 0xFFF) + x.size > t->lit_hi) t->lit_hi = (lit & 0xFFF) + x.size;
        }
        return;
    }
    /* EAX = the address, EDI = the written-back base (with write-back). Immediate offsets
     * and added registers shifted left by 0-3 take one LEA from the registers' homes. */
    int base = x.rn != 15 && t->host_of[x.rn] >= 0 ? t->host_of[x.rn] : -1;
    if (base < 0) {
        ld_reg(t, JX_RAX, x.rn, pc);
        base = JX_RAX;
    }
    /* A load with an immediate offset through a held base writes the base back after the
     * access (its cold path leaves before anything is written): pre-indexed from the address
     * in EAX, post-indexed by one LEA on the base's register (which is the address). */
    bool late_wb = x.load && x.wb && !x.reg && base != JX_RAX;
    int dst = (x.pre && !x.wb) || late_wb ? JX_RAX : JX_RDI;
    unsigned rm = t->insn[i] & 15, sh_type = (x.shift_insn >> 5) & 3, amt = (x.shift_insn >> 7) & 31;
    /* A load from [Rn] or post-indexed, Rn held: addressed by Rn's host register itself (a
     * load's cold path needs no address; a store's store-miss stub wants it in EAX). */
    bool plain = x.pre && !x.wb && !x.reg && x.imm == 0;
    int ar = x.load && base != JX_RAX && (plain || !x.pre) ? base : JX_RAX;
    if ((plain || (late_wb && !x.pre)) && ar == base) {
        /* nothing to compute */
    } else if (x.reg && x.up && rm != 15 && sh_type == 0 && amt <= 3) {
        int idx = t->host_of[rm] >= 0 ? t->host_of[rm] : JX_RCX;
        if (idx == JX_RCX)
            ld_reg(t, JX_RCX, rm, pc);
        jx_lea(e, 4, dst, JX_MI(base, idx, 1u << amt, 0));
    } else if (x.reg) { /* a register shifted by an immediate: the data-processing shifter's forms */
        emit_op2(t, x.shift_insn, pc, false);
        jx_mov_rr(e, 4, dst, base);
        jx_alu_rr(e, x.up ? JX_ADD : JX_SUB, 4, dst, JX_RCX);
    } else {
        jx_lea(e, 4, dst, JX_M(base, x.up ? (int32_t)x.imm : -(int32_t)x.imm));
    }
    if (dst == JX_RDI && ar == JX_RAX && (x.pre || base != JX_RAX))
        jx_mov_rr(e, 4, JX_RAX, x.pre ? JX_RDI : base);
    /* EAX = address, EDI = written-back base. Look the page up in the vcache (arm.h): the
     * same tag tests as arm_ld32 & co. in arm_internal.h. A group's member has its page
     * checked by the leader (plan_groups): R9 = 0 if not. */
    uint8_t *miss, *fm_movabs = NULL, *fm_access = NULL, *fm_after = NULL;
    int fm_reg = -1;
    int role = t->grp_role[i];
    if (t->fm) {
        /* Fastmem: unaligned words and halfwords go to the cold stub (as a tag miss would);
         * the rest is one access into the block's window, which faults over to the stub where
         * the page is not mapped (jit_fastmem.c). */
        miss = NULL;
        if (x.size > 1 && !t->jit->fm.ac) { /* (with EFLAGS.AC the access itself faults) */
            jx_test_ri(e, 4, ar, x.size - 1);
            miss = jx_jcc_fwd(e, JX_CC_NE);
        }
        /* (the window base goes into R9 right before the access: see fm_window) */
    } else if (role == G_MEMBER) {
        jx_test_rr(e, 8, JX_R9, JX_R9);
        miss = jx_jcc_fwd(e, JX_CC_E);
    } else {
        /* (A group's lowest address indexes the vcache, its highest is compared.) */
        emit_vc_index(t, ar, role == G_LEADER ? t->grp_dmin[i] : 0);
        /* The tag compare also tests alignment: a page base has its low bits clear, so an
         * unaligned word or halfword address misses and the interpreter does it (the rotation
         * of an unaligned LDR, alignment faults, the store's ignored low bits). */
        if (role == G_LEADER && t->grp_dmax[i])
            jx_lea(e, 4, JX_R8, JX_M(ar, t->grp_dmax[i]));
        else
            jx_mov_rr(e, 4, JX_R8, ar);
        jx_alu_ri(e, JX_AND, 4, JX_R8, (int32_t)(0xFFFFF000u | (x.size - 1)));
        int32_t tag = x.load ? (int32_t)offsetof(arm_vc_entry_t, rtag) : (int32_t)offsetof(arm_vc_entry_t, wtag);
        jx_alu_rm(e, JX_CMP, 4, JX_R8, JX_MI(JX_RBX, JX_RDX, 1, vc_off(t) + tag));
        miss = jx_jcc_fwd(e, JX_CC_NE);
        jx_load(e, 8, false, JX_R9, JX_MI(JX_RBX, JX_RDX, 1, vc_off(t) + (int32_t)offsetof(arm_vc_entry_t, host)));
    }
    jx_mem_t at = JX_MI(JX_R9, ar, 1, 0);
    uint8_t *stored = NULL;
    /* (Loaded straight into, and stored straight from, the host register holding Rd.) */
    int held_d = x.rd != 15 ? t->host_of[x.rd] : -1;
    if (x.load) {
        int dst = held_d >= 0 ? held_d : JX_R8;
        if (t->fm)
            fm_movabs = fm_window(t);
        fm_access = e->p;
        jx_load(e, (int)x.size, x.sign, dst, at);
        fm_after = e->p;
        fm_reg = dst;
        if (late_wb && x.pre) {
            st_reg(t, x.rn, JX_RAX);
        } else if (late_wb) {
            jx_lea(e, 4, base, JX_M(base, x.up ? (int32_t)x.imm : -(int32_t)x.imm));
            t->dirty |= (uint16_t)(1u << x.rn);
        } else if (x.wb) {
            st_reg(t, x.rn, JX_RDI);
        }
        if (x.rd == 15) {
            jx_alu_ri(e, JX_AND, 4, JX_R8, (int32_t)(t->m26 ? 0x03FFFFFCu : 0xFFFFFFFCu));
            st_reg(t, 15, JX_R8);
        } else {
            st_reg(t, x.rd, dst);
        }
    } else {
        int src = held_d >= 0 ? held_d : JX_RCX;
        if (src == JX_RCX)
            ld_reg(t, JX_RCX, x.rd, pc);
        if (t->fm)
            fm_movabs = fm_window(t);
        fm_access = e->p;
        jx_store(e, (int)x.size, at, src);
        stored = e->p;
        fm_after = e->p;
        fm_reg = src;
        if (x.wb)
            st_reg(t, x.rn, JX_RDI);
    }
    clob(t);
    int ncold0 = t->ncold;
    add_cold(t, true, miss, pc, refund, exit_cycles, exit_insns);
    cold_t *k = t->ncold > ncold0 ? &t->cold[t->ncold - 1] : NULL;
    if (fm_movabs && k) {
        k->fm_access = fm_access;
        k->fm_movabs = fm_movabs;
        k->fm_after = fm_after;
        k->fm_write = !x.load;
        k->fm_sign = x.sign;
        k->fm_ar = (int8_t)ar;
        k->fm_reg = (int8_t)fm_reg;
        k->fm_size = (uint8_t)x.size;
        if (stored) {
            k->store_back = stored;
            k->store_size = (uint8_t)x.size;
            k->store_rd = (uint8_t)x.rd;
        }
        return;
    }
    if (!stored) {
        if (role != G_NONE && t->ncold && t->cold[t->ncold - 1].site == miss)
            t->cold[t->ncold - 1].poison = true;
        return;
    }
    /* Store miss: first the code-page helper, then the interpreter (the cold stub). */
    if (t->ncold && t->cold[t->ncold - 1].site == miss) {
        t->cold[t->ncold - 1].store_back = stored;
        t->cold[t->ncold - 1].store_size = (uint8_t)x.size;
        t->cold[t->ncold - 1].store_rd = (uint8_t)x.rd;
    }
}

/* SWP/SWPB (interp.c exec_swp): both the read and the write tag of the page must hit the vcache
 * before anything is done, else the interpreter does the whole swap (I/O, code pages, aborts,
 * alignment faults). A word read from an unaligned address rotates as LDR does; the store
 * ignores address[1:0]. Rm is read before Rd is written. */
static void emit_swp(tr_t *t, int i, uint32_t pc, uint32_t refund, uint32_t exit_cycles, uint32_t exit_insns)
{
    jx_t *e = &t->e;
    uint32_t insn = t->insn[i];
    unsigned rn = (insn >> 16) & 15, rd = (insn >> 12) & 15, rm = insn & 15;
    bool byte = (insn >> 22) & 1;
    ld_reg(t, JX_RAX, rn, pc);
    jx_mov_rr(e, 4, JX_RDX, JX_RAX);
    jx_shift_ri(e, JX_SHR, 4, JX_RDX, 12 - 4);
    jx_alu_ri(e, JX_AND, 4, JX_RDX, (ARM_VC_SIZE - 1) << 4);
    jx_mov_rr(e, 4, JX_R8, JX_RAX);
    if (byte)
        jx_alu_ri(e, JX_AND, 4, JX_R8, (int32_t)0xFFFFF000u);
    else
        jx_alu_rm(e, JX_AND, 4, JX_R8, JCPU(tag_mask32));
    jx_alu_rm(e, JX_CMP, 4, JX_R8, JX_MI(JX_RBX, JX_RDX, 1, vc_off(t) + (int32_t)offsetof(arm_vc_entry_t, rtag)));
    uint8_t *rmiss = jx_jcc8_fwd(e, JX_CC_NE);
    jx_alu_rm(e, JX_CMP, 4, JX_R8, JX_MI(JX_RBX, JX_RDX, 1, vc_off(t) + (int32_t)offsetof(arm_vc_entry_t, wtag)));
    jx_patch8(rmiss, e->p); /* (ZF still clear from the first compare) */
    uint8_t *miss = jx_jcc_fwd(e, JX_CC_NE);
    jx_load(e, 8, false, JX_R9, JX_MI(JX_RBX, JX_RDX, 1, vc_off(t) + (int32_t)offsetof(arm_vc_entry_t, host)));
    ld_reg(t, JX_RCX, rm, pc);
    if (byte) {
        jx_load(e, 1, false, JX_R8, JX_MI(JX_R9, JX_RAX, 1, 0));
        jx_store(e, 1, JX_MI(JX_R9, JX_RAX, 1, 0), JX_RCX);
    } else {
        jx_mov_rr(e, 4, JX_RDX, JX_RAX);
        jx_alu_ri(e, JX_AND, 4, JX_RDX, -4);
        jx_load(e, 4, false, JX_R8, JX_MI(JX_R9, JX_RDX, 1, 0));
        jx_store(e, 4, JX_MI(JX_R9, JX_RDX, 1, 0), JX_RCX);
        jx_mov_rr(e, 4, JX_RCX, JX_RAX); /* rotate right by 8 * address[1:0] */
        jx_alu_ri(e, JX_AND, 4, JX_RCX, 3);
        jx_shift_ri(e, JX_SHL, 4, JX_RCX, 3);
        jx_shift_cl(e, JX_ROR, 4, JX_R8);
    }
    st_reg(t, rd, JX_R8);
    clob(t);
    add_cold(t, true, miss, pc, refund, exit_cycles, exit_insns);
}

/* A store that missed the vcache, to the code page arm_jit_helper_store saw last for this
 * privilege (jit.h sw_key), aligned, away from every block (its 64-byte chunk clear), in the
 * same vcache epoch: what the helper would do, done here (through sw_bias); then back to the
 * store's continuation. Anything else falls through to the helper. */
static void store_to_code_page(tr_t *t, const cold_t *k)
{
    jx_t *e = &t->e;
    arm_jit_t *jit = t->jit;
    uint8_t *slow[3];
#define JIT_AT(field) JX_M(JX_RDX, (int32_t)offsetof(arm_jit_t, field))
    /* The page and privilege in one compare (a key per privilege); CP15 D needs no test: the
     * key is set only with D, and a change of D starts a new epoch. */
    jx_mov64_ri(e, JX_RDX, (uint64_t)(uintptr_t)jit);
    jx_mov_rr(e, 4, JX_RCX, JX_RAX);
    jx_alu_ri(e, JX_AND, 4, JX_RCX, (int32_t)(0xFFFFF000u | (k->store_size - 1u)));
    jx_alu_rm(e, JX_CMP, 4, JX_RCX, JIT_AT(sw_key[(t->mode & 0xF) == 0]));
    slow[0] = jx_jcc_fwd(e, JX_CC_NE);
    jx_load(e, 4, false, JX_RCX, JCPU(vc_epoch));
    jx_alu_rm(e, JX_CMP, 4, JX_RCX, JIT_AT(sw_epoch));
    slow[1] = jx_jcc_fwd(e, JX_CC_NE);
    jx_load(e, 8, false, JX_R8, JIT_AT(sw_page));
    jx_load(e, 8, false, JX_R9, JX_M(JX_R8, (int32_t)offsetof(arm_jit_page_t, chunks)));
    jx_mov_rr(e, 4, JX_RCX, JX_RAX);
    jx_shift_ri(e, JX_SHR, 4, JX_RCX, 6);
    jx_shift_cl(e, JX_SHR, 8, JX_R9); /* (count mod 64: the chunk of address[11:6]) */
    jx_test_ri(e, 4, JX_R9, 1);
    slow[2] = jx_jcc_fwd(e, JX_CC_NE);
    jx_load(e, 8, false, JX_R8, JIT_AT(sw_bias)); /* (EAX is aligned: the key compare) */
    ld_reg(t, JX_R9, k->store_rd, 0);
    jx_store(e, k->store_size, JX_MI(JX_R8, JX_RAX, 1, 0), JX_R9);
    jx_alu_mi(e, JX_ADD, 8, JIT_AT(stats.code_writes), 1);
    jx_jmp_to(e, k->store_back);
#undef JIT_AT
    for (int i = 0; i < 3; i++)
        jx_patch32(slow[i], e->p);
}

/* ---- block transfers ------------------------------------------------------------------------ */

/* The interpreter's cycles for LDM/STM (interp.c exec_block). */
static uint32_t block_cost(const tr_t *t, uint32_t insn)
{
    const arm_timing_t *tm = t->tm;
    unsigned n = (unsigned)__builtin_popcount(insn & 0xFFFF);
    bool load = (insn >> 20) & 1;
    uint32_t c = (load ? tm->ldm_base : tm->stm_base) + n * tm->xfer_per_reg;
    if (load && (insn & (1u << 15)))
        c += (uint32_t)(tm->ldr_pc - tm->ldr);
    return c;
}

/* LDM/STM whose words all lie in one page the vcache maps: checked before anything is
 * transferred, so the interpreter takes over (aborts, I/O, page crossings) with nothing done. */
static void emit_block(tr_t *t, int i, uint32_t pc, uint32_t refund, uint32_t exit_cycles, uint32_t exit_insns)
{
    jx_t *e = &t->e;
    uint32_t insn = t->insn[i];
    unsigned rn = (insn >> 16) & 15, list = insn & 0xFFFF;
    unsigned n = (unsigned)__builtin_popcount(list);
    bool up = (insn >> 23) & 1, pre = (insn >> 24) & 1, wb = (insn >> 21) & 1, load = (insn >> 20) & 1;
    int32_t span = (int32_t)(4 * n);
    ld_reg(t, JX_RAX, rn, pc);
    /* EDX = address of the first word (interp.c: the lowest address first), EDI = new base. */
    int32_t first = up ? (pre ? 4 : 0) : (pre ? -span : -span + 4);
    jx_lea(e, 4, JX_RDX, JX_M(JX_RAX, first));
    jx_lea(e, 4, JX_RDI, JX_M(JX_RAX, up ? span : -span));
    /* Same page for the first and the last word? */
    jx_lea(e, 4, JX_RCX, JX_M(JX_RDX, span - 4));
    jx_alu_rr(e, JX_XOR, 4, JX_RCX, JX_RDX);
    jx_test_ri(e, 4, JX_RCX, 0xFFFFF000u);
    uint8_t *cross = jx_jcc_fwd(e, JX_CC_NE);
    jx_mov_rr(e, 4, JX_RCX, JX_RDX);
    jx_shift_ri(e, JX_SHR, 4, JX_RCX, 12 - 4);
    jx_alu_ri(e, JX_AND, 4, JX_RCX, (ARM_VC_SIZE - 1) << 4);
    jx_mov_rr(e, 4, JX_R8, JX_RDX);
    jx_alu_rm(e, JX_AND, 4, JX_R8, JCPU(tag_mask32));
    int32_t tag = load ? (int32_t)offsetof(arm_vc_entry_t, rtag) : (int32_t)offsetof(arm_vc_entry_t, wtag);
    jx_alu_rm(e, JX_CMP, 4, JX_R8, JX_MI(JX_RBX, JX_RCX, 1, vc_off(t) + tag));
    uint8_t *miss = jx_jcc_fwd(e, JX_CC_NE);
    jx_load(e, 8, false, JX_R9, JX_MI(JX_RBX, JX_RCX, 1, vc_off(t) + (int32_t)offsetof(arm_vc_entry_t, host)));
    jx_alu_ri(e, JX_AND, 4, JX_RDX, -4);
    int k = 0;
    if (load) {
        if (wb) /* the base first: a loaded base wins (interp.c) */
            st_reg(t, rn, JX_RDI);
        for (unsigned r = 0; r < 16; r++) {
            if (!(list & (1u << r)))
                continue;
            jx_load(e, 4, false, JX_RCX, JX_MI(JX_R9, JX_RDX, 1, 4 * k++));
            if (r == 15)
                jx_alu_ri(e, JX_AND, 4, JX_RCX, (int32_t)(t->m26 ? 0x03FFFFFCu : 0xFFFFFFFCu));
            st_reg(t, r, JX_RCX);
        }
    } else {
        bool firstreg = true;
        for (unsigned r = 0; r < 16; r++) {
            if (!(list & (1u << r)))
                continue;
            if (r == rn && wb && !firstreg) /* a base stored after the first: the new value */
                jx_store(e, 4, JX_MI(JX_R9, JX_RDX, 1, 4 * k++), JX_RDI);
            else {
                ld_reg(t, JX_RCX, r, pc);
                jx_store(e, 4, JX_MI(JX_R9, JX_RDX, 1, 4 * k++), JX_RCX);
            }
            firstreg = false;
        }
        if (wb)
            st_reg(t, rn, JX_RDI);
    }
    clob(t);
    uint8_t *over = jx_jmp_fwd(e);
    jx_patch32(cross, e->p);
    jx_patch32(miss, e->p);
    add_cold(t, true, jx_jmp_fwd(e), pc, refund, exit_cycles, exit_insns);
    jx_patch32(over, e->p);
}

/* ---- branches and interpreter calls --------------------------------------------------------- */

static void emit_branch(tr_t *t, int i, uint32_t pc)
{
    jx_t *e = &t->e;
    uint32_t insn = t->insn[i];
    unsigned cond = insn >> 28;
    uint32_t mask = t->m26 ? 0x03FFFFFCu : 0xFFFFFFFCu;
    uint32_t target = (pc + 8 + (uint32_t)((int32_t)(insn << 8) >> 6)) & mask;
    uint8_t *skip = cond != 0xE ? cond_fail(t, cond) : NULL;
    int pend = t->pend;
    if ((insn & (1u << 24)) && (t->m26 || (t->pend_src & (1u << 14))))
        materialize(t); /* (BL: R14 may be an operand, or gets the PSR; else exit_to does it) */
    if (insn & (1u << 24)) {
        if (t->m26) { /* R14 = R15 with the PSR bits (interp.c r15_full) */
            jx_load(e, 4, false, JX_RAX, JCPU(cpsr));
            jx_mov_rr(e, 4, JX_RCX, JX_RAX);
            jx_alu_ri(e, JX_AND, 4, JX_RAX, (int32_t)0xF0000003u);
            jx_alu_ri(e, JX_AND, 4, JX_RCX, ARM_PSR_I | ARM_PSR_F);
            jx_shift_ri(e, JX_SHL, 4, JX_RCX, 20);
            jx_alu_rr(e, JX_OR, 4, JX_RAX, JX_RCX);
            jx_alu_ri(e, JX_OR, 4, JX_RAX, (int32_t)((pc + 4) & ARM_R15_26_PC));
            st_reg(t, 14, JX_RAX);
        } else {
            st_reg_imm(t, 14, pc + 4);
        }
    }
    int s_nz = t->hf_nz, s_v = t->hf_v, s_c = t->hf_c;
    exit_to(t, target, t->pend_cycles + t->tm->branch, t->pend_insns + 1);
    if (skip) {
        jx_patch32(skip, e->p);
        t->pend = pend;
        if (i < t->n - 1) { /* inside the block (arm_jit_translate): not taken goes on */
            t->hf_nz = s_nz, t->hf_v = s_v, t->hf_c = s_c; /* (the jcc kept the x86 flags) */
            t->pend_cycles += t->tm->dp;
            t->pend_insns++;
        } else {
            exit_to(t, (pc + 4) & mask, t->pend_cycles + t->tm->dp, t->pend_insns + 1);
        }
    }
}

static void emit_interp(tr_t *t, int i, uint32_t pc, bool end)
{
    call_helper(t, pc, threshold(t, i, t->pend_cycles));
    t->cold_dirty = t->dirty; /* (none: all written back for the call) */
    if (end) {
        exit_dynamic(t, t->pend_cycles, t->pend_insns);
        return;
    }
    jx_test_rr(&t->e, 4, JX_RAX, JX_RAX);
    add_cold(t, false, jx_jcc_fwd(&t->e, JX_CC_NE), pc, 0, t->pend_cycles, t->pend_insns);
}

/* Jumps to a computed address (LDR PC, LDM with PC, MOV PC & co.): the instruction as any
 * other, then the jump cache or the dispatcher. */
/* A jump table as compilers emit switches: CMP Rm, #N then LDRLS PC, [PC, Rm, LSL #2] with
 * the N+1 words after the next instruction in the block's own page (constants, as folded
 * literals: the block covers them, a write to them invalidates it). Returns N+1, or 0 if
 * instruction i is not one. */
static unsigned jump_table(const tr_t *t, int i, uint32_t pc, uint32_t *targets)
{
    uint32_t insn = t->insn[i], prev = i ? t->insn[i - 1] : 0;
    unsigned rm = insn & 15;
    if ((insn & 0xFFFFFFF0u) != 0x979FF100u || rm == 15 || i == 0 || t->kind[i - 1] != K_DP ||
        (prev & 0xFFFFF000u) != (0xE3500000u | rm << 16))
        return 0;
    unsigned rot = ((prev >> 8) & 15) * 2;
    uint32_t bound = (prev & 0xFF) >> rot | (prev & 0xFF) << ((32 - rot) & 31);
    if (rot == 0)
        bound = prev & 0xFF;
    if (bound >= 64)
        return 0;
    unsigned n = bound + 1;
    uint32_t table = pc + 8;
    if ((table >> 12) != (t->pc0 >> 12) || ((table + 4 * n - 1) >> 12) != (t->pc0 >> 12) ||
        !arm_jit_literal_ok(t->jit, (t->pa & ~0xFFFu) | (table & 0xFFF), 4 * n) || block_writes_literal(t, table, 4 * n))
        return 0;
    const uint8_t *src = (const uint8_t *)(t->host - (t->pc0 & 0xFFF) + (table & 0xFFF));
    uint32_t mask = t->m26 ? 0x03FFFFFCu : 0xFFFFFFFCu;
    for (unsigned k = 0; k < n; k++) {
        uint32_t w;
        memcpy(&w, src + 4 * k, 4);
        targets[k] = w & mask;
        if (targets[k] == t->pc0)
            return 0; /* (a loop to the block itself: the general way) */
    }
    return n;
}

/* The jump table's dispatch: Rm indexes a table of host addresses, one chainable exit per
 * target; an index out of range (flags not from the CMP after all) takes the general way. */
static uint8_t *emit_jump_table(tr_t *t, int i, uint32_t pc, const uint32_t *targets, unsigned n)
{
    jx_t *e = &t->e;
    unsigned rm = t->insn[i] & 15;
    if (t->host_of[rm] >= 0)
        jx_mov_rr(e, 4, JX_RCX, t->host_of[rm]);
    else
        ld_reg(t, JX_RCX, rm, pc);
    jx_alu_ri(e, JX_CMP, 4, JX_RCX, (int32_t)(n - 1));
    uint8_t *general = jx_jcc_fwd(e, JX_CC_A);
    clob(t);
    /* LEA RDX, [RIP + table]; JMP [RDX + RCX*8]; the table (8-byte aligned) */
    uint8_t *disp = jx_lea_rip_fwd(e, JX_RDX);
    jx_jmp_m(e, JX_MI(JX_RDX, JX_RCX, 8, 0));
    while (((uintptr_t)e->p & 7) && e->p < e->end)
        *e->p++ = 0xCC;
    uint8_t *table = e->p;
    if (e->p + 8 * n + 16 >= e->end) {
        e->overflow = true;
        return general;
    }
    memset(e->p, 0xCC, 8 * n);
    e->p += 8 * n;
    jx_patch32(disp, table);
    uint32_t cost = t->tm->ldr_pc;
    int pend = t->pend;
    uint16_t dirty = t->dirty;
    for (unsigned k = 0; k < n; k++) {
        uint64_t at = (uint64_t)(uintptr_t)e->p;
        memcpy(table + 8 * k, &at, 8);
        t->pend = pend;
        t->dirty = dirty;
        exit_to(t, targets[k], t->pend_cycles + cost, t->pend_insns + 1);
    }
    t->pend = pend;
    t->dirty = dirty;
    return general;
}

static void emit_load_pc(tr_t *t, int i, uint32_t pc)
{
    unsigned cond = t->insn[i] >> 28;
    uint32_t insn = t->insn[i];
    bool block = t->kind[i] == K_BLOCK_PC;
    uint32_t cost = block ? block_cost(t, insn) : t->tm->ldr_pc;
    if (t->kind[i] == K_DP_PC || t->kind[i] == K_DP_PCS)
        cost = t->tm->dp + (!(insn & (1u << 25)) && (insn & 0x10) ? t->tm->dp_regshift : 0) + t->tm->dp_pc;
    uint8_t *skip = cond != 0xE ? cond_fail(t, cond) : NULL;
    uint16_t dirty_skip = t->dirty;
    uint32_t targets[64];
    unsigned ntargets = t->kind[i] == K_MEM_PC ? jump_table(t, i, pc, targets) : 0;
    if (ntargets) {
        jx_patch32(emit_jump_table(t, i, pc, targets, ntargets), t->e.p);
        if (t->lit_lo >= t->lit_hi) { /* the table's words are covered as literals are */
            t->lit_lo = (pc + 8) & 0xFFF;
            t->lit_hi = ((pc + 8) & 0xFFF) + 4 * ntargets;
        } else {
            if (((pc + 8) & 0xFFF) < t->lit_lo) t->lit_lo = (pc + 8) & 0xFFF;
            if (((pc + 8) & 0xFFF) + 4 * ntargets > t->lit_hi) t->lit_hi = ((pc + 8) & 0xFFF) + 4 * ntargets;
        }
    }
    int cold0 = t->ncold;
    uint32_t refund = cost | 1u << 16 | threshold(t, i, t->pend_cycles + cost);
    if (t->kind[i] == K_DP_PC || t->kind[i] == K_DP_PCS)
        emit_dp(t, i, pc, DP_FULL);
    else if (block)
        emit_block(t, i, pc, refund, t->pend_cycles + cost, t->pend_insns + 1);
    else
        emit_mem(t, i, pc, refund, t->pend_cycles + cost, t->pend_insns + 1);
    for (int c = cold0; c < t->ncold; c++)
        t->cold[c].resume = t->e.p;
    exit_dynamic(t, (int32_t)(t->pend_cycles + cost), t->pend_insns + 1);
    if (skip) {
        t->dirty = dirty_skip;
        jx_patch32(skip, t->e.p);
        exit_to(t, (pc + 4) & (t->m26 ? 0x03FFFFFCu : 0xFFFFFFFCu), t->pend_cycles + t->tm->dp, t->pend_insns + 1);
    }
}

/* ---- deferred flags (see materialize) ------------------------------------------------------- */

/* The registers a data-processing instruction's operands come from. */
static unsigned dp_sources(uint32_t insn)
{
    unsigned op = (insn >> 21) & 15, m = 0;
    if (op != 0xD && op != 0xF)
        m |= 1u << ((insn >> 16) & 15);
    if (!(insn & (1u << 25))) {
        m |= 1u << (insn & 15);
        if (insn & 0x10)
            m |= 1u << ((insn >> 8) & 15);
    }
    return m;
}

/* The guest registers instruction i may write (all for what the interpreter runs). */
static unsigned regs_written(const tr_t *t, int i)
{
    uint32_t insn = t->insn[i];
    unsigned rn = (insn >> 16) & 15, rd = (insn >> 12) & 15;
    switch (t->kind[i]) {
    case K_NOP: case K_BRANCH: return 0;
    case K_DP: return ((insn >> 21) & 0xC) == 0x8 ? 0 : 1u << rd;
    case K_MEM: {
        xfer_t x = decode_xfer(insn);
        return (x.load ? 1u << rd : 0) | (x.wb ? 1u << rn : 0);
    }
    case K_BLOCK: return ((insn & (1u << 20)) ? insn & 0xFFFF : 0) | ((insn & (1u << 21)) ? 1u << rn : 0);
    case K_SWP: return 1u << rd;
    case K_MUL: return 1u << rn;
    case K_MULL: return 1u << rn | 1u << rd;
    default: return 0xFFFF;
    }
}

/* Can instruction i leave its flags deferred? An unconditional data-processing instruction
 * with S whose flags are computed (LAHF), that reads no carry, shifts by no register, and
 * does not overwrite its own operands: they are there to compute the flags again. Or one in
 * place (Rd = Rn, Rm another register): SUBS/ADDS find Rn again from the result and op2,
 * the logical ops need only the result and op2 (for C). */
static bool can_defer(const tr_t *t, int i)
{
    uint32_t insn = t->insn[i];
    unsigned op = (insn >> 21) & 15, rd = (insn >> 12) & 15, r, w;
    bool imm = (insn >> 25) & 1;
    if (t->kind[i] != K_DP || (insn >> 28) != 0xE || !(insn & (1u << 20)) || !t->jit->lahf)
        return false;
    flag_use(t, i, &r, &w);
    if (!(t->live_out[i] & w) || (op >= 5 && op <= 7) || (!imm && (insn & 0x10)) ||
        (!imm && (insn & 0xFE0) == 0x060))
        return false;
    unsigned rn = (insn >> 16) & 15, rm = insn & 15;
    if ((op == 2 || op == 4) && rn == rd && (imm || rm != rd))
        return true; /* SUBS/ADDS Rd, Rd, op2: the operand is the result minus/plus op2 (emit_dp) */
    if (dp_logical(op) && (op & 0xC) != 0x8 && op != 0xD && op != 0xF && rn == rd && (imm || rm != rd))
        return true; /* ANDS/EORS/ORRS/BICS Rd, Rd, op2: N, Z from the result, C from op2 (emit_dp) */
    return (op & 0xC) == 0x8 || !(dp_sources(insn) & (1u << rd));
}

/* Must the deferred flags be in the CPSR before instruction i? Yes if it reads the CPSR (carry
 * in, the bits a logical S or MULS keeps, MRS/MSR, the interpreter, exits of computed PCs),
 * sets flags under a condition (the two paths would disagree), or overwrites an operand the
 * flags are computed from. Conditions, cold paths and branches take care of themselves. */
static bool must_materialize(const tr_t *t, int i)
{
    uint32_t insn = t->insn[i];
    if (t->pend == PEND_SAVED) { /* (no operands to compute them from: before every reader) */
        unsigned r, w;
        flag_use(t, i, &r, &w);
        switch (t->kind[i]) {
        case K_NOP: return false;
        case K_MEM: case K_SWP: case K_BLOCK: return (insn >> 28) != 0xE; /* (cold paths: materialize) */
        case K_DP: return (r & ~(unsigned)cond_reads[0xE]) != 0 || (insn >> 28) != 0xE;
        default: return true;
        }
    }
    if (t->pend < 0)
        return false;
    switch (t->kind[i]) {
    case K_NOP: case K_BRANCH: return false;
    case K_MEM: case K_SWP: case K_BLOCK: return (regs_written(t, i) & t->pend_src) != 0;
    case K_MUL: case K_MULL: return (regs_written(t, i) & t->pend_src) || (insn & (1u << 20));
    case K_DP: break;
    default: return true;
    }
    if (regs_written(t, i) & t->pend_src)
        return true;
    unsigned op = (insn >> 21) & 15, r, w;
    bool imm = (insn >> 25) & 1;
    if ((op >= 5 && op <= 7) || (!imm && !(insn & 0x10) && (insn & 0xFE0) == 0x060))
        return true; /* carry in */
    flag_use(t, i, &r, &w);
    if (!(insn & (1u << 20)) || !(t->live_out[i] & w))
        return false; /* no flags computed */
    if ((insn >> 28) != 0xE)
        return true;
    return w != JF_ALL || (!imm && (insn & 0x10) && !can_defer(t, i));
}

static void emit_one(tr_t *t, int i)
{
    uint32_t insn = t->insn[i], pc = t->pc0 + 4u * (unsigned)i;
    unsigned cond = insn >> 28;
    const arm_timing_t *tm = t->tm;
    t->cold_dirty = t->dirty; /* cold paths leave before the instruction changes anything */
    if (must_materialize(t, i))
        materialize(t);
    switch (t->kind[i]) {
    case K_NOP: t->pend_cycles += tm->dp; t->pend_insns++; return;
    case K_BRANCH: emit_branch(t, i, pc); return;
    case K_INTERP: emit_interp(t, i, pc, false); return;
    case K_INTERP_END: emit_interp(t, i, pc, true); return;
    default: break;
    }
    if (t->kind[i] == K_MEM_PC || t->kind[i] == K_BLOCK_PC || t->kind[i] == K_DP_PC || t->kind[i] == K_DP_PCS) {
        emit_load_pc(t, i, pc);
        return;
    }
    uint32_t cost;
    if (t->kind[i] == K_DP)
        cost = tm->dp + (!(insn & (1u << 25)) && (insn & 0x10) ? tm->dp_regshift : 0);
    else if (t->kind[i] == K_MUL)
        cost = tm->mul_base; /* + the run-time part, counted by emit_mul */
    else if (t->kind[i] == K_MULL)
        cost = tm->mul_base + 1u; /* + the run-time part, counted by emit_mull */
    else if (t->kind[i] == K_PSR)
        cost = tm->dp;
    else if (t->kind[i] == K_SWP)
        cost = tm->swp;
    else if (t->kind[i] == K_BLOCK)
        cost = block_cost(t, insn);
    else
        cost = (insn & (1u << 20)) ? tm->ldr : tm->str;
    uint8_t *skip = NULL;
    int s_nz = 0, s_v = 0, s_c = 0;
    if (cond != 0xE) {
        skip = cond_fail(t, cond);
        s_nz = t->hf_nz, s_v = t->hf_v, s_c = t->hf_c;
    }
    uint32_t add = cond != 0xE ? tm->dp : cost;
    int cold0 = t->ncold;
    if (t->kind[i] == K_DP && can_defer(t, i)) {
        emit_dp(t, i, pc, DP_DEFER);
        t->pend = i;
        t->pend_src = (uint16_t)dp_sources(insn);
    } else if (t->kind[i] == K_DP) {
        unsigned r, w;
        flag_use(t, i, &r, &w);
        emit_dp(t, i, pc, DP_FULL);
        if ((insn & (1u << 20)) && (t->live_out[i] & w))
            t->pend = -1; /* all four stored (must_materialize saw to the kept ones) */
    } else if (t->kind[i] == K_MUL)
        emit_mul(t, i);
    else if (t->kind[i] == K_MULL)
        emit_mull(t, i);
    else if (t->kind[i] == K_PSR)
        emit_psr(t, i, pc, add | 1u << 16 | threshold(t, i, t->pend_cycles + add), t->pend_cycles + add,
                 t->pend_insns + 1);
    else if (t->kind[i] == K_SWP)
        emit_swp(t, i, pc, add | 1u << 16 | threshold(t, i, t->pend_cycles + add), t->pend_cycles + add,
                 t->pend_insns + 1);
    else if (t->kind[i] == K_BLOCK)
        emit_block(t, i, pc, add | 1u << 16 | threshold(t, i, t->pend_cycles + add), t->pend_cycles + add,
                   t->pend_insns + 1);
    else
        emit_mem(t, i, pc, add | 1u << 16 | threshold(t, i, t->pend_cycles + add), t->pend_cycles + add,
                 t->pend_insns + 1);
    if (skip && cost != add)
        account(t, (int32_t)(cost - add), 0);
    uint8_t *merge = t->e.p;
    if (skip) {
        t->dirty |= t->cold_dirty; /* either path's (the skipped one's is cold_dirty) */
        jx_patch32(skip, merge);
        if (t->hf_nz != s_nz) t->hf_nz = 0;
        if (t->hf_v != s_v) t->hf_v = 0;
        if (t->hf_c != s_c) t->hf_c = HC_NONE;
    }
    /* The interpreter may have run this instruction (its stub's call reloads the held
     * registers), the x86 flags are lost. */
    for (int c = cold0; c < t->ncold; c++)
        t->cold[c].resume = merge;
    if (t->ncold > cold0)
        clob(t);
    t->pend_cycles += add;
    t->pend_insns++;
}

/* Most cycles a translated instruction takes on any path (interpreted ones are checked when
 * they return: 0 here). */
static uint32_t max_cycles(const tr_t *t, uint32_t insn, int kind)
{
    const arm_timing_t *tm = t->tm;
    uint32_t c;
    switch (kind) {
    case K_DP: c = tm->dp + (!(insn & (1u << 25)) && (insn & 0x10) ? tm->dp_regshift : 0); break;
    case K_MUL: c = tm->mul_base + (t->cpu->v4 ? 3u : 16u) * tm->mul_per_2bits; break;
    case K_MULL: c = tm->mul_base + 3u * tm->mul_per_2bits + 1u; break;
    case K_PSR: c = tm->dp; break;
    case K_SWP: c = tm->swp; break;
    case K_MEM: c = (insn & (1u << 20)) ? tm->ldr : tm->str; break;
    case K_MEM_PC: c = tm->ldr_pc; break;
    case K_DP_PC: case K_DP_PCS: c = tm->dp + tm->dp_regshift + tm->dp_pc; break;
    case K_BLOCK: case K_BLOCK_PC: c = block_cost(t, insn); break;
    case K_BRANCH: c = tm->branch; break;
    case K_NOP: c = tm->dp; break;
    default: return 0;
    }
    return c > tm->dp ? c : tm->dp;
}

/* Flags carried round a loop: a block that branches back to its start, whose start reads the
 * flags before overwriting them (a load's cold path may run the interpreter), and whose every
 * back edge follows an unconditional add or subtract with S (the same kind for all: it picks
 * the table) keeps them in the x86 flags' image (tr_t.saved), not the CPSR: SETO, LAHF and a
 * 16-bit store instead of the table lookup and CPSR store. Returns 0 (add), 1 (subtract) or
 * -1 (not used). */
static int plan_saved_flags(const tr_t *t)
{
    uint32_t mask = t->m26 ? 0x03FFFFFCu : 0xFFFFFFFCu;
    if (!t->jit->lahf || t->entry_dead || t->jit->single_block || t->jit->single_insn)
        return -1;
    int kind = -1;
    for (int b = 0; b < t->n; b++) {
        uint32_t pc = t->pc0 + 4u * (unsigned)b;
        if (t->kind[b] != K_BRANCH || ((pc + 8 + (uint32_t)((int32_t)(t->insn[b] << 8) >> 6)) & mask) != t->pc0)
            continue;
        for (int j = b - 1; j >= 0; j--) {
            uint32_t insn = t->insn[j];
            unsigned op = (insn >> 21) & 15, r, w;
            flag_use(t, j, &r, &w);
            if (t->kind[j] == K_DP && !(insn & (1u << 20)))
                continue;
            if (t->kind[j] == K_NOP || t->kind[j] == K_MEM || t->kind[j] == K_SWP || t->kind[j] == K_BLOCK ||
                t->kind[j] == K_BRANCH)
                continue;
            if (t->kind[j] != K_DP || (insn >> 28) != 0xE || w != JF_ALL || (op != 2 && op != 3 && op != 4 &&
                op != 10 && op != 11))
                return -1;
            int k = op == 4 || op == 11 ? 0 : 1;
            if (kind >= 0 && kind != k)
                return -1;
            kind = k;
            break;
        }
    }
    return kind;
}

int32_t arm_jit_translate(arm_jit_t *jit, uint32_t pc, uint32_t mode, uintptr_t host, uint32_t pa, const int8_t *hint)
{
    if (jit->nblocks >= ARM_JIT_BLOCKS)
        return -1;
    tr_t tr = {.jit = jit, .cpu = jit->cpu, .tm = &jit->cpu->timing, .pc0 = pc, .mode = mode, .host = host, .pa = pa,
               .m26 = arm_mode_is_26(mode), .hint = hint};
    tr_t *t = &tr;
    t->pend = -1;
    for (int r = 0; r < 16; r++)
        t->host_of[r] = -1;
    int max = jit->single_insn ? 1 : MAXI;
    for (int i = 0; i < max; i++) {
        if (i && ((pc + 4u * (unsigned)i) & 0xFFF) == 0)
            break; /* blocks stay inside one page */
        memcpy(&t->insn[i], (const void *)(host + 4u * (unsigned)i), 4);
        t->kind[i] = (uint8_t)classify(t, t->insn[i]);
        t->n = i + 1;
        int k = t->kind[i];
        /* A conditional B goes on with the instruction after it (the block leaves only
         * when it is taken): loops whose exit test sits in the middle stay one block. */
        if (k == K_BRANCH && (t->insn[i] >> 28) != 0xE && !(t->insn[i] & (1u << 24)))
            continue;
        if (k == K_BRANCH || k == K_INTERP_END || k == K_MEM_PC || k == K_BLOCK_PC || k == K_DP_PC || k == K_DP_PCS)
            break;
    }
    liveness(t);
    for (int i = 0; i < t->n; i++) { /* flags overwritten at the start before anything reads them? */
        unsigned r, w;
        flag_use(t, i, &r, &w);
        if (r)
            break;
        if ((t->insn[i] >> 28) == 0xE && w == JF_ALL) {
            t->entry_dead = true;
            break;
        }
    }
    alloc_regs(t);
    t->fm = arm_jit_fastmem_room(jit, (unsigned)t->n);
    if (!t->fm)
        plan_groups(t); /* (with fastmem every access is one host access already) */
    /* The block runs only if the budget outlasts every instruction but the last, whatever
     * path it takes: then it stops exactly where the interpreter would (jit.h). */
    uint32_t need = 0;
    for (int i = t->n - 1; i >= 0; i--) {
        t->rest[i] = need;
        if (i < t->n - 1)
            need += max_cycles(t, t->insn[i], t->kind[i]);
    }
    t->need = need;
    jx_init(&t->e, jit->code_free, (size_t)(jit->code_end - jit->code_free));
    jx_t *e = &t->e;
    uint8_t *entry = e->p;
    /* Budget check first (cmp r14, need; jle): kill_block overwrites its first 5 bytes with a
     * jmp to the dead stub. */
    arm_jit_emit_budget_cmp(e, need);
    uint8_t *out_of_budget = jx_jcc_fwd(e, JX_CC_LE);
    /* Every held register is loaded: valid everywhere in the block, so the chain trampolines
     * (jit.c) may move any of them. Chains from blocks holding some of them in the same host
     * registers come in at loop_head with them (they count as dirty from there on). */
    for (unsigned r = 0; r < 15; r++)
        if (t->host_of[r] >= 0) {
            jx_load(e, 4, false, t->host_of[r], JCPU_R(r));
            t->dirty0 |= (uint16_t)(1u << r);
        }
    t->dirty = t->dirty0;
    uint8_t *loop_head = e->p; /* (chains come in here) */
    uint32_t mask = t->m26 ? 0x03FFFFFCu : 0xFFFFFFFCu;
    for (int i = 0; i < t->n && !jit->single_block && !jit->single_insn && need + 1 < 127; i++)
        if (t->kind[i] == K_BRANCH &&
            ((pc + 4u * (unsigned)i + 8 + (uint32_t)((int32_t)(t->insn[i] << 8) >> 6)) & mask) == pc)
            t->bias = (int32_t)((need + 1) << ARM_JIT_INSN_BITS);
    if (t->bias)
        jx_alu_ri(e, JX_SUB, 8, JX_R14, t->bias);
    t->loop_head = e->p;
    t->saved_sub = plan_saved_flags(t);
    if (t->saved_sub >= 0 && jit->data_free < jit->data_end) {
        t->saved = jit->data_free++;
        *t->saved = 0xFFFFFFFFu;
        jx_store_rip_imm(e, t->saved, 0xFFFFFFFFu);
        t->pend = PEND_SAVED;
    } else {
        t->saved_sub = -1;
    }
    t->loop_body = e->p;
    for (int i = 0; i < t->n && !t->failed; i++)
        emit_one(t, i);
    int last = t->kind[t->n - 1];
    if (last != K_BRANCH && last != K_INTERP_END && last != K_MEM_PC && last != K_BLOCK_PC && last != K_DP_PC &&
        last != K_DP_PCS)
        exit_to(t, (pc + 4u * (unsigned)t->n) & (t->m26 ? 0x03FFFFFCu : 0xFFFFFFFCu), t->pend_cycles, t->pend_insns);
    for (int c = 0; c < t->ncold; c++) {
        cold_t *k = &t->cold[c];
        if (k->fm_access) {
            /* A fastmem site's way through the vcache, for when the window keeps failing it
             * (the fault handler then patches its MOVABS into a jump here): the access as
             * before fastmem, a miss going on to the cold stub below. */
            k->fm_vc = e->p;
            emit_vc_index(t, k->fm_ar, 0);
            jx_mov_rr(e, 4, JX_R8, k->fm_ar);
            jx_alu_ri(e, JX_AND, 4, JX_R8, (int32_t)(0xFFFFF000u | (k->fm_size - 1u)));
            int32_t tag = k->fm_write ? (int32_t)offsetof(arm_vc_entry_t, wtag) : (int32_t)offsetof(arm_vc_entry_t, rtag);
            jx_alu_rm(e, JX_CMP, 4, JX_R8, JX_MI(JX_RBX, JX_RDX, 1, vc_off(t) + tag));
            uint8_t *vc_miss = jx_jcc_fwd(e, JX_CC_NE);
            jx_load(e, 8, false, JX_R9, JX_MI(JX_RBX, JX_RDX, 1, vc_off(t) + (int32_t)offsetof(arm_vc_entry_t, host)));
            if (k->fm_write)
                jx_store(e, k->fm_size, JX_MI(JX_R9, k->fm_ar, 1, 0), k->fm_reg);
            else
                jx_load(e, k->fm_size, k->fm_sign, k->fm_reg, JX_MI(JX_R9, k->fm_ar, 1, 0));
            jx_jmp_to(e, k->fm_after);
            jx_patch32(vc_miss, e->p);
        }
        if (k->site)
            jx_patch32(k->site, e->p);
        k->site = e->p; /* (from here on: the stub, for fastmem sites) */
        t->dirty = k->dirty; /* (call_c writes them back) */
        t->pend = k->pend;
        clob(t); /* (the x86 flags at the site are the vcache check's) */
        if (k->store_back) { /* EAX = address, EDI = the written-back base (kept on the stack) */
            store_to_code_page(t, k);
            writeback(t, t->dirty); /* (the value to store may be one of them) */
            t->dirty = 0;
            jx_push(e, JX_RDI);
            jx_push(e, JX_RDI); /* (twice: the stack stays 16-byte aligned for the call) */
            jx_mov_rr(e, 4, JX_RSI, JX_RAX);
            jx_load(e, k->store_size, false, JX_RDX, JCPU_R(k->store_rd));
            jx_mov_rr(e, 8, JX_RDI, JX_RBX);
            jx_mov_ri(e, JX_RCX, k->store_size);
            call_c(t, (const void *)arm_jit_helper_store);
            jx_pop(e, JX_RDI);
            jx_pop(e, JX_RDI);
            jx_test_rr(e, 4, JX_RAX, JX_RAX);
            jx_jcc_to(e, JX_CC_E, k->store_back);
        }
        if (k->call) {
            materialize(t); /* (the interpreter reads the CPSR: a condition, an abort's SPSR) */
            call_helper(t, k->pc, k->refund);
            jx_test_rr(e, 4, JX_RAX, JX_RAX);
            uint8_t *stay = jx_jcc_fwd(e, JX_CC_E);
            exit_dynamic(t, k->exit_cycles, k->exit_insns);
            jx_patch32(stay, e->p);
            if (k->poison) /* (the call clobbered R9: the group's later members check for 0) */
                jx_alu_rr(e, JX_XOR, 4, JX_R9, JX_R9);
            jx_jmp_to(e, k->resume);
        } else {
            exit_dynamic(t, k->exit_cycles, k->exit_insns);
        }
    }
    uint8_t *dead = e->p;
    jx_patch32(out_of_budget, dead);
    jx_store_imm(e, 4, JCPU_R(15), pc);
    jx_alu_rr(e, JX_XOR, 4, JX_RAX, JX_RAX);
    jx_jmp_to(e, jit->epilogue);
    if (e->overflow || t->failed)
        return -1;
    int32_t bi = jit->nblocks++;
    jit->blocks[bi] = (arm_jit_block_t){
        .pc = pc, .mode = mode, .pa = pa, .end_pa = pa + 4u * (unsigned)t->n, .host = host,
        .code = entry, .loop_entry = loop_head, .dead_stub = dead, .hash_next = -1, .page_next = -1, .in_exits = -1,
        .ninsns = (uint16_t)t->n, .live = false, .need = need, .flags_dead = t->entry_dead,
        .held = {t->host_of[0], t->host_of[1], t->host_of[2], t->host_of[3], t->host_of[4], t->host_of[5],
                 t->host_of[6], t->host_of[7], t->host_of[8], t->host_of[9], t->host_of[10], t->host_of[11],
                 t->host_of[12], t->host_of[13], t->host_of[14]},
        .lit_lo = (uint16_t)(t->lit_lo < t->lit_hi ? t->lit_lo : 0), .lit_hi = (uint16_t)(t->lit_lo < t->lit_hi ? t->lit_hi : 0),
    };
    jit->code_free = e->p;
    jit->stats.insns_translated += (uint64_t)t->n;
    for (int c = 0; c < t->ncold; c++)
        if (t->cold[c].fm_access)
            arm_jit_fastmem_add_site(jit, t->cold[c].fm_access, t->cold[c].fm_movabs, t->cold[c].site,
                                     t->cold[c].fm_vc, (t->mode & 0xF) == 0 ? 1 : 0, t->cold[c].fm_write);
    return bi;
}
