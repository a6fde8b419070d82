@ Arcana HostFS: a RISC OS filing-system module (relocatable module, RISC OS PRM "Modules" and
@ "Writing a filing system") that declares the filing system "HostFS" to FileSwitch and forwards
@ every FSEntry call to the emulator through SWI ArcEm_HostFS (&56AC1, in ArcEm's SWI chunk
@ &56AC0), with r9 = the entry's operation number; the emulator answers in r0-r7 as FileSwitch
@ expects and leaves r9 < &B0, or r9 = a FileCore error number (hostfs/riscos_hostfs.h).
@ Position-independent, 26/32-bit neutral (no flag-restoring returns), so it runs from RMA on
@ RISC OS 3.5 to 5. Shipped in the expansion-card ROM of podule slot 1 (machines/riscpc_hostfs).

        .equ    XOS_CLI, 0x20005
        .equ    XOS_FSControl, 0x20029
        .equ    ArcEm_HostFS, 0x56AC1 | 0x20000     @ X form: a machine without it gives an error
        .equ    FSControl_AddFS, 12
        .equ    FSControl_SelectFS, 14
        .equ    FSControl_RemoveFS, 16
        .equ    Service_FSRedeclare, 0x40
        .equ    HOSTFS_REGISTER, 0xFFFFFFFF
        .equ    HOSTFS_PROTOCOL, 3
        .equ    HOSTFS_ERR_FIRST, 0xB0
        .equ    HOSTFS_NOT_IMPLEMENTED, 0xFF
        @ The number the other HostFS modules use; only one HostFS can be loaded at a time.
        .equ    FS_NUMBER, 0x99
        .equ    FS_MAX_OPEN, 64                     @ hostfs.h HOSTFS_MAX_HANDLES
        .equ    ERR_BASE, 0x10000 | (FS_NUMBER << 8)

        .text
        .arm
module_start:
        .word   0                                   @ start (not an application)
        .word   init - module_start
        .word   final - module_start
        .word   service - module_start
        .word   title - module_start
        .word   help - module_start
        .word   commands - module_start
        .word   0, 0, 0, 0                          @ no SWIs of its own
        .word   0                                   @ no messages file
        .word   flags - module_start

flags:  .word   1                                   @ 32-bit compatible

@ Filing system information block (FSControl 12), offsets from the module base.
fs_info:
        .word   fs_name - module_start
        .word   fs_banner - module_start
        .word   fs_open - module_start
        .word   fs_getbytes - module_start
        .word   fs_putbytes - module_start
        .word   fs_args - module_start
        .word   fs_close - module_start
        .word   fs_file - module_start
        @ Information word (PRM "Filing system information block"): number, files open at a
        @ time, bit 26 = FSEntry_File 9 (read block size) supported.
        .word   FS_NUMBER | (FS_MAX_OPEN << 8) | (1 << 26)
        .word   fs_func - module_start
        .word   fs_gbpb - module_start
        .word   0                                   @ extra information word

title:  .asciz  "ArcanaHostFS"
help:   .asciz  "Arcana HostFS\t1.00 (21 Nov 2026) host folder as HostFS::"
fs_name:
        .asciz  "HostFS"
fs_banner:
        .asciz  "Arcana host filing system"
        .align  2

@ *HostFS: selects the filing system.
commands:
        .asciz  "HostFS"
        .align  2
        .word   cmd_hostfs - module_start
        .word   0                                   @ no parameters
        .word   cmd_syntax - module_start
        .word   cmd_help - module_start
        .byte   0
cmd_syntax:
        .asciz  "Syntax: *HostFS"
cmd_help:
        .asciz  "*HostFS selects the host filing system.\rSyntax: *HostFS"
        .align  2

@ Init: r12 = private word. Registers with the emulator, then declares the filing system.
init:   stmfd   sp!, {r9, lr}
        mov     r0, #HOSTFS_PROTOCOL
        mov     r9, #HOSTFS_REGISTER
        swi     ArcEm_HostFS
        cmn     r0, #1                              @ r0 = -1: the emulator accepted us
        bne     init_fail
        mov     r0, #FSControl_AddFS
        adrl    r1, module_start
        mov     r2, #fs_info - module_start
        mov     r3, r12
        swi     XOS_FSControl
        ldmfd   sp!, {r9, pc}                       @ V and r0 as FSControl left them

init_fail:
        adrl    r0, err_noemu
        b       return_error

final:  stmfd   sp!, {lr}
        mov     r0, #FSControl_RemoveFS
        adrl    r1, fs_name
        swi     XOS_FSControl
        cmp     r0, #0                              @ clears V: nothing to refuse
        ldmfd   sp!, {pc}

service:
        teq     r1, #Service_FSRedeclare
        movne   pc, lr
        stmfd   sp!, {r0-r3, lr}
        mov     r0, #FSControl_AddFS
        adrl    r1, module_start
        mov     r2, #fs_info - module_start
        mov     r3, r12
        swi     XOS_FSControl
        ldmfd   sp!, {r0-r3, pc}

cmd_hostfs:
        stmfd   sp!, {lr}
        mov     r0, #FSControl_SelectFS
        adrl    r1, fs_name
        swi     XOS_FSControl
        ldmfd   sp!, {pc}

@ FSEntry points: r9 = operation, the SWI does the work; r9 is preserved for FileSwitch.
        .macro  forward op
        stmfd   sp!, {r9, lr}
        mov     r9, #\op
        swi     ArcEm_HostFS
        cmp     r9, #HOSTFS_ERR_FIRST               @ clears V on success
        ldmlofd sp!, {r9, pc}
        b       hostfs_error
        .endm

fs_open:        forward 0
fs_getbytes:    forward 1
fs_putbytes:    forward 2
fs_args:        forward 3
fs_close:       forward 4
fs_file:        forward 5
fs_func:
        teq     r0, #10                             @ Func 10, boot: run !Boot if there is one
        beq     fs_boot
        forward 6
fs_gbpb:        forward 7

fs_boot:
        stmfd   sp!, {r9, lr}
        adr     r0, boot_cmd
        swi     XOS_CLI
        cmp     r0, #0                              @ no !Boot is not an error
        ldmfd   sp!, {r9, pc}
boot_cmd:
        .asciz  "Run @.!Boot"
        .align  2

@ r9 = error number from the emulator: find its error block.
hostfs_error:
        adr     r0, error_table
1:      ldr     lr, [r0], #8
        teq     lr, #0
        teqne   lr, r9
        bne     1b
        ldr     lr, [r0, #-4]
        adrl    r0, module_start
        add     r0, r0, lr
return_error:
        cmp     r0, #0x80000000                     @ sets V (r0 is a positive address)...
        cmnvc   r0, #0x80000000                     @ ...either way round
        ldmfd   sp!, {r9, pc}                       @ LDM without ^ keeps V in both modes

error_table:
        .word   0xB0, e_badrename - module_start
        .word   0xB4, e_notempty - module_start
        .word   0xBD, e_access - module_start
        .word   0xC0, e_toomany - module_start
        .word   0xC2, e_open - module_start
        .word   0xC3, e_locked - module_start
        .word   0xC4, e_exists - module_start
        .word   0xC6, e_full - module_start
        .word   0xC7, e_discerr - module_start
        .word   0xC9, e_protected - module_start
        .word   0xCC, e_badname - module_start
        .word   0xD6, e_notfound - module_start
        .word   0xDE, e_channel - module_start
        .word   0xFF, e_badop - module_start
        .word   0, e_unknown - module_start         @ anything else

        .macro  errblk label, num, text
        .align  2
\label: .word   \num
        .asciz  "\text"
        .endm
        errblk  e_badrename, ERR_BASE | 0xB0, "Bad rename"
        errblk  e_notempty, ERR_BASE | 0xB4, "Directory not empty"
        errblk  e_access, ERR_BASE | 0xBD, "Access violation"
        errblk  e_toomany, ERR_BASE | 0xC0, "Too many open files"
        errblk  e_open, ERR_BASE | 0xC2, "File open"
        errblk  e_locked, ERR_BASE | 0xC3, "Locked"
        errblk  e_exists, ERR_BASE | 0xC4, "Already exists"
        errblk  e_full, ERR_BASE | 0xC6, "Disc full"
        errblk  e_discerr, ERR_BASE | 0xC7, "Disc error"
        errblk  e_protected, ERR_BASE | 0xC9, "Disc protected"
        errblk  e_badname, ERR_BASE | 0xCC, "Bad name"
        errblk  e_notfound, ERR_BASE | 0xD6, "Not found"
        errblk  e_channel, ERR_BASE | 0xDE, "Channel"
        errblk  e_badop, ERR_BASE | 0xA0, "Bad filing system operation"
        errblk  e_unknown, ERR_BASE | 0xFF, "HostFS: host error"
        errblk  err_noemu, 0x10000 | (FS_NUMBER << 8), "HostFS needs an emulator with SWI ArcEm_HostFS"
        .align  2
module_end:
