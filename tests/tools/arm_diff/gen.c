/* arm_diff: random cases per instruction class.
 *
 * Every register value, CPSR (flags, I, F, mode) and SPSR is random; then the instruction is
 * drawn and the registers it addresses memory with are set so the access lands where the class
 * wants it (the data area, or unmapped space for the abort class). Class m26 runs cases of the
 * other classes in the 26-bit twin of the mode on our side (P = D = 1, as RISC OS 3.5+ and the
 * SA-110 use them): where no R15 operand, PSR transfer or branch is involved, a 26-bit mode must
 * behave exactly as its 32-bit twin, which Unicorn runs (exceptions enter 32-bit modes and save
 * a 26-bit SPSR, compared as its twin).
 *
 * EXCLUSIONS. Only two reasons are accepted, and each exclusion below says which:
 *  [U] the ARM ARM (DDI 0100, the v4 rules; named by instruction page) calls the encoding or
 *      the result UNPREDICTABLE, or the value IMPLEMENTATION DEFINED: no single right answer;
 *  [Q] QEMU (Unicorn 2.0.1) is known to differ from a real SA-110; what it is covered by instead
 *      is named (tests/arm/ hand-written programs).
 *  - cond = NV (1111)                                  [U] condition field: NV is UNPREDICTABLE before v5
 *  - data processing, register-specified shift with Rd, Rn, Rm or Rs = PC        [U] addressing mode 1, register shifts
 *  - data processing with S and Rd = PC in USR/SYS mode (no SPSR)                [U] data-processing pages
 *  - data processing with S and Rd = PC other than SUBS/MOVS: QEMU 5 (Unicorn 2.0.1) copies
 *    SPSR to CPSR only for SUB and MOV and sets the flags from the result for the others
 *                                                                  [Q] tests/arm/excret.s
 *  - TST/TEQ/CMP/CMN with S = 0 (that space is MRS/MSR/SWP/BX...) and with Rd != 0 (SBZ; the
 *    26-bit TEQP form is covered by tests/arm/mode26.s); MOV/MVN with Rn != 0   [U] SBZ fields
 *  - MUL/MLA: Rd = Rm, any of Rd/Rm/Rs/Rn = PC; MULS/MLAS: C flag not compared   [U] MUL, MLA
 *  - UMULL/UMLAL/SMULL/SMLAL: RdHi = RdLo, RdHi or RdLo = Rm, any PC; with S: C and V not
 *    compared                                                                    [U] UMULL .. SMLAL
 *  - LDR/STR: writeback with Rn = PC or Rn = Rd; register offset with Rm = PC or
 *    (writeback and Rm = Rn); LDRB/STRB with Rd = PC; LDR to PC from an unaligned address
 *                                                                         [U] addressing mode 2
 *  - STR/STRB of the PC (stores PC+8 or PC+12)                                   [U] STR: impl. defined
 *  - STR/STRT to an unaligned address: QEMU writes the bytes at the unaligned address, the
 *    SA-110 ignores address[1:0] for stores                                      [Q] tests/arm/models.s
 *  - LDR unaligned: QEMU loads the four bytes at the address; the SA-110 rotates the aligned
 *    word (LDR page). Not excluded: uc.c corrects Unicorn's Rd from the aligned word.   [Q]
 *  - LDRH/STRH/LDRSB/LDRSH: Rd = PC; P = 0 with W = 1; writeback with Rn = PC or Rn = Rd;
 *    Rm = PC; unaligned halfword address; L = 0 with S = 1 (v5TE LDRD/STRD space)  [U] addressing mode 3
 *  - LDM/STM: empty list; W with Rn in an LDM list; W with Rn in an STM list but not lowest;
 *    PC in an STM list (stored value impl. defined); ^ forms in USR/SYS mode; user-bank ^ forms
 *    (STM^, LDM^ without PC) with W                                            [U] LDM, STM
 *  - LDM/STM with an unaligned base: QEMU accesses the unaligned words, the SA-110 (and ARM6/7)
 *    ignore address[1:0]                                                       [Q] tests/arm/models.s
 *  - SWP/SWPB: any register = PC, Rn = Rm or Rn = Rd                             [U] SWP
 *  - SWP (word) to an unaligned address: QEMU raises an alignment abort          [Q] tests/arm/models.s
 *  - MRS/MSR of SPSR in USR/SYS mode; MRS to PC; MSR with the control field writing an invalid
 *    or 26-bit mode or setting T (no Thumb on v4); MSR writing non-zero reserved bits
 *    (bits 8..27: QEMU's v4 model drops them, the ARM ARM says "should be zero")  [U] MRS, MSR
 *  - MSR with an empty field mask: QEMU decodes it as the v6K hint space (UNDEF on v4), the
 *    SA-110 writes nothing                                                     [Q] tests/arm/models.s
 *  - CP14: QEMU registers debug registers there on every model (MRC p14,0,Rd,c0,c0 reads 0);
 *    the SA-110 has no CP14 (undefined)                                        [Q] tests/arm/models.s
 *  - CP15 from privileged modes (QEMU models an SA-1110, whose ID and control registers differ
 *    from the SA-110's); CP15 from USR mode IS tested (undefined on both)
 *                                                  [Q] tests/arm/models.s, mmu.s, sa110.s
 *  - LDC/STC with P = 0, W = 0, U = 0 (the v5 MCRR space) or writeback with Rn = PC  [U] LDC, STC
 *  - BX and other control-extension-space encodings (v4T and later)             [U] extension spaces
 *  - LDM abort: registers in the list are not compared (they may hold loaded values; the base
 *    is restored: data abort model); STM abort: memory is not compared (words before the fault may or may
 *    not be written)                                                            [U] LDM, STM
 */
#include "tests/tools/arm_diff/diff.h"

#include <string.h>

static const uint32_t modes32[7] = {0x10, 0x11, 0x12, 0x13, 0x17, 0x1B, 0x1F};
static const uint32_t special[] = {0, 1, 2, 0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFFFFFF, 0xFFFFFFFE,
                                   31, 32, 33, 0xFF, 0x100, 0x0000FFFF, 0xFFFF0000, 0x55555555, 0xAAAAAAAA};

static uint32_t rnd_value(ad_rng_t *r)
{
    switch (ad_below(r, 8)) {
    case 0: return ad_below(r, 64);
    case 1: return special[ad_below(r, sizeof special / sizeof special[0])];
    case 2: return AD_DATA_LO + ad_below(r, AD_DATA_HI - AD_DATA_LO);
    case 3: return (uint32_t)-(int32_t)ad_below(r, 64);
    case 4: return ad_rand(r) >> ad_below(r, 32);
    default: return ad_rand(r);
    }
}

/* The 32-bit modes of the core under test (v3 has no System mode). */
static uint32_t rnd_mode(const ad_case_t *c, ad_rng_t *r) { return modes32[ad_below(r, c->v3 ? 6 : 7)]; }

static uint32_t rnd_psr(const ad_case_t *c, ad_rng_t *r)
{
    return (ad_rand(r) & 0xF0000000u) | (ad_rand(r) & 0xC0u) | rnd_mode(c, r);
}

static uint32_t rnd_cond(ad_rng_t *r) { return ad_chance(r, 50) ? 14u : ad_below(r, 15); }
static unsigned rnd_reg(ad_rng_t *r) { return ad_below(r, 16); }
static unsigned rnd_reg_nopc(ad_rng_t *r) { return ad_below(r, 15); }

static uint32_t mode_of(const ad_case_t *c) { return c->init.s[AD_CPSR] & 0x1F; }
static bool privileged(const ad_case_t *c) { return ad_mode_has_spsr(mode_of(c)); }


static void random_state(ad_case_t *c, ad_rng_t *r)
{
    for (int i = 0; i < AD_NSLOTS; i++) c->init.s[i] = rnd_value(r);
    for (int s = AD_SPSR_FIQ; s <= AD_SPSR_UND; s++) c->init.s[s] = rnd_psr(c, r);
    c->init.s[AD_CPSR] = rnd_psr(c, r);
    if (c->mode26) /* the modes that have a 26-bit twin: USR FIQ IRQ SVC */
        c->init.s[AD_CPSR] = (c->init.s[AD_CPSR] & ~0x1Fu) | (0x10 + ad_below(r, 4));
    c->addr = AD_CODE_LO + 4 * ad_below(r, 0x1000);
    c->init.s[AD_PC] = c->addr;
}

static uint32_t shift_imm(uint32_t v, unsigned type, unsigned amt, bool carry)
{
    switch (type) {
    case 0: return amt ? v << amt : v;
    case 1: return amt ? v >> amt : 0;
    case 2: return amt ? (uint32_t)((int32_t)v >> amt) : (uint32_t)((int32_t)v >> 31);
    default: return amt ? (v >> amt) | (v << (32 - amt)) : (v >> 1) | ((uint32_t)carry << 31);
    }
}

/* A shift amount register value: the edges of the carry rules (0, 1, 31, 32, 33) often, else
 * any byte, with random upper bits (ignored by the shifter). */
static uint32_t rnd_shift_amount(ad_rng_t *r)
{
    static const uint32_t edges[] = {0, 32, 32, 31, 33, 1};
    uint32_t pick = ad_below(r, 10), low;
    if (pick < 6) low = edges[pick];
    else if (pick < 8) low = ad_below(r, 32);
    else if (pick < 9) low = 34 + ad_below(r, 222);
    else low = ad_below(r, 64);
    uint32_t high = ad_chance(r, 50) ? 0 : ad_rand(r) & ~0xFFu;
    return high | low;
}

/* An immediate shift amount: 0 (LSR/ASR #32, RRX) and 1/31 often. */
static unsigned rnd_imm_shift(ad_rng_t *r)
{
    unsigned pick = ad_below(r, 8);
    return pick < 2 ? 0 : pick == 2 ? 1 : pick == 3 ? 31 : ad_below(r, 32);
}

/* ---- data processing ------------------------------------------------------------------------ */

/* seq: part of a sequence (no PC destination); avoid: registers a sequence reserves as bases. */
static uint32_t gen_dp(ad_case_t *c, ad_rng_t *r, bool seq, uint16_t avoid)
{
    unsigned op = ad_below(r, 16), form = ad_below(r, 3), s = ad_below(r, 2);
    unsigned rd = ad_chance(r, 10) ? 15 : rnd_reg_nopc(r), rn = rnd_reg(r), rm = rnd_reg(r), rs = rnd_reg_nopc(r);
    bool compare = op >= 8 && op <= 11;
    if (seq) while (rd == 15 || (avoid >> rd & 1)) rd = rnd_reg_nopc(r);
    if (compare) { s = 1; rd = 0; }
    if (op == 13 || op == 15) rn = 0;
    if (form == 2) { /* register shift: no PC anywhere */
        if (rd == 15) rd = rnd_reg_nopc(r);
        if (seq) while (avoid >> rd & 1) rd = rnd_reg_nopc(r);
        if (compare) rd = 0;
        if (rn == 15) rn = rnd_reg_nopc(r);
        if (rm == 15) rm = rnd_reg_nopc(r);
        if (!seq) ad_set(&c->init, rs, rnd_shift_amount(r));
    }
    if (rd == 15 && s && (!privileged(c) || (op != 2 && op != 13))) s = 0;
    uint32_t op2;
    if (form == 0) op2 = (1u << 25) | (ad_below(r, 16) << 8) | (ad_rand(r) & 0xFF);
    else if (form == 1) op2 = (rnd_imm_shift(r) << 7) | (ad_below(r, 4) << 5) | rm;
    else op2 = (rs << 8) | (ad_below(r, 4) << 5) | 0x10 | rm;
    return (rnd_cond(r) << 28) | (op << 21) | (s << 20) | (rn << 16) | (rd << 12) | op2;
}

/* ---- multiply ------------------------------------------------------------------------------- */

static uint32_t gen_mul(ad_case_t *c, ad_rng_t *r, bool seq, uint16_t avoid)
{
    unsigned kind = ad_below(r, c->v3 ? 2 : 6), s = ad_below(r, 2); /* v3: no long multiplies */
    unsigned rd, rn, rm, rs;
    uint32_t cond = rnd_cond(r);
    do {
        rd = rnd_reg_nopc(r), rn = rnd_reg_nopc(r), rm = rnd_reg_nopc(r), rs = rnd_reg_nopc(r);
    } while ((kind < 2 && rd == rm) || (kind >= 2 && (rd == rn || rd == rm || rn == rm)) ||
             (seq && ((avoid >> rd & 1) || (kind >= 2 && (avoid >> rn & 1)))));
    if (kind < 2) {
        if (kind == 0) rn = 0;
        if (s) c->ignore_cpsr |= 0x20000000u;
        return (cond << 28) | (kind << 21) | (s << 20) | (rd << 16) | (rn << 12) | (rs << 8) | 0x90 | rm;
    }
    /* long: kind 2..5 = UMULL UMLAL SMULL SMLAL; rd = RdHi, rn = RdLo */
    unsigned u_signed = (kind - 2) >> 1, acc = (kind - 2) & 1;
    if (s) c->ignore_cpsr |= 0x30000000u;
    return (cond << 28) | (1u << 23) | (u_signed << 22) | (acc << 21) | (s << 20) | (rd << 16) | (rn << 12) |
           (rs << 8) | 0x90 | rm;
}

/* ---- single data transfer ------------------------------------------------------------------- */

static uint32_t data_addr(ad_rng_t *r, unsigned align, unsigned len)
{
    uint32_t a = AD_DATA_LO + ad_below(r, AD_DATA_HI - AD_DATA_LO - len + 1);
    return a & ~(align - 1);
}

static uint32_t unmapped_addr(ad_rng_t *r, unsigned align)
{
    uint32_t a = ad_chance(r, 50) ? AD_MEM_SIZE + ad_below(r, 0x10000) : AD_MEM_SIZE + ad_below(r, 0u - AD_MEM_SIZE - 64);
    return a & ~(align - 1);
}

/* Places a transfer: sets Rn (and Rm) so that the computed address is `target`. Returns the
 * offset field bits. Rn = PC fixes the base; then the target follows from the offset. */
static uint32_t place(ad_case_t *c, ad_rng_t *r, bool reg_off, bool half, unsigned rn, unsigned rm,
                      bool pre, bool up, uint32_t target, unsigned align)
{
    uint32_t field, off;
    bool carry = (c->init.s[AD_CPSR] >> 29) & 1;
    if (!reg_off) {
        off = half ? ad_below(r, 256) : (ad_chance(r, 50) ? ad_below(r, 64) : ad_below(r, 4096));
        if (rn == 15) off &= ~(align - 1);
        field = half ? (1u << 22) | ((off & 0xF0) << 4) | (off & 0xF) : off;
    } else {
        unsigned type = half ? 0 : ad_below(r, 4), amt = half ? 0 : rnd_imm_shift(r);
        uint32_t mv = ad_chance(r, 60) ? ad_below(r, 256) : ad_rand(r);
        if (rn == 15) { type = 0; amt = 0; mv = ad_below(r, 2048) & ~(align - 1); }
        ad_set(&c->init, rm, mv);
        off = shift_imm(mv, type, amt, carry);
        field = half ? rm : (1u << 25) | (amt << 7) | (type << 5) | rm;
    }
    if (rn != 15) {
        uint32_t base = pre ? (up ? target - off : target + off) : target;
        ad_set(&c->init, rn, base);
    }
    return field;
}

static uint32_t gen_ldst(ad_case_t *c, ad_rng_t *r, bool abort_case, bool seq, uint16_t avoid)
{
    unsigned l = ad_below(r, 2), b = ad_below(r, 2), p = ad_below(r, 2), u = ad_below(r, 2), w = ad_below(r, 2);
    bool reg_off = ad_chance(r, 50);
    unsigned rn = rnd_reg(r), rd = rnd_reg(r), rm = rnd_reg_nopc(r);
    if (seq) { p = 1; w = 0; rn = (avoid & 0x10) && ad_chance(r, 50) ? 4 : 5; reg_off = false; }
    bool wb = !p || w;
    if (wb && rn == 15) rn = rnd_reg_nopc(r);
    while ((wb && rd == rn) || ((b || !l) && rd == 15) || (seq && (rd == 15 || (avoid >> rd & 1))))
        rd = rnd_reg(r);
    if (reg_off) while (rm == rn || rm == rd) rm = rnd_reg_nopc(r);
    unsigned align = b ? 1 : (!l || rd == 15 || seq || ad_chance(r, 70)) ? 4 : 1;
    uint32_t field;
    if (seq) {
        /* Base r4/r5 holds an aligned data address; small aligned offsets keep it mapped. */
        uint32_t off = ad_below(r, 256) & ~(align == 4 ? 3u : 0u);
        field = off;
    } else {
        uint32_t target = abort_case ? unmapped_addr(r, 4) : data_addr(r, align, 4);
        field = place(c, r, reg_off, false, rn, rm, p, u, target, align);
    }
    if (!seq && abort_case && rn == 15) { /* PC-relative addresses stay mapped: use another base */
        rn = rnd_reg_nopc(r);
        while (rn == rd || rn == rm) rn = rnd_reg_nopc(r);
        field = place(c, r, reg_off, false, rn, rm, p, u, unmapped_addr(r, 4), 4);
    }
    return (rnd_cond(r) << 28) | (1u << 26) | (p << 24) | (u << 23) | (b << 22) | (w << 21) | (l << 20) |
           (rn << 16) | (rd << 12) | field;
}

