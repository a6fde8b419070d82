/* Private to cpu/m68k: operand helpers shared by the instruction files. */
#ifndef ARCANA_M68K_OPS_H
#define ARCANA_M68K_OPS_H

#include "cpu/m68k/m68k_internal.h"

/* Operand helpers are forced inline so that handlers instantiated with constant modes and sizes
   (see the tables in m68k_ops.c) compile to straight-line code. */
#define OPS_INLINE static inline __attribute__((always_inline))

static inline uint32_t sz_mask(int sz) { return sz == 1 ? 0xFFu : sz == 2 ? 0xFFFFu : 0xFFFFFFFFu; }
static inline uint32_t sz_msb(int sz) { return sz == 1 ? 0x80u : sz == 2 ? 0x8000u : 0x80000000u; }
/* Size field of most instructions (bits 7..6): 0 byte, 1 word, 2 long. */
static inline int size_field(uint16_t op) { return 1 << ((op >> 6) & 3); }

OPS_INLINE void set_nz(m68k_t *c, uint32_t v, int sz)
{
    uint16_t f = c->sr & ~(SR_N | SR_Z | SR_V | SR_C);
    v &= sz_mask(sz);
    if (!v) f |= SR_Z;
    if (v & sz_msb(sz)) f |= SR_N;
    c->sr = f;
}

/* Writes the low `sz` bytes of Dn. */
OPS_INLINE void set_dreg(m68k_t *c, int n, uint32_t v, int sz)
{
    uint32_t m = sz_mask(sz);
    c->d[n] = (c->d[n] & ~m) | (v & m);
}

OPS_INLINE uint32_t op_add(m68k_t *c, uint32_t d, uint32_t s, int sz, bool x, bool setx)
{
    uint32_t m = sz_mask(sz), msb = sz_msb(sz);
    d &= m; s &= m;
    uint64_t r64 = (uint64_t)d + s + (x ? 1 : 0);
    uint32_t r = (uint32_t)r64 & m;
    uint16_t f = c->sr & ~(SR_N | SR_Z | SR_V | SR_C | (setx ? SR_X : 0));
    if (r64 >> (sz * 8)) f |= SR_C | (setx ? SR_X : 0);
    if ((s ^ r) & (d ^ r) & msb) f |= SR_V;
    if (r & msb) f |= SR_N;
    if (!r) f |= SR_Z;
    c->sr = f;
    return r;
}

/* d - s - x. `setx` false for CMP (X unaffected). */
OPS_INLINE uint32_t op_sub(m68k_t *c, uint32_t d, uint32_t s, int sz, bool x, bool setx)
{
    uint32_t m = sz_mask(sz), msb = sz_msb(sz);
    d &= m; s &= m;
    uint64_t r64 = (uint64_t)d - s - (x ? 1 : 0);
    uint32_t r = (uint32_t)r64 & m;
    uint16_t f = c->sr & ~(SR_N | SR_Z | SR_V | SR_C | (setx ? SR_X : 0));
    if ((r64 >> (sz * 8)) & 1) f |= SR_C | (setx ? SR_X : 0);
    if ((s ^ d) & (r ^ d) & msb) f |= SR_V;
    if (r & msb) f |= SR_N;
    if (!r) f |= SR_Z;
    c->sr = f;
    return r;
}

static inline unsigned ea_step(int sz, int reg) { return (sz == 1 && reg == 7) ? 2 : (unsigned)sz; }

/* Brief extension word (d8, base, Xn): the index register and displacement. */
OPS_INLINE uint32_t ea_brief(m68k_t *c, uint32_t base)
{
    uint32_t ext = fetch_ext(c);
    uint32_t x = c->r[(ext >> 12) & 15];
    if (!(ext & 0x800)) x = (uint32_t)(int16_t)x;
    return base + (uint32_t)(int8_t)ext + x;
}

/* Effective address of a memory mode (2..7, not #imm), with the bus/idle clocks the
   calculation takes on the chip: -(An) and (d8,An,Xn) spend 2 internal clocks first. */
OPS_INLINE uint32_t ea_addr(m68k_t *c, int mode, int reg, int sz)
{
    uint32_t a;
    /* The PC an address error pushes depends on where the microcode is (observed on the
       chip): see fault_adj in m68k.h. */
    switch (mode) {
    case 2: c->fault_adj = 0; return c->a[reg];
    case 3:
        c->fault_adj = 0;
        a = c->a[reg];
        /* a long operand faults before the increment */
        if (sz == 4 && (a & 1)) m68k_address_error(c, a, fc_data(c), false);
        c->a[reg] += ea_step(sz, reg);
        return a;
    case 4: c->fault_adj = sz == 4 ? 0 : 2; idle(c, 2); c->a[reg] -= ea_step(sz, reg); return c->a[reg];
    case 5: c->fault_adj = -2; a = c->a[reg]; return a + (uint32_t)(int16_t)fetch_ext(c);
    case 6: c->fault_adj = -2; idle(c, 2); return ea_brief(c, c->a[reg]);
    default:
        c->fault_adj = reg >= 2 ? -2 : 0;
        switch (reg) {
        case 0: return (uint32_t)(int16_t)fetch_ext(c);
        case 1: return fetch_ext32(c);
        case 2: a = c->pc - 2; return a + (uint32_t)(int16_t)fetch_ext(c);
        default: idle(c, 2); a = c->pc - 2; return ea_brief(c, a);
        }
    }
}

OPS_INLINE uint32_t rd_sz_fc(m68k_t *c, uint32_t a, int sz, unsigned fc)
{
    if (sz == 1) return bus_rb(c, a, fc);
    if (UNLIKELY(a & 1)) m68k_address_error(c, a, fc, false);
    if (sz == 2) return bus_rw(c, a, fc);
    uint32_t hi = bus_rw(c, a, fc);
    return hi << 16 | bus_rw(c, a + 2, fc);
}
OPS_INLINE uint32_t rd_sz(m68k_t *c, uint32_t a, int sz) { return rd_sz_fc(c, a, sz, fc_data(c)); }

OPS_INLINE uint32_t read_imm(m68k_t *c, int sz)
{
    if (sz == 4) return fetch_ext32(c);
    return fetch_ext(c) & sz_mask(sz);
}

/* Source operand for any mode (0..7.4). */
OPS_INLINE uint32_t read_ea(m68k_t *c, int mode, int reg, int sz)
{
    switch (mode) {
    case 0: return c->d[reg] & sz_mask(sz);
    case 1: return c->a[reg] & sz_mask(sz);
    case 7:
        if (reg == 4) return read_imm(c, sz);
        if (reg == 2 || reg == 3) {
            uint32_t a = ea_addr(c, mode, reg, sz);
            return rd_sz_fc(c, a, sz, fc_prog(c));
        }
        /* fallthrough */
    default: {
        uint32_t a = ea_addr(c, mode, reg, sz);
        return rd_sz(c, a, sz);
    }
    }
}

OPS_INLINE void wr_sz(m68k_t *c, uint32_t a, uint32_t v, int sz)
{
    if (sz == 1) wr8(c, a, v);
    else if (sz == 2) wr16(c, a, v);
    else wr32(c, a, v);
}
/* Read-modify-write destinations write a long low word first. */
OPS_INLINE void wr_sz_rmw(m68k_t *c, uint32_t a, uint32_t v, int sz)
{
    if (sz == 1) wr8(c, a, v);
    else if (sz == 2) wr16(c, a, v);
    else wr32_lo_first(c, a, v);
}

OPS_INLINE bool cond_true(const m68k_t *c, int cc)
{
    uint16_t f = c->sr;
    bool C = f & SR_C, V = (f & SR_V) != 0, Z = (f & SR_Z) != 0, N = (f & SR_N) != 0;
    switch (cc) {
    case 0: return true;
    case 1: return false;
    case 2: return !C && !Z;
    case 3: return C || Z;
    case 4: return !C;
    case 5: return C;
    case 6: return !Z;
    case 7: return Z;
    case 8: return !V;
    case 9: return V;
    case 10: return !N;
    case 11: return N;
    case 12: return N == V;
    case 13: return N != V;
    case 14: return !Z && N == V;
    default: return Z || N != V;
    }
}

/* Opcode fields */
#define MODE(op) (((op) >> 3) & 7)
#define REG(op) ((op) & 7)
#define REG9(op) (((op) >> 9) & 7)

/* Handlers instantiated per operand size and addressing mode: NAME##_impl(c, op, sz, mode)
   becomes NAME##_tab[size index][mode] for the decode table. */
#define SPEC_I(NAME, SZ, M) \
    static void NAME##_##SZ##_##M(m68k_t *c, uint16_t op) { NAME##_impl(c, op, SZ, M); }
#define SPEC_SZ(NAME, SZ) SPEC_I(NAME, SZ, 0) SPEC_I(NAME, SZ, 1) SPEC_I(NAME, SZ, 2) \
    SPEC_I(NAME, SZ, 3) SPEC_I(NAME, SZ, 4) SPEC_I(NAME, SZ, 5) SPEC_I(NAME, SZ, 6) SPEC_I(NAME, SZ, 7)
#define SPEC_R(NAME, SZ) { NAME##_##SZ##_0, NAME##_##SZ##_1, NAME##_##SZ##_2, NAME##_##SZ##_3, \
    NAME##_##SZ##_4, NAME##_##SZ##_5, NAME##_##SZ##_6, NAME##_##SZ##_7 }
#define SPEC_TABLE(NAME) SPEC_SZ(NAME, 1) SPEC_SZ(NAME, 2) SPEC_SZ(NAME, 4) \
    const m68k_handler m68k_##NAME##_tab[3][8] = { SPEC_R(NAME, 1), SPEC_R(NAME, 2), SPEC_R(NAME, 4) };

/* BCD arithmetic with the chip's undocumented V and N (valid for any input, including non-BCD
   digits): the decimal adjust of the binary sum, with carries out of bits 3 and 7. */
OPS_INLINE uint32_t bcd_sub(m68k_t *c, uint32_t dst, uint32_t src)
{
    unsigned x = (c->sr & SR_X) ? 1 : 0;
    unsigned dd = (dst - src - x) & 0x1FF;
    unsigned bc = ((~dst & src) | (dd & ~dst) | (dd & src)) & 0x88;
    unsigned corf = bc - (bc >> 2);
    unsigned res = (dd - corf) & 0x1FF;
    uint16_t f = c->sr & ~(SR_X | SR_N | SR_V | SR_C);
    if ((bc | (~dd & res)) & 0x80) f |= SR_X | SR_C;
    if ((dd & ~res) & 0x80) f |= SR_V;
    if (res & 0x80) f |= SR_N;
    if (res & 0xFF) f &= ~SR_Z;
    c->sr = f;
    return res & 0xFF;
}
OPS_INLINE uint32_t bcd_add(m68k_t *c, uint32_t dst, uint32_t src)
{
    unsigned x = (c->sr & SR_X) ? 1 : 0;
    unsigned ss = dst + src + x;
    unsigned bc = ((src & dst) | (~ss & src) | (~ss & dst)) & 0x88;
    unsigned dc = (((ss + 0x66) ^ ss) & 0x110) >> 1;
    unsigned corf = (bc | dc) - ((bc | dc) >> 2);
    unsigned res = ss + corf;
    uint16_t f = c->sr & ~(SR_X | SR_N | SR_V | SR_C);
    if ((bc | (ss & ~res)) & 0x80) f |= SR_X | SR_C;
    if ((~ss & res) & 0x80) f |= SR_V;
    if (res & 0x80) f |= SR_N;
    if (res & 0xFF) f &= ~SR_Z;
    c->sr = f;
    return res & 0xFF;
}

/* Privilege violation: vector 8, pushed PC = the instruction (User's Manual §6.3.5). */
void m68k_privilege(m68k_t *c);

#endif
