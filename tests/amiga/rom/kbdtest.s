| Keyboard test ROM: receives key codes through CIA-A's serial port at level 2, decodes them
| (NOT, ROR #1), stores them at $200.. (count at $1fc) and answers each with the KDAT
| handshake (serial port to output for about 100 us). $c0de0011 at $fc once running.
        .set    CUSTOM, 0xdff000
        .org    0
        .long   0x0007fff0
        .long   0x00f80010
        .org    0x10
start:  lea     CUSTOM,%a5
        move.w  #0x7fff,0x9a(%a5)
        move.w  #0x7fff,0x9c(%a5)
        move.b  #0x03,0xbfe201
        move.b  #0x00,0xbfe001          | overlay off
        clr.l   0x1fc
        lea     level2(%pc),%a0
        move.l  %a0,0x68
        move.b  #0x7f,0xbfed01
        tst.b   0xbfed01
        move.b  #0x00,0xbfee01          | serial port: input
        move.b  #0x88,0xbfed01          | ICR: enable SP
        move.w  #0xc008,0x9a(%a5)       | INTEN | PORTS
        move.w  #0x2000,%sr
        move.l  #0xc0de0011,0xfc
1:      bra.s   1b

level2: movem.l %d0-%d1/%a0,-(%sp)
        move.b  0xbfed01,%d0
        btst    #3,%d0
        beq.s   2f
        move.b  0xbfec01,%d0            | SDR
        not.b   %d0
        ror.b   #1,%d0
        lea     0x200,%a0
        add.l   0x1fc,%a0
        move.b  %d0,(%a0)
        addq.l  #1,0x1fc
        or.b    #0x40,0xbfee01          | KDAT low: handshake
        moveq   #70,%d1
3:      tst.b   0xbfe001                | each CIA access takes >= 1.4 us
        dbf     %d1,3b
        and.b   #0xbf,0xbfee01
2:      move.w  #0x0008,CUSTOM+0x9c
        movem.l (%sp)+,%d0-%d1/%a0
        rte

        .include "iack.inc"
