| Audio test: channel interrupts. Results as longs at RESULT+4.., RESULT = $c0de0003 when done.
|  1. AUD0 DMA, 4-word blocks at period 201: block interrupts counted over 10 frames (polled);
|     a block lasts 4 * 2 * 201 = 1608 colour clocks, 10 frames 710 510 = 441.86 blocks: 442
|     whatever the DMA start latency (the periods are chosen so the count is not near a step).
|  2. AUD1 manual mode (DMA off), period 306: each interrupt asks for the next AUD1DAT word;
|     words written in 5 frames (2 * 306 colour clocks each, 580.48 words: 581).
|  3. as 1, but counted by a level 4 interrupt handler (autovector $70) over 10 frames.
        .include "common.i"
        .set    AUD0, 0x0a0
        .set    AUD1, 0x0b0
        .set    SAMPLES, 0x60000
        .set    HCOUNT, RESULT+0x40
        BOOTBLOCK
start:  TAKEOVER
        move.w  #0x0200,BPLCON0(%a5)
        lea     RESULT+4,%a2
        lea     SAMPLES,%a0
        move.l  #0x7f807f80,(%a0)+
        move.l  #0x40c040c0,(%a0)+
        move.l  #0x7f807f80,(%a0)+
        move.l  #0x40c040c0,(%a0)+
        move.l  #SAMPLES,AUD0(%a5)      | AUD0LC
        move.w  #4,AUD0+4(%a5)          | AUD0LEN
        move.w  #201,AUD0+6(%a5)        | AUD0PER
        move.w  #64,AUD0+8(%a5)         | AUD0VOL

| 1. polled DMA block interrupts
        WAITVB
        move.w  #0x07a0,INTREQ(%a5)      | audio and VERTB requests
        move.w  #0x8201,DMACON(%a5)     | DMAEN | AUD0EN
        moveq   #0,%d2
        moveq   #10,%d3
1:      move.w  0x1e(%a5),%d0
        btst    #7,%d0
        beq.s   2f
        move.w  #0x0080,INTREQ(%a5)
        addq.l  #1,%d2
2:      btst    #5,%d0
        beq.s   1b
        move.w  #0x0020,INTREQ(%a5)
        subq.w  #1,%d3
        bne.s   1b
        move.w  #0x0001,DMACON(%a5)
        move.l  %d2,(%a2)+

| 2. manual mode on AUD1
        move.w  #306,AUD1+6(%a5)
        move.w  #64,AUD1+8(%a5)
        WAITVB
        move.w  #0x07a0,INTREQ(%a5)      | audio and VERTB requests
        move.w  #0x1234,AUD1+10(%a5)    | AUD1DAT: starts the channel
        moveq   #0,%d2
        moveq   #5,%d3
3:      move.w  0x1e(%a5),%d0
        btst    #8,%d0
        beq.s   4f
        move.w  #0x0100,INTREQ(%a5)
        move.w  %d2,AUD1+10(%a5)        | next word
        addq.l  #1,%d2
4:      btst    #5,%d0
        beq.s   3b
        move.w  #0x0020,INTREQ(%a5)
        subq.w  #1,%d3
        bne.s   3b
        move.l  %d2,(%a2)+

| 3. the same DMA through a level 4 interrupt handler
        clr.l   HCOUNT
        lea     l4handler(%pc),%a0
        move.l  %a0,0x70                | level 4 autovector
        WAITVB
        move.w  #0x07a0,INTREQ(%a5)      | audio and VERTB requests
        move.w  #0xc080,INTENA(%a5)     | INTEN | AUD0
        move.w  #0x8201,DMACON(%a5)
        moveq   #10,%d3
5:      WAITVB
        subq.w  #1,%d3
        bne.s   5b
        move.w  #0x4000,INTENA(%a5)
        move.w  #0x0001,DMACON(%a5)
        move.l  HCOUNT,(%a2)+

        move.l  #0xc0de0003,RESULT
hang:   bra.s   hang

l4handler:
        move.w  #0x0080,CUSTOM+INTREQ
        addq.l  #1,HCOUNT
        rte
