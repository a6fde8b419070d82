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
        .include "rom_start.inc"
        lea     ZEROES,%a0
        move.w  #0x0fff,%d0
3:      clr.l   (%a0)+
        dbf     %d0,3b
        lea     COPLIST,%a0
        lea     coplist(%pc),%a1
        move.w  #(copend-coplist)/4-1,%d0
4:      move.l  (%a1)+,(%a0)+
        dbf     %d0,4b
        move.w  #0x0000,0x180(%a5)
        move.l  #COPLIST,0x80(%a5)
        move.w  #0x2c81,0x8e(%a5)       | DIWSTRT
        move.w  #0xf4c1,0x90(%a5)       | DIWSTOP
        move.w  #0x0038,0x92(%a5)       | DDFSTRT
        move.w  #0x00d0,0x94(%a5)       | DDFSTOP
        move.w  #0xffb0,0x108(%a5)      | modulos -80: every line fetches the same zeroes
        move.w  #0xffb0,0x10a(%a5)
        move.w  #0x0000,0x102(%a5)
        move.w  #0x0000,0x104(%a5)
        move.w  #0x0088,0x88(%a5)       | COPJMP1
        move.w  #0x8380,0x96(%a5)       | DMAEN | BPLEN | COPEN
main:   bra.s   main


        .include "beam_band.inc"

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