static uint32_t gen_ldsth(ad_case_t *c, ad_rng_t *r, bool abort_case, bool seq, uint16_t avoid)
{
    unsigned l = ad_below(r, 2), p = ad_below(r, 2), u = ad_below(r, 2), w = ad_below(r, 2);
    unsigned sh = l ? 1 + ad_below(r, 3) : 1; /* 01 H, 10 SB, 11 SH */
    bool reg_off = ad_chance(r, 40);
    unsigned rn = rnd_reg(r), rd = rnd_reg_nopc(r), rm = rnd_reg_nopc(r);
    if (!p) w = 0;
    if (seq) { p = 1; w = 0; rn = (avoid & 0x10) && ad_chance(r, 50) ? 4 : 5; reg_off = false; }
    bool wb = !p || w;
    if (wb && rn == 15) rn = rnd_reg_nopc(r);
    while ((wb && rd == rn) || (seq && (avoid >> rd & 1))) rd = rnd_reg_nopc(r);
    if (reg_off) while (rm == rn || rm == rd) rm = rnd_reg_nopc(r);
    unsigned align = sh == 2 ? 1 : 2;
    uint32_t field;
    if (seq) {
        uint32_t off = ad_below(r, 256) & ~(align - 1);
        field = (1u << 22) | ((off & 0xF0) << 4) | (off & 0xF);
    } else {
        if (abort_case && rn == 15) { rn = rnd_reg_nopc(r); while (rn == rd || rn == rm) rn = rnd_reg_nopc(r); }
        uint32_t target = abort_case ? unmapped_addr(r, 2) : data_addr(r, align, 2);
        field = place(c, r, reg_off, true, rn, rm, p, u, target, align);
    }
    return (rnd_cond(r) << 28) | (p << 24) | (u << 23) | (w << 21) | (l << 20) | (rn << 16) | (rd << 12) |
           field | 0x90 | (sh << 5);
}

/* ---- block transfer ------------------------------------------------------------------------- */

static uint32_t gen_ldm(ad_case_t *c, ad_rng_t *r, bool abort_case, bool seq, uint16_t avoid)
{
    unsigned l = ad_below(r, 2), p = ad_below(r, 2), u = ad_below(r, 2), s = ad_chance(r, 25), w = ad_below(r, 2);
    unsigned rn = rnd_reg_nopc(r);
    uint32_t list = ad_rand(r) & 0xFFFF;
    if (ad_chance(r, 30)) list &= ad_rand(r) & ad_rand(r);
    if (seq) { rn = (avoid & 0x10) && ad_chance(r, 50) ? 4 : 5; w = 0; s = 0; list &= ~(uint32_t)avoid & 0x7FFF; }
    if (!l) list &= 0x7FFF;
    if (!privileged(c)) s = 0;
    if (s && (!l || !(list & 0x8000))) w = 0;
    if (w && (list >> rn & 1)) {
        if (l || (list & ((1u << rn) - 1))) list &= ~(1u << rn);
    }
    if (!list) list = 1u << (rn == 0 ? 1 : 0);
    if (seq && (avoid & list)) list = 1u << 6;
    unsigned n = (unsigned)__builtin_popcount(list);
    if (!seq) {
        uint32_t lo;
        if (!abort_case) lo = data_addr(r, 4, 4 * n);
        else if (n > 1 && ad_chance(r, 60)) lo = AD_MEM_SIZE - 4 * (1 + ad_below(r, n - 1)); /* straddles */
        else lo = unmapped_addr(r, 4);
        uint32_t base = !p ? (u ? lo : lo + 4 * n - 4) : (u ? lo - 4 : lo + 4 * n);
        ad_set(&c->init, rn, base);
        if (abort_case) {
            if (l) { /* loaded registers may hold anything after the abort: compare the others */
                uint32_t vmode = (s && !(list & 0x8000)) ? 0x10 : mode_of(c);
                for (unsigned k = 0; k < 15; k++)
                    if (list >> k & 1) c->ignore |= 1ull << ad_slot(vmode, k);
            } else c->ignore_mem = true;
            c->note = "abort in LDM/STM: loaded registers / stored memory not compared";
        }
    }
    return (rnd_cond(r) << 28) | (4u << 25) | (p << 24) | (u << 23) | (s << 22) | (w << 21) | (l << 20) |
           (rn << 16) | list;
}

static uint32_t gen_swp(ad_case_t *c, ad_rng_t *r, bool abort_case, bool seq, uint16_t avoid)
{
    unsigned b = ad_below(r, 2), rn, rd, rm;
    do {
        rn = rnd_reg_nopc(r), rd = rnd_reg_nopc(r), rm = rnd_reg_nopc(r);
        if (seq) rn = (avoid & 0x10) && ad_chance(r, 50) ? 4 : 5;
    } while (rn == rm || rn == rd || (seq && (avoid >> rd & 1)));
    if (!seq) ad_set(&c->init, rn, abort_case ? unmapped_addr(r, 4) : data_addr(r, b ? 1 : 4, 4));
    return (rnd_cond(r) << 28) | 0x01000090u | (b << 22) | (rn << 16) | (rd << 12) | rm;
}

/* ---- PSR transfer --------------------------------------------------------------------------- */

static bool msr_value_ok(const ad_case_t *c, uint32_t v, unsigned mask)
{
    if ((mask & 1) && (!ad_mode_valid32(v & 0x1F) || (v & 0x20) || (c->v3 && (v & 0x1F) == 0x1F))) return false;
    if ((mask & 2) && (v & 0x0000FF00u)) return false;
    if ((mask & 4) && (v & 0x00FF0000u)) return false;
    if ((mask & 8) && (v & 0x0F000000u)) return false;
    return true;
}

static uint32_t gen_psr(ad_case_t *c, ad_rng_t *r, bool seq, uint16_t avoid)
{
    uint32_t cond = rnd_cond(r);
    /* In a sequence an earlier MSR may have left a mode without SPSR: CPSR only there. */
    unsigned spsr = !seq && privileged(c) && ad_chance(r, 40);
    if (ad_chance(r, 30)) { /* MRS */
        unsigned rd = rnd_reg_nopc(r);
        while (seq && (avoid >> rd & 1)) rd = rnd_reg_nopc(r);
        return (cond << 28) | 0x010F0000u | (spsr << 22) | (rd << 12);
    }
    unsigned mask = 1 + ad_below(r, 15);
    if (seq && !spsr) mask = (mask & 9) ? mask & 9 : 8;
    if (seq || ad_chance(r, 50)) { /* MSR immediate: draw until the value is an allowed one */
        for (int tries = 0; tries < 64; tries++) {
            unsigned rot = ad_below(r, 16), imm = ad_rand(r) & 0xFF;
            uint32_t v = rot ? (imm >> (2 * rot)) | (imm << (32 - 2 * rot)) : imm;
            if (msr_value_ok(c, v, mask))
                return (cond << 28) | 0x0320F000u | (spsr << 22) | (mask << 16) | (rot << 8) | imm;
        }
    }
    if (seq) /* registers change during a sequence: only a constant is known to be allowed */
        return (cond << 28) | 0x0328F000u | (2u << 8) | (ad_rand(r) & 0x0F);
    unsigned rm = rnd_reg_nopc(r);
    uint32_t v = ad_get(&c->init, rm);
    if (mask & 1) v = (v & ~0xFFu) | (ad_rand(r) & 0xC0) | rnd_mode(c, r);
    if (mask & 2) v &= ~0x0000FF00u;
    if (mask & 4) v &= ~0x00FF0000u;
    if (mask & 8) v &= ~0x0F000000u;
    ad_set(&c->init, rm, v);
    return (cond << 28) | 0x0120F000u | (spsr << 22) | (mask << 16) | rm;
}

/* ---- coprocessor, undefined, SWI, branch ---------------------------------------------------- */

static uint32_t gen_cop(ad_case_t *c, ad_rng_t *r)
{
    unsigned kind = ad_below(r, 5), cp = ad_below(r, 14);
    if (ad_chance(r, 15) && (kind < 3 || mode_of(c) == 0x10)) cp = 15;
    uint32_t cond = rnd_cond(r) << 28, x = ad_rand(r);
    switch (kind) {
    case 0: /* CDP */
        return cond | 0x0E000000u | (x & 0x00FFF0EFu) | (cp << 8);
    case 1:
    case 2: { /* LDC / STC */
        unsigned p = x >> 24 & 1, uu = x >> 23 & 1, w = x >> 21 & 1, rn = x >> 16 & 15;
        if (!p && !w) uu = 1;
        if ((w || !p) && rn == 15) rn = 0;
        return cond | 0x0C000000u | (p << 24) | (uu << 23) | (x & 0x00400000u) | (w << 21) |
               ((kind == 1) << 20) | (rn << 16) | (x & 0xF0FFu) | (cp << 8);
    }
    default: /* MCR / MRC */
        return cond | 0x0E000010u | ((kind == 4) << 20) | (x & 0x00EFF0EFu) | (cp << 8);
    }
}

static uint32_t gen_undef(ad_rng_t *r) { return (rnd_cond(r) << 28) | 0x06000010u | (ad_rand(r) & 0x01FFFFEFu); }

static uint32_t gen_branch(ad_rng_t *r)
{
    uint32_t off = ad_chance(r, 50) ? (ad_rand(r) & 0xFFFFFF) : ((uint32_t)((int32_t)ad_below(r, 2048) - 1024) & 0xFFFFFF);
    return (rnd_cond(r) << 28) | 0x0A000000u | (ad_below(r, 2) << 24) | off;
}

/* ---- the classes ---------------------------------------------------------------------------- */

/* Instruction i of a straight-line block of n: any non-PC-writing instruction, or a forward
 * B/BL to a later instruction of the block or to its end. Registers in `avoid` are never
 * written (r4/r5 are the bases of every memory access). */
static uint32_t block_insn(ad_case_t *c, ad_rng_t *r, int i, int n, uint16_t avoid)
{
    uint32_t insn;
    switch (ad_below(r, 14)) {
    case 0: case 1: case 2: insn = gen_dp(c, r, true, avoid); break;
    case 3: insn = gen_mul(c, r, true, avoid); break;
    case 4: case 5: insn = gen_ldst(c, r, false, true, avoid); break;
    case 6: insn = c->v3 ? gen_ldst(c, r, false, true, avoid) : gen_ldsth(c, r, false, true, avoid); break;
    case 7: insn = gen_ldm(c, r, false, true, avoid); break;
    case 8: insn = gen_swp(c, r, false, true, avoid); break;
    case 9: insn = gen_psr(c, r, true, avoid); break;
    case 10: insn = ad_chance(r, 50) ? (rnd_cond(r) << 28) | 0x0F000000u | (ad_rand(r) & 0xFFFFFF) : gen_undef(r); break;
    case 12: { /* forward B/BL inside the sequence (or to its end): every path ends there */
        uint32_t target = (uint32_t)i + 1 + ad_below(r, (uint32_t)(n - i));
        insn = (rnd_cond(r) << 28) | 0x0A000000u | (ad_below(r, 2) << 24) | ((target - (uint32_t)i - 2) & 0xFFFFFF);
        break;
    }
    default: insn = gen_dp(c, r, true, avoid); break;
    }
    return insn;
}

static void block_bases(ad_case_t *c, ad_rng_t *r)
{
    ad_set(&c->init, 4, (AD_DATA_LO + 0x1000 + ad_below(r, 0xE000)) & ~3u);
    ad_set(&c->init, 5, (AD_DATA_LO + 0x1000 + ad_below(r, 0xE000)) & ~3u);
}

/* The flags a multiply leaves UNPREDICTABLE can feed later conditions: blocks get multiplies
 * without S. */
static void block_no_muls(ad_case_t *c)
{
    if (!c->ignore_cpsr) return;
    for (int i = 0; i < c->ncode; i++)
        if ((c->code[i] & 0x0F0000F0u) == 0x00000090u) c->code[i] &= ~(1u << 20);
    c->ignore_cpsr = 0;
}

static void gen_seq(ad_case_t *c, ad_rng_t *r)
{
    block_bases(c, r);
    int n = 2 + (int)ad_below(r, AD_MAX_CODE - 1);
    for (int i = 0; i < n; i++) c->code[i] = block_insn(c, r, i, n, 0x30);
    c->ncode = c->steps = n;
    c->to_end = true;
    block_no_muls(c);
}

/* A loop: body; SUBS r6, r6, #1; BNE body - run r6 (1..4) times, for backward branches and
 * blocks executed repeatedly (what a JIT caches). Branches in the body may skip the counter;
 * both sides stop after the same bounded number of instructions anyway. */
static void gen_loop(ad_case_t *c, ad_rng_t *r)
{
    block_bases(c, r);
    uint32_t times = 1 + ad_below(r, 4);
    ad_set(&c->init, 6, times);
    int n = 1 + (int)ad_below(r, AD_MAX_CODE - 2);
    for (int i = 0; i < n; i++) c->code[i] = block_insn(c, r, i, n, 0x70);
    c->code[n] = 0xE2566001u;                                        /* subs r6, r6, #1 */
    c->code[n + 1] = 0x1A000000u | ((uint32_t)-(n + 3) & 0xFFFFFF);   /* bne code[0] */
    c->ncode = n + 2;
    c->steps = (int)times * (n + 2) + 2;
    c->to_end = true;
    block_no_muls(c);
}

/* Instructions whose 26-bit execution equals their 32-bit one: no R15 operand or destination
 * (R15 carries the PSR in 26-bit modes), no PSR transfer (MRS shows the mode number), no BL
 * (saves the PSR) and no far branch (the 26-bit PC wraps at 64 MB). Conservative: an R15 in
 * any register field rejects. */
static bool same_in_26bit(uint32_t insn)
{
    if ((insn & 0x0E000000u) == 0x0A000000u) /* BL saves the PSR; far B wraps: short B only */
        return !(insn & (1u << 24)) && ((insn + 64) & 0xFFFFFF) < 128;
    if ((insn & 0x0FBF0FFFu) == 0x010F0000u || (insn & 0x0FB0FFF0u) == 0x0120F000u ||
        (insn & 0x0FB0F000u) == 0x0320F000u)
        return false;                                                        /* MRS, MSR */
    if ((insn & 0x0E000000u) == 0x08000000u) return !(insn & 0x8000);        /* LDM/STM */
    if ((insn & 0x0C000000u) != 0x00000000u && (insn & 0x0C000000u) != 0x04000000u)
        return true;                                        /* coprocessor, SWI: no registers */
    if ((insn & 0x0E000010u) == 0x06000010u) return true;                   /* undefined */
    return ((insn >> 16) & 15) != 15 && ((insn >> 12) & 15) != 15 && ((insn >> 8) & 15) != 15 &&
           (insn & 15) != 15;
}

