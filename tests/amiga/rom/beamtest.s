| Copper/bitplane beam timing test ROM (issue 20), compared with FS-UAE (tests/oracle/ref/
| rom-beamtest.png, suite 57). No Kickstart; header $1114 as FS-UAE wants. One static picture:
|  - lines $2C-$9F: dual playfield, 4 lores planes, DDFSTRT $30; the copper sets BPLCON1 at
|    the start of every line and changes it again at h $70 on every other line; from $90
|    PF2 in front (BPLCON2 PF2PRI).
|  - lines $B0-$BF: hires dual playfield (2 planes) with BPLCON1 delays.
|  - lines $C0-$CF: strings of copper MOVEs to COLOR01 with 4 lores planes fetched.
|  - lines $D0-$DF: no bitplanes, a staircase of copper MOVEs to COLOR00 (one step per line).
        .set    PLANES, 0x10000         | 4 planes of 128 bytes (one row, repeated by modulo)
        .set    COPLIST, 0x20000
        .include "rom_start.inc"
| bitplane rows: plane 1 alternating $FFFF/$0000 words, plane 2 $FF00, plane 3 $F0F0 with a
| word index in its low nibble... (distinct edges per plane and per word)
        lea     PLANES,%a0
        moveq   #63,%d0
        moveq   #0,%d1
1:      move.w  %d1,%d2
        btst    #0,%d2
        seq     %d3
        ext.w   %d3
        move.w  %d3,(%a0)               | plane 1
        move.w  #0xff00,128(%a0)        | plane 2
        move.w  %d1,%d3
        and.w   #0x000f,%d3
        or.w    #0xf0f0,%d3
        move.w  %d3,256(%a0)            | plane 3
        move.w  #0xcccc,%d3
        eor.w   %d1,%d3
        move.w  %d3,384(%a0)            | plane 4
        addq.w  #1,%d1
        addq.l  #2,%a0
        dbf     %d0,1b
| colours
        lea     0x180(%a5),%a0
        lea     colours(%pc),%a1
        moveq   #31,%d0
2:      move.w  (%a1)+,(%a0)+
        dbf     %d0,2b
| copper list: copy the fixed head, then generate the rest
        lea     COPLIST,%a0
        lea     cophead(%pc),%a1
3:      move.l  (%a1)+,%d0
        move.l  %d0,(%a0)+
        cmp.l   #0xfffffffe,%d0
        bne.s   3b
        subq.l  #4,%a0
| lines $2C-$9F: BPLCON1 per group of 4 lines, mid-line change on odd groups
        moveq   #0,%d1                  | group
        move.w  #0x2c,%d2               | line
4:      move.w  %d2,%d3
        lsl.w   #8,%d3
        or.w    #0x0007,%d3             | WAIT (line, $06)
        move.w  %d3,(%a0)+
        move.w  #0xfffe,(%a0)+
        move.w  %d1,%d3
        mulu    #0x35,%d3               | odd/even delays from the group number
        and.w   #0x00ff,%d3
        move.w  #0x0102,(%a0)+
        move.w  %d3,(%a0)+
        cmp.w   #0x90,%d2
        bne.s   5f
        move.l  #0x01040040,(%a0)+      | BPLCON2: PF2 in front from line $90
5:      btst    #0,%d1
        beq.s   6f
        move.w  %d2,%d3
        lsl.w   #8,%d3
        or.w    #0x0071,%d3             | WAIT (line, $70)
        move.w  %d3,(%a0)+
        move.w  #0xfffe,(%a0)+
        move.w  #0x0102,(%a0)+
        move.w  %d1,%d3
        mulu    #0x5b,%d3
        and.w   #0x00ff,%d3
        move.w  %d3,(%a0)+
6:      addq.w  #1,%d1
        addq.w  #1,%d2
        cmp.w   #0xa0,%d2
        bcs.s   4b
| lines $B0-$BF: hires, 2 planes, dual playfield, modulo -84, delays per 2 lines
        move.l  #0xb007fffe,(%a0)+
        move.l  #0x0100a600,(%a0)+
        move.l  #0x0108ffac,(%a0)+
        move.l  #0x010affac,(%a0)+
        move.l  #0x01040000,(%a0)+
        move.w  #0xb0,%d2
        moveq   #0,%d1
8:      move.w  %d2,%d3
        lsl.w   #8,%d3
        or.w    #0x0007,%d3
        move.w  %d3,(%a0)+
        move.w  #0xfffe,(%a0)+
        move.w  #0x0102,(%a0)+
        move.w  %d1,%d3
        mulu    #0x27,%d3
        and.w   #0x00ff,%d3
        move.w  %d3,(%a0)+
        addq.w  #1,%d1
        addq.w  #2,%d2
        cmp.w   #0xc0,%d2
        bcs.s   8b
| lines $C0-$CF: back to lores 4 planes; strings of MOVEs to COLOR01 from h = $30 + 4 * n
        move.l  #0xc007fffe,(%a0)+
        move.l  #0x01004600,(%a0)+
        move.l  #0x0108ffd6,(%a0)+
        move.l  #0x010affd6,(%a0)+
        move.l  #0x01020000,(%a0)+
        move.w  #0xc0,%d2
        moveq   #0x31,%d4
9:      move.w  %d2,%d3
        lsl.w   #8,%d3
        or.w    %d4,%d3
        move.w  %d3,(%a0)+
        move.w  #0xfffe,(%a0)+
        moveq   #11,%d0
10:     move.w  #0x0182,(%a0)+
        move.w  %d0,%d3
        mulu    #0x0153,%d3
        and.w   #0x0fff,%d3
        move.w  %d3,(%a0)+
        dbf     %d0,10b
        move.l  #0x01820f00,(%a0)+
        addq.w  #2,%d2
        addq.w  #4,%d4
        cmp.w   #0xd0,%d2
        bcs.s   9b
| lines $D0-$DF: no bitplanes, staircase of COLOR00 changes
        move.l  #0xd007fffe,(%a0)+
        move.l  #0x01000200,(%a0)+
        move.w  #0xd0,%d2
        moveq   #0x41,%d4
11:     move.w  %d2,%d3
        lsl.w   #8,%d3
        or.w    %d4,%d3
        move.w  %d3,(%a0)+
        move.w  #0xfffe,(%a0)+
        move.l  #0x01800f0f,(%a0)+
        move.w  %d2,%d3
        lsl.w   #8,%d3
        or.w    #0x00c1,%d3
        move.w  %d3,(%a0)+
        move.w  #0xfffe,(%a0)+
        move.l  #0x01800000,(%a0)+
        addq.w  #1,%d2
        addq.w  #2,%d4
        cmp.w   #0xe0,%d2
        bcs.s   11b
        move.l  #0xfffffffe,(%a0)+
| display registers and DMA
        move.l  #COPLIST,0x80(%a5)
        move.w  #0x2c81,0x8e(%a5)       | DIWSTRT
        move.w  #0xf4c1,0x90(%a5)       | DIWSTOP (line $F4)
        move.w  #0x0030,0x92(%a5)       | DDFSTRT: one word before $38 for scrolling
        move.w  #0x00d0,0x94(%a5)       | DDFSTOP
        move.w  #0x0088,0x88(%a5)       | COPJMP1
        move.w  #0x8380,0x96(%a5)       | DMAEN | BPLEN | COPEN
main:   bra.s   main

cophead:
        .long   0x00e00001, 0x00e20000  | BPL1PT = $10000
        .long   0x00e40001, 0x00e60080  | BPL2PT
        .long   0x00e80001, 0x00ea0100  | BPL3PT
        .long   0x00ec0001, 0x00ee0180  | BPL4PT
        .long   0x01004600              | 4 planes, DPF, colour
        .long   0x0108ffd6, 0x010affd6  | modulos -42: every line shows the same row
        .long   0x01020000, 0x01040000
        .long   0xfffffffe

colours:
        .word   0x000, 0xf00, 0x0f0, 0xff0, 0x00f, 0xf0f, 0x0ff, 0xfff
        .word   0x444, 0x800, 0x080, 0x880, 0x008, 0x808, 0x088, 0x888
        .word   0x111, 0x222, 0x333, 0x444, 0x555, 0x666, 0x777, 0x999
        .word   0xaaa, 0xbbb, 0xccc, 0xddd, 0xeee, 0x123, 0x456, 0x789
