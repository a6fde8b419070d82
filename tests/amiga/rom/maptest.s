| A500 machine test ROM (256 KB at F80000, seen at 0 through the overlay after reset). Checks the
| memory map, the overlay switch on CIA-A PRA bit 0, CIA-B register addressing, INTENA/INTENAR,
| a CIA-A timer interrupt through Paula (level 2) and vertical blank interrupts (level 3).
| Results at $100.. as longs, $c0de0010 at $fc when done (tests/machines/test_a500.c).
        .set    CUSTOM, 0xdff000
        .org    0
        .long   0x0007fff0              | initial SSP
        .long   0x00f80010              | initial PC
        .org    0x10
start:  lea     CUSTOM,%a5
        move.w  #0x7fff,0x9a(%a5)
        move.w  #0x7fff,0x9c(%a5)
        move.l  0,%d0                   | overlay: the ROM's first long
        move.l  #0x12345678,0           | writes reach chip RAM underneath
        move.l  0,%d1                   | still the ROM
        move.b  #0x03,0xbfe201          | CIA-A DDRA: OVL and LED outputs
        move.b  #0x00,0xbfe001          | OVL low: chip RAM at 0
        move.l  0,%d2                   | $12345678
        move.l  0x80000,%d3             | 512 KB chip RAM repeats at $80000
        move.l  #0xcafebabe,0xc00000
        move.l  0xc00000,%d4            | slow RAM
        move.b  #0x34,0xbfd400          | CIA-B TALO (even byte)
        move.b  #0x12,0xbfd500          | TAHI: stopped timer loads
        moveq   #0,%d5
        move.b  0xbfd500,%d5
        lsl.w   #8,%d5
        move.b  0xbfd400,%d5            | $1234
        move.w  #0xc020,0x9a(%a5)
        move.w  0x1c(%a5),%d6           | INTENAR $4020
        move.w  #0x7fff,0x9a(%a5)
        lea     0x100,%a0
        movem.l %d0-%d6,(%a0)           | $100..$118

| CIA-A timer A one-shot, 16 E clocks, interrupt through INT2 (autovector $68)
        lea     level2(%pc),%a0
        move.l  %a0,0x68
        lea     level3(%pc),%a0
        move.l  %a0,0x6c
        clr.l   0x120
        clr.l   0x130
        move.b  #0x7f,0xbfed01
        tst.b   0xbfed01
        move.b  #0x81,0xbfed01          | ICR: enable TA
        move.w  #0xc008,0x9a(%a5)       | INTEN | PORTS
        move.b  #0x08,0xbfee01          | one-shot
        move.b  #0x10,0xbfe401
        move.b  #0x00,0xbfe501          | loads and starts
        move.w  #0x2000,%sr
1:      tst.l   0x120
        beq.s   1b
| vertical blank interrupts (autovector $6c): wait for three
        move.w  #0xc020,0x9a(%a5)
2:      cmp.l   #3,0x130
        bcs.s   2b
        move.w  #0x2700,%sr
        move.l  #0xc0de0010,0xfc
3:      bra.s   3b

level2: move.l  %d7,-(%sp)
        moveq   #0,%d7
        move.b  0xbfed01,%d7            | ICR: $81, clears the request at the CIA
        move.l  %d7,0x124
        move.w  #0x0008,CUSTOM+0x9c
        move.l  #1,0x120
        move.l  (%sp)+,%d7
        rte

level3: move.w  #0x0020,CUSTOM+0x9c
        addq.l  #1,0x130
        rte

        .include "iack.inc"
