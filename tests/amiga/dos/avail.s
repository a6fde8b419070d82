| Avail -- our memory report (tests/amiga/dos; built into build/amiga/C/Avail). AROS's ROM has
| no Avail command, and the frontend's menu test needs the guest's own view of its memory.
|
| Prints one line: "chip <C> fast <F>" with C and F the total bytes of chip and fast memory in
| exec's memory list (AvailMem with MEMF_TOTAL, exec V39; AROS has it). Return code 0.

        .include "dos.i"

        .set    A_LINE, W_PRIV
        .set    A_LINELEN, 64
        .set    W_SIZE, A_LINE+A_LINELEN
        .set    _LVOAvailMem, -216
        .set    MEMF_CHIP, 0x2
        .set    MEMF_FAST, 0x4
        .set    MEMF_TOTAL, 0x80000

        .include "cmd.i"

cmdname:
        .asciz  "Avail"
chiptext:
        .asciz  "chip "
fasttext:
        .asciz  " fast "
        .even

main:
        lea     A_LINE(%a5),%a1
        lea     chiptext(%pc),%a0
        moveq   #8,%d0
        bsr     strncat
        move.l  #MEMF_CHIP+MEMF_TOTAL,%d1
        bsr.s   avail
        moveq   #0,%d1
        bsr     udec
        lea     fasttext(%pc),%a0
        moveq   #8,%d0
        bsr     strncat
        move.l  #MEMF_FAST+MEMF_TOTAL,%d1
        bsr.s   avail
        moveq   #0,%d1
        bsr     udec
        move.b  #10,(%a1)+
        lea     A_LINE(%a5),%a0
        move.l  %a1,%d0
        sub.l   %a0,%d0
        bsr     writeout
        rts

| D0 = exec AvailMem(D1); A1 kept.
avail:
        move.l  %a1,-(%sp)
        move.l  %a6,-(%sp)
        move.l  W_SYS(%a5),%a6
        SYS     AvailMem
        move.l  (%sp)+,%a6
        move.l  (%sp)+,%a1
        rts

cleanup:
        rts
