| Shared pieces of the A500 test disks. Each disk is a boot block: AROS/Kickstart loads its
| 1024 bytes into memory and calls offset 12 (A6 = SysBase, A1 = the trackdisk request).
| The tests take the machine over completely and never return. AROS loads the boot block
| around $20b00: the tests keep their data at $40000 and above.

        .set    CUSTOM, 0xdff000
        .set    DMACON, 0x096
        .set    INTENA, 0x09a
        .set    INTREQ, 0x09c
        .set    COP1LC, 0x080
        .set    COPJMP1, 0x088
        .set    BPLCON0, 0x100
        .set    COLOR00, 0x180
        .set    RESULT, 0x7ff00         | tests leave their result words here
        .set    COPPER, 0x70000         | copper lists are built here (chip RAM)

| exec's DoIO and the fields of an IOStdReq (the trackdisk request AROS boots us with), for the
| disks that write through trackdisk.device.
        .set    DOIO, -456
        .set    IO_COMMAND, 28
        .set    IO_ERROR, 31
        .set    IO_LENGTH, 36
        .set    IO_DATA, 40
        .set    IO_OFFSET, 44

        .macro  BOOTBLOCK
        .ascii  "DOS"
        .byte   0
        .long   0                       | checksum, filled in by mkadf
        .long   880                     | root block
        .endm

| Interrupts, interrupt requests and all DMA off; every sprite disarmed (a CTL write disarms,
| so it goes after the data words).
        .macro  TAKEOVER
        lea     CUSTOM,%a5
        move.w  #0x7fff,INTENA(%a5)
        move.w  #0x7fff,INTREQ(%a5)
        move.w  #0x7fff,DMACON(%a5)
        lea     0x140(%a5),%a0
        moveq   #7,%d0
100:    move.l  #0,4(%a0)
        move.l  #0,(%a0)
        addq.l  #8,%a0
        dbf     %d0,100b
        .endm

| Starts the copper list at COPPER and turns on DMA (d0 = extra DMACON bits).
        .macro  START_COPPER
        move.l  #COPPER,COP1LC(%a5)
        move.w  #0,COPJMP1(%a5)
        or.w    #0x8280,%d0
        move.w  %d0,DMACON(%a5)
        .endm

| Busy-waits until the beam is on line \l (< 256).
        .macro  WAITLINE l
200:    move.w  6(%a5),%d7
        lsr.w   #8,%d7
        cmp.b   #\l,%d7
        bne.s   200b
        .endm

| Busy-waits for the next vertical blank (INTREQR VERTB; interrupts stay disabled).
        .macro  WAITVB
        move.w  #0x0020,INTREQ(%a5)
201:    btst    #5,0x1f(%a5)
        beq.s   201b
        .endm

| Waits for the blitter (a first DMACONR read can still show the previous state: HRM ch. 6).
        .macro  WAITBLIT
        tst.w   0x002(%a5)
202:    btst    #6,0x002(%a5)
        bne.s   202b
        .endm

| Copies \words words from \src (PC-relative label) to \dst.
        .macro  COPYLIST src, dst, words
        lea     \src(%pc),%a0
        lea     \dst,%a1
        move.w  #\words-1,%d0
203:    move.w  (%a0)+,(%a1)+
        dbf     %d0,203b
        .endm
