/* Decode table: one handler per opcode word, built once (PRM appendix: operation code map).
 * Invalid encodings (bad size, disallowed addressing mode) map to the illegal-instruction
 * handler, so a handler never has to re-check its operand modes. */
#include "cpu/m68k/m68k_internal.h"

m68k_handler m68k_optab[65536];

#define H(name) void m68k_op_##name(m68k_t *c, uint16_t op)
H(illegal); H(imm_sr); H(moveq);
H(nbcd); H(scc); H(tas); H(move_from_sr); H(move_to_sr); H(shift_reg);
H(shift_mem); H(bit); H(movep); H(mul); H(div); H(bcd); H(addx); H(cmpm); H(dbcc);
H(jmp); H(jsr); H(lea); H(pea); H(rts); H(rtr); H(rte); H(link); H(unlk); H(trap); H(trapv);
H(chk); H(swap); H(ext); H(exg); H(move_usp); H(nop); H(reset); H(stop); H(movem);
#undef H
extern const m68k_handler m68k_move_tab[3][8][8];
extern const m68k_handler m68k_alu_ea_dn_tab[5][3][8];
extern const m68k_handler m68k_alu_dn_ea_tab[3][8], m68k_adda_tab[3][8],
    m68k_imm_tab[3][8], m68k_addq_tab[3][8], m68k_unary_tab[3][8];
extern const m68k_handler m68k_bcc_tab[16];
/* index of a size field value 0/1/2 (byte/word/long) in the [3][8] tables is the value itself */
#define MODE_OF(op) (((op) >> 3) & 7)


enum {
    EA_DN = 1 << 0, EA_AN = 1 << 1, EA_IND = 1 << 2, EA_POST = 1 << 3, EA_PRE = 1 << 4,
    EA_D16 = 1 << 5, EA_IDX = 1 << 6, EA_ABSW = 1 << 7, EA_ABSL = 1 << 8, EA_PCD = 1 << 9,
    EA_PCX = 1 << 10, EA_IMM = 1 << 11,
    EA_MEMALT = EA_IND | EA_POST | EA_PRE | EA_D16 | EA_IDX | EA_ABSW | EA_ABSL,
    EA_DALT = EA_DN | EA_MEMALT,
    EA_ALT = EA_DALT | EA_AN,
    EA_DATA = EA_DALT | EA_PCD | EA_PCX | EA_IMM,
    EA_ALL = EA_DATA | EA_AN,
    EA_CTRL = EA_IND | EA_D16 | EA_IDX | EA_ABSW | EA_ABSL | EA_PCD | EA_PCX,
};

static unsigned ea_bit(unsigned mode, unsigned reg)
{
    if (mode < 7) return 1u << mode;
    return reg <= 4 ? 1u << (7 + reg) : 0;
}
static bool ea_ok(uint16_t op, unsigned allowed) { return (ea_bit((op >> 3) & 7, op & 7) & allowed) != 0; }

static m68k_handler decode_0(uint16_t op)
{
    unsigned sz = (op >> 6) & 3;
    if (op & 0x100) {
        if (((op >> 3) & 7) == 1) return m68k_op_movep;
        /* dynamic bit: BTST allows any data mode, others data alterable */
        return ea_ok(op, (op & 0xC0) ? EA_DALT : EA_DATA) ? m68k_op_bit : m68k_op_illegal;
    }
    unsigned which = (op >> 9) & 7;
    if (which == 4) { /* static bit: BTST #,<ea> has no #imm destination */
        return ea_ok(op, (op & 0xC0) ? EA_DALT : (EA_DATA & ~EA_IMM)) ? m68k_op_bit : m68k_op_illegal;
    }
    if (which == 7 || sz == 3) return m68k_op_illegal;
    if ((op & 0x3F) == 0x3C && (which == 0 || which == 1 || which == 5) && sz <= 1)
        return m68k_op_imm_sr;
    if (which == 6) return ea_ok(op, EA_DALT) ? m68k_imm_tab[sz][MODE_OF(op)] : m68k_op_illegal; /* CMPI: no PC modes on the 68000 */
    return ea_ok(op, EA_DALT) ? m68k_imm_tab[sz][MODE_OF(op)] : m68k_op_illegal;
}

static m68k_handler decode_move(uint16_t op)
{
    unsigned sz = op >> 12, dmode = (op >> 6) & 7, dreg = (op >> 9) & 7;
    if (!ea_ok(op, EA_ALL)) return m68k_op_illegal;
    if (sz == 1 && ((op >> 3) & 7) == 1) return m68k_op_illegal; /* MOVE.b An */
    if (dmode == 1 && sz == 1) return m68k_op_illegal;
    if (dmode == 1) return m68k_move_tab[sz == 2 ? 2 : 1][(op >> 3) & 7][1];
    if (!(ea_bit(dmode, dreg) & EA_DALT)) return m68k_op_illegal;
    static const int szi[4] = { 0, 0, 2, 1 };
    return m68k_move_tab[szi[sz]][(op >> 3) & 7][dmode];
}

static m68k_handler decode_4(uint16_t op)
{
    unsigned sz = (op >> 6) & 3;
    if (op & 0x100) {
        if (sz == 2) return ea_ok(op, EA_DATA) ? m68k_op_chk : m68k_op_illegal;
        if (sz == 3) return ea_ok(op, EA_CTRL) ? m68k_op_lea : m68k_op_illegal;
        return m68k_op_illegal;
    }
    switch ((op >> 8) & 0xF) {
    case 0x0: if (sz == 3) return ea_ok(op, EA_DALT) ? m68k_op_move_from_sr : m68k_op_illegal;
              return ea_ok(op, EA_DALT) ? m68k_unary_tab[sz][MODE_OF(op)] : m68k_op_illegal;
    case 0x2: return sz != 3 && ea_ok(op, EA_DALT) ? m68k_unary_tab[sz][MODE_OF(op)] : m68k_op_illegal;
    case 0x4: if (sz == 3) return ea_ok(op, EA_DATA) ? m68k_op_move_to_sr : m68k_op_illegal;
              return ea_ok(op, EA_DALT) ? m68k_unary_tab[sz][MODE_OF(op)] : m68k_op_illegal;
    case 0x6: if (sz == 3) return ea_ok(op, EA_DATA) ? m68k_op_move_to_sr : m68k_op_illegal;
              return ea_ok(op, EA_DALT) ? m68k_unary_tab[sz][MODE_OF(op)] : m68k_op_illegal;
    case 0x8:
        if (sz == 0) return ea_ok(op, EA_DALT) ? m68k_op_nbcd : m68k_op_illegal;
        if (sz == 1) {
            if (((op >> 3) & 7) == 0) return m68k_op_swap;
            return ea_ok(op, EA_CTRL) ? m68k_op_pea : m68k_op_illegal;
        }
        if (((op >> 3) & 7) == 0) return m68k_op_ext;
        return ea_ok(op, EA_CTRL | EA_PRE) && !ea_ok(op, EA_PCD | EA_PCX) ? m68k_op_movem : m68k_op_illegal;
    case 0xA:
        if (op == 0x4AFC) return m68k_op_illegal;
        if (sz == 3) return ea_ok(op, EA_DALT) ? m68k_op_tas : m68k_op_illegal;
        return ea_ok(op, EA_DALT) ? m68k_unary_tab[sz][MODE_OF(op)] : m68k_op_illegal; /* TST: no An/PC/# on 68000 */
    case 0xC:
        if (sz < 2) return m68k_op_illegal;
        return ea_ok(op, EA_CTRL | EA_POST) ? m68k_op_movem : m68k_op_illegal;
    case 0xE:
        if (sz == 1) {
            unsigned lo = op & 0x3F;
            if (lo < 0x10) return m68k_op_trap;
            if (lo < 0x18) return m68k_op_link;
            if (lo < 0x20) return m68k_op_unlk;
            if (lo < 0x30) return m68k_op_move_usp;
            switch (op) {
            case 0x4E70: return m68k_op_reset;
            case 0x4E71: return m68k_op_nop;
            case 0x4E72: return m68k_op_stop;
            case 0x4E73: return m68k_op_rte;
            case 0x4E75: return m68k_op_rts;
            case 0x4E76: return m68k_op_trapv;
            case 0x4E77: return m68k_op_rtr;
            default: return m68k_op_illegal;
            }
        }
        if (sz == 2) return ea_ok(op, EA_CTRL) ? m68k_op_jsr : m68k_op_illegal;
        if (sz == 3) return ea_ok(op, EA_CTRL) ? m68k_op_jmp : m68k_op_illegal;
        return m68k_op_illegal;
    default: return m68k_op_illegal;
    }
}

static m68k_handler decode_5(uint16_t op)
{
    if (((op >> 6) & 3) == 3) {
        if (((op >> 3) & 7) == 1) return m68k_op_dbcc;
        return ea_ok(op, EA_DALT) ? m68k_op_scc : m68k_op_illegal;
    }
    if (((op >> 6) & 3) == 0 && ((op >> 3) & 7) == 1) return m68k_op_illegal; /* .b An */
    return ea_ok(op, EA_ALT) ? m68k_addq_tab[(op >> 6) & 3][MODE_OF(op)] : m68k_op_illegal;
}

/* OR/SUB/CMP/EOR/AND/ADD and their A/X/BCD/MUL/DIV/EXG neighbours (lines 8, 9, B, C, D). */
static m68k_handler decode_arith(uint16_t op)
{
    unsigned line = op >> 12, opmode = (op >> 6) & 7, mode = (op >> 3) & 7;
    if (opmode == 3 || opmode == 7) {
        if (line == 0x8) return ea_ok(op, EA_DATA) ? m68k_op_div : m68k_op_illegal;
        if (line == 0xC) return ea_ok(op, EA_DATA) ? m68k_op_mul : m68k_op_illegal;
        return ea_ok(op, EA_ALL) ? m68k_adda_tab[opmode == 7 ? 2 : 1][mode] : m68k_op_illegal;
    }
    if (opmode < 3) {
        if (opmode == 0 && mode == 1) return m68k_op_illegal;
        if ((line == 0x8 || line == 0xC) && mode == 1) return m68k_op_illegal;
        static const int8_t kind_index[16] = { [0x8] = 0, [0x9] = 1, [0xB] = 2, [0xC] = 3, [0xD] = 4 };
        return ea_ok(op, EA_ALL) ? m68k_alu_ea_dn_tab[kind_index[line]][opmode][mode] : m68k_op_illegal;
    }
    /* opmode 4..6: Dn,<ea> or the register-pair forms */
    if (line == 0xB) {
        if (mode == 1) return m68k_op_cmpm;
        return ea_ok(op, EA_DALT) ? m68k_alu_dn_ea_tab[opmode & 3][mode] : m68k_op_illegal;
    }
    if (mode <= 1) {
        if (line == 0x9 || line == 0xD) return m68k_op_addx;
        if (opmode == 4) return m68k_op_bcd;
        if (line == 0xC) {
            unsigned m5 = (op >> 3) & 0x1F;
            if (m5 == 0x08 || m5 == 0x09 || m5 == 0x11) return m68k_op_exg;
        }
        return m68k_op_illegal;
    }
    return ea_ok(op, EA_MEMALT) ? m68k_alu_dn_ea_tab[opmode & 3][mode] : m68k_op_illegal;
}

static m68k_handler decode_e(uint16_t op)
{
    if (((op >> 6) & 3) == 3) {
        if (op & 0x800) return m68k_op_illegal;
        return ea_ok(op, EA_MEMALT) ? m68k_op_shift_mem : m68k_op_illegal;
    }
    return m68k_op_shift_reg;
}

static m68k_handler decode(uint16_t op)
{
    switch (op >> 12) {
    case 0x0: return decode_0(op);
    case 0x1: case 0x2: case 0x3: return decode_move(op);
    case 0x4: return decode_4(op);
    case 0x5: return decode_5(op);
    case 0x6: return m68k_bcc_tab[(op >> 8) & 15];
    case 0x7: return (op & 0x100) ? m68k_op_illegal : m68k_op_moveq;
    case 0x8: case 0x9: case 0xB: case 0xC: case 0xD: return decode_arith(op);
    case 0xE: return decode_e(op);
    default: return m68k_op_illegal; /* line A, line F */
    }
}

void m68k_build_optab(void)
{
    for (unsigned op = 0; op < 65536; op++) m68k_optab[op] = decode((uint16_t)op);
}

bool m68k_opcode_valid(uint16_t op) { return decode(op) != m68k_op_illegal; }
