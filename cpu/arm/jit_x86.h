/* A small x86-64 machine-code emitter for the ARM JIT (DESIGN.md §4 "ARM JIT"): just the
 * instructions the translator needs, encoded per the Intel SDM vol. 2 (REX prefixes, ModRM,
 * SIB). Nothing here knows about ARM. Code goes into a caller-owned buffer; running past its
 * end sets `overflow` (and stops writing) so the translator can flush and retry. */
#ifndef ARCANA_CPU_ARM_JIT_X86_H
#define ARCANA_CPU_ARM_JIT_X86_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Registers, numbered as in ModRM/REX. */
enum {
    JX_RAX, JX_RCX, JX_RDX, JX_RBX, JX_RSP, JX_RBP, JX_RSI, JX_RDI,
    JX_R8, JX_R9, JX_R10, JX_R11, JX_R12, JX_R13, JX_R14, JX_R15,
};

/* Condition codes (the low nibble of Jcc/SETcc/CMOVcc). */
enum {
    JX_CC_O, JX_CC_NO, JX_CC_B, JX_CC_AE, JX_CC_E, JX_CC_NE, JX_CC_BE, JX_CC_A,
    JX_CC_S, JX_CC_NS, JX_CC_P, JX_CC_NP, JX_CC_L, JX_CC_GE, JX_CC_LE, JX_CC_G,
};

/* Group-1 ALU operations (the /digit of opcodes 0x81/0x83 and the row of 0x01..0x3B). */
enum { JX_ADD, JX_OR, JX_ADC, JX_SBB, JX_AND, JX_SUB, JX_XOR, JX_CMP };
/* Group-2 shifts (the /digit of 0xC1/0xD3). */
enum { JX_ROL = 0, JX_ROR = 1, JX_RCL = 2, JX_RCR = 3, JX_SHL = 4, JX_SHR = 5, JX_SAR = 7 };

/* A memory operand: [base + index*scale + disp]; index < 0 for none, base < 0 for none
 * (then an index is required and disp is 32-bit). */
typedef struct jx_mem {
    int8_t base, index;
    uint8_t scale; /* 1, 2, 4, 8 */
    int32_t disp;
} jx_mem_t;
#define JX_M(b, d) ((jx_mem_t){(int8_t)(b), -1, 1, (int32_t)(d)})
#define JX_MI(b, i, s, d) ((jx_mem_t){(int8_t)(b), (int8_t)(i), (uint8_t)(s), (int32_t)(d)})

typedef struct jx {
    uint8_t *start, *p, *end;
    bool overflow;
} jx_t;

void jx_init(jx_t *e, uint8_t *buf, size_t size);
static inline size_t jx_used(const jx_t *e) { return (size_t)(e->p - e->start); }

/* Operand size for the functions taking `w`: 4 (32-bit, upper half of the register zeroed as
 * x86-64 does) or 8 (64-bit). Loads and stores also take 1 and 2. */
void jx_mov_rr(jx_t *e, int w, int dst, int src);
void jx_mov_ri(jx_t *e, int dst, uint32_t imm);          /* 32-bit, zero-extends; flags kept */
void jx_mov64_ri(jx_t *e, int dst, uint64_t imm);        /* shortest form; flags kept */
void jx_movabs(jx_t *e, int dst, uint64_t imm);          /* always the 10-byte form (patchable) */
void jx_load(jx_t *e, int size, bool sign, int dst, jx_mem_t m); /* zero/sign-extends to 32 bits (64 for size 8) */
void jx_store(jx_t *e, int size, jx_mem_t m, int src);
void jx_store_imm(jx_t *e, int size, jx_mem_t m, uint32_t imm); /* size 8: sign-extended imm32 */
void jx_lea(jx_t *e, int w, int dst, jx_mem_t m);
/* RIP-relative (addr within 2 GB of the code, else overflow is set): loads of size 4 or 2
 * (zero-extended), stores of size 4 or 2, a 32-bit immediate store. */
