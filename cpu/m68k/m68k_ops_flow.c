/* MC68000 program flow and system control: branches, jumps, subroutine and exception
 * instructions, LINK/UNLK, MOVEM, RESET/STOP and friends (Programmer's Reference Manual §4;
 * bus order from User's Manual §8). */
#include "cpu/m68k/m68k_ops.h"

/* Illegal and privileged instructions do not execute, so they are not traced (§6.3.8). */
void m68k_privilege(m68k_t *c)
{
    c->trace_pending = false;
    m68k_exception(c, VEC_PRIVILEGE, c->pc - 4, 4);
}

void m68k_op_illegal(m68k_t *c, uint16_t op)
{
    c->trace_pending = false;
    unsigned vec = (op >> 12) == 0xA ? VEC_LINE_A : (op >> 12) == 0xF ? VEC_LINE_F : VEC_ILLEGAL;
    m68k_exception(c, vec, c->pc - 4, 4);
}

/* ---- program flow ---- */

OPS_INLINE void bcc_impl(m68k_t *c, uint16_t op, int cc)
{
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
#define BCC_I(CC) static void bcc_##CC(m68k_t *c, uint16_t op) { bcc_impl(c, op, CC); }
BCC_I(0) BCC_I(1) BCC_I(2) BCC_I(3) BCC_I(4) BCC_I(5) BCC_I(6) BCC_I(7)
BCC_I(8) BCC_I(9) BCC_I(10) BCC_I(11) BCC_I(12) BCC_I(13) BCC_I(14) BCC_I(15)
/* Bcc/BRA/BSR per condition */
const m68k_handler m68k_bcc_tab[16] = { bcc_0, bcc_1, bcc_2, bcc_3, bcc_4, bcc_5, bcc_6, bcc_7,
                                        bcc_8, bcc_9, bcc_10, bcc_11, bcc_12, bcc_13, bcc_14, bcc_15 };

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
    /* the return address is the end of the instruction, past its extension words */
    uint32_t ret = c->pc - 2 + ea_jump_len(mode, reg);
    uint32_t t = ea_jump(c, mode, reg);
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
    if (!(c->sr & SR_S)) { m68k_privilege(c); return; }
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
    if (!(c->sr & SR_S)) { m68k_privilege(c); return; }
    if (op & 8) c->a[REG(op)] = c->usp;
    else c->usp = c->a[REG(op)];
    prefetch(c);
}

void m68k_op_nop(m68k_t *c, uint16_t op) { (void)op; prefetch(c); }

void m68k_op_reset(m68k_t *c, uint16_t op)
{
    (void)op;
    if (!(c->sr & SR_S)) { m68k_privilege(c); return; }
    if (c->bus.reset) c->bus.reset(c->bus.ctx, c->cycles + 4);
    idle(c, 128);
    prefetch(c);
}

void m68k_op_stop(m68k_t *c, uint16_t op)
{
    (void)op;
    if (!(c->sr & SR_S)) { m68k_privilege(c); return; }
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
