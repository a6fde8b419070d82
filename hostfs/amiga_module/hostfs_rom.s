| Arcana HostFS boot ROM for the A500's Zorro II HostFS board (machines/a500_hostfs.c).
|
| - A DiagArea (libraries/configregs.h; Amiga Hardware Reference Manual appendix K) that
|   expansion.library copies to RAM and calls at configuration time. Its DiagPoint mounts the
|   HOST: device: expansion.library MakeDosNode, then AddBootNode with our ConfigDev, at the
|   boot priority the board reports (-128 = not bootable).
| - A BootPoint that starts dos.library, as a Kickstart boot block does; dosboot calls it when
|   HOST: is the boot device.
| - The DOS handler, as a one-segment seglist in this ROM (dn_SegList, dn_GlobalVec = -1):
|   DOS starts it as a process and sends it packets. It hands each DosPacket to the board,
|   which runs it on the host (hostfs/amiga_hostfs.c) and fills in dp_Res1/dp_Res2, and
|   replies it. The startup packet also asks it to make the volume node (MakeDosEntry, which
|   the host fills in) and add it to the DOS list (AddDosEntry).
|
| Assembled at origin 0 = the board's base, so code running in the ROM finds the board with
| PC-relative addressing; the DiagArea part runs from its RAM copy and reaches the ROM
| through A0. Keep the register offsets in step with machines/a500_hostfs.h.

        .set    REG_PACKET, 0x4000      | long, write: run this DosPacket
        .set    REG_PORT, 0x4004        | long, write: the handler's message port
        .set    REG_NEXT, 0x4008        | word, read: 0 reply, 1 make the volume node first
        .set    REG_VOLUME, 0x400c      | long, write: the volume node made (0: none)
        .set    REG_BOOTPRI, 0x4010     | word, read: boot priority
        .set    REG_DOSNAME, 0x4100     | C string: the device name ("HOST")
        .set    REG_VOLNAME, 0x4140     | C string: the volume name

        .set    SYSBASE, 4
        | exec.library
        .set    FindResident, -96
        .set    FindTask, -294
        .set    PutMsg, -366
        .set    GetMsg, -372
        .set    WaitPort, -384
        .set    CloseLibrary, -414
        .set    OpenLibrary, -552
        | expansion.library
        .set    AddBootNode, -36
        .set    MakeDosNode, -144
        | dos.library
        .set    AddDosEntry, -678
        .set    MakeDosEntry, -696

        .set    RT_INIT, 22             | struct Resident
        .set    LN_NAME, 10             | struct Node: a DOS message's ln_Name is its packet
        .set    TC_SIZE, 92             | struct Task: pr_MsgPort follows it in a Process
        .set    CD_FLAGS, 14            | struct ConfigDev
        .set    CDB_CONFIGME, 1
        .set    DN_STACKSIZE, 20        | struct DeviceNode
        .set    DN_PRIORITY, 24
        .set    DN_SEGLIST, 32
        .set    DN_GLOBALVEC, 36
        .set    DP_LINK, 0              | struct DosPacket
        .set    DP_PORT, 4
        .set    DLT_VOLUME, 2
        .set    PARM_SIZE, 84           | MakeDosNode parameter packet: 4 longs + 17 DosEnvec longs
        .set    PARM_BOOTPRI, 76        | its de_BootPri

        .text
rom:    .ascii  "Arcana HostFS   "      | 16 bytes; er_InitDiagVec = 0x10

| struct DiagArea
diag:   .byte   0x90                    | da_Config: DAC_WORDWIDE | DAC_CONFIGTIME
        .byte   0                       | da_Flags
        .word   diag_end-diag           | da_Size: what expansion.library copies
        .word   diag_point-diag         | da_DiagPoint
        .word   boot_point-diag         | da_BootPoint
        .word   diag_name-diag          | da_Name
        .word   0, 0                    | da_Reserved01/02

| A0 = board, A2 = the DiagArea copy, A3 = our ConfigDev, A6 = SysBase. D0 != 0 = success.
diag_point:
        jmp     mount-rom(%a0)

| Boot from HOST:: initialise dos.library, which boots from the head of the mount list.
boot_point:
        move.l  SYSBASE.w,%a6
        lea     boot_dos(%pc),%a1
        jsr     FindResident(%a6)
        tst.l   %d0
        beq.s   1f
        move.l  %d0,%a0
        move.l  RT_INIT(%a0),%a0
        jsr     (%a0)
1:      rts
boot_dos:
        .asciz  "dos.library"
diag_name:
        .asciz  "arcana-hostfs"
        .balign 2
diag_end:

| ---- runs in the ROM from here on ----

| Mounts HOST: (called from the DiagPoint; A0 = board, A3 = ConfigDev, A6 = SysBase).
mount:  movem.l %d2-%d7/%a2-%a6,-(%sp)
        move.l  %a0,%a4
        lea     expansion_name(%pc),%a1
        moveq   #0,%d0
        jsr     OpenLibrary(%a6)
        tst.l   %d0
        beq.s   mount_failed
        move.l  %d0,%a5                 | ExpansionBase
        | The parameter packet (dos/filehandler.h, MakeDosNode) on the stack: the template
        | with the names and the boot priority filled in.
        lea     -PARM_SIZE(%sp),%sp
        move.l  %sp,%a0
        lea     parm_template(%pc),%a1
        moveq   #PARM_SIZE/4-1,%d0
1:      move.l  (%a1)+,(%a0)+
        dbf     %d0,1b
        lea     REG_DOSNAME(%a4),%a0
        move.l  %a0,(%sp)
        lea     exec_name(%pc),%a0
        move.l  %a0,4(%sp)
        move.w  REG_BOOTPRI(%a4),%d2
        ext.l   %d2
        move.l  %d2,PARM_BOOTPRI(%sp)
        move.l  %sp,%a0
        exg     %a5,%a6                 | A6 = ExpansionBase, A5 = SysBase
        jsr     MakeDosNode(%a6)
        lea     PARM_SIZE(%sp),%sp
        tst.l   %d0
        beq.s   mount_close
        move.l  %d0,%a0                 | the DeviceNode
        lea     seglist(%pc),%a1
        move.l  %a1,%d1
        lsr.l   #2,%d1
        move.l  %d1,DN_SEGLIST(%a0)     | our handler, in this ROM
        moveq   #-1,%d1
        move.l  %d1,DN_GLOBALVEC(%a0)   | a C-style handler: no BCPL global vector
        move.l  #4096,DN_STACKSIZE(%a0)
        moveq   #10,%d1
        move.l  %d1,DN_PRIORITY(%a0)
        move.l  %d2,%d0                 | boot priority
        moveq   #0,%d1                  | DOS starts the handler when HOST: is first used
        move.l  %a3,%a1                 | our ConfigDev: a BootPoint node
        jsr     AddBootNode(%a6)
        bclr    #CDB_CONFIGME,CD_FLAGS(%a3) | the board has its driver
mount_close:
        exg     %a5,%a6                 | A6 = SysBase
        move.l  %a5,%a1
        jsr     CloseLibrary(%a6)
        moveq   #1,%d0
        bra.s   mount_out
mount_failed:
        moveq   #0,%d0
mount_out:
        movem.l (%sp)+,%d2-%d7/%a2-%a6
        rts

        .balign 4
parm_template:
        .long   0, 0                    | DOS device name, exec device name (filled in)
        .long   0                       | unit
        .long   0                       | flags
        .long   16                      | de_TableSize: entries up to de_DosType
        .long   128                     | de_SizeBlock (longwords: 512-byte blocks)
        .long   0                       | de_SecOrg
        .long   1                       | de_Surfaces
        .long   1                       | de_SectorPerBlock
        .long   1                       | de_BlocksPerTrack
        .long   0, 0, 0                 | de_Reserved, de_PreAlloc, de_Interleave
        .long   0, 0                    | de_LowCyl, de_HighCyl
        .long   0                       | de_NumBuffers
        .long   0                       | de_BufMemType
        .long   0x7fffffff              | de_MaxTransfer
        .long   0xfffffffe              | de_Mask
        .long   0                       | de_BootPri (filled in)
        .long   0x444f5300              | de_DosType 'DOS\0'
parm_end:
        .if     parm_end-parm_template-PARM_SIZE
        .error  "PARM_SIZE does not match the template"
        .endif

| ---- the handler: a seglist (BPTR to the "next segment" longword, code after it) ----
        .balign 4
        .long   0                       | segment size (a ROM segment is never freed)
seglist:
        .long   0                       | no next segment
handler:
        move.l  SYSBASE.w,%a6
        lea     rom(%pc),%a4            | the board: the ROM starts at its base
        sub.l   %a1,%a1
        jsr     FindTask(%a6)
        move.l  %d0,%a2
        lea     TC_SIZE(%a2),%a2        | our process's message port
        move.l  %a2,REG_PORT(%a4)
        lea     dos_name(%pc),%a1
        moveq   #0,%d0
        jsr     OpenLibrary(%a6)
        move.l  %d0,%a5                 | DOSBase
wait:   move.l  %a2,%a0
        jsr     WaitPort(%a6)
next:   move.l  %a2,%a0
        jsr     GetMsg(%a6)
        tst.l   %d0
        beq.s   wait
        move.l  %d0,%a1
        move.l  LN_NAME(%a1),%a3        | the DosPacket
        move.l  %a3,REG_PACKET(%a4)     | the host runs it
        cmpi.w  #1,REG_NEXT(%a4)
        bne.s   reply
        | The volume node: made by dos.library, filled in by the host, added here.
        lea     REG_VOLNAME(%a4),%a0
        move.l  %a0,%d1
        moveq   #DLT_VOLUME,%d2
        exg     %a5,%a6
        jsr     MakeDosEntry(%a6)
        move.l  %d0,REG_VOLUME(%a4)
        beq.s   1f
        move.l  %d0,%d1
        jsr     AddDosEntry(%a6)
1:      exg     %a5,%a6
reply:  move.l  DP_PORT(%a3),%a0       | the reply goes back to the sender,
        move.l  %a2,DP_PORT(%a3)       | and comes from our port
        move.l  DP_LINK(%a3),%a1
        jsr     PutMsg(%a6)
        bra.s   next

dos_name:
        .asciz  "dos.library"
expansion_name:
        .asciz  "expansion.library"
exec_name:
        .asciz  "arcana-hostfs.device"
        .balign 2
rom_end:                                | (machines/a500_hostfs.c checks it fits below 0x4000)
