| Copy FROM TO -- our AmigaDOS Copy command (tests/amiga/dos; built into build/amiga/C/Copy).
|
| Copies the file FROM to TO; when TO is an existing directory the copy goes into it under
| FROM's name. The data goes through one AllocMem'd buffer of 32 KB (halved until an allocation
| succeeds, down to 512 bytes: the A500 has 1 MB in all). Every Read and Write result is checked;
| on any failure (or Ctrl-C) the partial destination is closed and deleted.
|
| Return codes: 0; 10 when FROM cannot be read (missing, a directory), TO cannot be made or
| written, or FROM and TO are one file; 20 for bad arguments or no memory; 5 after Ctrl-C.
| Errors print "Copy: <object>: <reason>" (dos.library's Fault text, e.g.
| "Copy: nosuchfile: object not found") on Output() and set IoErr.

        .include "dos.i"

        .set    C_SRCLOCK, W_PRIV       | lock on FROM while checking it
        .set    C_IN, W_PRIV+4          | FROM's file handle
        .set    C_OUT, W_PRIV+8         | the destination's file handle
        .set    C_BUF, W_PRIV+12        | copy buffer and its size
        .set    C_BUFSIZE, W_PRIV+16
        .set    C_DEST, W_PRIV+20       | the destination's name: TO or C_PATH
        .set    C_FIB, W_PRIV+24        | FileInfoBlock (longword aligned)
        .set    C_PATH, C_FIB+fib_SIZEOF | TO/<FROM's file part>
        .set    C_PATHLEN, 320
        .set    W_SIZE, C_PATH+C_PATHLEN

        .set    BUF_MAX, 32768
        .set    BUF_MIN, 512
        .set    ERROR_LINE_TOO_LONG, 120

        .include "cmd.i"

cmdname:
        .asciz  "Copy"
template:
        .asciz  "FROM/A,TO/A"
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

        | FROM must be a file.
1:      move.l  W_ARGS(%a5),%d1
        moveq   #ACCESS_READ,%d2
        SYS     Lock
        move.l  %d0,C_SRCLOCK(%a5)
        beq     from_ioerr
        move.l  %d0,%d1
        lea     C_FIB(%a5),%a0
        move.l  %a0,%d2
        SYS     Examine
        tst.l   %d0
        beq     from_ioerr
        tst.l   C_FIB+fib_DirEntryType(%a5)
        ble.s   2f
        move.l  #ERROR_OBJECT_WRONG_TYPE,%d0
        bra     from_err

        | TO an existing directory: the copy goes in it under FROM's name.
2:      move.l  W_ARGS+4(%a5),C_DEST(%a5)
        move.l  W_ARGS+4(%a5),%d1
        moveq   #ACCESS_READ,%d2
        SYS     Lock
        move.l  %d0,%d4
        beq     dest_ready              | TO does not exist (yet): it is the name
        move.l  %d4,%d1
        lea     C_FIB(%a5),%a0
        move.l  %a0,%d2
        SYS     Examine
        tst.l   %d0
        beq.s   3f
        tst.l   C_FIB+fib_DirEntryType(%a5)
        bgt.s   into_dir
        | TO is a file: it must not be FROM itself (MODE_NEWFILE would empty it first).
3:      move.l  C_SRCLOCK(%a5),%d1
        move.l  %d4,%d2
        SYS     SameLock
        move.l  %d0,%d5
        move.l  %d4,%d1
        SYS     UnLock
        cmp.l   #LOCK_SAME,%d5
        bne     dest_ready
        move.l  #ERROR_OBJECT_EXISTS,%d0
        move.l  C_DEST(%a5),%a0
        moveq   #RETURN_ERROR,%d2
        bra     fail
into_dir:
        move.l  %d4,%d1
        SYS     UnLock
        lea     C_PATH(%a5),%a1
        move.l  W_ARGS+4(%a5),%a0
        move.l  #C_PATHLEN-1,%d0
        bsr     strncat
        clr.b   (%a1)
        move.l  W_ARGS(%a5),%d1
        SYS     FilePart
        move.l  %d0,%d2
        lea     C_PATH(%a5),%a0
        move.l  %a0,%d1
        move.l  %a0,C_DEST(%a5)
        move.l  #C_PATHLEN,%d3
        SYS     AddPart
        tst.l   %d0
        bne     dest_ready
        move.l  #ERROR_LINE_TOO_LONG,%d0
        move.l  W_ARGS+4(%a5),%a0
        moveq   #RETURN_ERROR,%d2
        bra     fail

dest_ready:
        move.l  C_SRCLOCK(%a5),%d1
        SYS     UnLock
        clr.l   C_SRCLOCK(%a5)
        bsr     allocbuf
        bne.s   4f
        move.l  #ERROR_NO_FREE_STORE,%d0
        sub.l   %a0,%a0
        moveq   #RETURN_FAIL,%d2
        bra     fail
4:      move.l  W_ARGS(%a5),%d1
        move.l  #MODE_OLDFILE,%d2
        SYS     Open
        move.l  %d0,C_IN(%a5)
        beq     from_ioerr
        move.l  C_DEST(%a5),%d1
        move.l  #MODE_NEWFILE,%d2
        SYS     Open
        move.l  %d0,C_OUT(%a5)
        beq     dest_ioerr

copy_loop:
        bsr     checkbreak
        bne.s   copy_break
        move.l  C_IN(%a5),%d1
        move.l  C_BUF(%a5),%d2
        move.l  C_BUFSIZE(%a5),%d3
        SYS     Read
        tst.l   %d0
        beq.s   copy_eof
        bmi.s   copy_rderr
        move.l  %d0,%d3
        move.l  C_OUT(%a5),%d1
        move.l  C_BUF(%a5),%d2
        SYS     Write
        cmp.l   %d3,%d0
        beq.s   copy_loop
        bsr     ioerr_or_full
        move.l  C_DEST(%a5),%a0
        bra.s   copy_fail
copy_rderr:
        SYS     IoErr
        move.l  W_ARGS(%a5),%a0
copy_fail:
        moveq   #RETURN_ERROR,%d2
        bsr     fail
        bra.s   drop_dest
copy_break:
        move.l  #ERROR_BREAK,%d0
        sub.l   %a0,%a0
        moveq   #RETURN_WARN,%d2
        bsr     fail
        bra.s   drop_dest
copy_eof:
        | Close flushes the last buffered data: its result counts too (V36: DOSTRUE on success).
        move.l  C_OUT(%a5),%d1
        clr.l   C_OUT(%a5)
        SYS     Close
        tst.l   %d0
        bne.s   5f
        bsr     ioerr_or_full
        move.l  C_DEST(%a5),%a0
        moveq   #RETURN_ERROR,%d2
        bsr     fail
        bra.s   drop_dest
5:      rts

| A failed copy leaves nothing behind under TO.
drop_dest:
        move.l  C_OUT(%a5),%d1
        beq.s   1f
        clr.l   C_OUT(%a5)
        SYS     Close
1:      move.l  C_DEST(%a5),%d1
        SYS     DeleteFile
        rts

from_ioerr:
        SYS     IoErr
from_err:
        move.l  W_ARGS(%a5),%a0
        moveq   #RETURN_ERROR,%d2
        bra     fail
dest_ioerr:
        SYS     IoErr
        move.l  C_DEST(%a5),%a0
        moveq   #RETURN_ERROR,%d2
        bra     fail

| D0 = IoErr(), or "disk full" when a short write left no error code.
ioerr_or_full:
        SYS     IoErr
        tst.l   %d0
        bne.s   1f
        move.l  #221,%d0                | ERROR_DISK_FULL
1:      rts

| Allocates the copy buffer, BUF_MAX bytes or the largest power of two down to BUF_MIN that can
| be had. Z clear on success.
allocbuf:
        move.l  %a6,-(%sp)
        move.l  W_SYS(%a5),%a6
        move.l  #BUF_MAX,%d2
1:      move.l  %d2,%d0
        moveq   #MEMF_PUBLIC,%d1
        SYS     AllocMem
        tst.l   %d0
        bne.s   2f
        lsr.l   #1,%d2
        cmp.l   #BUF_MIN,%d2
        bcc.s   1b
        move.l  (%sp)+,%a6
        moveq   #0,%d0
        rts
2:      move.l  %d0,C_BUF(%a5)
        move.l  %d2,C_BUFSIZE(%a5)
        move.l  (%sp)+,%a6
        moveq   #1,%d0
        rts

cleanup:
        move.l  C_OUT(%a5),%d1
        beq.s   1f
        SYS     Close
1:      move.l  C_IN(%a5),%d1
        beq.s   2f
        SYS     Close
2:      move.l  C_SRCLOCK(%a5),%d1
        beq.s   3f
        SYS     UnLock
3:      move.l  C_BUF(%a5),%d0
        beq.s   4f
        move.l  %d0,%a1
        move.l  C_BUFSIZE(%a5),%d0
        move.l  %a6,-(%sp)
        move.l  W_SYS(%a5),%a6
        SYS     FreeMem
        move.l  (%sp)+,%a6
4:      rts
