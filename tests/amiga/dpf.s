| Dual playfield test: 320x200, four bitplanes at $40000. Playfield 1 (planes 1, 3): vertical
| stripes in a box; playfield 2 (planes 2, 4): horizontal bands in an overlapping box, scrolled
| right by 5 pixels (BPLCON1). The copper gives playfield 1 priority on the top half and
| playfield 2 (BPLCON2 PF2PRI) on the bottom half. Checked by the frame's hash.
        .include "common.i"
        .set    SCREEN, 0x40000
        .set    PLANE, 8000
        BOOTBLOCK
start:  TAKEOVER
        lea     SCREEN,%a0
        move.w  #4*PLANE/4-1,%d0
1:      clr.l   (%a0)+
        dbf     %d0,1b
| playfield 1: words 2..11 of lines 20..179, planes 1 and 3
        lea     SCREEN+20*40+4,%a0
        move.w  #159,%d1
2:      moveq   #9,%d0
        move.l  %a0,%a1
3:      move.w  #0xff00,(%a1)
        move.w  #0xf0f0,2*PLANE(%a1)
        addq.l  #2,%a1
        dbf     %d0,3b
        lea     40(%a0),%a0
        dbf     %d1,2b
| playfield 2: words 8..17 of lines 60..139, planes 2 and 4, bands by line bits 3 and 4
        lea     SCREEN+60*40+16+PLANE,%a0
        moveq   #60,%d2
        move.w  #79,%d1
4:      moveq   #0,%d3
        btst    #3,%d2
        beq.s   5f
        not.w   %d3
5:      moveq   #0,%d4
        btst    #4,%d2
        beq.s   6f
        not.w   %d4
6:      moveq   #9,%d0
        move.l  %a0,%a1
7:      move.w  %d3,(%a1)
        move.w  %d4,2*PLANE(%a1)
        addq.l  #2,%a1
        dbf     %d0,7b
        lea     40(%a0),%a0
        addq.w  #1,%d2
        dbf     %d1,4b
        COPYLIST coplist, COPPER, (coplist_end-coplist)/2
        moveq   #0,%d0
        START_COPPER
        move.w  #0x8100,DMACON(%a5)
        move.l  #0xc0de0007,RESULT
hang:   bra.s   hang

coplist:
        .word   0x0100,0x4600, 0x0102,0x0050, 0x0104,0x0000   | 4 planes, DBLPF; PF2 +5
        .word   0x008e,0x2c81, 0x0090,0xf4c1, 0x0092,0x0030, 0x0094,0x00d0
        .word   0x0108,0xfffe, 0x010a,0xfffe                  | 21 words fetched: modulo -2
        .word   0x00e0,(SCREEN-2)>>16,          0x00e2,(SCREEN-2)&0xffff
        .word   0x00e4,(SCREEN+PLANE-2)>>16,    0x00e6,(SCREEN+PLANE-2)&0xffff
        .word   0x00e8,(SCREEN+2*PLANE-2)>>16,  0x00ea,(SCREEN+2*PLANE-2)&0xffff
        .word   0x00ec,(SCREEN+3*PLANE-2)>>16,  0x00ee,(SCREEN+3*PLANE-2)&0xffff
        .word   0x0180,0x0123, 0x0182,0x0f00, 0x0184,0x00f0, 0x0186,0x0ff0
        .word   0x0192,0x000f, 0x0194,0x0f0f, 0x0196,0x00ff
        .word   0x9401,0xfffe, 0x0104,0x0040                  | line $94: PF2 in front
        .word   0xffff,0xfffe
coplist_end:
