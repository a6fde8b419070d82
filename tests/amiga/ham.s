| HAM test: 320x200, six bitplanes at $40000 (8000 bytes each), HAM6. Every 16-pixel column
| has one control code (palette, modify blue, red, green in turn); the data bits ramp 0..15
| across the column, inverted per line bit, so the held colour changes pixel by pixel.
| Checked by the frame's hash.
        .include "common.i"
        .set    SCREEN, 0x40000
        .set    PLANE, 8000
        BOOTBLOCK
start:  TAKEOVER
        lea     SCREEN,%a0
        moveq   #0,%d6                  | line
line:   moveq   #0,%d5                  | word column
col:    move.l  %a0,%a1
        lea     ramp(%pc),%a2
        moveq   #3,%d4                  | planes 1..4: ramp bits, inverted by line bits
        move.w  %d6,%d3
pl:     move.w  (%a2)+,%d0
        btst    #0,%d3
        beq.s   1f
        not.w   %d0
1:      move.w  %d0,(%a1)
        lea     PLANE(%a1),%a1
        lsr.w   #1,%d3
        dbf     %d4,pl
        move.w  %d5,%d0                 | planes 5, 6: control = column & 3
        moveq   #0,%d1
        btst    #0,%d0
        beq.s   2f
        not.w   %d1
2:      move.w  %d1,(%a1)
        moveq   #0,%d1
        btst    #1,%d0
        beq.s   3f
        not.w   %d1
3:      move.w  %d1,PLANE(%a1)
        addq.l  #2,%a0
        addq.w  #1,%d5
        cmp.w   #20,%d5
        bne.s   col
        addq.w  #1,%d6
        cmp.w   #200,%d6
        bne.s   line
        COPYLIST coplist, COPPER, (coplist_end-coplist)/2
        moveq   #0,%d0
        START_COPPER
        move.w  #0x8100,DMACON(%a5)
        move.l  #0xc0de0006,RESULT
hang:   bra.s   hang

ramp:   .word   0x5555, 0x3333, 0x0f0f, 0x00ff

coplist:
        .word   0x0100,0x6a00, 0x0102,0x0000, 0x0104,0x0000   | 6 planes, HAM
        .word   0x008e,0x2c81, 0x0090,0xf4c1, 0x0092,0x0038, 0x0094,0x00d0
        .word   0x0108,0x0000, 0x010a,0x0000
        .word   0x00e0,SCREEN>>16,            0x00e2,SCREEN&0xffff
        .word   0x00e4,(SCREEN+PLANE)>>16,    0x00e6,(SCREEN+PLANE)&0xffff
        .word   0x00e8,(SCREEN+2*PLANE)>>16,  0x00ea,(SCREEN+2*PLANE)&0xffff
        .word   0x00ec,(SCREEN+3*PLANE)>>16,  0x00ee,(SCREEN+3*PLANE)&0xffff
        .word   0x00f0,(SCREEN+4*PLANE)>>16,  0x00f2,(SCREEN+4*PLANE)&0xffff
        .word   0x00f4,(SCREEN+5*PLANE)>>16,  0x00f6,(SCREEN+5*PLANE)&0xffff
        .word   0x0180,0x0000, 0x0182,0x0f00, 0x0184,0x00f0, 0x0186,0x000f
        .word   0x0188,0x0ff0, 0x018a,0x0f0f, 0x018c,0x00ff, 0x018e,0x0fff
        .word   0x0190,0x0800, 0x0192,0x0080, 0x0194,0x0008, 0x0196,0x0880
        .word   0x0198,0x0808, 0x019a,0x0088, 0x019c,0x0888, 0x019e,0x0444
        .word   0xffff,0xfffe
coplist_end:
