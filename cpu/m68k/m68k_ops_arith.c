/* MC68000 shifts and rotates, bit operations, MOVEP, multiply/divide, ABCD/SBCD, ADDX/SUBX,
 * CMPM (Programmer's Reference Manual §4; clocks from User's Manual §8). */
#include "cpu/m68k/m68k_ops.h"

/* ---- shifts and rotates ---- */

static uint32_t shift(m68k_t *c, unsigned kind, bool left, uint32_t v, unsigned cnt, int sz)
{
    uint32_t m = sz_mask(sz), msb = sz_msb(sz);
    unsigned bits = (unsigned)sz * 8;
    v &= m;
    uint16_t f = c->sr & SR_X;
    bool carry = false;
    if (cnt == 0) {
        if (kind == 2) carry = (c->sr & SR_X) != 0; /* ROXd: C = X */
        goto done_noshift;
    }
    switch (kind) {
    case 0: /* AS */
        if (left) {
            bool vflag = false;
            for (unsigned i = 0; i < cnt; i++) {
                carry = (v & msb) != 0;
                uint32_t nv = (v << 1) & m;
                if ((nv ^ v) & msb) vflag = true;
                v = nv;
            }
            f = carry ? SR_X | SR_C : 0;
            if (vflag) f |= SR_V;
        } else {
            bool neg = (v & msb) != 0;
            if (cnt >= bits) { v = neg ? m : 0; carry = neg; }
            else { carry = (v >> (cnt - 1)) & 1; v = (v >> cnt) | (neg ? (m << (bits - cnt)) & m : 0); }
            f = carry ? SR_X | SR_C : 0;
        }
        break;
    case 1: /* LS */
        if (cnt > bits) { carry = false; v = 0; }
        else if (left) { carry = (v >> (bits - cnt)) & 1; v = cnt == bits ? 0 : (v << cnt) & m; }
        else { carry = (v >> (cnt - 1)) & 1; v = cnt == bits ? 0 : v >> cnt; }
        f = carry ? SR_X | SR_C : 0;
        break;
    case 2: { /* ROX: rotate through X, a (bits+1)-bit rotation */
        bool x = (c->sr & SR_X) != 0;
        cnt %= bits + 1;
        for (unsigned i = 0; i < cnt; i++) {
            if (left) { bool out = (v & msb) != 0; v = ((v << 1) & m) | (x ? 1 : 0); x = out; }
            else { bool out = v & 1; v = (v >> 1) | (x ? msb : 0); x = out; }
        }
        carry = x;
        f = x ? SR_X : 0;
        break;
    }
    default: /* RO: X unaffected */
        cnt &= bits - 1;
        if (cnt) v = left ? ((v << cnt) | (v >> (bits - cnt))) & m : ((v >> cnt) | (v << (bits - cnt))) & m;
        carry = left ? (v & 1) : (v & msb) != 0;
        break;
    }
done_noshift:
    if (carry) f |= SR_C;
    if (!v) f |= SR_Z;
    if (v & msb) f |= SR_N;
    c->sr = (uint16_t)((c->sr & 0xFF00) | f);
    return v;
}

void m68k_op_shift_reg(m68k_t *c, uint16_t op)
{
    int sz = size_field(op);
    unsigned kind = (op >> 3) & 3, cnt = REG9(op);
    bool left = (op & 0x100) != 0;
    if (op & 0x20) cnt = c->d[cnt] & 63;
    else if (!cnt) cnt = 8;
    uint32_t r = shift(c, kind, left, c->d[REG(op)], cnt, sz);
    prefetch(c);
    idle(c, (sz == 4 ? 4 : 2) + 2 * cnt);
    set_dreg(c, REG(op), r, sz);
}

void m68k_op_shift_mem(m68k_t *c, uint16_t op)
{
    unsigned kind = (op >> 9) & 3;
    bool left = (op & 0x100) != 0;
    uint32_t a = ea_addr(c, MODE(op), REG(op), 2);
    uint32_t v = rd16(c, a);
    uint32_t r = shift(c, kind, left, v, 1, 2);
    prefetch(c);
    wr16(c, a, r);
}

/* ---- bit operations ---- */

void m68k_op_bit(m68k_t *c, uint16_t op)
{
    unsigned kind = (op >> 6) & 3; /* 0 BTST, 1 BCHG, 2 BCLR, 3 BSET */
    int mode = MODE(op);
    uint32_t bit = (op & 0x100) ? c->d[REG9(op)] : fetch_ext(c) & 0xFF;
    if (mode == 0) {
        bit &= 31;
        uint32_t v = c->d[REG(op)];
        c->sr = (uint16_t)((v >> bit) & 1 ? c->sr & ~SR_Z : c->sr | SR_Z);
        prefetch(c);
        if (kind == 0) { idle(c, 2); return; }
        if (kind == 1) v ^= 1u << bit;
        else if (kind == 2) v &= ~(1u << bit);
        else v |= 1u << bit;
        idle(c, (kind == 2 ? 4 : 2) + (bit >= 16 ? 2 : 0));
        c->d[REG(op)] = v;
        return;
    }
    bit &= 7;
    if (mode == 7 && REG(op) == 4) { /* BTST Dn,#imm */
        uint32_t v = fetch_ext(c) & 0xFF;
        c->sr = (uint16_t)((v >> bit) & 1 ? c->sr & ~SR_Z : c->sr | SR_Z);
        prefetch(c);
        idle(c, 2);
        return;
    }
    uint32_t a = ea_addr(c, mode, REG(op), 1);
    uint32_t v = (mode == 7 && (REG(op) == 2 || REG(op) == 3)) ? bus_rb(c, a, fc_prog(c)) : rd8(c, a);
    c->sr = (uint16_t)((v >> bit) & 1 ? c->sr & ~SR_Z : c->sr | SR_Z);
    if (kind == 1) v ^= 1u << bit;
    else if (kind == 2) v &= ~(1u << bit);
    else if (kind == 3) v |= 1u << bit;
    prefetch(c);
    if (kind) wr8(c, a, v);
}

void m68k_op_movep(m68k_t *c, uint16_t op)
{
    uint32_t a = c->a[REG(op)] + (uint32_t)(int16_t)fetch_ext(c);
    int dn = REG9(op);
    bool lng = (op & 0x40) != 0;
    if (op & 0x80) { /* register to memory: alternate bytes, high first */
        uint32_t v = c->d[dn];
        if (lng) { wr8(c, a, v >> 24); wr8(c, a + 2, v >> 16); a += 4; }
        wr8(c, a, v >> 8);
        wr8(c, a + 2, v);
    } else {
        uint32_t v = 0;
        if (lng) { v = rd8(c, a) << 24; v |= rd8(c, a + 2) << 16; a += 4; }
        v |= rd8(c, a) << 8;
        v |= rd8(c, a + 2);
        set_dreg(c, dn, v, lng ? 4 : 2);
    }
    prefetch(c);
}

/* ---- multiply / divide (clock counts: User's Manual §8, table 8-9 notes) ---- */

static inline unsigned popcount16(uint32_t v)
{
    v = v - ((v >> 1) & 0x5555);
    v = (v & 0x3333) + ((v >> 2) & 0x3333);
    v = (v + (v >> 4)) & 0x0F0F;
    return (v + (v >> 8)) & 0x1F;
}

void m68k_op_mul(m68k_t *c, uint16_t op)
{
    bool sign = (op & 0x100) != 0;
    uint32_t s = read_ea(c, MODE(op), REG(op), 2);
    int dn = REG9(op);
    uint32_t r;
    unsigned n = 0;
    if (sign) {
        r = (uint32_t)((int32_t)(int16_t)s * (int32_t)(int16_t)c->d[dn]);
        n = popcount16((s ^ (s << 1)) & 0xFFFF); /* 01/10 pairs in s with a 0 appended */
    } else {
        r = (s & 0xFFFF) * (c->d[dn] & 0xFFFF);
        n = popcount16(s & 0xFFFF);
    }
    c->d[dn] = r;
    set_nz(c, r, 4);
    prefetch(c);
    idle(c, 34 + 2 * n);
}

static unsigned divu_clocks(uint32_t dividend, uint16_t divisor)
{
    if ((dividend >> 16) >= divisor) return 10; /* overflow, detected at once */
    uint32_t hdivisor = (uint32_t)divisor << 16;
    unsigned mc = 38;
    for (int i = 0; i < 15; i++) {
        uint32_t t = dividend;
        dividend <<= 1;
        if ((int32_t)t < 0) dividend -= hdivisor;
        else {
            mc += 2;
            if (dividend >= hdivisor) { dividend -= hdivisor; mc--; }
        }
    }
    return mc * 2;
}

static unsigned divs_clocks(int32_t dividend, int16_t divisor)
{
    unsigned mc = 6;
    if (dividend < 0) mc++;
    uint32_t adividend = dividend < 0 ? -(uint32_t)dividend : (uint32_t)dividend;
    uint32_t adivisor = divisor < 0 ? (uint32_t)-divisor : (uint32_t)divisor;
    if ((adividend >> 16) >= adivisor) return (mc + 2) * 2;
    uint32_t aquot = adividend / adivisor;
    mc += 55;
    if (divisor >= 0) mc += dividend >= 0 ? -1u : 1u;
    for (int i = 0; i < 15; i++) {
        if ((int16_t)aquot >= 0) mc++;
        aquot <<= 1;
    }
    return mc * 2;
}

void m68k_op_div(m68k_t *c, uint16_t op)
{
    bool sign = (op & 0x100) != 0;
    uint32_t s = read_ea(c, MODE(op), REG(op), 2) & 0xFFFF;
    int dn = REG9(op);
    uint32_t d = c->d[dn];
    if (s == 0) {
        c->sr &= ~(SR_N | SR_Z | SR_V | SR_C);
        m68k_exception(c, VEC_ZERO_DIVIDE, c->pc - 2, 8);
        return;
    }
    if (!sign) {
        unsigned clk = divu_clocks(d, (uint16_t)s);
        uint32_t q = d / s, rem = d % s;
        if (q > 0xFFFF) {
            c->sr = (uint16_t)((c->sr & ~(SR_Z | SR_C)) | SR_V | SR_N);
        } else {
            c->d[dn] = rem << 16 | q;
            set_nz(c, q, 2);
        }
        idle(c, clk - 4);
    } else {
        int32_t sd = (int32_t)d, ss = (int16_t)s;
        unsigned clk = divs_clocks(sd, (int16_t)ss);
        int64_t q = (int64_t)sd / ss, rem = (int64_t)sd % ss;
        if (q > 32767 || q < -32768) {
            c->sr = (uint16_t)((c->sr & ~(SR_Z | SR_C)) | SR_V | SR_N);
        } else {
            c->d[dn] = ((uint32_t)rem & 0xFFFF) << 16 | ((uint32_t)q & 0xFFFF);
            set_nz(c, (uint32_t)q, 2);
        }
        idle(c, clk - 4);
    }
    prefetch(c);
}

/* ---- ABCD/SBCD, ADDX/SUBX, CMPM ---- */

void m68k_op_bcd(m68k_t *c, uint16_t op)
{
    bool add = (op >> 12) == 0xC;
    int rx = REG(op), ry = REG9(op);
    if (!(op & 8)) {
        uint32_t r = add ? bcd_add(c, c->d[ry] & 0xFF, c->d[rx] & 0xFF) : bcd_sub(c, c->d[ry] & 0xFF, c->d[rx] & 0xFF);
        prefetch(c);
        idle(c, 2);
        set_dreg(c, ry, r, 1);
        return;
    }
    idle(c, 2);
    c->a[rx] -= ea_step(1, rx);
    uint32_t s = rd8(c, c->a[rx]);
    c->a[ry] -= ea_step(1, ry);
    uint32_t d = rd8(c, c->a[ry]);
    uint32_t r = add ? bcd_add(c, d, s) : bcd_sub(c, d, s);
    prefetch(c);
    wr8(c, c->a[ry], r);
}

void m68k_op_addx(m68k_t *c, uint16_t op)
{
    bool add = (op >> 12) == 0xD;
    int sz = size_field(op), rx = REG(op), ry = REG9(op);
    uint16_t z = c->sr & SR_Z;
    bool x = (c->sr & SR_X) != 0;
    uint32_t r;
    if (!(op & 8)) {
        r = add ? op_add(c, c->d[ry], c->d[rx], sz, x, true) : op_sub(c, c->d[ry], c->d[rx], sz, x, true);
        if (!r) c->sr = (uint16_t)((c->sr & ~SR_Z) | z);
        prefetch(c);
        if (sz == 4) idle(c, 4);
        set_dreg(c, ry, r, sz);
        return;
    }
    idle(c, 2);
    uint32_t s, d;
    c->fault_adj = 2;
    if (sz == 4) { /* the long operands are read low word first; a fault leaves An as it was */
        uint32_t sa = c->a[rx] - 4;
        s = rd16(c, sa + 2);
        s |= rd16(c, sa) << 16;
        c->a[rx] = sa;
        uint32_t da = c->a[ry] - 4;
        d = rd16(c, da + 2);
        d |= rd16(c, da) << 16;
        c->a[ry] = da;
    } else {
        c->a[rx] -= ea_step(sz, rx);
        s = rd_sz(c, c->a[rx], sz);
        c->a[ry] -= ea_step(sz, ry);
        d = rd_sz(c, c->a[ry], sz);
    }
    r = add ? op_add(c, d, s, sz, x, true) : op_sub(c, d, s, sz, x, true);
    if (!r) c->sr = (uint16_t)((c->sr & ~SR_Z) | z);
    if (sz == 4) {
        wr16(c, c->a[ry] + 2, r);
        prefetch(c);
        wr16(c, c->a[ry], r >> 16);
    } else {
        prefetch(c);
        wr_sz(c, c->a[ry], r, sz);
    }
}

void m68k_op_cmpm(m68k_t *c, uint16_t op)
{
    int sz = size_field(op), ry = REG(op), rx = REG9(op);
    c->fault_adj = 2;
    if (sz > 1 && (c->a[ry] & 1)) { uint32_t fa = c->a[ry]; c->a[ry] += 2; m68k_address_error(c, fa, fc_data(c), false); }
    uint32_t s = rd_sz(c, c->a[ry], sz);
    c->a[ry] += ea_step(sz, ry);
    uint32_t d = rd_sz(c, c->a[rx], sz);
    c->a[rx] += ea_step(sz, rx);
    op_sub(c, d, s, sz, false, false);
    prefetch(c);
}
