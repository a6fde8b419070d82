| Mid-line CPU and copper beam timing test ROM (issue 20), compared with FS-UAE (tests/oracle/
| ref/rom-beamcpu.png, suite 57). No Kickstart. Eleven bands of 18 lines from line $2C, one per
| bitplane DMA load: none, lores 1-6 planes, hires 1-4 planes (all planes point at zeroes, so
| every pixel shows COLOR00 while the fetches still take their slots). In each band:
|  +1      copper MOVE timing: 8 MOVEs to COLOR00 in a row from WAIT h $40
|  +2..+9 WAITs at h $38+2j and $C8+2j (around the fetch start and stop), one step per line
|  +10    WAITs at h $DC, $E0, $E2 (end of line) each followed by a MOVE
|  +12    SKIP taken and not taken
|  +13..  the copper raises a level-3 interrupt (INTREQ COPER) at h $06; the CPU, woken from
|         STOP, runs a handler in chip RAM: COLOR00 writes back to back, with NOPs, with chip
|         RAM reads, CLR (read then write), and writes after busy-waiting on VHPOSR.
        .set    ZEROES, 0x10000         | 16 KB of zeroes: the bitplanes
        .set    HANDLER, 0x1000         | interrupt handler copied to chip RAM
        .set    COPLIST, 0x20000
        .include "beam_band.inc"
        .include "rom_start.inc"
| every vector -> "bad": a red screen says an unexpected exception happened
        lea     8.w,%a0
        lea     bad(%pc),%a1
        moveq   #61,%d0
1:      move.l  %a1,(%a0)+
        dbf     %d0,1b
        move.l  #HANDLER,0x6c.w         | level 3 autovector
        lea     HANDLER,%a0
        lea     irq(%pc),%a1
        move.w  #(irqend-irq)/2-1,%d0
2:      move.w  (%a1)+,(%a0)+
        dbf     %d0,2b
        beam_display
        lea     0x180(%a5),%a1          | the handler's registers
        lea     0x006(%a5),%a2
        lea     ZEROES,%a3
        move.w  #0x0f00,%d2
        move.w  #0x00f0,%d3
        move.w  #0x000f,%d4
        move.w  #0x0ff0,%d6
        move.w  #0x0f0f,%d7
12:     cmp.b   #0x10,0x006(%a5)        | start in the vertical blank, nothing pending
        bne.s   12b
        move.w  #0x7fff,0x9c(%a5)
        move.w  #0xc010,0x9a(%a5)       | INTEN | COPER

main:   stop    #0x2000
        bra.s   main

bad:    move.w  #0x0f00,0xdff180
        bra.s   bad

| level-3 handler (runs from chip RAM, so its fetches compete with the bitplanes)
irq:    move.w  %d2,(%a1)               | latency of the wake-up
        move.w  #0x0010,0x9c(%a5)       | clear COPER early: IPL long gone at the RTE
        move.w  %d3,(%a1)
        move.w  %d4,(%a1)
        move.w  %d6,(%a1)
        move.w  %d7,(%a1)
        move.w  %d2,(%a1)
        nop
        move.w  %d3,(%a1)
        nop
        nop
        move.w  %d4,(%a1)
        move.w  (%a3),%d0               | chip RAM read
        move.w  %d6,(%a1)
        move.l  (%a3),%d0
        move.w  %d7,(%a1)
        clr.w   (%a1)                   | 68000 CLR reads before it writes
        move.w  %d2,(%a1)
        move.w  #0x0888,(%a1)
        mulu    %d2,%d0
        move.w  %d3,(%a1)
        move.w  #0,(%a1)
6:      move.w  (%a2),%d0               | busy-wait on VHPOSR for h $90
        and.w   #0x00ff,%d0
        cmp.w   #0x0090,%d0
        bcs.s   6b
        move.w  %d4,(%a1)
7:      cmp.b   #0xc0,1(%a2)            | byte read, h $C0
        bcs.s   7b
        move.w  %d6,(%a1)
        move.w  #0,(%a1)
        rte
irqend:


coplist:
        band    0x2c, 0x0200, 1
        band    0x3e, 0x1200, 1
        band    0x50, 0x2200, 1
        band    0x62, 0x3200, 1
        band    0x74, 0x4200, 1
        band    0x86, 0x5200, 1
        band    0x98, 0x6200, 1
        band    0xaa, 0x9200, 1
        band    0xbc, 0xa200, 1
        band    0xce, 0xb200, 1
        band    0xe0, 0xc200, 1
        .word   0xf407, 0xfffe, 0x0100, 0x0200
        .word   0xffff, 0xfffe
copend:

        .include "iack.inc"