static void generate(ad_case_t *c, int cls, ad_rng_t *r, bool v3, bool mode26);

/* 26-bit modes (P = D = 1) against Unicorn's 32-bit twins: a case of another class that does
 * not depend on the difference, run with CPSR[4] clear on our side. */
static void gen_m26(ad_case_t *c, ad_rng_t *r, bool v3)
{
    static const int subs[] = {AD_CLASS_DP, AD_CLASS_DP, AD_CLASS_MUL, AD_CLASS_LDST, AD_CLASS_LDSTH,
                               AD_CLASS_LDM, AD_CLASS_SWP, AD_CLASS_SWI, AD_CLASS_COP, AD_CLASS_UNDEF,
                               AD_CLASS_ABORT, AD_CLASS_SEQ, AD_CLASS_LOOP};
    for (;;) {
        int sub = subs[ad_below(r, sizeof subs / sizeof subs[0])];
        if (v3 && sub == AD_CLASS_LDSTH) continue;
        generate(c, sub, r, v3, true);
        bool ok = true;
        for (int i = 0; i < c->ncode; i++) ok = ok && same_in_26bit(c->code[i]);
        if (ok) break;
    }
    c->cls = AD_CLASS_M26;
}

void ad_generate(ad_case_t *c, int cls, ad_rng_t *r, bool v3)
{
    if (cls == AD_CLASS_M26) gen_m26(c, r, v3);
    else generate(c, cls, r, v3, false);
}

static void generate(ad_case_t *c, int cls, ad_rng_t *r, bool v3, bool mode26)
{
    memset(c, 0, sizeof *c);
    c->cls = cls;
    c->v3 = v3;
    c->mode26 = mode26;
    random_state(c, r);
    c->ncode = c->steps = 1;
    uint32_t insn = 0;
    switch (cls) {
    case AD_CLASS_DP: insn = gen_dp(c, r, false, 0); break;
    case AD_CLASS_MUL: insn = gen_mul(c, r, false, 0); break;
    case AD_CLASS_LDST: insn = gen_ldst(c, r, false, false, 0); break;
    case AD_CLASS_LDSTH: insn = gen_ldsth(c, r, false, false, 0); break;
    case AD_CLASS_LDM: insn = gen_ldm(c, r, false, false, 0); break;
    case AD_CLASS_SWP: insn = gen_swp(c, r, false, false, 0); break;
    case AD_CLASS_SWI: insn = (rnd_cond(r) << 28) | 0x0F000000u | (ad_rand(r) & 0xFFFFFF); break;
    case AD_CLASS_PSR: insn = gen_psr(c, r, false, 0); break;
    case AD_CLASS_COP: insn = gen_cop(c, r); break;
    case AD_CLASS_UNDEF: insn = gen_undef(r); break;
    case AD_CLASS_BRANCH: insn = gen_branch(r); break;
    case AD_CLASS_ABORT:
        switch (ad_below(r, 5)) {
        case 0: insn = gen_ldst(c, r, true, false, 0); break;
        case 1: insn = c->v3 ? gen_ldst(c, r, true, false, 0) : gen_ldsth(c, r, true, false, 0); break;
        case 2: insn = gen_ldm(c, r, true, false, 0); break;
        case 3: insn = gen_swp(c, r, true, false, 0); break;
        default: { /* branch out of RAM, then the prefetch abort of the next fetch */
            uint32_t words = 0x8000 + ad_below(r, 0x7F0000); /* lands >= 128 KB away */
            if (ad_chance(r, 50)) words = 0u - words;
            insn = 0xEA000000u | (words & 0xFFFFFF);
            if (ad_chance(r, 30)) insn |= 1u << 24;
            c->steps = 2;
            c->code[0] = insn;
            return;
        }
        }
        /* conditions that fail make this an ordinary case; keep most of them taken */
        if (ad_chance(r, 80)) insn = (insn & 0x0FFFFFFFu) | 0xE0000000u;
        break;
    case AD_CLASS_SEQ: gen_seq(c, r); return;
    case AD_CLASS_LOOP: gen_loop(c, r); return;
    }
    c->code[0] = insn;
}
