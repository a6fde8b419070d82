/* m68k_disasm: mnemonics, operands and instruction lengths for every addressing mode and the
 * main instruction groups (Motorola syntax, PRM §4). */
#include "cpu/m68k/m68k.h"
#include "tests/test.h"

typedef struct code {
    uint32_t base;
    const uint16_t *w;
    unsigned n;
} code_t;

static uint16_t peek(void *ctx, uint32_t addr)
{
    const code_t *c = ctx;
    uint32_t i = (addr - c->base) / 2;
    return i < c->n ? c->w[i] : 0;
}

static void dis(test_ctx_t *t, const uint16_t *w, unsigned n, const char *want, unsigned want_len, int line)
{
    code_t c = { 0x1000, w, n };
    char buf[96];
    unsigned len = m68k_disasm(0x1000, peek, &c, buf, sizeof buf);
    if (strcmp(buf, want) != 0 || len != want_len)
        test_fail(t, __FILE__, line, "got \"%s\" (%u bytes), want \"%s\" (%u bytes)", buf, len, want, want_len);
}

#define DIS(want, len, ...)                                                                   \
    do { static const uint16_t w_[] = { __VA_ARGS__ };                                        \
         dis(t, w_, sizeof w_ / 2, want, len, __LINE__); } while (0)

TEST(m68k_disasm_addressing_modes)
{
    DIS("move.l d1,d2", 2, 0x2401);
    DIS("movea.w a3,a0", 2, 0x304B);
    DIS("move.b (a1),(a2)+", 2, 0x14D1);
    DIS("move.w -(a7),$10(a6)", 4, 0x3D67, 0x0010);
    DIS("move.l -$4(a5,d3.w),($1234).w", 6, 0x21F5, 0x30FC, 0x1234);
    DIS("move.b ($123456).l,$8(a0,a2.l)", 8, 0x11B9, 0x0012, 0x3456, 0xA808);
    DIS("move.w $1012(pc),d0", 4, 0x303A, 0x0010);
    DIS("move.w $1004(pc,d1.w),d0", 4, 0x303B, 0x1002);
    DIS("move.l #$12345678,d7", 6, 0x2E3C, 0x1234, 0x5678);
    DIS("move.b #$7f,d0", 4, 0x103C, 0x007F);
}

TEST(m68k_disasm_groups)
{
    DIS("ori.b #$12,d0", 4, 0x0000, 0x0012);
    DIS("andi #$f8ff,sr", 4, 0x027C, 0xF8FF);
    DIS("eori #$1f,ccr", 4, 0x0A3C, 0x001F);
    DIS("cmpi.l #$10000,(a0)", 6, 0x0C90, 0x0001, 0x0000);
    DIS("btst #3,(a0)", 4, 0x0810, 0x0003);
    DIS("bset d2,d1", 2, 0x05C1);
    DIS("movep.l d0,$4(a1)", 4, 0x01C9, 0x0004);
    DIS("moveq #-$1,d3", 2, 0x76FF);
    DIS("addq.w #8,a0", 2, 0x5048);
    DIS("subq.l #1,d0", 2, 0x5380);
    DIS("dbra d0,$ffe", 4, 0x51C8, 0xFFFC);
    DIS("sne (a0)", 2, 0x56D0);
    DIS("bra.s $1010", 2, 0x600E);
    DIS("bsr.w $ffe", 4, 0x6100, 0xFFFC);
    DIS("beq.s $1000", 2, 0x67FE);
    DIS("divu.w d1,d0", 2, 0x80C1);
    DIS("muls.w #$a,d2", 4, 0xC5FC, 0x000A);
    DIS("sbcd -(a1),-(a2)", 2, 0x8509);
    DIS("abcd d1,d2", 2, 0xC501);
    DIS("exg d1,a2", 2, 0xC38A);
    DIS("exg a0,a1", 2, 0xC149);
    DIS("addx.l -(a0),-(a1)", 2, 0xD388);
    DIS("cmpm.w (a0)+,(a1)+", 2, 0xB348);
    DIS("eor.w d1,(a0)", 2, 0xB350);
    DIS("suba.l d0,a7", 2, 0x9FC0);
    DIS("add.l d0,-(a1)", 2, 0xD1A1);
    DIS("and.w (a0),d1", 2, 0xC250);
    DIS("asl.w #1,d0", 2, 0xE340);
    DIS("lsr.l d1,d2", 2, 0xE2AA);
    DIS("roxr.b #8,d7", 2, 0xE017);
    DIS("rol.w (a0)", 2, 0xE7D0);
}

TEST(m68k_disasm_misc)
{
    DIS("movem.l d0-d3/a5-a6,-(a7)", 4, 0x48E7, 0xF006);
    DIS("movem.w (a7)+,d0/a0", 4, 0x4C9F, 0x0101);
    DIS("lea $8(a0),a1", 4, 0x43E8, 0x0008);
    DIS("pea ($1234).w", 4, 0x4878, 0x1234);
    DIS("link a6,#-$8", 4, 0x4E56, 0xFFF8);
    DIS("unlk a6", 2, 0x4E5E);
    DIS("move usp,a0", 2, 0x4E68);
    DIS("move a1,usp", 2, 0x4E61);
    DIS("move sr,d0", 2, 0x40C0);
    DIS("move d0,ccr", 2, 0x44C0);
    DIS("move #$2700,sr", 4, 0x46FC, 0x2700);
    DIS("stop #$2000", 4, 0x4E72, 0x2000);
    DIS("trap #15", 2, 0x4E4F);
    DIS("jsr (a0)", 2, 0x4E90);
    DIS("jmp ($fc00d2).l", 6, 0x4EF9, 0x00FC, 0x00D2);
    DIS("rts", 2, 0x4E75);
    DIS("rte", 2, 0x4E73);
    DIS("reset", 2, 0x4E70);
    DIS("nop", 2, 0x4E71);
    DIS("ext.l d1", 2, 0x48C1);
    DIS("swap d2", 2, 0x4842);
    DIS("tas (a0)", 2, 0x4AD0);
    DIS("tst.l d0", 2, 0x4A80);
    DIS("chk.w (a0),d1", 2, 0x4390);
    DIS("nbcd d0", 2, 0x4800);
    DIS("illegal", 2, 0x4AFC);
}

TEST(m68k_disasm_invalid)
{
    DIS("dc.w $a000", 2, 0xA000);      /* line A */
    DIS("dc.w $f123", 2, 0xF123);      /* line F */
    DIS("dc.w $1048", 2, 0x1048);      /* move.b a0,d0: no byte An */
    DIS("dc.w $4ec0", 2, 0x4EC0);      /* jmp d0 */
    DIS("dc.w $0cfc", 2, 0x0CFC);      /* size 3 immediate */
    DIS("dc.w $4e7a", 2, 0x4E7A);      /* movec is 68010+ */
}
