| Data-safety guest for the A500 (tests/suites/76-data-safety.sh): through trackdisk.device
| (the request AROS boots us with, in A1) write a counter k = 1, 2, ... into block 1500 over and
| over, each write flushed with CMD_UPDATE (trackdisk MFM-encodes the track and writes it with
| disk DMA; the motor stays on), and only then print "diskloop: df0 K" (K in 4 hex digits) on
| the serial port. Half a second of emulated time between rounds. The block holds byte i =
| k*37 + i, bytes 0-1 = k (little-endian), bytes 2-3 = 0, so a torn block is visible.
        .include "common.i"
        .set    SERDATR, 0x018
        .set    SERDAT, 0x030
        .set    SERPER, 0x032
        .set    BUFFER, 0x44000
        .set    ROUNDS, 300
        BOOTBLOCK
start:  move.l  %a1,%a3                 | the trackdisk request
        lea     CUSTOM,%a5
        move.w  #30,SERPER(%a5)         | about 115200 baud
        moveq   #1,%d6                  | k
round:  lea     BUFFER,%a0              | byte i = k*37 + i
        move.w  %d6,%d3
        mulu    #37,%d3
        move.w  #511,%d0
1:      move.b  %d3,(%a0)+
        addq.b  #1,%d3
        dbf     %d0,1b
        lea     BUFFER,%a0
        move.b  %d6,(%a0)               | k, little-endian, then two zero bytes
        move.w  %d6,%d0
        lsr.w   #8,%d0
        move.b  %d0,1(%a0)
        clr.b   2(%a0)
        clr.b   3(%a0)
        move.w  #3,IO_COMMAND(%a3)      | CMD_WRITE
        move.l  #BUFFER,IO_DATA(%a3)
        move.l  #512,IO_LENGTH(%a3)
        move.l  #1500*512,IO_OFFSET(%a3)
        move.l  %a3,%a1
        jsr     DOIO(%a6)
        tst.b   IO_ERROR(%a3)
        bne     failed
        move.w  #4,IO_COMMAND(%a3)      | CMD_UPDATE: the track buffer goes to the disk
        move.l  %a3,%a1
        jsr     DOIO(%a6)
        tst.b   IO_ERROR(%a3)
        bne     failed
        lea     written(%pc),%a2
        bsr       puts
        move.w  %d6,%d0
        bsr       puthex
        moveq   #10,%d2
        bsr       putc
        moveq   #24,%d5                 | 25 frames: wait for line $30 to begin, 25 times
2:      WAITLINE 0x30
3:      move.w  6(%a5),%d7
        lsr.w   #8,%d7
        cmp.b   #0x30,%d7
        beq.s   3b
        dbf     %d5,2b
        addq.w  #1,%d6
        cmp.w   #ROUNDS,%d6
        bls     round
        lea     done(%pc),%a2
        bsr       puts
hang:   bra.s   hang
failed: lea     fail(%pc),%a2
        bsr       puts
        bra.s   hang

| Prints the zero-terminated string at a2.
puts:   move.b  (%a2)+,%d2
        beq.s   4f
        bsr       putc
        bra.s   puts
4:      rts

| Prints d0.w as four hex digits.
puthex: moveq   #3,%d4
5:      rol.w   #4,%d0
        move.w  %d0,%d1
        and.w   #15,%d1
        move.b  hexdig(%pc,%d1.w),%d2
        bsr       putc
        dbf     %d4,5b
        rts
hexdig: .ascii  "0123456789abcdef"

| Sends d2.b once the transmit buffer is empty (SERDATR TBE, bit 13), with one stop bit.
putc:   btst    #5,SERDATR(%a5)
        beq.s   putc
        and.w   #0xff,%d2
        or.w    #0x100,%d2
        move.w  %d2,SERDAT(%a5)
        rts

written: .asciz "diskloop: df0 "
done:   .asciz  "diskloop: done\n"
fail:   .asciz  "diskloop: write FAILED\n"
        .even
