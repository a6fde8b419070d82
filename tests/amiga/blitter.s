| Blitter test on a 320x200 one-bitplane screen at $40000: clear (D only), copy of a 32x32
| checkerboard with a 4-pixel A shift and a masked last word, inclusive area fill in descending
| mode between two single-pixel outlines, and a line-mode line. Checked by the frame's hash.
        .include "common.i"
        .set    SCREEN, 0x40000
        .set    PATTERN, 0x48000
        .set    BLTCON0, 0x040
        .set    BLTCON1, 0x042
        .set    BLTAFWM, 0x044
        .set    BLTALWM, 0x046
        .set    BLTCPT, 0x048
        .set    BLTBPT, 0x04c
        .set    BLTAPT, 0x050
        .set    BLTDPT, 0x054
        .set    BLTSIZE, 0x058
        .set    BLTCMOD, 0x060
        .set    BLTBMOD, 0x062
        .set    BLTAMOD, 0x064
        .set    BLTDMOD, 0x066
        .set    BLTBDAT, 0x072
        .set    BLTADAT, 0x074
        BOOTBLOCK
start:  TAKEOVER
        COPYLIST coplist, COPPER, (coplist_end-coplist)/2
        move.w  #0x8240,DMACON(%a5)     | DMAEN | BLTEN

| clear the screen: D only, minterm 0
        WAITBLIT
        move.l  #0x01000000,BLTCON0(%a5)
        move.l  #SCREEN,BLTDPT(%a5)
        move.w  #0,BLTDMOD(%a5)
        move.w  #(200<<6)+20,BLTSIZE(%a5)

| checkerboard source: 2 words x 32 lines, 4x4 squares
        lea     PATTERN,%a0
        moveq   #31,%d0
1:      move.l  #0xf0f0f0f0,%d1
        btst    #2,%d0
        beq.s   2f
        not.l   %d1
2:      move.l  %d1,(%a0)+
        dbf     %d0,1b

| copy it to x = 48 + 4, y = 20: A shifted by 4, 3 words wide, last A word masked off
        WAITBLIT
        move.l  #0x49f00000,BLTCON0(%a5) | ASH 4, A and D, D = A
        move.l  #0xffff0000,BLTAFWM(%a5)
        move.l  #PATTERN,BLTAPT(%a5)
        move.l  #SCREEN+20*40+6,BLTDPT(%a5)
        move.w  #-2,BLTAMOD(%a5)
        move.w  #40-6,BLTDMOD(%a5)
        move.w  #(32<<6)+3,BLTSIZE(%a5)

| fill: outlines at x = 170 and x = 199 on lines 100..139, then fill words 10..12 descending
        WAITBLIT
        lea     SCREEN+100*40,%a0
        moveq   #39,%d0
3:      bset    #5,21(%a0)              | x = 170: byte 21, bit 7 - (170 & 7) = 5
        bset    #0,24(%a0)              | x = 199: byte 24, bit 0
        lea     40(%a0),%a0
        dbf     %d0,3b
        move.l  #0x09f0000a,BLTCON0(%a5) | A and D, D = A; BLTCON1: IFE | DESC
        move.l  #0xffffffff,BLTAFWM(%a5)
        move.l  #SCREEN+139*40+25,%d0    | last word of the area (descending)
        move.l  %d0,BLTAPT(%a5)
        move.l  %d0,BLTDPT(%a5)
        move.w  #40-6,BLTAMOD(%a5)
        move.w  #40-6,BLTDMOD(%a5)
        move.w  #(40<<6)+3,BLTSIZE(%a5)

| line from (10,150) to (300,190): x major, right and down (SUD), dx 290, dy 40
        WAITBLIT
        move.w  #40,BLTCMOD(%a5)
        move.w  #40,BLTDMOD(%a5)
        move.w  #4*40,BLTBMOD(%a5)              | 4 * dy
        move.w  #4*(40-290),BLTAMOD(%a5)        | 4 * (dy - dx)
        move.w  #0x8000,BLTADAT(%a5)
        move.w  #0xffff,BLTBDAT(%a5)
        move.l  #0xffffffff,BLTAFWM(%a5)
        move.l  #(4*40-2*290)&0xffff,BLTAPT(%a5) | 4*dy - 2*dx < 0: SIGN
        move.l  #SCREEN+150*40+0,BLTCPT(%a5)
        move.l  #SCREEN+150*40+0,BLTDPT(%a5)
        move.w  #(10<<12)+0x0bca,BLTCON0(%a5)   | start x & 15, A C D, minterm $CA
        move.w  #0x0051,BLTCON1(%a5)            | SIGN | SUD (octant code 4 << 2) | LINE
        move.w  #(291<<6)+2,BLTSIZE(%a5)
        WAITBLIT

        moveq   #0,%d0
        START_COPPER                            | + bitplane DMA set by the copper list
        move.w  #0x8100,DMACON(%a5)
        move.l  #0xc0de0004,RESULT
hang:   bra.s   hang

coplist:
        .word   0x0100,0x1200, 0x0102,0x0000, 0x0104,0x0000
        .word   0x008e,0x2c81, 0x0090,0xf4c1, 0x0092,0x0038, 0x0094,0x00d0
        .word   0x0108,0x0000, 0x010a,0x0000
        .word   0x00e0,SCREEN>>16, 0x00e2,SCREEN&0xffff
        .word   0x0180,0x0000, 0x0182,0x0fff
        .word   0xffff,0xfffe
coplist_end:
