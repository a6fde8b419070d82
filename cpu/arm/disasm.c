/* ARM disassembler (ARM state, v4 without Thumb), in the syntax of the ARM ARM / GNU as
 * ("ldrne r0, [r1, #4]!", "stmdb sp!, {r4, lr}", "mrc p15, 0, r0, c1, c0, 0"). */
#include "cpu/arm/arm.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const cond_name[16] = {"eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
                                          "hi", "ls", "ge", "lt", "gt", "le", "", "nv"};
static const char *const reg_name[16] = {"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7",
                                         "r8", "r9", "r10", "r11", "r12", "sp", "lr", "pc"};
static const char *const dp_name[16] = {"and", "eor", "sub", "rsb", "add", "adc", "sbc", "rsc",
                                        "tst", "teq", "cmp", "cmn", "orr", "mov", "bic", "mvn"};
static const char *const shift_name[4] = {"lsl", "lsr", "asr", "ror"};

typedef struct out {
    char *buf;
    size_t len, pos;
} out_t;

static void put(out_t *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(out_t *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = o->pos < o->len ? o->len - o->pos : 0;
    int n = vsnprintf(o->buf + (room ? o->pos : 0), room, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->pos += (size_t)n;
}

static uint32_t ror32(uint32_t v, unsigned n) { n &= 31; return n ? (v >> n) | (v << (32 - n)) : v; }

/* Shifter operand of data processing (bit 25 immediate, else register with shift). */
static void shifter(out_t *o, uint32_t insn)
{
    if (insn & (1u << 25)) {
        put(o, "#%u", ror32(insn & 0xff, (insn >> 7) & 0x1e));
        return;
    }
    unsigned rm = insn & 15, type = (insn >> 5) & 3;
    put(o, "%s", reg_name[rm]);
    if (insn & 0x10) {
        put(o, ", %s %s", shift_name[type], reg_name[(insn >> 8) & 15]);
        return;
    }
    unsigned amt = (insn >> 7) & 31;
    if (amt == 0) {
        if (type == 3) put(o, ", rrx");
        else if (type != 0) put(o, ", %s #32", shift_name[type]);
        return;
    }
    put(o, ", %s #%u", shift_name[type], amt);
}

static void reglist(out_t *o, unsigned list)
{
    put(o, "{");
    bool first = true;
    for (unsigned i = 0; i < 16; i++) {
        if (!(list & (1u << i)))
            continue;
        unsigned j = i;
        while (j + 1 < 16 && (list & (1u << (j + 1))))
            j++;
        put(o, "%s%s", first ? "" : ", ", reg_name[i]);
        if (j > i + 1) put(o, "-%s", reg_name[j]);
        else if (j == i + 1) put(o, ", %s", reg_name[j]);
        first = false;
        i = j;
    }
    put(o, "}");
}

static void dis_dp(out_t *o, uint32_t insn, const char *cc)
{
    unsigned op = (insn >> 21) & 15, rn = (insn >> 16) & 15, rd = (insn >> 12) & 15;
    bool s = (insn >> 20) & 1;
    if (op >= 8 && op <= 11) {
        put(o, "%s%s%s %s, ", dp_name[op], cc, rd == 15 ? "p" : "", reg_name[rn]);
    } else if (op == 13 || op == 15) {
        put(o, "%s%s%s %s, ", dp_name[op], cc, s ? "s" : "", reg_name[rd]);
    } else {
        put(o, "%s%s%s %s, %s, ", dp_name[op], cc, s ? "s" : "", reg_name[rd], reg_name[rn]);
    }
    shifter(o, insn);
}

static void dis_psr(out_t *o, uint32_t insn, const char *cc)
{
    const char *psr = (insn & (1u << 22)) ? "spsr" : "cpsr";
    if (!(insn & (1u << 21))) {
        put(o, "mrs%s %s, %s", cc, reg_name[(insn >> 12) & 15], psr);
        return;
    }
    char fields[5] = "";
    int n = 0;
    if (insn & (1u << 19)) fields[n++] = 'f';
    if (insn & (1u << 18)) fields[n++] = 's';
    if (insn & (1u << 17)) fields[n++] = 'x';
    if (insn & (1u << 16)) fields[n++] = 'c';
    fields[n] = 0;
    put(o, "msr%s %s_%s, ", cc, psr, fields);
    if (insn & (1u << 25)) put(o, "#0x%x", ror32(insn & 0xff, (insn >> 7) & 0x1e));
    else put(o, "%s", reg_name[insn & 15]);
}

static void dis_ldrstr(out_t *o, uint32_t addr, uint32_t insn, const char *cc)
{
    bool load = (insn >> 20) & 1, byte = (insn >> 22) & 1, pre = (insn >> 24) & 1;
    bool up = (insn >> 23) & 1, w = (insn >> 21) & 1;
    unsigned rn = (insn >> 16) & 15, rd = (insn >> 12) & 15;
    put(o, "%s%s%s%s %s, ", load ? "ldr" : "str", cc, byte ? "b" : "", !pre && w ? "t" : "", reg_name[rd]);
    const char *sign = up ? "" : "-";
    if (!(insn & (1u << 25))) {
        uint32_t off = insn & 0xfff;
        if (rn == 15 && pre && !w) {
            put(o, "[pc, #%s%u] ; 0x%08x", sign, off, addr + 8 + (up ? off : -off));
            return;
        }
        if (pre) put(o, "[%s, #%s%u]%s", reg_name[rn], sign, off, w ? "!" : "");
        else put(o, "[%s], #%s%u", reg_name[rn], sign, off);
        return;
    }
    put(o, "[%s%s, %s%s", reg_name[rn], pre ? "" : "]", sign, reg_name[insn & 15]);
    unsigned amt = (insn >> 7) & 31, type = (insn >> 5) & 3;
    if (amt || type) {
        if (amt == 0 && type == 3) put(o, ", rrx");
        else put(o, ", %s #%u", shift_name[type], amt ? amt : 32);
    }
    if (pre) put(o, "]%s", w ? "!" : "");
}

static void dis_half(out_t *o, uint32_t insn, const char *cc)
{
    static const char *const sfx[4] = {"?", "h", "sb", "sh"};
    bool load = (insn >> 20) & 1, pre = (insn >> 24) & 1, up = (insn >> 23) & 1, w = (insn >> 21) & 1;
    unsigned rn = (insn >> 16) & 15, rd = (insn >> 12) & 15;
    put(o, "%s%s%s %s, ", load ? "ldr" : "str", cc, sfx[(insn >> 5) & 3], reg_name[rd]);
    const char *sign = up ? "" : "-";
    char off[24];
    if (insn & (1u << 22)) snprintf(off, sizeof off, "#%s%u", sign, ((insn >> 4) & 0xf0) | (insn & 0xf));
    else snprintf(off, sizeof off, "%s%s", sign, reg_name[insn & 15]);
    if (pre) put(o, "[%s, %s]%s", reg_name[rn], off, w ? "!" : "");
    else put(o, "[%s], %s", reg_name[rn], off);
}

static void dis_misc(out_t *o, uint32_t insn, const char *cc)
{
    unsigned rd = (insn >> 16) & 15, rn = (insn >> 12) & 15, rs = (insn >> 8) & 15, rm = insn & 15;
    const char *s = (insn & (1u << 20)) ? "s" : "";
    if (insn & 0x60) {
        dis_half(o, insn, cc);
    } else if ((insn & 0x0F800000u) == 0) {
        if (insn & (1u << 21)) put(o, "mla%s%s %s, %s, %s, %s", cc, s, reg_name[rd], reg_name[rm], reg_name[rs], reg_name[rn]);
        else put(o, "mul%s%s %s, %s, %s", cc, s, reg_name[rd], reg_name[rm], reg_name[rs]);
    } else if ((insn & 0x0F800000u) == 0x00800000u) {
        static const char *const nm[4] = {"umull", "umlal", "smull", "smlal"};
        put(o, "%s%s%s %s, %s, %s, %s", nm[(insn >> 21) & 3], cc, s, reg_name[rn], reg_name[rd], reg_name[rm], reg_name[rs]);
    } else if ((insn & 0x0FB00FF0u) == 0x01000090u) {
        put(o, "swp%s%s %s, %s, [%s]", cc, (insn & (1u << 22)) ? "b" : "", reg_name[rn], reg_name[rm], reg_name[rd]);
    } else {
        put(o, "undefined 0x%08x", insn);
    }
}

int arm_disasm(uint32_t addr, uint32_t insn, char *buf, size_t len)
{
    out_t o = {buf, len, 0};
    if (len) buf[0] = 0;
    const char *cc = cond_name[insn >> 28];
    switch ((insn >> 25) & 7) {
    case 0:
        if ((insn & 0x90) == 0x90) dis_misc(&o, insn, cc);
        else if ((insn & 0x01900000u) == 0x01000000u) dis_psr(&o, insn, cc);
        else dis_dp(&o, insn, cc);
        break;
    case 1:
        if ((insn & 0x01900000u) == 0x01000000u) {
            if (insn & (1u << 21)) dis_psr(&o, insn, cc);
            else put(&o, "undefined 0x%08x", insn);
        } else {
            dis_dp(&o, insn, cc);
        }
        break;
    case 3:
        if (insn & 0x10) { put(&o, "undefined 0x%08x", insn); break; }
        /* fall through */
    case 2: dis_ldrstr(&o, addr, insn, cc); break;
    case 4: {
        static const char *const mode[4] = {"da", "ia", "db", "ib"};
        put(&o, "%s%s%s %s%s, ", (insn & (1u << 20)) ? "ldm" : "stm", cc, mode[(insn >> 23) & 3],
            reg_name[(insn >> 16) & 15], (insn & (1u << 21)) ? "!" : "");
        reglist(&o, insn & 0xffff);
        if (insn & (1u << 22)) put(&o, "^");
        break;
    }
    case 5: {
        uint32_t target = addr + 8 + (uint32_t)((int32_t)(insn << 8) >> 6);
        put(&o, "b%s%s 0x%08x", (insn & (1u << 24)) ? "l" : "", cc, target);
        break;
    }
    case 6: {
        bool pre = (insn >> 24) & 1, up = (insn >> 23) & 1, w = (insn >> 21) & 1;
        unsigned off = (insn & 0xff) * 4;
        put(&o, "%s%s%s p%u, c%u, [%s", (insn & (1u << 20)) ? "ldc" : "stc", cc, (insn & (1u << 22)) ? "l" : "",
            (insn >> 8) & 15, (insn >> 12) & 15, reg_name[(insn >> 16) & 15]);
        if (pre) put(&o, ", #%s%u]%s", up ? "" : "-", off, w ? "!" : "");
        else put(&o, "], #%s%u", up ? "" : "-", off);
        break;
    }
    default:
        if (insn & (1u << 24)) put(&o, "swi%s 0x%06x", cc, insn & 0xffffff);
        else if (insn & 0x10)
            put(&o, "%s%s p%u, %u, %s, c%u, c%u, %u", (insn & (1u << 20)) ? "mrc" : "mcr", cc, (insn >> 8) & 15,
                (insn >> 21) & 7, reg_name[(insn >> 12) & 15], (insn >> 16) & 15, insn & 15, (insn >> 5) & 7);
        else
            put(&o, "cdp%s p%u, %u, c%u, c%u, c%u, %u", cc, (insn >> 8) & 15, (insn >> 20) & 15, (insn >> 12) & 15,
                (insn >> 16) & 15, insn & 15, (insn >> 5) & 7);
        break;
    }
    return (int)o.pos;
}
