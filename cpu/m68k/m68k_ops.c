/* MC68000 instructions (Programmer's Reference Manual §4) with the bus order and internal
 * clocks of each form (User's Manual §8 timing tables). Each handler ends with the closing
 * prefetch ("np") unless it refills the queue after a jump. */
#include "cpu/m68k/m68k_ops.h"

#define MODE(op) (((op) >> 3) & 7)
#define REG(op) ((op) & 7)
#define REG9(op) (((op) >> 9) & 7)

static void privilege(m68k_t *c) { m68k_exception(c, VEC_PRIVILEGE, c->pc - 4, 4); }

void m68k_op_illegal(m68k_t *c, uint16_t op)
{
    unsigned vec = (op >> 12) == 0xA ? VEC_LINE_A : (op >> 12) == 0xF ? VEC_LINE_F : VEC_ILLEGAL;
    m68k_exception(c, vec, c->pc - 4, 4);
}

/* ---- ALU: ADD/SUB/AND/OR/CMP <ea>,Dn; ADD/SUB/AND/OR/EOR Dn,<ea> ---- */

OPS_INLINE uint32_t alu(m68k_t *c, unsigned kind, uint32_t d, uint32_t s, int sz)
{
    switch (kind) {
    case 0x8: d |= s; set_nz(c, d, sz); return d;
    case 0x9: return op_sub(c, d, s, sz, false, true);
    case 0xB: op_sub(c, d, s, sz, false, false); return d; /* CMP: flags only */
    case 0xC: d &= s; set_nz(c, d, sz); return d;
    case 0xD: return op_add(c, d, s, sz, false, true);
    default: d ^= s; set_nz(c, d, sz); return d; /* EOR (0xB with Dn source) */
    }
}

OPS_INLINE void alu_ea_dn_impl(m68k_t *c, uint16_t op, int sz, int mode)
{
    int dn = REG9(op);
    unsigned kind = op >> 12;
    uint32_t s = read_ea(c, mode, REG(op), sz);
    uint32_t r = alu(c, kind, c->d[dn], s, sz);
    prefetch(c);
    if (sz == 4) idle(c, kind == 0xB ? 2 : (mode <= 1 || (mode == 7 && REG(op) == 4)) ? 4 : 2);
    if (kind != 0xB) set_dreg(c, dn, r, sz);
}

#define ALU_I(SZ, M) \
    static void alu_ea_dn_##SZ##_##M(m68k_t *c, uint16_t op) { alu_ea_dn_impl(c, op, SZ, M); }
#define ALU_SZ(SZ) ALU_I(SZ, 0) ALU_I(SZ, 1) ALU_I(SZ, 2) ALU_I(SZ, 3) ALU_I(SZ, 4) ALU_I(SZ, 5) \
    ALU_I(SZ, 6) ALU_I(SZ, 7)
ALU_SZ(1)
ALU_SZ(2)
ALU_SZ(4)
#define ALU_R(SZ) { alu_ea_dn_##SZ##_0, alu_ea_dn_##SZ##_1, alu_ea_dn_##SZ##_2, alu_ea_dn_##SZ##_3, \
    alu_ea_dn_##SZ##_4, alu_ea_dn_##SZ##_5, alu_ea_dn_##SZ##_6, alu_ea_dn_##SZ##_7 }
/* ADD/SUB/AND/OR/CMP <ea>,Dn: [size][source mode] */
const m68k_handler m68k_alu_ea_dn_tab[3][8] = { ALU_R(1), ALU_R(2), ALU_R(4) };

void m68k_op_alu_dn_ea(m68k_t *c, uint16_t op)
{
    int sz = size_field(op), mode = MODE(op);
    unsigned kind = op >> 12;
    if (kind == 0xB) kind = 0; /* EOR */
    uint32_t s = c->d[REG9(op)];
    if (mode == 0) { /* EOR Dn,Dn */
        uint32_t r = alu(c, kind, c->d[REG(op)], s, sz);
        prefetch(c);
        if (sz == 4) idle(c, 4);
        set_dreg(c, REG(op), r, sz);
        return;
    }
    uint32_t a = ea_addr(c, mode, REG(op), sz);
    uint32_t d = rd_sz(c, a, sz);
    uint32_t r = alu(c, kind, d, s, sz);
    prefetch(c);
    wr_sz_rmw(c, a, r, sz);
}

/* ADDA/SUBA/CMPA: word sources are sign-extended; address register arithmetic sets no flags
   (CMPA compares 32 bits). */
void m68k_op_adda(m68k_t *c, uint16_t op)
{
    int sz = (op & 0x100) ? 4 : 2, mode = MODE(op), an = REG9(op);
    uint32_t s = read_ea(c, mode, REG(op), sz);
    if (sz == 2) s = (uint32_t)(int16_t)s;
    unsigned kind = op >> 12;
    prefetch(c);
    if (kind == 0xB) { op_sub(c, c->a[an], s, 4, false, false); idle(c, 2); return; }
    idle(c, (sz == 2 || mode <= 1 || (mode == 7 && REG(op) == 4)) ? 4 : 2);
    c->a[an] = kind == 0xD ? c->a[an] + s : c->a[an] - s;
}

/* ---- immediate: ORI/ANDI/SUBI/ADDI/EORI/CMPI ---- */

void m68k_op_imm(m68k_t *c, uint16_t op)
{
    int sz = size_field(op), mode = MODE(op);
    unsigned which = (op >> 9) & 7; /* 0 OR, 1 AND, 2 SUB, 3 ADD, 5 EOR, 6 CMP */
    static const uint8_t kind_of[8] = { 0x8, 0xC, 0x9, 0xD, 0, 0, 0xB, 0 };
    uint32_t imm = read_imm(c, sz);
    unsigned kind = kind_of[which];
    if (mode == 0) {
        uint32_t r = alu(c, kind, c->d[REG(op)], imm, sz);
        prefetch(c);
        if (sz == 4) idle(c, which == 6 ? 2 : 4);
        if (which != 6) set_dreg(c, REG(op), r, sz);
        return;
    }
    uint32_t a = ea_addr(c, mode, REG(op), sz);
    uint32_t d = (mode == 7 && (REG(op) == 2 || REG(op) == 3)) ? rd_sz_fc(c, a, sz, fc_prog(c)) : rd_sz(c, a, sz);
    uint32_t r = alu(c, kind, d, imm, sz);
    prefetch(c);
    if (which != 6) wr_sz_rmw(c, a, r, sz);
}

/* ORI/ANDI/EORI to CCR and SR: the queue is refilled after the change (PRM §4). */
void m68k_op_imm_sr(m68k_t *c, uint16_t op)
{
    bool to_sr = (op & 0x40) != 0;
    if (to_sr && !(c->sr & SR_S)) { privilege(c); return; }
    uint16_t imm = (uint16_t)fetch_ext(c);
    if (!to_sr) imm = (uint16_t)((imm & 0xFF) | 0xFF00) ;
    unsigned which = (op >> 9) & 7;
    uint16_t v = c->sr;
    if (which == 0) v |= to_sr ? imm : (uint16_t)(imm & 0xFF);
    else if (which == 1) v &= imm;
    else v ^= to_sr ? imm : (uint16_t)(imm & 0xFF);
    idle(c, 8);
    m68k_set_sr_internal(c, v);
    jump_refill(c, c->pc - 2);
}

/* ---- ADDQ/SUBQ ---- */

void m68k_op_addq(m68k_t *c, uint16_t op)
{
    int sz = size_field(op), mode = MODE(op);
    uint32_t q = REG9(op) ? REG9(op) : 8;
    bool sub = (op & 0x100) != 0;
    if (mode == 1) {
        prefetch(c);
        idle(c, 4);
        c->a[REG(op)] += sub ? -q : q;
        return;
    }
    if (mode == 0) {
        uint32_t d = c->d[REG(op)];
        uint32_t r = sub ? op_sub(c, d, q, sz, false, true) : op_add(c, d, q, sz, false, true);
        prefetch(c);
        if (sz == 4) idle(c, 4);
        set_dreg(c, REG(op), r, sz);
        return;
    }
    uint32_t a = ea_addr(c, mode, REG(op), sz);
    uint32_t d = rd_sz(c, a, sz);
    uint32_t r = sub ? op_sub(c, d, q, sz, false, true) : op_add(c, d, q, sz, false, true);
    prefetch(c);
    wr_sz_rmw(c, a, r, sz);
}

void m68k_op_moveq(m68k_t *c, uint16_t op)
{
    uint32_t v = (uint32_t)(int8_t)op;
    c->d[REG9(op)] = v;
    set_nz(c, v, 4);
    prefetch(c);
}

/* ---- MOVE / MOVEA ---- */

/* A long MOVE whose destination faults leaves the flags wherever the microcode had got to
   (observed on the chip): with a (An)/(An)+ destination a memory source has set N/Z from the
   low word, a register source nothing yet; with an indexed/displaced/absolute destination N/Z
   come from the high word, and V/C are cleared except for a register source with a d16/d8
   destination. */
static _Noreturn void move_long_fault(m68k_t *c, uint32_t a, uint32_t v, int dmode, int dreg, bool src_mem)
{
    if (dmode <= 3) {
        if (src_mem) set_nz(c, v, 2);
    } else if (dmode == 7 && dreg == 1 && src_mem) {
        set_nz(c, v, 2);
    } else {
        uint16_t keep = (!src_mem && dmode != 7) ? (c->sr & (SR_V | SR_C)) : 0;
        set_nz(c, v >> 16, 2);
        c->sr |= keep;
    }
    m68k_address_error(c, a, fc_data(c), true);
}

OPS_INLINE void move_impl(m68k_t *c, uint16_t op, int sz, int smode, int dmode)
{
    int sreg = REG(op), dreg = REG9(op);
    uint32_t v = read_ea(c, smode, sreg, sz);
    uint32_t a;
    c->fault_adj = (dmode >= 4) ? 0 : 2;
    switch (dmode) {
    case 0: set_nz(c, v, sz); set_dreg(c, dreg, v, sz); prefetch(c); return;
    case 1: c->a[dreg] = sz == 2 ? (uint32_t)(int16_t)v : v; prefetch(c); return;
    case 2:
        a = c->a[dreg];
        if (sz == 4 && (a & 1)) move_long_fault(c, a, v, dmode, dreg, smode >= 2 && !(smode == 7 && sreg == 4));
        set_nz(c, v, sz);
        wr_sz(c, a, v, sz);
        prefetch(c);
        return;
    case 3:
        a = c->a[dreg];
        if (sz == 4 && (a & 1)) move_long_fault(c, a, v, dmode, dreg, smode >= 2 && !(smode == 7 && sreg == 4));
        set_nz(c, v, sz);
        wr_sz(c, a, v, sz);
        c->a[dreg] += ea_step(sz, dreg);
        prefetch(c);
        return;
    case 4:
        a = c->a[dreg] - ea_step(sz, dreg);
        set_nz(c, v, sz);
        if (sz == 4) {
            /* the prefetch bus cycle comes first but IR is only updated after the writes;
               the low word goes first, to An-2, which is the address that faults */
            uint16_t next = c->irc;
            c->irc = bus_rw(c, c->pc, fc_prog(c));
            c->pc += 2;
            if (a & 1) m68k_address_error(c, a + 2, fc_data(c), true);
            wr32_lo_first(c, a, v);
            c->a[dreg] = a;
            c->ir = next;
        } else {
            prefetch(c);
            c->a[dreg] = a;
            wr_sz(c, a, v, sz);
        }
        return;
    case 5: a = c->a[dreg] + (uint32_t)(int16_t)fetch_ext(c); break;
    case 6: idle(c, 2); a = ea_brief(c, c->a[dreg]); break;
    default:
        if (dreg == 0) { a = (uint32_t)(int16_t)fetch_ext(c); break; }
        /* (xxx).L: the low address word is fetched after the write (User's Manual §8). */
        a = fetch_ext(c) << 16;
        if (smode >= 2 && !(smode == 7 && sreg == 4)) {
            a |= c->irc;
            if (sz == 4 && (a & 1)) move_long_fault(c, a, v, dmode, dreg, true);
            set_nz(c, v, sz);
            wr_sz(c, a, v, sz);
            fetch_ext(c);
            prefetch(c);
            return;
        }
        a |= fetch_ext(c);
        break;
    }
    if (sz == 4 && (a & 1)) move_long_fault(c, a, v, dmode, dreg, smode >= 2 && !(smode == 7 && sreg == 4));
    set_nz(c, v, sz);
    wr_sz(c, a, v, sz);
    prefetch(c);
}

/* MOVE instantiated per size, source mode and destination mode. */
#define MOVE_I(SZ, SM, DM) \
    static void move_##SZ##_##SM##_##DM(m68k_t *c, uint16_t op) { move_impl(c, op, SZ, SM, DM); }
#define MOVE_ROW(SZ, SM) MOVE_I(SZ, SM, 0) MOVE_I(SZ, SM, 1) MOVE_I(SZ, SM, 2) MOVE_I(SZ, SM, 3) \
    MOVE_I(SZ, SM, 4) MOVE_I(SZ, SM, 5) MOVE_I(SZ, SM, 6) MOVE_I(SZ, SM, 7)
#define MOVE_SZ(SZ) MOVE_ROW(SZ, 0) MOVE_ROW(SZ, 1) MOVE_ROW(SZ, 2) MOVE_ROW(SZ, 3) MOVE_ROW(SZ, 4) \
    MOVE_ROW(SZ, 5) MOVE_ROW(SZ, 6) MOVE_ROW(SZ, 7)
MOVE_SZ(1)
MOVE_SZ(2)
MOVE_SZ(4)
#define MOVE_R(SZ, SM) { move_##SZ##_##SM##_0, move_##SZ##_##SM##_1, move_##SZ##_##SM##_2, \
    move_##SZ##_##SM##_3, move_##SZ##_##SM##_4, move_##SZ##_##SM##_5, move_##SZ##_##SM##_6, \
    move_##SZ##_##SM##_7 }
#define MOVE_T(SZ) { MOVE_R(SZ, 0), MOVE_R(SZ, 1), MOVE_R(SZ, 2), MOVE_R(SZ, 3), MOVE_R(SZ, 4), \
    MOVE_R(SZ, 5), MOVE_R(SZ, 6), MOVE_R(SZ, 7) }
/* [size: byte, word, long][source mode][destination mode] */
const m68k_handler m68k_move_tab[3][8][8] = { MOVE_T(1), MOVE_T(2), MOVE_T(4) };

/* ---- single operand: CLR NEG NEGX NOT TST NBCD Scc TAS, MOVE from SR ---- */

static inline uint32_t bcd_sub(m68k_t *c, uint32_t dst, uint32_t src)
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
static inline uint32_t bcd_add(m68k_t *c, uint32_t dst, uint32_t src)
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

static inline uint32_t unary(m68k_t *c, unsigned kind, uint32_t d, int sz)
{
    switch (kind) {
    case 0: { /* NEGX: Z cleared if non-zero, unchanged otherwise */
        uint16_t z = c->sr & SR_Z;
        uint32_t r = op_sub(c, 0, d, sz, (c->sr & SR_X) != 0, true);
        if (!(r & sz_mask(sz))) c->sr = (uint16_t)((c->sr & ~SR_Z) | z);
        return r;
    }
    case 1: c->sr = (uint16_t)((c->sr & ~(SR_N | SR_V | SR_C)) | SR_Z); return 0; /* CLR */
    case 2: return op_sub(c, 0, d, sz, false, true);                            /* NEG */
    case 3: d = ~d & sz_mask(sz); set_nz(c, d, sz); return d;                  /* NOT */
    default: set_nz(c, d, sz); return d;                                        /* TST */
    }
}

void m68k_op_unary(m68k_t *c, uint16_t op)
{
    int sz = size_field(op), mode = MODE(op);
    unsigned kind = (op >> 9) & 7; /* 0 NEGX, 1 CLR, 2 NEG, 3 NOT, 5 TST */
    if (kind == 5) {
        uint32_t v = read_ea(c, mode, REG(op), sz);
        set_nz(c, v, sz);
        prefetch(c);
        return;
    }
    if (mode == 0) {
        uint32_t r = unary(c, kind, c->d[REG(op)], sz);
        prefetch(c);
        if (sz == 4) idle(c, 2);
        set_dreg(c, REG(op), r, sz);
        return;
    }
    uint32_t a = ea_addr(c, mode, REG(op), sz);
    uint32_t d = rd_sz(c, a, sz); /* the 68000 reads the operand even for CLR */
    uint32_t r = unary(c, kind, d, sz);
    prefetch(c);
    wr_sz_rmw(c, a, r, sz);
}

void m68k_op_nbcd(m68k_t *c, uint16_t op)
{
    int mode = MODE(op);
    if (mode == 0) {
        uint32_t r = bcd_sub(c, 0, c->d[REG(op)] & 0xFF);
        prefetch(c);
        idle(c, 2);
        set_dreg(c, REG(op), r, 1);
        return;
    }
    uint32_t a = ea_addr(c, mode, REG(op), 1);
    uint32_t d = rd8(c, a);
    uint32_t r = bcd_sub(c, 0, d);
    prefetch(c);
    wr8(c, a, r);
}

void m68k_op_scc(m68k_t *c, uint16_t op)
{
    int mode = MODE(op);
    uint32_t v = cond_true(c, (op >> 8) & 15) ? 0xFF : 0;
    if (mode == 0) {
        prefetch(c);
        if (v) idle(c, 2);
        set_dreg(c, REG(op), v, 1);
        return;
    }
    uint32_t a = ea_addr(c, mode, REG(op), 1);
    rd8(c, a);
    prefetch(c);
    wr8(c, a, v);
}

/* TAS: an indivisible read-modify-write cycle (User's Manual §5.1.3). */
void m68k_op_tas(m68k_t *c, uint16_t op)
{
    int mode = MODE(op);
    if (mode == 0) {
        uint32_t v = c->d[REG(op)];
        set_nz(c, v, 1);
        set_dreg(c, REG(op), v | 0x80, 1);
        prefetch(c);
        return;
    }
    uint32_t a = ea_addr(c, mode, REG(op), 1);
    uint32_t v = bus_rb(c, a, fc_data(c));
    set_nz(c, v, 1);
    idle(c, 2);
    bus_wb(c, a, (uint8_t)(v | 0x80), fc_data(c));
    prefetch(c);
}

void m68k_op_move_from_sr(m68k_t *c, uint16_t op)
{
    int mode = MODE(op);
    if (mode == 0) {
        prefetch(c);
        idle(c, 2);
        set_dreg(c, REG(op), c->sr, 2);
        return;
    }
    uint32_t a = ea_addr(c, mode, REG(op), 2);
    rd16(c, a);
    prefetch(c);
    wr16(c, a, c->sr);
}

void m68k_op_move_to_sr(m68k_t *c, uint16_t op)
{
    bool to_sr = (op & 0x0200) != 0;
    if (to_sr && !(c->sr & SR_S)) { privilege(c); return; }
    uint32_t v = read_ea(c, MODE(op), REG(op), 2);
    idle(c, 4);
    if (to_sr) m68k_set_sr_internal(c, (uint16_t)v);
    else c->sr = (uint16_t)((c->sr & 0xFF00) | (v & 0x1F));
    jump_refill(c, c->pc - 2);
}

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

