/* x86-64 emitter for the ARM JIT. Encodings: Intel SDM vol. 2, ch. 2 (REX, ModRM, SIB) and the
 * instruction pages of the opcodes used. */
#include "cpu/arm/jit_x86.h"

#include <string.h>

void jx_init(jx_t *e, uint8_t *buf, size_t size)
{
    e->start = e->p = buf;
    e->end = buf + size;
    e->overflow = false;
}

/* Every instruction is at most 15 bytes: check for that much room up front. After an
 * overflow nothing more is written; the translator sees `overflow` and discards the block. */
static void reserve(jx_t *e)
{
    if (e->end - e->p < 16)
        e->overflow = true;
}
static inline uint8_t *outp(jx_t *e) { return e->overflow ? NULL : e->p; }

static void b1(jx_t *e, unsigned v)
{
    if (e->overflow)
        return;
    *e->p++ = (uint8_t)v;
}
static void b4(jx_t *e, uint32_t v)
{
    for (int i = 0; i < 4; i++) b1(e, (v >> (8 * i)) & 0xFF);
}
static void b8(jx_t *e, uint64_t v)
{
    b4(e, (uint32_t)v);
    b4(e, (uint32_t)(v >> 32));
}

/* REX prefix: W for 64-bit operands, R/X/B extend reg, index and base/rm. `force` emits a
 * plain 0x40 so byte registers 4..7 mean SPL..DIL rather than AH..BH. */
static void rex(jx_t *e, int w, int reg, int index, int base, bool force)
{
    unsigned v = 0x40 | (w == 8 ? 8 : 0) | ((reg >> 3) & 1) << 2 | ((index >> 3) & 1) << 1 | ((base >> 3) & 1);
    if (v != 0x40 || force)
        b1(e, v);
}

static void modrm_mem(jx_t *e, int reg, jx_mem_t m)
{
    if (m.base < 0) { /* [index*scale + disp32]: SIB with base 101 and mod 00 */
        int ss = m.scale == 8 ? 3 : m.scale == 4 ? 2 : m.scale == 2 ? 1 : 0;
        b1(e, (unsigned)((reg & 7) << 3 | 4));
        b1(e, (unsigned)(ss << 6 | (m.index & 7) << 3 | 5));
        b4(e, (uint32_t)m.disp);
        return;
    }
    int mod = (m.disp == 0 && (m.base & 7) != 5) ? 0 : (m.disp >= -128 && m.disp <= 127) ? 1 : 2;
    bool sib = m.index >= 0 || (m.base & 7) == 4;
    b1(e, (unsigned)(mod << 6 | (reg & 7) << 3 | (sib ? 4 : (m.base & 7))));
    if (sib) {
        int ss = m.scale == 8 ? 3 : m.scale == 4 ? 2 : m.scale == 2 ? 1 : 0;
        int idx = m.index >= 0 ? (m.index & 7) : 4;
        b1(e, (unsigned)(ss << 6 | idx << 3 | (m.base & 7)));
    }
    if (mod == 1) b1(e, (uint8_t)(int8_t)m.disp);
    else if (mod == 2) b4(e, (uint32_t)m.disp);
}

/* One instruction with a memory operand: [66] [REX] opcode(s) ModRM [SIB] [disp]. */
static void op_m(jx_t *e, int w, bool byte_reg, const uint8_t *op, int oplen, int reg, jx_mem_t m)
{
    reserve(e);
    if (w == 2) b1(e, 0x66);
    rex(e, w, reg, m.index >= 0 ? m.index : 0, m.base >= 0 ? m.base : 0, byte_reg && reg >= 4 && reg < 8);
    for (int i = 0; i < oplen; i++) b1(e, op[i]);
    modrm_mem(e, reg, m);
}

/* One instruction with a register operand in ModRM.rm. */
static void op_r(jx_t *e, int w, bool byte_regs, const uint8_t *op, int oplen, int reg, int rm)
{
    reserve(e);
    if (w == 2) b1(e, 0x66);
    rex(e, w, reg, 0, rm, byte_regs && ((reg >= 4 && reg < 8) || (rm >= 4 && rm < 8)));
    for (int i = 0; i < oplen; i++) b1(e, op[i]);
    b1(e, (unsigned)(0xC0 | (reg & 7) << 3 | (rm & 7)));
}

#define OPS(...) (const uint8_t[]){__VA_ARGS__}, (int)sizeof((const uint8_t[]){__VA_ARGS__})

void jx_mov_rr(jx_t *e, int w, int dst, int src) { op_r(e, w, false, OPS(0x89), src, dst); }

void jx_mov_ri(jx_t *e, int dst, uint32_t imm)
{
    reserve(e);
    rex(e, 4, 0, 0, dst, false);
    b1(e, 0xB8 + (dst & 7));
    b4(e, imm);
}

void jx_mov64_ri(jx_t *e, int dst, uint64_t imm)
{
    if (imm <= 0xFFFFFFFFu) {
        jx_mov_ri(e, dst, (uint32_t)imm);
    } else if ((int64_t)imm == (int32_t)imm) {
        op_r(e, 8, false, OPS(0xC7), 0, dst);
        b4(e, (uint32_t)imm);
    } else {
        reserve(e);
        rex(e, 8, 0, 0, dst, false);
        b1(e, 0xB8 + (dst & 7));
        b8(e, imm);
    }
}

void jx_movabs(jx_t *e, int dst, uint64_t imm)
{
    reserve(e);
    rex(e, 8, 0, 0, dst, false);
    b1(e, 0xB8 + (dst & 7));
    b8(e, imm);
}

void jx_load(jx_t *e, int size, bool sign, int dst, jx_mem_t m)
{
    switch (size) {
    case 1: op_m(e, 4, false, OPS(0x0F, sign ? 0xBE : 0xB6), dst, m); break;
    case 2: op_m(e, 4, false, OPS(0x0F, sign ? 0xBF : 0xB7), dst, m); break;
    case 8: op_m(e, 8, false, OPS(0x8B), dst, m); break;
    default: op_m(e, 4, false, OPS(0x8B), dst, m); break;
    }
}

void jx_store(jx_t *e, int size, jx_mem_t m, int src)
{
    if (size == 1) op_m(e, 4, true, OPS(0x88), src, m);
    else op_m(e, size, false, OPS(0x89), src, m);
}

/* RIP-relative operands: ModRM mod 00, rm 101 (SDM vol. 2, 2.2.1.6); the displacement counts
 * from the end of the instruction, after any immediate (`imm_len` bytes). */
static void rip_op(jx_t *e, bool p66, const uint8_t *op, int oplen, int reg, const void *addr, int imm_len,
                   uint32_t imm)
{
    reserve(e);
    if (p66) b1(e, 0x66);
    rex(e, 4, reg, 0, 0, false);
    for (int i = 0; i < oplen; i++) b1(e, op[i]);
    b1(e, (unsigned)((reg & 7) << 3 | 5));
    int64_t d = (const uint8_t *)addr - (e->p + 4 + imm_len);
    if (d != (int32_t)d) {
        e->overflow = true; /* (out of reach: the translator discards the block) */
        return;
    }
    b4(e, (uint32_t)(int32_t)d);
    for (int i = 0; i < imm_len; i++) b1(e, (imm >> (8 * i)) & 0xFF);
}
void jx_load_rip(jx_t *e, int size, int dst, const void *addr)
{
    if (size == 2) rip_op(e, false, OPS(0x0F, 0xB7), dst, addr, 0, 0);
    else rip_op(e, false, OPS(0x8B), dst, addr, 0, 0);
}
void jx_store_rip(jx_t *e, int size, const void *addr, int src)
{
    rip_op(e, size == 2, OPS(0x89), src, addr, 0, 0);
}
void jx_store_rip_imm(jx_t *e, const void *addr, uint32_t imm)
{
    rip_op(e, false, OPS(0xC7), 0, addr, 4, imm);
}

void jx_store_imm(jx_t *e, int size, jx_mem_t m, uint32_t imm)
{
    if (size == 1) { op_m(e, 4, false, OPS(0xC6), 0, m); b1(e, imm & 0xFF); }
    else if (size == 2) { op_m(e, 2, false, OPS(0xC7), 0, m); b1(e, imm & 0xFF); b1(e, (imm >> 8) & 0xFF); }
    else { op_m(e, size, false, OPS(0xC7), 0, m); b4(e, imm); }
}

void jx_lea(jx_t *e, int w, int dst, jx_mem_t m) { op_m(e, w, false, OPS(0x8D), dst, m); }

void jx_alu_rr(jx_t *e, int op, int w, int dst, int src) { op_r(e, w, false, OPS((uint8_t)(op << 3 | 1)), src, dst); }

void jx_alu_ri(jx_t *e, int op, int w, int dst, int32_t imm)
{
    if (imm >= -128 && imm <= 127) {
        op_r(e, w, false, OPS(0x83), op, dst);
        b1(e, (uint8_t)(int8_t)imm);
    } else {
        op_r(e, w, false, OPS(0x81), op, dst);
        b4(e, (uint32_t)imm);
    }
}

void jx_alu_rm(jx_t *e, int op, int w, int dst, jx_mem_t m) { op_m(e, w, false, OPS((uint8_t)(op << 3 | 3)), dst, m); }
void jx_alu_mr(jx_t *e, int op, int w, jx_mem_t m, int src) { op_m(e, w, false, OPS((uint8_t)(op << 3 | 1)), src, m); }

void jx_alu_mi(jx_t *e, int op, int w, jx_mem_t m, int32_t imm)
{
    if (w == 1) {
        op_m(e, 4, false, OPS(0x80), op, m);
        b1(e, (uint8_t)imm);
    } else if (imm >= -128 && imm <= 127) {
        op_m(e, w, false, OPS(0x83), op, m);
        b1(e, (uint8_t)(int8_t)imm);
    } else {
        op_m(e, w, false, OPS(0x81), op, m);
        b4(e, (uint32_t)imm);
    }
}

void jx_test_rr(jx_t *e, int w, int a, int b) { op_r(e, w, false, OPS(0x85), b, a); }

void jx_test_ri(jx_t *e, int w, int r, uint32_t imm)
{
    op_r(e, w, false, OPS(0xF7), 0, r);
    b4(e, imm);
}

void jx_test_mi(jx_t *e, int size, jx_mem_t m, uint32_t imm)
{
    if (size == 1) { op_m(e, 4, false, OPS(0xF6), 0, m); b1(e, imm & 0xFF); }
    else { op_m(e, 4, false, OPS(0xF7), 0, m); b4(e, imm); }
}

void jx_shift_ri(jx_t *e, int op, int w, int r, unsigned count)
{
    if (count == 1) {
        op_r(e, w, false, OPS(0xD1), op, r);
    } else {
        op_r(e, w, false, OPS(0xC1), op, r);
        b1(e, count & 0xFF);
    }
}

void jx_shift_cl(jx_t *e, int op, int w, int r) { op_r(e, w, false, OPS(0xD3), op, r); }
void jx_not(jx_t *e, int w, int r) { op_r(e, w, false, OPS(0xF7), 2, r); }
void jx_neg(jx_t *e, int w, int r) { op_r(e, w, false, OPS(0xF7), 3, r); }
void jx_imul_rr(jx_t *e, int w, int dst, int src) { op_r(e, w, false, OPS(0x0F, 0xAF), dst, src); }
void jx_mul(jx_t *e, int w, bool sign, int src) { op_r(e, w, false, OPS(0xF7), sign ? 5 : 4, src); }

void jx_bt_mi(jx_t *e, jx_mem_t m, unsigned bit)
{
    op_m(e, 4, false, OPS(0x0F, 0xBA), 4, m);
    b1(e, bit & 31);
}

void jx_bt_ri(jx_t *e, int w, int r, unsigned bit)
{
    op_r(e, w, false, OPS(0x0F, 0xBA), 4, r);
    b1(e, bit & 63);
}

void jx_bt_rr(jx_t *e, int r, int bit) { op_r(e, 4, false, OPS(0x0F, 0xA3), bit, r); }

void jx_bsr(jx_t *e, int dst, int src) { op_r(e, 4, false, OPS(0x0F, 0xBD), dst, src); }

void jx_cmc(jx_t *e) { reserve(e); b1(e, 0xF5); }
void jx_lahf(jx_t *e) { reserve(e); b1(e, 0x9F); }
void jx_movzx_ah(jx_t *e, int dst)
{
    reserve(e); /* 0F B6 /r with rm = 4 (AH): no REX prefix, so dst is one of EAX..EDI */
    b1(e, 0x0F);
    b1(e, 0xB6);
    b1(e, 0xC0 | (unsigned)(dst & 7) << 3 | 4);
}
void jx_movzx8_rr(jx_t *e, int dst, int src) { op_r(e, 4, true, OPS(0x0F, 0xB6), dst, src); }
void jx_movzx16_rr(jx_t *e, int dst, int src) { op_r(e, 4, false, OPS(0x0F, 0xB7), dst, src); }

/* RORX r32, r/m32, imm8 (BMI2): VEX.LZ.F2.0F3A.W0 F0 /r ib. */
void jx_rorx(jx_t *e, int dst, int src, unsigned count)
{
    reserve(e);
    b1(e, 0xC4);
    b1(e, (unsigned)((!(dst & 8)) << 7 | 1u << 6 | (!(src & 8)) << 5 | 0x03));
    b1(e, 0x7B); /* W0, vvvv = 1111 (none), L0, pp = F2 */
    b1(e, 0xF0);
    b1(e, (unsigned)(0xC0 | (dst & 7) << 3 | (src & 7)));
    b1(e, count & 31);
}
void jx_setcc(jx_t *e, int cc, int r8) { op_r(e, 4, true, OPS(0x0F, (uint8_t)(0x90 | cc)), 0, r8); }
void jx_cmov(jx_t *e, int cc, int w, int dst, int src) { op_r(e, w, false, OPS(0x0F, (uint8_t)(0x40 | cc)), dst, src); }

void jx_push(jx_t *e, int r)
{
    reserve(e);
    rex(e, 4, 0, 0, r, false);
    b1(e, 0x50 + (r & 7));
}

uint8_t *jx_lea_rip_fwd(jx_t *e, int dst)
{
    reserve(e);
    rex(e, 8, dst, 0, 0, false);
    b1(e, 0x8D);
    b1(e, (unsigned)((dst & 7) << 3 | 5)); /* mod 00, r/m 101: RIP-relative */
    uint8_t *at = outp(e);
    b4(e, 0);
    return at;
}

void jx_pushf(jx_t *e)
{
    reserve(e);
    b1(e, 0x9C);
}

void jx_popf(jx_t *e)
{
    reserve(e);
    b1(e, 0x9D);
}

void jx_pop(jx_t *e, int r)
{
    reserve(e);
    rex(e, 4, 0, 0, r, false);
    b1(e, 0x58 + (r & 7));
}

void jx_ret(jx_t *e) { reserve(e); b1(e, 0xC3); }
void jx_jmp_r(jx_t *e, int r) { op_r(e, 4, false, OPS(0xFF), 4, r); }
void jx_jmp_m(jx_t *e, jx_mem_t m) { op_m(e, 4, false, OPS(0xFF), 4, m); }

static bool rel32_ok(const uint8_t *from_end, const uint8_t *target)
{
    intptr_t d = target - from_end;
    return d >= INT32_MIN && d <= INT32_MAX;
}

void jx_call(jx_t *e, const void *fn)
{
    reserve(e);
    uint8_t *p = outp(e);
    if (p && rel32_ok(p + 5, fn)) {
        b1(e, 0xE8);
        b4(e, (uint32_t)(int32_t)((const uint8_t *)fn - (p + 5)));
    } else {
        jx_mov64_ri(e, JX_RAX, (uint64_t)(uintptr_t)fn);
        op_r(e, 4, false, OPS(0xFF), 2, JX_RAX);
    }
}

uint8_t *jx_jmp_fwd(jx_t *e)
{
    reserve(e);
    b1(e, 0xE9);
    uint8_t *at = outp(e);
    b4(e, 0);
    return at;
}

uint8_t *jx_jcc_fwd(jx_t *e, int cc)
{
    reserve(e);
    b1(e, 0x0F);
    b1(e, 0x80 | (unsigned)cc);
    uint8_t *at = outp(e);
    b4(e, 0);
    return at;
}

uint8_t *jx_jmp8_fwd(jx_t *e)
{
    reserve(e);
    b1(e, 0xEB);
    uint8_t *at = outp(e);
    b1(e, 0);
    return at;
}

uint8_t *jx_jcc8_fwd(jx_t *e, int cc)
{
    reserve(e);
    b1(e, 0x70 | (unsigned)cc);
    uint8_t *at = outp(e);
    b1(e, 0);
    return at;
}

void jx_jmp_to(jx_t *e, const uint8_t *target)
{
    uint8_t *at = jx_jmp_fwd(e);
    if (at && !jx_patch32(at, target))
        e->overflow = true;
}

void jx_jcc_to(jx_t *e, int cc, const uint8_t *target)
{
    uint8_t *at = jx_jcc_fwd(e, cc);
    if (at && !jx_patch32(at, target))
        e->overflow = true;
}

bool jx_patch32(uint8_t *at, const uint8_t *target)
{
    if (!at || !rel32_ok(at + 4, target))
        return false;
    int32_t d = (int32_t)(target - (at + 4));
    memcpy(at, &d, 4);
    return true;
}

bool jx_patch8(uint8_t *at, const uint8_t *target)
{
    if (!at)
        return false;
    intptr_t d = target - (at + 1);
    if (d < -128 || d > 127)
        return false;
    *at = (uint8_t)(int8_t)d;
    return true;
}
