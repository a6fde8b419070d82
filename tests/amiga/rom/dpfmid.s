| Mid-line changes in dual playfield test ROM (issue 20), compared with FS-UAE (tests/oracle/
| ref/rom-dpfmid.png, suite 57). The same set-up as dpfscroll.s (pseudo-random planes, 32
| colours, wide window), ten bands of 19 lines in which the copper writes one register three
| times a line: at the line start, then at two positions that move on by one copper slot
| (2 colour clocks) every line, so the bands sweep each change across the fetch and the
| display: BPLCON1 in lores and hires dual playfield, BPLCON0 (dual playfield off and on), BPLCON2 (PF2PRI), odd DDFSTRT/DDFSTOP values, DDFSTRT around the fetch's start,
| BPL1MOD around the end of the fetch (when Agnus adds the modulo), DDFSTOP around the fetch's
| end and a bitplane pointer mid-fetch
| (HRM ch. 3 "Dual-playfield mode", ch. 6 "Smooth scrolling" and "Specifying the data fetch").
        .include "rom_start.inc"
        .include "dpf_setup.inc"

| band V, N, CON0, CON1, CON2, DDFSTRT, DDFSTOP, MOD1, MOD2, REG, A, H1, B, H2, C: line V
| without planes while the copper sets everything up; lines V+1..V+19 (k = 0..18): REG = A at
| h $06, B at h H1 + 2k, C at h H2 + 2k.
        .macro  band v, n, con0, con1, con2, ddfs, ddfe, mod1, mod2, reg, a, h1, b, h2, c
        band_setup \v, \n, \con1, \con2, \ddfs, \ddfe, \mod1, \mod2
        .word   ((\v + 1) << 8) + 0x03, 0xfffe
        .word   0x0100, \con0
        .set    k, 0
        .rept   19
        .word   ((\v + 1 + k) << 8) + 0x07, 0xfffe, \reg, \a
        .word   ((\v + 1 + k) << 8) + \h1 + 2 * k + 1, 0xfffe, \reg, \b
        .word   ((\v + 1 + k) << 8) + \h2 + 2 * k + 1, 0xfffe, \reg, \c
        .set    k, k + 1
        .endr
        .endm

coplist:
|             v     n  CON0    CON1  CON2    DDFS  DDFE  MOD1 MOD2  REG     A       H1    B       H2    C
        band    0x2c, 0, 0x6600, 0x00, 0x0000, 0x30, 0xd0, 0, 2,    0x102, 0x00,   0x50, 0x5a,   0xa0, 0xa5
        band    0x40, 1, 0xc600, 0x00, 0x0040, 0x34, 0xd4, 2, 0,    0x102, 0x00,   0x48, 0x3c,   0x98, 0xf1
        band    0x54, 2, 0x4600, 0x37, 0x0000, 0x30, 0xd0, 4, 4,    0x100, 0x4600, 0x58, 0x4200, 0xa8, 0x4600
        band    0x68, 3, 0xc600, 0x84, 0x0000, 0x34, 0xd4, 0, 6,    0x104, 0x0000, 0x60, 0x0040, 0xb0, 0x0000
        band    0x7c, 4, 0x5600, 0x1e, 0x0040, 0x34, 0xcc, 6, 0,    0x102, 0x1e,   0x70, 0xe1,   0xc0, 0x00
        band    0x90, 5, 0xb600, 0x6b, 0x0000, 0x3a, 0xd2, 2, 2,    0x102, 0x6b,   0x40, 0xb6,   0x88, 0x2f
        band    0xa4, 6, 0x6600, 0x49, 0x0040, 0x30, 0xd0, 0, 0,    0x092, 0x0030, 0x20, 0x0038, 0xc0, 0x0030
        band    0xb8, 7, 0x6600, 0x5c, 0x0000, 0x30, 0xd0, 0, 4,    0x108, 0x0000, 0xa0, 0x0008, 0xd0, 0xffd8
        band    0xcc, 8, 0x4600, 0x93, 0x0040, 0x30, 0xd0, 2, 2,    0x094, 0x00d0, 0x60, 0x00d0, 0xb8, 0x00a0
        band    0xe0, 9, 0xc600, 0x22, 0x0000, 0x34, 0xd4, 0, 0,    0x0e6, 0x5a00, 0x70, 0x1000, 0xc0, 0x2000
        .word   0xf407, 0xfffe, 0x0100, 0x0200
        .word   0xffff, 0xfffe
copend:
