| Scrolled dual playfield test ROM (issue 20), compared with FS-UAE (tests/oracle/ref/
| rom-dpfscroll.png, suite 57). Ten bands of 19 lines, each with its own BPLCON0 (lores and
| hires, dual playfield with 2-6 planes, two bands without), BPLCON1 (odd and even playfield
| delays apart, 0-15), BPLCON2 (PF2PRI on and off), DDFSTRT (on time and one or two fetch units
| early, as scrolling displays fetch), BPL1MOD/BPL2MOD (different, so the two playfields walk
| through memory at different rates) and six bitplane pointers into 128 KB of pseudo-random
| data. The display window is wider than standard ($71-$1D1) so the fetch edges show. Each band
| is set up by the copper in a line without bitplanes before it (HRM ch. 3 "Dual-playfield
| mode", ch. 6 "Smooth scrolling" and "Specifying the data fetch").
        .include "rom_start.inc"
| 128 KB at $10000 from a 16-bit Galois LFSR (taps $B400)
        lea     0x10000,%a0
        move.w  #0xace1,%d0
        moveq   #1,%d2
1:      move.w  #0x7fff,%d1
2:      lsr.w   #1,%d0
        bcc.s   3f
        eor.w   #0xb400,%d0
3:      move.w  %d0,(%a0)+
        dbf     %d1,2b
        dbf     %d2,1b
| 32 distinct colours: COLORn = n * $851 (odd, so a bijection on 12 bits)
        lea     0x180(%a5),%a0
        moveq   #0,%d0
        moveq   #31,%d1
4:      move.w  %d0,(%a0)+
        add.w   #0x851,%d0
        and.w   #0xfff,%d0
        dbf     %d1,4b
| the copper list from ROM to chip RAM at $40000
        lea     coplist(%pc),%a1
        lea     0x40000,%a0
        move.w  #(copend-coplist)/2-1,%d0
5:      move.w  (%a1)+,(%a0)+
        dbf     %d0,5b
        move.l  #0x40000,0x80(%a5)
        move.w  #0x2c71,0x8e(%a5)       | DIWSTRT: line $2C, h $71
        move.w  #0xf0d1,0x90(%a5)       | DIWSTOP: line $F0, h $1D1
        move.w  #0x0200,0x100(%a5)
        move.w  #0,0x88(%a5)
        move.w  #0x8380,0x96(%a5)       | DMAEN, bitplanes, copper
9:      bra.s   9b

| band V, CON0, CON1, CON2, DDFSTRT, DDFSTOP, MOD1, MOD2, N: line V without planes while the
| copper sets everything, lines V+1..V+19 shown. Plane p of band N at $10000 + (6N + p) * $5A0.
        .macro  plane reg, n, p
        .word   \reg, (0x10000 + (6 * \n + \p) * 0x5a0) >> 16
        .word   \reg + 2, (0x10000 + (6 * \n + \p) * 0x5a0) & 0xffff
        .endm
        .macro  band v, con0, con1, con2, ddfs, ddfe, mod1, mod2, n
        .word   (\v << 8) + 0x07, 0xfffe
        .word   0x0100, 0x0200
        plane   0x00e0, \n, 0
        plane   0x00e4, \n, 1
        plane   0x00e8, \n, 2
        plane   0x00ec, \n, 3
        plane   0x00f0, \n, 4
        plane   0x00f4, \n, 5
        .word   0x0108, \mod1, 0x010a, \mod2
        .word   0x0102, \con1, 0x0104, \con2
        .word   0x0092, \ddfs, 0x0094, \ddfe
        .word   ((\v + 1) << 8) + 0x07, 0xfffe
        .word   0x0100, \con0
        .endm

coplist:
|             line  BPLCON0 CON1   CON2    DDFSTRT DDFSTOP MOD1  MOD2    n
        band    0x2c, 0x6600, 0x00, 0x0000, 0x38, 0xd0, 0, 2, 0          | lores DPF 3+3
        band    0x40, 0x6600, 0x3c, 0x0040, 0x30, 0xd0, 4, 0, 1          | PF2 in front
        band    0x54, 0x5600, 0xe1, 0x0000, 0x30, 0xd0, 8, 6, 2          | lores DPF 3+2
        band    0x68, 0x3600, 0x7a, 0x0040, 0x28, 0xd0, 2, 4, 3          | 2+1, two units early
        band    0x7c, 0x4600, 0xff, 0x0040, 0x30, 0xd8, 0, 0xfffe, 4     | 2+2, delays 15, late stop
        band    0x90, 0xc600, 0x00, 0x0000, 0x3c, 0xd4, 4, 2, 5          | hires DPF 2+2
        band    0xa4, 0xc600, 0x51, 0x0040, 0x34, 0xd4, 8, 0, 6          | hires, one unit early
        band    0xb8, 0xb600, 0x9e, 0x0000, 0x34, 0xd4, 2, 6, 7          | hires DPF 2+1
        band    0xcc, 0xa600, 0xf7, 0x0040, 0x2c, 0xd4, 0, 4, 8          | hires DPF 1+1, two early
        band    0xe0, 0xc200, 0x2d, 0x0000, 0x34, 0xd4, 6, 2, 9          | hires 4 planes, no DPF
        .word   0xf407, 0xfffe, 0x0100, 0x0200
        .word   0xffff, 0xfffe
copend:
