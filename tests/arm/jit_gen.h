/* Random ARM instructions for the JIT's lock-step tests (tests/arm/test_jit.c and
 * build/tests/armjit_fuzz): every instruction class, with base registers r10/r11 pointing at a
 * data area and r12 a small offset, so that loads and stores mostly hit memory. */
#ifndef ARCANA_TESTS_ARM_JIT_GEN_H
#define ARCANA_TESTS_ARM_JIT_GEN_H

#include <stdint.h>

enum { JG_DP, JG_MEM, JG_BRANCH, JG_MUL, JG_HALF, JG_BLOCK, JG_PSR, JG_MULL, JG_SWP, JG_ANY, JG_LOOP, JG_LIT, JG_FLAGS, JG_CLASSES };

static inline uint32_t rng(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return (uint32_t)(*s >> 16);
}

static inline uint32_t rcond(uint64_t *s) { return (rng(s) & 1) ? 0xEu << 28 : (rng(s) % 15u) << 28; }
static inline uint32_t rreg(uint64_t *s) { static const uint8_t r[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12}; return r[rng(s) % sizeof r]; }

static inline uint32_t gen_dp(uint64_t *s)
{
    uint32_t op = rng(s) & 15, sbit = (rng(s) & 1) || (op >= 8 && op <= 11);
    uint32_t rn = (rng(s) % 8 == 0) ? 15 : rreg(s), rd = (rng(s) % 16 == 0) ? 15 : rreg(s); /* R15: a jump */
    uint32_t insn = rcond(s) | op << 21 | sbit << 20 | rn << 16 | rd << 12;
    switch (rng(s) % 3) {
    case 0: return insn | 1u << 25 | (rng(s) & 0xFFF);                       /* immediate */
    case 1: return insn | (rng(s) & 0xFE0) | ((rng(s) % 8 == 0) ? 15 : rreg(s)); /* shift by imm */
    default: return insn | rreg(s) << 8 | (rng(s) & 0x60) | 0x10 | rreg(s);   /* shift by reg */
    }
}

static inline uint32_t gen_mem(uint64_t *s)
{
    uint32_t load = rng(s) & 1, byte = rng(s) & 1, pre = rng(s) & 1, up = rng(s) & 1, wb = pre && (rng(s) & 1);
    uint32_t rn = (rng(s) & 1) ? 10 : 11, rd = rreg(s);
    uint32_t insn = rcond(s) | 1u << 26 | pre << 24 | up << 23 | byte << 22 | wb << 21 | load << 20 | rn << 16 | rd << 12;
    if (rng(s) & 1)
        return insn | (rng(s) & 0xFF);
    return insn | 1u << 25 | (rng(s) % 3) << 7 | 12; /* r12, LSL #0..2 */
}

static inline uint32_t gen_half(uint64_t *s)
{
    static const uint32_t sh[] = {1, 2, 3};
    uint32_t load = rng(s) & 1, h = load ? sh[rng(s) % 3] : 1, pre = rng(s) & 1, up = rng(s) & 1;
    uint32_t wb = pre && (rng(s) & 1), rn = (rng(s) & 1) ? 10 : 11, rd = rreg(s);
    uint32_t insn = rcond(s) | pre << 24 | up << 23 | wb << 21 | load << 20 | rn << 16 | rd << 12 | 0x90 | h << 5;
    if (rng(s) & 1)
        return insn | 1u << 22 | (rng(s) & 0xF0F);
    return insn | 12;
}

static inline uint32_t gen_mul(uint64_t *s)
{
    uint32_t a = rng(s) & 1, sbit = (rng(s) % 4) == 0;
    return rcond(s) | a << 21 | sbit << 20 | rreg(s) << 16 | rreg(s) << 12 | rreg(s) << 8 | 0x90 | rreg(s);
}

/* UMULL/UMLAL/SMULL/SMLAL, any registers but R15 (undefined on the v3 cores). */
static inline uint32_t gen_mull(uint64_t *s)
{
    uint32_t kind = rng(s) & 3, sbit = rng(s) & 1;
    return rcond(s) | 1u << 23 | kind << 21 | sbit << 20 | rreg(s) << 16 | rreg(s) << 12 | rreg(s) << 8 | 0x90 | rreg(s);
}

/* SWP/SWPB, mostly on the data pointers (r10 may be unaligned), sometimes anywhere (aborts). */
static inline uint32_t gen_swp(uint64_t *s)
{
    uint32_t rn = (rng(s) % 5 == 0) ? rreg(s) : (rng(s) & 1) ? 10 : 11;
    return rcond(s) | 0x01000090u | (rng(s) & 1u) << 22 | rn << 16 | rreg(s) << 12 | rreg(s);
}

/* MRS/MSR: CPSR and SPSR, register and immediate forms, every field mask; control writes keep
 * the mode most of the time (26- and 32-bit encodings, the cores map them) and set I and F at
 * random, so interrupts become pending in the middle of blocks. */
static inline uint32_t gen_psr(uint64_t *s)
{
    static const uint8_t modes[] = {0x13, 0x13, 0x13, 0x12, 0x11, 0x1F, 0x10, 0x17, 0x1B, 0x03, 0x03, 0x02, 0x00};
    uint32_t spsr = (rng(s) % 3 == 0) << 22, c = rcond(s);
    switch (rng(s) % 6) {
    case 0: return c | 0x010F0000u | spsr | rreg(s) << 12;                          /* MRS */
    case 1: return c | 0x0328F000u | spsr | (rng(s) & 0xF0F);                       /* MSR _f, #imm */
    case 2: return c | 0x0120F000u | spsr | (rng(s) & 0xFu) << 16 | rreg(s);        /* MSR, Rm */
    default: {                                                                      /* MSR _c / _fc / all, #imm */
        uint32_t fields = (rng(s) & 1) ? 0x1u : (rng(s) & 1) ? 0x9u : 0xFu;
        return c | 0x0320F000u | spsr | fields << 16 | (rng(s) & 0xC0) | modes[rng(s) % sizeof modes];
    }
    }
}

/* A forward branch over 0..2 instructions (B or BL). */
static inline uint32_t gen_branch(uint64_t *s) { return rcond(s) | 0x0A000000u | (rng(s) & 1u) << 24 | (rng(s) % 3); }

static inline uint32_t gen_any(uint64_t *s, int cls)
{
    switch (cls) {
    case 0: return gen_dp(s);
    case 1: return gen_mem(s);
    case 2: return gen_branch(s);
    case 3: return gen_mul(s);
    case 4: return gen_half(s);
    case JG_PSR: return gen_psr(s);
    case JG_MULL: return gen_mull(s);
    case JG_SWP: return gen_swp(s);
    case 5: /* block transfers on the data pointers: every mode, sometimes ^, the base or PC in the list */
        return rcond(s) | 0x08000000u | (rng(s) & 0x01A00000u) | ((rng(s) % 8 == 0) ? 1u << 22 : 0) |
               (rng(s) & 1u) << 20 | ((rng(s) & 1) ? 10u : 11u) << 16 |
               (rng(s) & ((rng(s) % 4 == 0) ? 0xFFFFu : 0x53FFu));
    default: return 0xE0000000u | (rng(s) & 0x0FFFFFFFu); /* anything at all */
    }
}

/* The body of a loop (JG_LOOP): data processing, loads and stores, multiplies, SWP, no
 * writes to R15 and nothing that touches R14 (the loop counter), so that most loops stay one
 * block that branches back to its own start. */
static inline uint32_t gen_loop_body(uint64_t *s)
{
    static const int cls[] = {JG_DP, JG_DP, JG_DP, JG_DP, JG_MEM, JG_MEM, JG_MEM, JG_HALF, JG_MUL, JG_MULL, JG_SWP, JG_BLOCK};
    for (;;) {
        int c = cls[rng(s) % (sizeof cls / sizeof cls[0])];
        uint32_t insn = c == JG_BLOCK ? (rcond(s) | 0x08000000u | (rng(s) & 0x01A00000u) | (rng(s) & 1u) << 20 |
                                         ((rng(s) & 1) ? 10u : 11u) << 16 | (rng(s) & 0x1FFFu) | 1u)
                                      : gen_any(s, c);
        if (((insn >> 12) & 15) == 15 && c != JG_BLOCK)
            continue;
        return insn;
    }
}

