/* MC68000 data movement and integer arithmetic: ADD/SUB/AND/OR/EOR/CMP and their A/I/Q forms,
 * MOVE/MOVEA/MOVEQ, single-operand instructions, SR/CCR moves (Programmer's Reference Manual
 * §4), with the bus order and internal clocks of each form (User's Manual §8). Each handler
 * ends with the closing prefetch ("np") unless it refills the queue after a jump. */
#include "cpu/m68k/m68k_ops.h"

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

OPS_INLINE void alu_ea_dn_impl(m68k_t *c, uint16_t op, unsigned kind, int sz, int mode)
{
    int dn = REG9(op);
    uint32_t s = read_ea(c, mode, REG(op), sz);
    uint32_t r = alu(c, kind, c->d[dn], s, sz);
    prefetch(c);
    if (sz == 4) idle(c, kind == 0xB ? 2 : (mode <= 1 || (mode == 7 && REG(op) == 4)) ? 4 : 2);
    if (kind != 0xB) set_dreg(c, dn, r, sz);
}

/* ADD/SUB/AND/OR/CMP <ea>,Dn, also instantiated per operation (line 8, 9, B, C, D) */
#define ALU_I(K, SZ, M) \
    static void alu_##K##_##SZ##_##M(m68k_t *c, uint16_t op) { alu_ea_dn_impl(c, op, 0x##K, SZ, M); }
#define ALU_SZ(K, SZ) ALU_I(K, SZ, 0) ALU_I(K, SZ, 1) ALU_I(K, SZ, 2) ALU_I(K, SZ, 3) ALU_I(K, SZ, 4) \
    ALU_I(K, SZ, 5) ALU_I(K, SZ, 6) ALU_I(K, SZ, 7)
#define ALU_K(K) ALU_SZ(K, 1) ALU_SZ(K, 2) ALU_SZ(K, 4)
ALU_K(8) ALU_K(9) ALU_K(B) ALU_K(C) ALU_K(D)
#define ALU_R(K, SZ) { alu_##K##_##SZ##_0, alu_##K##_##SZ##_1, alu_##K##_##SZ##_2, alu_##K##_##SZ##_3, \
    alu_##K##_##SZ##_4, alu_##K##_##SZ##_5, alu_##K##_##SZ##_6, alu_##K##_##SZ##_7 }
#define ALU_T(K) { ALU_R(K, 1), ALU_R(K, 2), ALU_R(K, 4) }
/* [OR, SUB, CMP, AND, ADD][size][source mode] */
const m68k_handler m68k_alu_ea_dn_tab[5][3][8] = { ALU_T(8), ALU_T(9), ALU_T(B), ALU_T(C), ALU_T(D) };

OPS_INLINE void alu_dn_ea_impl(m68k_t *c, uint16_t op, int sz, int mode)
{
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
SPEC_TABLE(alu_dn_ea)

/* ADDA/SUBA/CMPA: word sources are sign-extended; address register arithmetic sets no flags
   (CMPA compares 32 bits). */
OPS_INLINE void adda_impl(m68k_t *c, uint16_t op, int sz, int mode)
{
    int an = REG9(op);
    uint32_t s = read_ea(c, mode, REG(op), sz);
    if (sz == 2) s = (uint32_t)(int16_t)s;
    unsigned kind = op >> 12;
    prefetch(c);
    if (kind == 0xB) { op_sub(c, c->a[an], s, 4, false, false); idle(c, 2); return; }
    idle(c, (sz == 2 || mode <= 1 || (mode == 7 && REG(op) == 4)) ? 4 : 2);
    c->a[an] = kind == 0xD ? c->a[an] + s : c->a[an] - s;
}
SPEC_TABLE(adda)

/* ---- immediate: ORI/ANDI/SUBI/ADDI/EORI/CMPI ---- */

OPS_INLINE void imm_impl(m68k_t *c, uint16_t op, int sz, int mode)
{
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
SPEC_TABLE(imm)

/* ORI/ANDI/EORI to CCR and SR: the queue is refilled after the change (PRM §4). */
void m68k_op_imm_sr(m68k_t *c, uint16_t op)
{
    bool to_sr = (op & 0x40) != 0;
    if (to_sr && !(c->sr & SR_S)) { m68k_privilege(c); return; }
    uint16_t imm = (uint16_t)fetch_ext(c);
    if (!to_sr) imm &= 0xFF; /* the CCR forms leave the system byte alone */
    unsigned which = (op >> 9) & 7;
    uint16_t v = c->sr;
    if (which == 0) v |= imm;
    else if (which == 1) v &= to_sr ? imm : (uint16_t)(imm | 0xFF00);
    else v ^= imm;
    idle(c, 8);
    m68k_set_sr_internal(c, v);
    jump_refill(c, c->pc - 2);
}

/* ---- ADDQ/SUBQ ---- */

OPS_INLINE void addq_impl(m68k_t *c, uint16_t op, int sz, int mode)
{
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
SPEC_TABLE(addq)

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


OPS_INLINE uint32_t unary(m68k_t *c, unsigned kind, uint32_t d, int sz)
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

OPS_INLINE void unary_impl(m68k_t *c, uint16_t op, int sz, int mode)
{
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
SPEC_TABLE(unary)

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
    uint32_t a = ea_addr(c, mode, REG(op), 1) & M68K_ADDR_MASK;
    unsigned page = a >> M68K_PAGE_BITS;
    uint8_t *p = c->write_page[page];
    uint32_t v;
    if (p && c->read_page[page] == p) { /* plain RAM: nobody else can see the cycle */
        v = p[a & (M68K_PAGE_SIZE - 1)];
        set_nz(c, v, 1);
        p[a & (M68K_PAGE_SIZE - 1)] = (uint8_t)(v | 0x80);
        idle(c, 10);
    } else {
        unsigned lane = (a & 1) ? M68K_CYC_LDS : M68K_CYC_UDS;
        uint16_t w = m68k_slow_read(c, a, fc_data(c), lane | M68K_CYC_RMW);
        v = (a & 1) ? (w & 0xFF) : (uint32_t)(w >> 8);
        set_nz(c, v, 1);
        idle(c, 2);
        uint8_t nv = (uint8_t)(v | 0x80);
        m68k_slow_write(c, a, (uint16_t)(nv << 8 | nv), fc_data(c), lane | M68K_CYC_RMW);
    }
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
    if (to_sr && !(c->sr & SR_S)) { m68k_privilege(c); return; }
    uint32_t v = read_ea(c, MODE(op), REG(op), 2);
    idle(c, 4);
    if (to_sr) m68k_set_sr_internal(c, (uint16_t)v);
    else c->sr = (uint16_t)((c->sr & 0xFF00) | (v & 0x1F));
    jump_refill(c, c->pc - 2);
}
