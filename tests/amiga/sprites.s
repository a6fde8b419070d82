| Sprite test: a one-bitplane screen with a rectangle, sprite 0 over the rectangle, sprite 2
| over sprite 0, sprite 4 alone, sprites 6+7 attached (15 colours). Checked by the frame's hash
| and by CLXDAT (CLXCON = plane 1 set): RESULT+4 = CLXDAT after a frame << 16 | CLXDAT read
| again at once (reading clears it), bit 15 masked off.
        .include "common.i"
        .set    SCREEN, 0x40000
        .set    SPRITES, 0x50000
        .set    NULLSPR, 0x50f00
        .set    CLXDAT, 0x00e
        .set    CLXCON, 0x098
        BOOTBLOCK
start:  TAKEOVER
| screen: clear 40 x 200 bytes, rectangle at bytes 10..14 of lines 80..119
        lea     SCREEN,%a0
        move.w  #2000-1,%d0
1:      clr.l   (%a0)+
        dbf     %d0,1b
        lea     SCREEN+80*40+10,%a0
        moveq   #39,%d0
2:      move.l  #0xffffffff,(%a0)
        move.b  #0xff,4(%a0)
        lea     40(%a0),%a0
        dbf     %d0,2b
| sprites: (POS, CTL, data long, lines - 1, destination)
        clr.l   NULLSPR
        lea     SPRITES,%a1
        move.l  #0x74640000+0x8400,%d1  | sprite 0: v $74..$84, h $c8
        move.l  #0xffff00ff,%d3
        bsr     mksprite
        lea     SPRITES+0x100,%a1
        move.l  #0x70600000+0x8000,%d1  | sprite 2: v $70..$80, h $c0
        move.l  #0xf0f0ff00,%d3
        bsr     mksprite
        lea     SPRITES+0x200,%a1
        move.l  #0x50900000+0x6000,%d1  | sprite 4: v $50..$60, h $120
        move.l  #0xaaaa5555,%d3
        bsr     mksprite
        lea     SPRITES+0x300,%a1
        move.l  #0xa0a00000+0xb000,%d1  | sprite 6: v $a0..$b0, h $140
        move.l  #0xff00f0f0,%d3
        bsr     mksprite
        lea     SPRITES+0x400,%a1
        move.l  #0xa0a00000+0xb080,%d1  | sprite 7: attached to 6
        move.l  #0xccccaaaa,%d3
        bsr     mksprite
        COPYLIST coplist, COPPER, (coplist_end-coplist)/2
        move.w  #0x0041,CLXCON(%a5)     | ENBP1, match plane 1 = 1
        moveq   #0x20,%d0               | + sprite DMA
        START_COPPER
        move.w  #0x8100,DMACON(%a5)
        WAITVB
        WAITVB
        WAITVB
        move.w  CLXDAT(%a5),%d0         | clears
        WAITVB
        move.w  CLXDAT(%a5),%d0         | the frame just shown
        move.w  CLXDAT(%a5),%d1         | nothing since: 0
        and.w   #0x7fff,%d0
        and.w   #0x7fff,%d1
        swap    %d0
        move.w  %d1,%d0
        move.l  %d0,RESULT+4
        move.l  #0xc0de0005,RESULT
hang:   bra.s   hang

| a1 = destination, d1 = POS << 16 | CTL, d3 = DATA << 16 | DATB, 16 lines
mksprite:
        move.l  %d1,(%a1)+
        moveq   #15,%d0
3:      move.l  %d3,(%a1)+
        dbf     %d0,3b
        clr.l   (%a1)
        rts

coplist:
        .word   0x0100,0x1200, 0x0102,0x0000, 0x0104,0x0024   | sprites in front
        .word   0x008e,0x2c81, 0x0090,0xf4c1, 0x0092,0x0038, 0x0094,0x00d0
        .word   0x0108,0x0000, 0x010a,0x0000
        .word   0x00e0,SCREEN>>16, 0x00e2,SCREEN&0xffff
        .word   0x0120,SPRITES>>16, 0x0122,0x0000
        .word   0x0124,NULLSPR>>16, 0x0126,NULLSPR&0xffff
        .word   0x0128,SPRITES>>16, 0x012a,0x0100
        .word   0x012c,NULLSPR>>16, 0x012e,NULLSPR&0xffff
        .word   0x0130,SPRITES>>16, 0x0132,0x0200
        .word   0x0134,NULLSPR>>16, 0x0136,NULLSPR&0xffff
        .word   0x0138,SPRITES>>16, 0x013a,0x0300
        .word   0x013c,SPRITES>>16, 0x013e,0x0400
        .word   0x0180,0x0000, 0x0182,0x0888
        .word   0x01a2,0x0f00, 0x01a4,0x00f0, 0x01a6,0x000f
        .word   0x01a8,0x0ff0, 0x01aa,0x0f0f, 0x01ac,0x00ff, 0x01ae,0x0fff
        .word   0x01b0,0x0f80, 0x01b2,0x08f0, 0x01b4,0x080f, 0x01b6,0x0f08
        .word   0x01b8,0x0444, 0x01ba,0x0a50, 0x01bc,0x05a0, 0x01be,0x0aaa
        .word   0xffff,0xfffe
coplist_end:
