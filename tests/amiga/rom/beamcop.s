| Copper beam timing test ROM (issue 20), compared with FS-UAE (tests/oracle/ref/
| rom-beamcop.png, suite 57). No Kickstart. Eleven bands of 18 lines from line $2C, one per
| bitplane DMA load: none, lores 1-6 planes, hires 1-4 planes (all planes point at zeroes, so
| every pixel shows COLOR00 while the fetches still take their slots). In each band:
|  +1      copper MOVE timing: 8 MOVEs to COLOR00 in a row from WAIT h $40
|  +2..+9 WAITs at h $38+2j and $C8+2j (around the fetch start and stop), one step per line
|  +10    WAITs at h $DC, $E0, $E2 (end of line) each followed by a MOVE
|  +12    SKIP not taken and taken
| (beamcpu.s adds CPU writes from a copper interrupt handler to the same bands.)
        .set    ZEROES, 0x10000         | 16 KB of zeroes: the bitplanes
        .set    COPLIST, 0x20000
        .include "beam_band.inc"
        .include "rom_start.inc"
        beam_display
main:   bra.s   main



coplist:
        band    0x2c, 0x0200
        band    0x3e, 0x1200
        band    0x50, 0x2200
        band    0x62, 0x3200
        band    0x74, 0x4200
        band    0x86, 0x5200
        band    0x98, 0x6200
        band    0xaa, 0x9200
        band    0xbc, 0xa200
        band    0xce, 0xb200
        band    0xe0, 0xc200
        .word   0xf407, 0xfffe, 0x0100, 0x0200
        .word   0xffff, 0xfffe
copend:
