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

static inline bool cond_true(const m68k_t *c, int cc)
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

#endif
