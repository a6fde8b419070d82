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
        .include "dpf_setup.inc"

| band V, CON0, CON1, CON2, DDFSTRT, DDFSTOP, MOD1, MOD2, N: set up in line V, lines V+1..V+19
| shown.
        .macro  band v, con0, con1, con2, ddfs, ddfe, mod1, mod2, n
        band_setup \v, \n, \con1, \con2, \ddfs, \ddfe, \mod1, \mod2
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
