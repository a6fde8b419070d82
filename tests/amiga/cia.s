| CIA test: timer A one-shot, timer B counting timer A underflows, CIA-A TOD counting vertical
| syncs (with read latch and alarm), CIA-B TOD counting horizontal syncs. Results as longs at
| RESULT+4.., RESULT = $c0de0002 when done. TOD is read and reset only on line 150, far from
| the vertical sync, so the count does not depend on where in the blanking the pulse falls.
        .include "common.i"
        .set    CIAA, 0xbfe001
        .set    CIAB, 0xbfd000
        .set    TALO, 0x400
        .set    TAHI, 0x500
        .set    TBLO, 0x600
        .set    TBHI, 0x700
        .set    TODLO, 0x800
        .set    TODMID, 0x900
        .set    TODHI, 0xa00
        .set    ICR, 0xd00
        .set    CRA, 0xe00
        .set    CRB, 0xf00
        BOOTBLOCK
start:  TAKEOVER
        move.w  #0x0200,BPLCON0(%a5)
        lea     RESULT+4,%a2
        lea     CIAA,%a4
        lea     CIAB,%a3
        move.b  #0x7f,ICR(%a4)          | mask every CIA interrupt
        move.b  #0x7f,ICR(%a3)
        tst.b   ICR(%a4)
        tst.b   ICR(%a3)

| 1. one-shot: a TAHI write loads and starts; at underflow START clears, the latch reloads.
        move.b  #0x00,CRA(%a4)
        move.b  #0x08,CRA(%a4)
        move.b  #0x00,TALO(%a4)
        move.b  #0x01,TAHI(%a4)
1:      btst    #0,ICR(%a4)
        beq.s   1b
        move.b  CRA(%a4),(%a2)+         | $08
        move.b  TAHI(%a4),(%a2)+        | $01
        move.b  TALO(%a4),(%a2)+        | $00
        move.b  #0xa1,(%a2)+

| 2. timer B (one-shot, latch 3) counts timer A underflows (latch 9, continuous).
        move.b  #0x00,CRA(%a4)
        move.b  #9,TALO(%a4)
        move.b  #0,TAHI(%a4)
        move.b  #0x48,CRB(%a4)          | one-shot, INMODE = timer A
        move.b  #3,TBLO(%a4)
        move.b  #0,TBHI(%a4)            | one-shot: loads and starts
        move.b  #0x01,CRA(%a4)
2:      btst    #1,ICR(%a4)
        beq.s   2b
        move.b  CRB(%a4),(%a2)+         | $48: stopped
        move.b  TBLO(%a4),(%a2)+        | $03: reloaded
        move.b  CRA(%a4),(%a2)+         | $01: timer A still running
        move.b  #0xa2,(%a2)+
        move.b  #0x00,CRA(%a4)

| 3. CIA-A TOD: 10 frames from line 150 to line 150.
        WAITLINE 150
        move.b  #0x00,CRB(%a4)          | writes go to the clock, not the alarm
        move.b  #0,TODHI(%a4)
        move.b  #0,TODMID(%a4)
        move.b  #0,TODLO(%a4)
        moveq   #9,%d2
3:      WAITVB
        dbf     %d2,3b
        WAITLINE 150
        bsr     readtod                 | $0000000a

| 4. the read latch: TODHI freezes the value until TODLO is read.
        move.b  TODHI(%a4),%d0
        WAITVB
        WAITVB
        WAITLINE 150
        moveq   #0,%d0
        move.b  TODMID(%a4),%d0
        lsl.w   #8,%d0
        move.b  TODLO(%a4),%d0          | latched: 10
        swap    %d0
        move.b  TODLO(%a4),%d0          | live: 12
        lsl.w   #8,%d0
        move.b  #0xa4,%d0
        move.l  %d0,(%a2)+              | $000a0ca4

| 5. alarm at 15: not yet at 14, set at 15.
        move.b  #0x80,CRB(%a4)
        move.b  #0,TODHI(%a4)
        move.b  #0,TODMID(%a4)
        move.b  #15,TODLO(%a4)
        move.b  #0x00,CRB(%a4)
        tst.b   ICR(%a4)
        WAITVB
        WAITVB
        WAITLINE 150
        move.b  ICR(%a4),%d0
        and.b   #0x04,%d0               | 0 at 14
        lsl.w   #8,%d0
        WAITVB
        WAITLINE 150
        move.b  ICR(%a4),%d0            | $04 at 15
        and.b   #0x04,%d0
        swap    %d0
        move.b  TODLO(%a4),%d0          | 15
        move.l  %d0,(%a2)+              | $0004000f: (at 14) << 24 | (at 15) << 16 | TOD

| 6. CIA-B TOD: the lines of one frame (313 in a PAL long frame).
        WAITLINE 150
        move.b  #0,TODHI(%a3)
        move.b  #0,TODMID(%a3)
        move.b  #0,TODLO(%a3)
        WAITVB
        WAITLINE 150
        moveq   #0,%d0
        move.b  TODHI(%a3),%d0
        swap    %d0
        move.b  TODMID(%a3),%d1
        lsl.w   #8,%d1
        move.b  TODLO(%a3),%d1
        move.w  %d1,%d0
        move.l  %d0,(%a2)+              | $00000139

        move.l  #0xc0de0002,RESULT
hang:   bra.s   hang

readtod:
        moveq   #0,%d0
        move.b  TODHI(%a4),%d0
        swap    %d0
        move.b  TODMID(%a4),%d1
        lsl.w   #8,%d1
        move.b  TODLO(%a4),%d1
        move.w  %d1,%d0
        move.l  %d0,(%a2)+
        rts
