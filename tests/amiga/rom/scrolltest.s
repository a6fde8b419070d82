| BPLCON1 scrolling test ROM (issue 20), compared with FS-UAE (tests/oracle/ref/rom-scrolltest.png,
| suite 57). No Kickstart; the header starts with $1114 as FS-UAE wants. Four lores planes,
| DDFSTRT $30 (one word early, as for scrolling), every line shows the same row (modulo -42).
| Lines $30-$6F: BPLCON1 = n*$11 (odd = even delay n = 0..15, 4 lines each); $70-$AF: odd n,
| even 0; $B0-$EF: 4 planes without dual playfield, odd n, even 15-n. Lines $30-$AF dual
| playfield (PF1 = planes 1/3, PF2 = planes 2/4).
        .include "scroll_setup.inc"
| line $30+4n: BPLCON1 = n*$11 for n = 0..15 (odd = even); $70+4n: odd n, even 0; $B0+4n: DPF, odd n even 15-n
        moveq   #0,%d1
        move.w  #0x30,%d2
2:      move.w  %d2,%d3
        lsl.w   #8,%d3
        or.w    #0x07,%d3
        move.w  %d3,(%a0)+
        move.w  #0xfffe,(%a0)+
        move.w  #0x0102,(%a0)+
        move.w  %d1,%d3
        cmp.w   #0x70,%d2
        bcc.s   3f
        mulu    #0x11,%d3
        bra.s   5f
3:      cmp.w   #0xb0,%d2
        bcs.s   5f
        move.w  #15,%d4
        sub.w   %d1,%d4
        lsl.w   #4,%d4
        or.w    %d4,%d3
        and.w   #0xff,%d3
5:      and.w   #0xff,%d3
        move.w  %d3,(%a0)+
        cmp.w   #0xb0,%d2
        bne.s   6f
        move.l  #0x01004200,(%a0)+      | 4 planes no DPF from $B0
6:      addq.w  #1,%d1
        and.w   #15,%d1
        addq.w  #4,%d2
        cmp.w   #0xf0,%d2
        bcs.s   2b
        .include "scroll_start.inc"
