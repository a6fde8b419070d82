/* Random ARM instructions for the JIT's lock-step tests (tests/arm/test_jit.c and
 * build/tests/armjit_fuzz): every instruction class, with base registers r10/r11 pointing at a
 * data area and r12 a small offset, so that loads and stores mostly hit memory. */
#ifndef ARCANA_TESTS_ARM_JIT_GEN_H
#define ARCANA_TESTS_ARM_JIT_GEN_H

#include <stdint.h>

enum { JG_DP, JG_MEM, JG_BRANCH, JG_MUL, JG_HALF, JG_BLOCK, JG_ANY, JG_CLASSES };

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
    case 5: /* block transfers on the data pointers: every mode, sometimes ^, the base or PC in the list */
        return rcond(s) | 0x08000000u | (rng(s) & 0x01A00000u) | ((rng(s) % 8 == 0) ? 1u << 22 : 0) |
               (rng(s) & 1u) << 20 | ((rng(s) & 1) ? 10u : 11u) << 16 |
               (rng(s) & ((rng(s) % 4 == 0) ? 0xFFFFu : 0x53FFu));
    default: return 0xE0000000u | (rng(s) & 0x0FFFFFFFu); /* anything at all */
    }
}

/* A mix weighted like ordinary code (cls < 0), or one class. */
static inline uint32_t gen_mixed(uint64_t *s, int only_cls)
{
    if (only_cls >= 0)
        return gen_any(s, only_cls);
    int c = (int)(rng(s) % 100);
    return gen_any(s, c < 45 ? 0 : c < 65 ? 1 : c < 75 ? 2 : c < 82 ? 3 : c < 90 ? 4 : c < 96 ? 5 : 6);
}

#endif
