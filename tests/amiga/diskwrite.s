| Disk write test: through trackdisk.device (the request AROS boots us with, in A1) write one
| sector (block 1500: cylinder 68, head 0, sector 4) with a known pattern, flush (CMD_UPDATE),
| stop the motor. trackdisk MFM-encodes the track and writes it with disk DMA; the emulator
| decodes it back into the ADF, which the suite then reads. RESULT+4 = io_Error of the write
| << 16 | io_Error of the update; RESULT = $c0de0008.
        .include "common.i"
        .set    BUFFER, 0x44000
        BOOTBLOCK
start:  move.l  %a1,%a3                 | the trackdisk request
        lea     BUFFER,%a0
        lea     text(%pc),%a2
        moveq   #31,%d0                 | 32 x 16 bytes
1:      move.l  (%a2),(%a0)+
        move.l  4(%a2),(%a0)+
        move.l  8(%a2),(%a0)+
        move.l  12(%a2),(%a0)+
        dbf     %d0,1b
        move.w  #3,IO_COMMAND(%a3)      | CMD_WRITE
        move.l  #BUFFER,IO_DATA(%a3)
        move.l  #512,IO_LENGTH(%a3)
        move.l  #1500*512,IO_OFFSET(%a3)
        move.l  %a3,%a1
        jsr     DOIO(%a6)
        moveq   #0,%d7
        move.b  IO_ERROR(%a3),%d7
        swap    %d7
        move.w  #4,IO_COMMAND(%a3)      | CMD_UPDATE: write the track buffer out
        move.l  %a3,%a1
        jsr     DOIO(%a6)
        move.b  IO_ERROR(%a3),%d7
        move.w  #9,IO_COMMAND(%a3)      | TD_MOTOR off
        clr.l   IO_LENGTH(%a3)
        move.l  %a3,%a1
        jsr     DOIO(%a6)
        move.l  %d7,RESULT+4
        move.l  #0xc0de0008,RESULT
        TAKEOVER
hang:   bra.s   hang

text:   .ascii  "ARCANA WRITE OK "
