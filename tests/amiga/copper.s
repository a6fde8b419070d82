| Copper test: colour changes in the middle of lines. 128 lines, each with three COLOR00 writes
| at horizontal positions that move one copper step per line (a staircase), no bitplanes.
        .include "common.i"
        BOOTBLOCK
start:  TAKEOVER
        lea     COPPER,%a1
        move.l  #0x01000200,(%a1)+      | BPLCON0: colour burst, no planes
        move.w  #0x40,%d1               | line
line:   move.w  %d1,%d2
        lsl.w   #8,%d2
        move.w  %d2,%d4
        or.w    #0x0001,%d2
        move.w  %d2,(%a1)+              | WAIT (line, 0)
        move.w  #0xfffe,(%a1)+
        move.l  #0x01800000,(%a1)+      | COLOR00 = black
        move.w  %d1,%d3
        and.w   #0x3f,%d3
        add.w   %d3,%d3
        add.w   #0x31,%d3               | hp = $30 + 2*(line & 63), bit 0 = WAIT
        or.w    %d3,%d4
        move.w  %d4,(%a1)+              | WAIT (line, hp)
        move.w  #0xfffe,(%a1)+
        move.w  #COLOR00,(%a1)+
        move.w  %d1,%d5
        mulu    #0x123,%d5
        and.w   #0x0fff,%d5
        move.w  %d5,(%a1)+              | COLOR00 = line * $123
        add.w   #0x30,%d4
        move.w  %d4,(%a1)+              | WAIT (line, hp + $30)
        move.w  #0xfffe,(%a1)+
        move.l  #0x01800fff,(%a1)+      | COLOR00 = white
        addq.w  #1,%d1
        cmp.w   #0xc0,%d1
        bne.s   line
        move.l  #0x01800000,(%a1)+
        move.l  #0xfffffffe,(%a1)+      | end: wait for a position never reached
        moveq   #0,%d0
        START_COPPER
        move.l  #0xc0de0001,RESULT
hang:   bra.s   hang
