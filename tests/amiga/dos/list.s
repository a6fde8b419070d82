| List [DIR] -- our AmigaDOS List command (tests/amiga/dos; built into build/amiga/C/List).
|
| Lists DIR (default: the current directory; a file names just itself) with Lock, Examine and
| ExNext, in the order ExNext returns the entries. Output, one line per entry:
|
|   <name>, padded with spaces to 24 columns, then one space (a longer name: just one space)
|   <size in bytes, right-aligned in 7 columns>, or "    Dir" for a directory, then one space
|   <protection "hsparwed": h s p a shown when their bit is set, r w e d when clear (allowed),
|    "-" otherwise>, then one space
|   <date "DD-Mon-YY HH:MM:SS" of the DateStamp, seconds from the ticks>, then a newline
| and at the end the summary line
|   "<F> files - <D> directories - <B> bytes" (B = the files' sizes added up).
| Example:  "big.bin                   204800 ----rwed 05-Mar-24 12:00:00"
|           "S                            Dir ----rwed 05-Mar-24 12:00:00"
|           "1 files - 1 directories - 204800 bytes"
| `adfdos list IMAGE DIR' prints the same for a directory of an image, for the tests.
|
| Return codes: 0; 10 when the object cannot be locked/examined, the directory cannot be read to
| its end or the output cannot be written; 20 for bad arguments; 5 after Ctrl-C ("***Break").
| Errors print "List: <object>: <reason>" (dos.library's Fault text) and set IoErr.

        .include "dos.i"

        .set    L_LOCK, W_PRIV          | the lock on DIR
        .set    L_FILES, W_PRIV+4
        .set    L_DIRS, W_PRIV+8
        .set    L_BYTES, W_PRIV+12
        .set    L_FIB, W_PRIV+16        | FileInfoBlock (AllocMem: longword aligned)
        .set    L_LINE, L_FIB+fib_SIZEOF
        .set    L_LINELEN, 200
        .set    W_SIZE, L_LINE+L_LINELEN

        .include "cmd.i"

cmdname:
        .asciz  "List"
template:
        .asciz  "DIR"
empty:
        .byte   0
protchars:
        .ascii  "hsparwed"
s_dir:
        .ascii  "    Dir"
s_files:
        .asciz  " files - "
s_dirs:
        .asciz  " directories - "
s_bytes:
        .byte   ' ', 'b', 'y', 't', 'e', 's', 10, 0
mdays:
        .byte   31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
mnames:
        .ascii  "JanFebMarAprMayJunJulAugSepOctNovDec"
        .even

main:
        lea     template(%pc),%a0
        move.l  %a0,%d1
        lea     W_ARGS(%a5),%a0
        move.l  %a0,%d2
        moveq   #0,%d3
        SYS     ReadArgs
        move.l  %d0,W_RDARGS(%a5)
        bne.s   1f
        SYS     IoErr
        sub.l   %a0,%a0
        moveq   #RETURN_FAIL,%d2
        bra     fail
1:      tst.l   W_ARGS(%a5)
        bne.s   2f
        lea     empty(%pc),%a0          | Lock("") is the current directory
        move.l  %a0,W_ARGS(%a5)
2:      move.l  W_ARGS(%a5),%d1
        moveq   #ACCESS_READ,%d2
        SYS     Lock
        move.l  %d0,L_LOCK(%a5)
        beq.s   main_ioerr
        move.l  %d0,%d1
        lea     L_FIB(%a5),%a0
        move.l  %a0,%d2
        SYS     Examine
        tst.l   %d0
        beq.s   main_ioerr
        tst.l   L_FIB+fib_DirEntryType(%a5)
        bgt.s   main_next
        bsr     entry                   | a file: list just it
        bne.s   main_wrerr
        bra.s   summary
main_next:
        bsr     checkbreak
        bne.s   main_break
        move.l  L_LOCK(%a5),%d1
        lea     L_FIB(%a5),%a0
        move.l  %a0,%d2
        SYS     ExNext
        tst.l   %d0
        beq.s   main_end
        bsr     entry
        bne.s   main_wrerr
        bra.s   main_next
main_end:
        SYS     IoErr
        cmp.l   #ERROR_NO_MORE_ENTRIES,%d0
        beq.s   summary
        bra.s   main_err
main_ioerr:
        SYS     IoErr
main_err:
        move.l  W_ARGS(%a5),%a0
        moveq   #RETURN_ERROR,%d2
        bra     fail
main_break:
        move.l  #ERROR_BREAK,%d0
        sub.l   %a0,%a0
        moveq   #RETURN_WARN,%d2
        bra     fail
main_wrerr:                             | the output failed: no point in saying so there
        SYS     IoErr
        move.l  %d0,W_ERR(%a5)
        moveq   #RETURN_ERROR,%d0
        move.l  %d0,W_RC(%a5)
        rts

summary:
        lea     L_LINE(%a5),%a1
        move.l  L_FILES(%a5),%d0
        moveq   #0,%d1
        bsr     udec
        lea     s_files(%pc),%a0
        moveq   #20,%d0
        bsr     strncat
        move.l  L_DIRS(%a5),%d0
        moveq   #0,%d1
        bsr     udec
        lea     s_dirs(%pc),%a0
        moveq   #20,%d0
        bsr     strncat
        move.l  L_BYTES(%a5),%d0
        moveq   #0,%d1
        bsr     udec
        lea     s_bytes(%pc),%a0
        moveq   #20,%d0
        bsr     strncat
        lea     L_LINE(%a5),%a0
        move.l  %a1,%d0
        sub.l   %a0,%d0
        bsr     writeout
        bne.s   main_wrerr
        rts

| One line for the entry in L_FIB, counted in the summary. Z set when written.
entry:
        movem.l %d2-%d3,-(%sp)
        lea     L_LINE(%a5),%a1
        lea     L_FIB+fib_FileName(%a5),%a0
        moveq   #107,%d0
        bsr     strncat
        lea     L_LINE+24(%a5),%a0
1:      cmp.l   %a0,%a1                 | pad to 24 columns
        bcc.s   2f
        move.b  #' ',(%a1)+
        bra.s   1b
2:      move.b  #' ',(%a1)+
        tst.l   L_FIB+fib_DirEntryType(%a5)
        ble.s   3f
        lea     s_dir(%pc),%a0
        moveq   #6,%d0
4:      move.b  (%a0)+,(%a1)+
        dbf     %d0,4b
        addq.l  #1,L_DIRS(%a5)
        bra.s   5f
3:      move.l  L_FIB+fib_Size(%a5),%d0
        add.l   %d0,L_BYTES(%a5)
        addq.l  #1,L_FILES(%a5)
        moveq   #7,%d1
        bsr     udec
5:      move.b  #' ',(%a1)+
        move.l  L_FIB+fib_Protection(%a5),%d2
        lea     protchars(%pc),%a0
        moveq   #7,%d1                  | bit 7 (h) down to bit 0 (d)
6:      move.b  (%a0)+,%d0
        btst    %d1,%d2
        sne     %d3
        cmp.w   #4,%d1
        bge.s   7f
        not.b   %d3                     | r w e d: a set bit forbids
7:      tst.b   %d3
        bne.s   8f
        moveq   #'-',%d0
8:      move.b  %d0,(%a1)+
        dbf     %d1,6b
        move.b  #' ',(%a1)+
        lea     L_FIB+fib_Date(%a5),%a0
        bsr     fmtdate
        move.b  #10,(%a1)+
        lea     L_LINE(%a5),%a0
        move.l  %a1,%d0
        sub.l   %a0,%d0
        bsr     writeout
        movem.l (%sp)+,%d2-%d3
        rts

| Appends the DateStamp at A0 as "DD-Mon-YY HH:MM:SS" to A1. Days count from 1 January 1978;
| Gregorian leap years.
fmtdate:
        movem.l %d2-%d5/%a2,-(%sp)
        move.l  (%a0),%d3               | days
        move.l  #1978,%d4               | year
1:      move.l  %d4,%d0
        bsr     isleap
        move.l  #365,%d1
        add.l   %d0,%d1
        cmp.l   %d1,%d3
        bcs.s   2f
        sub.l   %d1,%d3
        addq.l  #1,%d4
        bra.s   1b
2:      move.l  %d4,%d0
        bsr     isleap
        move.l  %d0,%d5                 | 1 in a leap year: February has 29 days
        lea     mdays(%pc),%a2
        moveq   #0,%d2                  | month 0..11
3:      moveq   #0,%d1
        move.b  (%a2,%d2.w),%d1
        cmp.w   #1,%d2
        bne.s   4f
        add.l   %d5,%d1
4:      cmp.l   %d1,%d3
        bcs.s   5f
        sub.l   %d1,%d3
        addq.w  #1,%d2
        bra.s   3b
5:      move.l  %d3,%d0
        addq.l  #1,%d0
        bsr     put2
        move.b  #'-',(%a1)+
        lea     mnames(%pc),%a2
        move.w  %d2,%d0
        mulu    #3,%d0
        add.w   %d0,%a2
        move.b  (%a2)+,(%a1)+
        move.b  (%a2)+,(%a1)+
        move.b  (%a2)+,(%a1)+
        move.b  #'-',(%a1)+
        move.l  %d4,%d0
        divu    #100,%d0
        swap    %d0
        bsr     put2
        move.b  #' ',(%a1)+
        move.l  4(%a0),%d3              | minutes of the day
        divu    #60,%d3
        move.w  %d3,%d0
        bsr     put2
        move.b  #':',(%a1)+
        swap    %d3
        move.w  %d3,%d0
        bsr     put2
        move.b  #':',(%a1)+
        move.l  8(%a0),%d0              | ticks, 50 a second
        divu    #50,%d0
        bsr     put2
        movem.l (%sp)+,%d2-%d5/%a2
        rts

| Appends D0.w (0..99) as two digits to A1.
put2:
        and.l   #0xffff,%d0
        divu    #10,%d0
        add.b   #'0',%d0
        move.b  %d0,(%a1)+
        swap    %d0
        add.b   #'0',%d0
        move.b  %d0,(%a1)+
        rts

| D0 = 1 when the year in D0 is a leap year, else 0.
isleap:
        move.l  %d0,%d1
        and.l   #3,%d1
        bne.s   2f
        move.l  %d0,%d1
        divu    #100,%d1
        swap    %d1
        tst.w   %d1
        bne.s   1f
        divu    #400,%d0
        swap    %d0
        tst.w   %d0
        bne.s   2f
1:      moveq   #1,%d0
        rts
2:      moveq   #0,%d0
        rts

cleanup:
        move.l  L_LOCK(%a5),%d1
        beq.s   1f
        SYS     UnLock
1:      rts