void jx_load_rip(jx_t *e, int size, int dst, const void *addr);
void jx_store_rip(jx_t *e, int size, const void *addr, int src);
void jx_store_rip_imm(jx_t *e, const void *addr, uint32_t imm);

void jx_alu_rr(jx_t *e, int op, int w, int dst, int src);
void jx_alu_ri(jx_t *e, int op, int w, int dst, int32_t imm);
void jx_alu_rm(jx_t *e, int op, int w, int dst, jx_mem_t m);   /* dst op= [m] */
void jx_alu_mr(jx_t *e, int op, int w, jx_mem_t m, int src);   /* [m] op= src */
void jx_alu_mi(jx_t *e, int op, int w, jx_mem_t m, int32_t imm); /* w: 1, 4 or 8 */
void jx_test_rr(jx_t *e, int w, int a, int b);
void jx_test_ri(jx_t *e, int w, int r, uint32_t imm);
void jx_test_mi(jx_t *e, int size, jx_mem_t m, uint32_t imm);   /* size 1 or 4 */
void jx_shift_ri(jx_t *e, int op, int w, int r, unsigned count);
void jx_shift_cl(jx_t *e, int op, int w, int r);
void jx_not(jx_t *e, int w, int r);
void jx_neg(jx_t *e, int w, int r);
void jx_imul_rr(jx_t *e, int w, int dst, int src);
void jx_mul(jx_t *e, int w, bool sign, int src);                /* rdx:rax = rax * src */
void jx_bt_mi(jx_t *e, jx_mem_t m, unsigned bit);               /* CF = bit of dword [m] */
void jx_bsr(jx_t *e, int dst, int src);                         /* ZF = (src == 0) */
void jx_bt_ri(jx_t *e, int w, int r, unsigned bit);             /* CF = bit of r */
void jx_bt_rr(jx_t *e, int r, int bit);                         /* CF = bit (register, mod 32) of r */
void jx_cmc(jx_t *e);
void jx_lahf(jx_t *e);                                          /* AH = SF:ZF:0:AF:0:PF:1:CF */
void jx_movzx_ah(jx_t *e, int dst);                             /* dst (EAX..EDI) = AH */
void jx_movzx8_rr(jx_t *e, int dst, int src);                   /* dst = (uint8_t)src */
void jx_movzx16_rr(jx_t *e, int dst, int src);                  /* dst = (uint16_t)src */
void jx_rorx(jx_t *e, int dst, int src, unsigned count);        /* BMI2; flags kept */
void jx_setcc(jx_t *e, int cc, int r8);
void jx_cmov(jx_t *e, int cc, int w, int dst, int src);
void jx_push(jx_t *e, int r);
void jx_pushf(jx_t *e);
void jx_popf(jx_t *e);
void jx_pop(jx_t *e, int r);
void jx_ret(jx_t *e);
void jx_call(jx_t *e, const void *fn);                         /* clobbers rax if far */
void jx_jmp_r(jx_t *e, int r);
void jx_jmp_m(jx_t *e, jx_mem_t m);                             /* jmp qword [m] */

/* Branches. The *_fwd forms return the address of a rel32 to fill in with jx_patch32 (NULL if
 * the buffer overflowed); jx_jmp8_fwd/jx_jcc8_fwd give a rel8 for jx_patch8 (short skips). */
uint8_t *jx_jmp_fwd(jx_t *e);
uint8_t *jx_jcc_fwd(jx_t *e, int cc);
uint8_t *jx_jmp8_fwd(jx_t *e);
uint8_t *jx_jcc8_fwd(jx_t *e, int cc);
uint8_t *jx_lea_rip_fwd(jx_t *e, int dst);                    /* LEA dst (64-bit), [RIP + rel32 to fill] */
void jx_jmp_to(jx_t *e, const uint8_t *target);
void jx_jcc_to(jx_t *e, int cc, const uint8_t *target);
/* Points the rel32 at `at` (as returned above) to `target`; false if out of range. */
bool jx_patch32(uint8_t *at, const uint8_t *target);
bool jx_patch8(uint8_t *at, const uint8_t *target);

#endif
