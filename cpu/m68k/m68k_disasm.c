/* 68000 disassembler: Motorola syntax with the mnemonics of the Programmer's Reference Manual
 * (M68000PM/AD §4, operation code map in §8). Side-effect free: code is read through the
 * caller's peek function. Encodings the 68000 does not have come out as "dc.w $xxxx". */
#include "cpu/m68k/m68k_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct dis {
    m68k_peek_fn peek;
    void *ctx;
    uint32_t pc;   /* address of the opcode */
    uint32_t next; /* address of the next unread word */
    char *out;
    size_t len, pos;
    bool bad;
} dis_t;

static void put(dis_t *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(dis_t *d, const char *fmt, ...)
{
    if (d->pos >= d->len) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(d->out + d->pos, d->len - d->pos, fmt, ap);
    va_end(ap);
    if (n > 0) d->pos += (size_t)n;
    if (d->pos >= d->len) d->pos = d->len - 1;
}

static uint16_t word(dis_t *d)
{
    uint16_t w = d->peek(d->ctx, d->next & M68K_ADDR_MASK);
    d->next += 2;
    return w;
}

static const char *const cc_names[16] = { "t", "f", "hi", "ls", "cc", "cs", "ne", "eq",
                                          "vc", "vs", "pl", "mi", "ge", "lt", "gt", "le" };
static const char size_char[3] = { 'b', 'w', 'l' };

static void signed_hex(dis_t *d, int32_t v)
{
    if (v < 0) put(d, "-$%x", (unsigned)-(int64_t)v);
    else put(d, "$%x", (unsigned)v);
}

/* One effective address; sz 0/1/2 = byte/word/long (for immediates). */
static void ea(dis_t *d, unsigned mode, unsigned reg, int sz)
{
    switch (mode) {
    case 0: put(d, "d%u", reg); return;
    case 1: put(d, "a%u", reg); return;
    case 2: put(d, "(a%u)", reg); return;
    case 3: put(d, "(a%u)+", reg); return;
    case 4: put(d, "-(a%u)", reg); return;
    case 5: signed_hex(d, (int16_t)word(d)); put(d, "(a%u)", reg); return;
    case 6: {
        uint16_t ext = word(d);
        signed_hex(d, (int8_t)ext);
        put(d, "(a%u,%c%u.%c)", reg, (ext & 0x8000) ? 'a' : 'd', (ext >> 12) & 7, (ext & 0x800) ? 'l' : 'w');
        return;
    }
    default:
        switch (reg) {
        case 0: put(d, "($%x).w", (unsigned)(int16_t)word(d) & M68K_ADDR_MASK); return;
        case 1: { uint32_t hi = word(d); put(d, "($%x).l", hi << 16 | word(d)); return; }
        case 2: {
            uint32_t base = d->next;
            int16_t disp = (int16_t)word(d);
            put(d, "$%x(pc)", (base + (uint32_t)disp) & M68K_ADDR_MASK);
            return;
        }
        case 3: {
            uint32_t base = d->next;
            uint16_t ext = word(d);
            put(d, "$%x(pc,%c%u.%c)", (base + (uint32_t)(int8_t)ext) & M68K_ADDR_MASK, (ext & 0x8000) ? 'a' : 'd',
                (ext >> 12) & 7, (ext & 0x800) ? 'l' : 'w');
            return;
        }
        case 4:
            if (sz == 2) { uint32_t hi = word(d); put(d, "#$%x", hi << 16 | word(d)); }
            else if (sz == 0) put(d, "#$%x", word(d) & 0xFF);
            else put(d, "#$%x", word(d));
            return;
        default: d->bad = true; return;
        }
    }
}

static void ea_op(dis_t *d, uint16_t op, int sz) { ea(d, (op >> 3) & 7, op & 7, sz); }

/* MOVEM register list, e.g. d0-d3/a6; `rev` for the -(An) mask order (bit 0 = a7). */
static void reglist(dis_t *d, uint16_t mask, bool rev)
{
    if (rev) {
        uint16_t m = 0;
        for (int i = 0; i < 16; i++) if (mask & (1u << i)) m |= (uint16_t)(1u << (15 - i));
        mask = m;
    }
    bool first = true;
    for (int i = 0; i < 16; i++) {
        if (!(mask & (1u << i))) continue;
        int j = i;
        while (j + 1 < 16 && (j + 1) % 8 != 0 && (mask & (1u << (j + 1)))) j++;
        put(d, "%s%c%d", first ? "" : "/", i < 8 ? 'd' : 'a', i & 7);
        if (j > i) put(d, "-%c%d", j < 8 ? 'd' : 'a', j & 7);
        first = false;
        i = j;
    }
    if (first) put(d, "0");
}

static void line0(dis_t *d, uint16_t op)
{
    unsigned mode = (op >> 3) & 7, sz = (op >> 6) & 3;
    static const char *const bitops[4] = { "btst", "bchg", "bclr", "bset" };
    if (op & 0x100) {
        if (mode == 1) {
            int16_t disp = (int16_t)word(d);
            put(d, "movep.%c ", (op & 0x40) ? 'l' : 'w');
            if (op & 0x80) { put(d, "d%u,", (op >> 9) & 7); signed_hex(d, disp); put(d, "(a%u)", op & 7); }
            else { signed_hex(d, disp); put(d, "(a%u),d%u", op & 7, (op >> 9) & 7); }
            return;
        }
        put(d, "%s d%u,", bitops[sz], (op >> 9) & 7);
        ea_op(d, op, 0);
        return;
    }
    unsigned which = (op >> 9) & 7;
    if (which == 4) {
        put(d, "%s #%u,", bitops[sz], word(d) & 0xFF);
        ea_op(d, op, 0);
        return;
    }
    static const char *const immops[8] = { "ori", "andi", "subi", "addi", NULL, "eori", "cmpi", NULL };
    if (!immops[which] || sz == 3) { d->bad = true; return; }
    if ((op & 0x3F) == 0x3C && sz <= 1 && (which == 0 || which == 1 || which == 5)) {
        uint16_t imm = word(d);
        if (sz == 0) put(d, "%s #$%x,ccr", immops[which], imm & 0xFF);
        else put(d, "%s #$%x,sr", immops[which], imm);
        return;
    }
    put(d, "%s.%c ", immops[which], size_char[sz]);
    ea(d, 7, 4, (int)sz);
    put(d, ",");
    ea_op(d, op, (int)sz);
}

static void line_move(dis_t *d, uint16_t op)
{
    static const int sizes[4] = { 0, 0, 2, 1 };
    int sz = sizes[op >> 12];
    unsigned dmode = (op >> 6) & 7, dreg = (op >> 9) & 7;
    put(d, "%s.%c ", dmode == 1 ? "movea" : "move", size_char[sz]);
    ea_op(d, op, sz);
    put(d, ",");
    ea(d, dmode, dreg, sz);
}

static void line4(dis_t *d, uint16_t op)
{
    unsigned sz = (op >> 6) & 3, mode = (op >> 3) & 7;
    if (op & 0x100) {
        if (sz == 2) { put(d, "chk.w "); ea_op(d, op, 1); put(d, ",d%u", (op >> 9) & 7); return; }
        if (sz == 3) { put(d, "lea "); ea_op(d, op, 2); put(d, ",a%u", (op >> 9) & 7); return; }
        d->bad = true;
        return;
    }
    switch ((op >> 8) & 0xF) {
    case 0x0: if (sz == 3) { put(d, "move sr,"); ea_op(d, op, 1); return; }
              put(d, "negx.%c ", size_char[sz]); ea_op(d, op, (int)sz); return;
    case 0x2: if (sz == 3) break;
              put(d, "clr.%c ", size_char[sz]); ea_op(d, op, (int)sz); return;
    case 0x4: if (sz == 3) { put(d, "move "); ea_op(d, op, 1); put(d, ",ccr"); return; }
              put(d, "neg.%c ", size_char[sz]); ea_op(d, op, (int)sz); return;
    case 0x6: if (sz == 3) { put(d, "move "); ea_op(d, op, 1); put(d, ",sr"); return; }
              put(d, "not.%c ", size_char[sz]); ea_op(d, op, (int)sz); return;
    case 0x8:
        if (sz == 0) { put(d, "nbcd "); ea_op(d, op, 0); return; }
        if (sz == 1) {
            if (mode == 0) { put(d, "swap d%u", op & 7); return; }
            put(d, "pea "); ea_op(d, op, 2); return;
        }
        if (mode == 0) { put(d, "ext.%c d%u", sz == 2 ? 'w' : 'l', op & 7); return; }
        {
            uint16_t mask = word(d);
            put(d, "movem.%c ", sz == 2 ? 'w' : 'l');
            reglist(d, mask, mode == 4);
            put(d, ",");
            ea_op(d, op, 1);
        }
        return;
    case 0xA:
        if (op == 0x4AFC) { put(d, "illegal"); return; }
        if (sz == 3) { put(d, "tas "); ea_op(d, op, 0); return; }
        put(d, "tst.%c ", size_char[sz]); ea_op(d, op, (int)sz); return;
    case 0xC:
        if (sz >= 2) {
            uint16_t mask = word(d);
            put(d, "movem.%c ", sz == 2 ? 'w' : 'l');
            ea_op(d, op, 1);
            put(d, ",");
            reglist(d, mask, false);
            return;
        }
        break;
    case 0xE:
        if (sz == 1) {
            unsigned lo = op & 0x3F;
            if (lo < 0x10) { put(d, "trap #%u", op & 15); return; }
            if (lo < 0x18) { put(d, "link a%u,#", op & 7); signed_hex(d, (int16_t)word(d)); return; }
            if (lo < 0x20) { put(d, "unlk a%u", op & 7); return; }
            if (lo < 0x28) { put(d, "move a%u,usp", op & 7); return; }
            if (lo < 0x30) { put(d, "move usp,a%u", op & 7); return; }
            switch (op) {
            case 0x4E70: put(d, "reset"); return;
            case 0x4E71: put(d, "nop"); return;
            case 0x4E72: put(d, "stop #$%x", word(d)); return;
            case 0x4E73: put(d, "rte"); return;
            case 0x4E75: put(d, "rts"); return;
            case 0x4E76: put(d, "trapv"); return;
            case 0x4E77: put(d, "rtr"); return;
            default: break;
            }
            break;
        }
        if (sz == 2) { put(d, "jsr "); ea_op(d, op, 2); return; }
        if (sz == 3) { put(d, "jmp "); ea_op(d, op, 2); return; }
        break;
    default: break;
    }
    d->bad = true;
}

static void line5(dis_t *d, uint16_t op)
{
    unsigned sz = (op >> 6) & 3;
    if (sz == 3) {
        unsigned cc = (op >> 8) & 15;
        if (((op >> 3) & 7) == 1) {
            uint32_t base = d->next;
            int16_t disp = (int16_t)word(d);
            put(d, "db%s d%u,$%x", cc == 1 ? "ra" : cc_names[cc], op & 7, (base + (uint32_t)disp) & M68K_ADDR_MASK);
            return;
        }
        put(d, "s%s ", cc_names[cc]);
        ea_op(d, op, 0);
        return;
    }
    unsigned q = (op >> 9) & 7;
    put(d, "%s.%c #%u,", (op & 0x100) ? "subq" : "addq", size_char[sz], q ? q : 8);
    ea_op(d, op, (int)sz);
}

static void line6(dis_t *d, uint16_t op)
{
    unsigned cc = (op >> 8) & 15;
    uint32_t base = d->pc + 2;
    int32_t disp = (int8_t)op;
    char sfx = 's';
    if (disp == 0) { disp = (int16_t)word(d); sfx = 'w'; }
    const char *name = cc == 0 ? "bra" : cc == 1 ? "bsr" : NULL;
    if (name) put(d, "%s.%c $%x", name, sfx, (base + (uint32_t)disp) & M68K_ADDR_MASK);
    else put(d, "b%s.%c $%x", cc_names[cc], sfx, (base + (uint32_t)disp) & M68K_ADDR_MASK);
}

static void line_arith(dis_t *d, uint16_t op)
{
    unsigned line = op >> 12, opmode = (op >> 6) & 7, mode = (op >> 3) & 7, rn = (op >> 9) & 7;
    static const char *const names[16] = { [0x8] = "or", [0x9] = "sub", [0xB] = "cmp", [0xC] = "and", [0xD] = "add" };
    if (opmode == 3 || opmode == 7) {
        int sz = opmode == 7 ? 2 : 1;
        if (line == 0x8) { put(d, "div%c.w ", opmode == 7 ? 's' : 'u'); ea_op(d, op, 1); put(d, ",d%u", rn); return; }
        if (line == 0xC) { put(d, "mul%c.w ", opmode == 7 ? 's' : 'u'); ea_op(d, op, 1); put(d, ",d%u", rn); return; }
        put(d, "%sa.%c ", names[line], size_char[sz]);
        ea_op(d, op, sz);
        put(d, ",a%u", rn);
        return;
    }
    unsigned sz = opmode & 3;
    if (opmode < 3) {
        put(d, "%s.%c ", names[line], size_char[sz]);
        ea_op(d, op, (int)sz);
        put(d, ",d%u", rn);
        return;
    }
    if (line == 0xB) {
        if (mode == 1) { put(d, "cmpm.%c (a%u)+,(a%u)+", size_char[sz], op & 7, rn); return; }
        put(d, "eor.%c d%u,", size_char[sz], rn);
        ea_op(d, op, (int)sz);
        return;
    }
    if (mode <= 1) {
        const char *pfx = mode ? "-(a" : "d", *sfx = mode ? ")" : "";
        if (line == 0x9 || line == 0xD) {
            put(d, "%sx.%c %s%u%s,%s%u%s", line == 0xD ? "add" : "sub", size_char[sz], pfx, op & 7, sfx, pfx, rn, sfx);
            return;
        }
        if (opmode == 4) {
            put(d, "%s %s%u%s,%s%u%s", line == 0xC ? "abcd" : "sbcd", pfx, op & 7, sfx, pfx, rn, sfx);
            return;
        }
        if (line == 0xC) {
            unsigned m5 = (op >> 3) & 0x1F;
            if (m5 == 0x08) { put(d, "exg d%u,d%u", rn, op & 7); return; }
            if (m5 == 0x09) { put(d, "exg a%u,a%u", rn, op & 7); return; }
            if (m5 == 0x11) { put(d, "exg d%u,a%u", rn, op & 7); return; }
        }
        d->bad = true;
        return;
    }
    put(d, "%s.%c d%u,", names[line], size_char[sz], rn);
    ea_op(d, op, (int)sz);
}

static void lineE(dis_t *d, uint16_t op)
{
    static const char *const kinds[4] = { "as", "ls", "rox", "ro" };
    unsigned sz = (op >> 6) & 3;
    char dir = (op & 0x100) ? 'l' : 'r';
    if (sz == 3) {
        put(d, "%s%c.w ", kinds[(op >> 9) & 3], dir);
        ea_op(d, op, 1);
        return;
    }
    unsigned cnt = (op >> 9) & 7;
    put(d, "%s%c.%c ", kinds[(op >> 3) & 3], dir, size_char[sz]);
    if (op & 0x20) put(d, "d%u,d%u", cnt, op & 7);
    else put(d, "#%u,d%u", cnt ? cnt : 8, op & 7);
}

unsigned m68k_disasm(uint32_t pc, m68k_peek_fn peek, void *ctx, char *buf, size_t len)
{
    if (!len) return 2;
    dis_t d = { .peek = peek, .ctx = ctx, .pc = pc, .next = pc, .out = buf, .len = len };
    buf[0] = 0;
    uint16_t op = word(&d);
    if (op == 0x4AFC) { snprintf(buf, len, "illegal"); return 2; }
    if (!m68k_opcode_valid(op)) { snprintf(buf, len, "dc.w $%04x", op); return 2; }
    switch (op >> 12) {
    case 0x0: line0(&d, op); break;
    case 0x1: case 0x2: case 0x3: line_move(&d, op); break;
    case 0x4: line4(&d, op); break;
    case 0x5: line5(&d, op); break;
    case 0x6: line6(&d, op); break;
    case 0x7:
        if (op & 0x100) d.bad = true;
        else { put(&d, "moveq #"); signed_hex(&d, (int8_t)op); put(&d, ",d%u", (op >> 9) & 7); }
        break;
    case 0x8: case 0x9: case 0xB: case 0xC: case 0xD: line_arith(&d, op); break;
    case 0xE: lineE(&d, op); break;
    default: d.bad = true; break; /* line A / line F */
    }
    if (d.bad) {
        snprintf(buf, len, "dc.w $%04x", op);
        return 2;
    }
    return (unsigned)(d.next - pc);
}