/* The body of a JG_FLAGS loop: flags set by one instruction and read (or not) several later,
 * with what comes between: ADD/SUB/MOV without S on the same few registers (r0-r3, held in
 * host registers), conditional instructions and forward branches, carry readers (ADC, SBC,
 * RSC, RRX), MRS, and loads and stores whose condition the interpreter may test (r11 may point
 * at the slow area, r10 beyond RAM: aborts, whose entry copies the CPSR). No writes to R14
 * (the loop counter) or R15. */
static inline uint32_t gen_flags_body(uint64_t *s)
{
    uint32_t r4 = rng(s) & 3, rn = rng(s) & 3, rm = rng(s) & 3, c = rng(s) % 3 ? 0xEu << 28 : rcond(s);
    uint32_t shift = rng(s) % 3 ? 0 : (rng(s) & 0xFE0) & ~0x10u; /* mostly none, else by an immediate */
    switch (rng(s) % 16) {
    case 0: case 1: case 2: case 3: { /* sets flags: CMP CMN TST TEQ, or an S form */
        static const uint8_t ops[] = {0xA, 0xB, 0x8, 0x9, 0x2, 0x4, 0x3, 0x0, 0x1, 0xC, 0xD, 0xF, 0xE};
        uint32_t op = ops[rng(s) % sizeof ops], rd = op >= 8 && op <= 11 ? 0 : r4;
        uint32_t insn = c | op << 21 | 1u << 20 | rn << 16 | rd << 12;
        return rng(s) & 1 ? insn | 1u << 25 | (rng(s) & 0xFFF) : insn | shift | rm;
    }
    case 4: case 5: case 6: { /* ADD/SUB/RSB/MOV without S, often in place, sometimes scaled */
        static const uint8_t ops[] = {0x4, 0x2, 0x4, 0x2, 0x3, 0xD};
        uint32_t op = ops[rng(s) % sizeof ops], rd = rng(s) & 1 ? rn : r4;
        uint32_t insn = c | op << 21 | rn << 16 | rd << 12;
        if (rng(s) & 1)
            return insn | 1u << 25 | (rng(s) & 0xFFF);
        return insn | (rng(s) & 1 ? (rng(s) % 4) << 7 : shift) | rm;
    }
    case 7: { /* a carry reader: ADC/SBC/RSC, or RRX */
        static const uint8_t ops[] = {0x5, 0x6, 0x7, 0xD};
        uint32_t op = ops[rng(s) % sizeof ops];
        return c | op << 21 | (rng(s) & 1u) << 20 | rn << 16 | r4 << 12 | (op == 0xD ? 0x060u : shift) | rm;
    }
    case 8: return gen_dp(s) & ~0xF000u; /* anything (Rd = R0 if it was R15) */
    case 9: return c | 0x010F0000u | r4 << 12; /* MRS */
    case 10: case 11: case 12: { /* LDR/STR/LDRB/STRB through r10 or r11, often conditional */
        uint32_t load = rng(s) & 1, byte = rng(s) & 1, up = rng(s) & 1, rb = rng(s) & 1 ? 10 : 11;
        return (rng(s) & 1 ? rcond(s) : c) | 0x05000000u | up << 23 | byte << 22 | load << 20 | rb << 16 |
               r4 << 12 | (rng(s) & 0x3C);
    }
    case 13: return rcond(s) | 0x0A000000u | (rng(s) % 3); /* a forward branch */
    default: return gen_loop_body(s);
    }
}

/* A mix weighted like ordinary code (cls < 0), or one class. */
static inline uint32_t gen_mixed(uint64_t *s, int only_cls)
{
    if (only_cls >= 0)
        return gen_any(s, only_cls);
    int c = (int)(rng(s) % 100);
    return gen_any(s, c < 45 ? JG_DP : c < 63 ? JG_MEM : c < 72 ? JG_BRANCH : c < 78 ? JG_MUL : c < 85 ? JG_HALF
                     : c < 91 ? JG_BLOCK : c < 94 ? JG_PSR : c < 96 ? JG_MULL : c < 98 ? JG_SWP : JG_ANY);
}

#endif