void m68k_op_mul(m68k_t *c, uint16_t op)
{
    bool sign = (op & 0x100) != 0;
    uint32_t s = read_ea(c, MODE(op), REG(op), 2);
    int dn = REG9(op);
    uint32_t r;
    unsigned n = 0;
    if (sign) {
        r = (uint32_t)((int32_t)(int16_t)s * (int32_t)(int16_t)c->d[dn]);
        uint32_t t = (s << 1) & 0x1FFFF; /* count 01/10 pairs in s with a 0 appended */
        for (int i = 0; i < 16; i++) n += ((t >> i) & 3) == 1 || ((t >> i) & 3) == 2;
    } else {
        r = (s & 0xFFFF) * (c->d[dn] & 0xFFFF);
        for (uint32_t b = s & 0xFFFF; b; b &= b - 1) n++;
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

/* ---- program flow ---- */

void m68k_op_bcc(m68k_t *c, uint16_t op)
{
    int cc = (op >> 8) & 15;
    uint32_t base = c->pc - 2;
    if (cc == 1) { /* BSR */
        uint32_t disp = (uint32_t)(int8_t)op, ret = c->pc - 2;
        if (!(op & 0xFF)) { disp = (uint32_t)(int16_t)c->irc; ret = c->pc; }
        idle(c, 2);
        uint32_t sp = c->a[7] - 4;
        c->fault_adj = 2;
        wr32(c, sp, ret);
        c->a[7] = sp;
        uint32_t t = base + disp;
        if (t & 1) { c->fault_adj = (int32_t)(t - c->pc + 2); m68k_address_error(c, t, fc_prog(c), false); }
        jump_refill(c, t);
        return;
    }
    if (cond_true(c, cc)) {
        uint32_t disp = (op & 0xFF) ? (uint32_t)(int8_t)op : (uint32_t)(int16_t)c->irc;
        idle(c, 2);
        jump_refill(c, base + disp);
        return;
    }
    idle(c, 4);
    if (!(op & 0xFF)) fetch_ext(c);
    prefetch(c);
}

void m68k_op_dbcc(m68k_t *c, uint16_t op)
{
    if (cond_true(c, (op >> 8) & 15)) {
        idle(c, 4);
        jump_refill(c, c->pc);
        return;
    }
    uint32_t base = c->pc - 2, disp = (uint32_t)(int16_t)c->irc;
    int dn = REG(op);
    uint16_t cnt = (uint16_t)(c->d[dn] - 1);
    idle(c, 2);
    if (cnt != 0xFFFF) {
        if ((base + disp) & 1) { c->fault_adj = 2; m68k_address_error(c, base + disp, fc_prog(c), false); }
        set_dreg(c, dn, cnt, 2);
        jump_refill(c, base + disp);
        return;
    }
    set_dreg(c, dn, cnt, 2);
    /* expired: the chip fetches from the branch target and discards it */
    bus_rw(c, (base + disp) & ~1u, fc_prog(c));
    jump_refill(c, c->pc);
}

/* Control addressing modes for JMP/JSR/LEA/PEA: address and the clocks of its calculation. */
static uint32_t ea_control(m68k_t *c, int mode, int reg)
{
    switch (mode) {
    case 2: return c->a[reg];
    case 5: return c->a[reg] + (uint32_t)(int16_t)fetch_ext(c);
    case 6: idle(c, 2); return ea_brief(c, c->a[reg]);
    default:
        switch (reg) {
        case 0: return (uint32_t)(int16_t)fetch_ext(c);
        case 1: return fetch_ext32(c);
        case 2: { uint32_t b = c->pc - 2; return b + (uint32_t)(int16_t)fetch_ext(c); }
        default: { idle(c, 2); uint32_t b = c->pc - 2; return ea_brief(c, b); }
        }
    }
}

/* JMP/JSR do not prefetch extension words the normal way: the displacement is taken from IRC
   and the queue is refilled at the target. */
static uint32_t ea_jump(m68k_t *c, int mode, int reg)
{
    uint32_t b;
    switch (mode) {
    case 2: return c->a[reg];
    case 5: idle(c, 2); return c->a[reg] + (uint32_t)(int16_t)c->irc;
    case 6: idle(c, 6); b = c->a[reg]; break;
    default:
        switch (reg) {
        case 0: idle(c, 2); return (uint32_t)(int16_t)c->irc;
        case 1: return fetch_ext(c) << 16 | c->irc;
        case 2: idle(c, 2); return c->pc - 2 + (uint32_t)(int16_t)c->irc;
        default: idle(c, 6); b = c->pc - 2; break;
        }
    }
    uint32_t ext = c->irc, x = c->r[(ext >> 12) & 15];
    if (!(ext & 0x800)) x = (uint32_t)(int16_t)x;
    return b + (uint32_t)(int8_t)ext + x;
}

/* Bytes of extension words the jump-mode EA used (the return address of JSR skips them). */
static uint32_t ea_jump_len(int mode, int reg)
{
    if (mode == 2) return 0;
    if (mode == 7 && reg == 1) return 4;
    return 2;
}

void m68k_op_jmp(m68k_t *c, uint16_t op)
{
    uint32_t t = ea_jump(c, MODE(op), REG(op));
    if (t & 1) { /* the pushed PC is that of the extension word, as for a branch */
        c->fault_adj = (MODE(op) == 7 && REG(op) == 1) ? -2 : 0;
        m68k_address_error(c, t, fc_prog(c), false);
    }
    jump_refill(c, t);
}

void m68k_op_jsr(m68k_t *c, uint16_t op)
{
    int mode = MODE(op), reg = REG(op);
    uint32_t len = ea_jump_len(mode, reg);
    uint32_t ret = (mode == 7 && reg == 1) ? c->pc + 2 - 2 : c->pc - 2 + len;
    uint32_t t = ea_jump(c, mode, reg);
    if (mode == 7 && reg == 1) ret = c->pc;
    /* IR is fetched from the target before the return address is pushed. */
    if (t & 1) { c->fault_adj = mode == 2 ? 0 : 2; m68k_address_error(c, t, fc_prog(c), false); }
    c->pc = t;
    c->ir = bus_rw(c, t, fc_prog(c));
    uint32_t sp = c->a[7] - 4;
    wr32(c, sp, ret);
    c->a[7] = sp;
    c->irc = bus_rw(c, t + 2, fc_prog(c));
    c->pc = t + 4;
}

void m68k_op_lea(m68k_t *c, uint16_t op)
{
    int mode = MODE(op), reg = REG(op);
    uint32_t a = ea_control(c, mode, reg);
    if (mode == 6 || (mode == 7 && reg == 3)) idle(c, 2);
    c->a[REG9(op)] = a;
    prefetch(c);
}

void m68k_op_pea(m68k_t *c, uint16_t op)
{
    int mode = MODE(op), reg = REG(op);
    uint32_t a = ea_control(c, mode, reg);
    uint32_t sp = c->a[7] - 4;
    if (mode == 6 || (mode == 7 && reg == 3)) idle(c, 2);
    if (mode == 7 && reg <= 1) {
        wr32(c, sp, a);
        c->a[7] = sp;
        prefetch(c);
    } else {
        prefetch(c);
        wr32(c, sp, a);
        c->a[7] = sp;
    }
}

void m68k_op_rts(m68k_t *c, uint16_t op)
{
    (void)op;
    uint32_t sp = c->a[7];
    uint32_t t = rd32(c, sp);
    c->a[7] = sp + 4;
    jump_refill(c, t);
}

void m68k_op_rtr(m68k_t *c, uint16_t op)
{
    (void)op;
    uint32_t sp = c->a[7];
    uint32_t ccr = rd16(c, sp);
    uint32_t t = rd32(c, sp + 2);
    c->a[7] = sp + 6;
    c->sr = (uint16_t)((c->sr & 0xFF00) | (ccr & 0x1F));
    jump_refill(c, t);
}

void m68k_op_rte(m68k_t *c, uint16_t op)
{
    (void)op;
    if (!(c->sr & SR_S)) { privilege(c); return; }
    uint32_t sp = c->a[7];
    uint32_t sr = rd16(c, sp);
    uint32_t t = rd32(c, sp + 2);
    c->a[7] = sp + 6;
    m68k_set_sr_internal(c, (uint16_t)sr);
    jump_refill(c, t);
}

void m68k_op_link(m68k_t *c, uint16_t op)
{
    int r = REG(op);
    uint32_t disp = (uint32_t)(int16_t)fetch_ext(c);
    uint32_t sp = c->a[7] - 4;
    wr32(c, sp, c->a[r]);
    c->a[r] = sp;
    c->a[7] = sp + disp;
    if (r == 7) c->a[7] = sp + disp;
    prefetch(c);
}

void m68k_op_unlk(m68k_t *c, uint16_t op)
{
    int r = REG(op);
    uint32_t sp = c->a[r];
    c->fault_adj = 2;
    uint32_t v = rd32(c, sp);
    c->a[7] = sp + 4;
    c->a[r] = v;
    prefetch(c);
}

void m68k_op_trap(m68k_t *c, uint16_t op) { m68k_exception(c, VEC_TRAP + (op & 15), c->pc - 2, 4); }

void m68k_op_trapv(m68k_t *c, uint16_t op)
{
    (void)op;
    prefetch(c);
    if (c->sr & SR_V) m68k_exception(c, VEC_TRAPV, c->pc - 4, 0);
}

void m68k_op_chk(m68k_t *c, uint16_t op)
{
    int16_t bound = (int16_t)read_ea(c, MODE(op), REG(op), 2);
    int16_t v = (int16_t)c->d[REG9(op)];
    c->sr &= ~(SR_N | SR_Z | SR_V | SR_C);
    if (!v) c->sr |= SR_Z;
    if (v < 0) c->sr |= SR_N;
    if (v > bound) { m68k_exception(c, VEC_CHK, c->pc - 2, 8); return; }
    if (v < 0) {
        /* the upper-bound test looked at the sign of Dn - bound alone: if that said "greater"
           the trap starts 2 clocks sooner */
        uint16_t r = (uint16_t)(v - bound);
        m68k_exception(c, VEC_CHK, c->pc - 2, (r && !(r & 0x8000)) ? 8 : 10);
        return;
    }
    idle(c, 6);
    prefetch(c);
}

/* ---- miscellaneous ---- */

void m68k_op_swap(m68k_t *c, uint16_t op)
{
    uint32_t v = c->d[REG(op)];
    v = v << 16 | v >> 16;
    c->d[REG(op)] = v;
    set_nz(c, v, 4);
    prefetch(c);
}

void m68k_op_ext(m68k_t *c, uint16_t op)
{
    int r = REG(op);
    if (op & 0x40) { uint32_t v = (uint32_t)(int16_t)c->d[r]; c->d[r] = v; set_nz(c, v, 4); }
    else { uint32_t v = (uint32_t)(int8_t)c->d[r]; set_dreg(c, r, v, 2); set_nz(c, v, 2); }
    prefetch(c);
}

void m68k_op_exg(m68k_t *c, uint16_t op)
{
    int rx = REG9(op), ry = REG(op);
    unsigned mode = (op >> 3) & 0x1F;
    int i = mode == 0x08 ? rx : mode == 0x09 ? rx + 8 : rx;
    int j = mode == 0x08 ? ry : ry + 8;
    uint32_t t = c->r[i];
    c->r[i] = c->r[j];
    c->r[j] = t;
    prefetch(c);
    idle(c, 2);
}

void m68k_op_move_usp(m68k_t *c, uint16_t op)
{
    if (!(c->sr & SR_S)) { privilege(c); return; }
    if (op & 8) c->a[REG(op)] = c->usp;
    else c->usp = c->a[REG(op)];
    prefetch(c);
}

void m68k_op_nop(m68k_t *c, uint16_t op) { (void)op; prefetch(c); }

void m68k_op_reset(m68k_t *c, uint16_t op)
{
    (void)op;
    if (!(c->sr & SR_S)) { privilege(c); return; }
    if (c->bus.reset) c->bus.reset(c->bus.ctx, c->cycles + 4);
    idle(c, 128);
    prefetch(c);
}

void m68k_op_stop(m68k_t *c, uint16_t op)
{
    (void)op;
    if (!(c->sr & SR_S)) { privilege(c); return; }
    uint16_t sr = c->irc;
    idle(c, 4);
    m68k_set_sr_internal(c, sr);
    c->stopped = true;
    m68k_update_attention(c);
}

/* ---- MOVEM ---- */

void m68k_op_movem(m68k_t *c, uint16_t op)
{
    int sz = (op & 0x40) ? 4 : 2, mode = MODE(op), reg = REG(op);
    uint16_t mask = (uint16_t)fetch_ext(c);
    c->fault_adj = 2;
    if (op & 0x400) { /* memory to registers */
        uint32_t a;
        unsigned fc = fc_data(c);
        if (mode == 3) a = c->a[reg];
        else {
            if (mode == 7 && (reg == 2 || reg == 3)) fc = fc_prog(c);
            a = ea_control(c, mode, reg);
        }
        c->fault_adj = 2;
        for (int i = 0; i < 16; i++) {
            if (!(mask & (1u << i))) continue;
            if (a & 1) m68k_address_error(c, a, fc, false);
            uint32_t v = bus_rw(c, a, fc);
            if (sz == 4) v = v << 16 | bus_rw(c, a + 2, fc);
            else v = (uint32_t)(int16_t)v;
            c->r[i] = v;
            a += (uint32_t)sz;
        }
        if (a & 1) m68k_address_error(c, a, fc, false);
        bus_rw(c, a, fc); /* the chip reads one word past the last register */
        if (mode == 3) c->a[reg] = a;
        prefetch(c);
        return;
    }
    if (mode == 4) { /* -(An): mask bit 0 is A7, stored downwards */
        uint32_t a = c->a[reg];
        for (int i = 0; i < 16; i++) {
            if (!(mask & (1u << i))) continue;
            uint32_t v = c->r[15 - i];
            if (sz == 4) {
                a -= 4;
                if (a & 1) m68k_address_error(c, a + 2, fc_data(c), true);
                wr32_lo_first(c, a, v);
            }
            else { a -= 2; wr16(c, a, v); }
        }
        c->a[reg] = a;
        prefetch(c);
        return;
    }
    uint32_t a = ea_control(c, mode, reg);
    c->fault_adj = 2;
    for (int i = 0; i < 16; i++) {
        if (!(mask & (1u << i))) continue;
        if (sz == 4) wr32(c, a, c->r[i]);
        else wr16(c, a, c->r[i]);
        a += (uint32_t)sz;
    }
    prefetch(c);
}
