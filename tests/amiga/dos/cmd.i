| The frame of our AmigaDOS commands: start-up and exit, error messages, output helpers.
| Included first by each command (so `start' is the hunk's first instruction), after the command
| has set W_SIZE (its work area's size, at least W_PRIV) and before its own code, which provides:
|   cmdname:  the command's name, a C string (the prefix of its messages)
|   main:     the command (A5 = work area, A6 = DOSBase); leaves W_RC / W_ERR set on failure
|   cleanup:  frees what main left in the work area (called even when main failed)
|
| Work area (AllocMem'd, cleared; every command's variables live here, the code stays
| read-only and position independent). The common part:
        .set    W_SYS, 0                | SysBase
        .set    W_DOS, 4                | DOSBase
        .set    W_OUT, 8                | Output()
        .set    W_RC, 12                | return code
        .set    W_ERR, 16               | secondary result for IoErr() / Why
        .set    W_RDARGS, 20            | ReadArgs() result, freed at exit
        .set    W_ARGS, 24              | the ReadArgs array (up to 4 arguments)
        .set    W_HDR, 40               | message header "<cmd>: <object>"
        .set    W_HDRLEN, 160
        .set    W_MSG, 200              | message line
        .set    W_MSGLEN, 200
        .set    W_PRIV, 400             | the command's own variables from here

start:
        movem.l %d2-%d7/%a2-%a6,-(%sp)
        move.l  4.w,%a6
        lea     dosname(%pc),%a1
        moveq   #36,%d0                 | ReadArgs, Fault: V36
        SYS     OpenLibrary
        tst.l   %d0
        beq.s   start_nodos
        move.l  %d0,%a4
        move.l  #W_SIZE,%d0
        move.l  #MEMF_PUBLIC+MEMF_CLEAR,%d1
        SYS     AllocMem
        tst.l   %d0
        beq.s   start_nomem
        move.l  %d0,%a5
        move.l  %a6,W_SYS(%a5)
        move.l  %a4,W_DOS(%a5)
        move.l  %a4,%a6
        SYS     Output
        move.l  %d0,W_OUT(%a5)
        bsr     main
        bsr     cleanup
        move.l  W_RDARGS(%a5),%d1
        beq.s   1f
        SYS     FreeArgs
1:      move.l  W_ERR(%a5),%d1
        SYS     SetIoErr
        move.l  W_RC(%a5),%d7
        move.l  W_SYS(%a5),%a6
        move.l  %a5,%a1
        move.l  #W_SIZE,%d0
        SYS     FreeMem
        move.l  %a4,%a1
        SYS     CloseLibrary
        move.l  %d7,%d0
start_exit:
        movem.l (%sp)+,%d2-%d7/%a2-%a6
        rts
start_nomem:
        move.l  %a4,%a6
        move.l  #ERROR_NO_FREE_STORE,%d1
        SYS     SetIoErr
        move.l  %a4,%a1
        move.l  4.w,%a6
        SYS     CloseLibrary
start_nodos:
        moveq   #RETURN_FAIL,%d0
        bra.s   start_exit

| Reports a failure: D0 = error code, A0 = the object's name or 0, D2 = return code. Prints
| "<cmd>: <object>: <dos.library's text for the code>" (Fault()) on Output().
fail:
        movem.l %d2-%d4/%a2,-(%sp)
        move.l  %d0,W_ERR(%a5)
        move.l  %d2,W_RC(%a5)
        move.l  %a0,%a2
        lea     W_HDR(%a5),%a1
        lea     cmdname(%pc),%a0
        moveq   #20,%d0
        bsr     strncat
        move.l  %a2,%d0
        beq.s   1f
        move.b  #':',(%a1)+
        move.b  #' ',(%a1)+
        move.l  %a2,%a0
        move.l  #W_HDRLEN-30,%d0
        bsr     strncat
1:      clr.b   (%a1)
        move.l  W_ERR(%a5),%d1
        lea     W_HDR(%a5),%a0
        move.l  %a0,%d2
        lea     W_MSG(%a5),%a0
        move.l  %a0,%d3
        move.l  #W_MSGLEN-2,%d4
        clr.b   W_MSG(%a5)
        SYS     Fault
        | The length is counted here: implementations disagree on what Fault() returns
        | (AROS's gives the room left in the buffer).
        lea     W_MSG(%a5),%a0
        move.l  %a0,%a1
1:      tst.b   (%a1)+
        bne.s   1b
        move.b  #10,-1(%a1)
        move.l  %a1,%d0
        sub.l   %a0,%d0
        bsr     writeout
        movem.l (%sp)+,%d2-%d4/%a2
        rts

| Writes D0 bytes at A0 to Output(). Z set when all were written.
writeout:
        movem.l %d2-%d4,-(%sp)
        move.l  %d0,%d4
        move.l  W_OUT(%a5),%d1
        move.l  %a0,%d2
        move.l  %d0,%d3
        SYS     Write
        cmp.l   %d4,%d0
        movem.l (%sp)+,%d2-%d4
        rts

| Appends the C string at A0 to A1 (A1 advanced, no terminator), at most D0 characters.
strncat:
        subq.l  #1,%d0
        bmi.s   2f
1:      tst.b   (%a0)
        beq.s   2f
        move.b  (%a0)+,(%a1)+
        dbf     %d0,1b
2:      rts

| Appends D0 (unsigned) in decimal to A1 (A1 advanced), right-aligned in D1 columns.
udec:
        movem.l %d2-%d3/%a2,-(%sp)
        lea     -12(%sp),%sp
        move.l  %sp,%a2
        moveq   #0,%d3
1:      bsr.s   div10
        add.b   #'0',%d2
        move.b  %d2,(%a2)+
        addq.l  #1,%d3
        tst.l   %d0
        bne.s   1b
2:      cmp.l   %d3,%d1
        ble.s   3f
        move.b  #' ',(%a1)+
        subq.l  #1,%d1
        bra.s   2b
3:      move.b  -(%a2),(%a1)+
        subq.l  #1,%d3
        bne.s   3b
        lea     12(%sp),%sp
        movem.l (%sp)+,%d2-%d3/%a2
        rts

| D0 = D0 / 10, D2 = D0 % 10, for all 32 bits (DIVU divides 32 by 16 bits with a 16-bit
| quotient, so the high and low words are divided in turn: long division).
div10:
        moveq   #0,%d2
        swap    %d0
        move.w  %d0,%d2
        divu    #10,%d2                 | remainder:quotient of the high word
        move.w  %d2,%d0
        swap    %d0                     | quotient high word in place
        move.w  %d0,%d2                 | remainder:low word
        divu    #10,%d2
        move.w  %d2,%d0
        swap    %d2
        and.l   #0xffff,%d2
        rts

| D0 non-zero when Ctrl-C was pressed (and clears the signal).
checkbreak:
        move.l  %a6,-(%sp)
        move.l  W_SYS(%a5),%a6
        moveq   #0,%d0
        move.l  #SIGBREAKF_CTRL_C,%d1
        SYS     SetSignal
        move.l  (%sp)+,%a6
        and.l   #SIGBREAKF_CTRL_C,%d0
        rts

dosname:
        .asciz  "dos.library"
        .even
