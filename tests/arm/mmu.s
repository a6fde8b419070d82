@ MMU: translation (sections, coarse tables with large and small pages, 1 KB subpages),
@ domains (DACR), access permissions with the S and R bits, FSR/FAR, TLB flush, alignment
@ faults, an abort inside LDM/STM and a prefetch abort through the MMU.
@ ARM ARM (DDI 0100E) B3 "Memory management unit"; ARM610/ARM710 datasheets §"MMU";
@ SA-110 TRM §5. FSR status: 0101 translation (section), 0111 translation (page),
@ 1001/1011 domain, 1101/1111 permission, 00x1 alignment; FSR[7:4] = domain (not valid for a
@ section translation fault, so not compared there). Prefetch aborts leave FSR/FAR alone.
@ TLB flush: MCR c5 on ARM610/710, MCR c8,c7,0 on SA-110. The model is stored at 0x20.
        .include "common.inc"
        .text
        .global _start
_start:
        b       reset
        b       .
        b       swi_h
        b       pabt_h
        b       dabt_h
        b       .
        b       .
        b       .
model:  .word   0

        .equ    TTB, 0x80000
        .equ    L2, 0x84000
        .equ    SMALL_PA, 0x90000
        .equ    LARGE_PA, 0xA0000
        .equ    ALIAS, 0x10000000       @ section, domain 1 -> PA 0
        .equ    PAGES, 0x20000000       @ coarse table, domain 2
        .equ    NOWHERE, 0x30000000     @ no L1 entry

swi_h:                                  @ return to the caller in SVC mode
        mrs     sp, spsr
        bic     sp, sp, #0x1F
        orr     sp, sp, #SVC32
        msr     spsr_c, sp
        movs    pc, lr

pabt_h:
        ldr     sp, =rec_pabt
        str     lr, [sp]
        movs    pc, r10

dabt_h:
        ldr     sp, =rec_dabt
        str     lr, [sp]
        mrc     p15, 0, lr, c5, c0, 0
        and     lr, lr, #0xFF
        str     lr, [sp, #4]
        mrc     p15, 0, lr, c6, c0, 0
        str     lr, [sp, #8]
        ldr     lr, [sp, #12]
        add     lr, lr, #1
        str     lr, [sp, #12]
        ldr     lr, [sp]
        subs    pc, lr, #4
        .ltorg

        .macro  TLB_FLUSH
        cmp     r9, #2
        mcrne   p15, 0, r0, c5, c0, 0
        mcreq   p15, 0, r0, c8, c7, 0
        .endm

@ SECTION_AP ap: the ALIAS section gets access permission bits ap, then the TLB is flushed
        .macro  SECTION_AP ap
        ldr     r0, =TTB + (ALIAS >> 18)
        ldr     r2, =0x00000032 | (\ap << 10)
        str     r2, [r0]
        TLB_FLUSH
        .endm

        .macro  SET_DACR v
        ldr     r0, =\v
        mcr     p15, 0, r0, c3, c0, 0
        .endm

@ SR bits: CP15 control S (bit 8) and R (bit 9)
        .macro  SET_SR s, r
        mrc     p15, 0, r0, c1, c0, 0
        bic     r0, r0, #0x300
        orr     r0, r0, #(\s << 8) | (\r << 9)
        mcr     p15, 0, r0, c1, c0, 0
        .endm

@ FAULTS fsr, far, insn: insn must abort once with FSR[7:0] = fsr (or FSR[3:0] when fsr
@ has no domain, i.e. < 0x10) and FAR = far
        .macro  FAULTS fsr, far, insn:vararg
        ldr     r8, =rec_dabt
        ldr     r7, [r8, #12]
        \insn
        ldr     r8, =rec_dabt
        ldr     r6, [r8, #12]
        sub     r6, r6, r7
        CHECK   r6, 1
        ldr     r6, [r8, #4]
        .if \fsr < 0x10
        and     r6, r6, #0xD            @ no domain; alignment may read 0001 or 0011
        .endif
        CHECK   r6, \fsr
        ldr     r6, [r8, #8]
        CHECK   r6, \far
        .endm

        .macro  NO_FAULT insn:vararg
        ldr     r8, =rec_dabt
        ldr     r7, [r8, #12]
        \insn
        ldr     r8, =rec_dabt
        ldr     r6, [r8, #12]
        CHECKR  r6, r7
        .endm

reset:
        mrc     p15, 0, r0, c1, c0, 0
        orr     r0, r0, #0x30           @ 32-bit configuration first (P, D)
        mcr     p15, 0, r0, c1, c0, 0
        msr     cpsr_c, #SVC32 | I_BIT | F_BIT
        ldr     r9, =model
        ldr     r9, [r9]
@ tables: identity section for the first MB (AP 11, domain 0), the ALIAS section, the
@ coarse table for PAGES (bit 4 set as Linux does for pre-v5 cores)
        ldr     r0, =TTB
        ldr     r1, =0x00000C12
        str     r1, [r0]
        ldr     r1, =0x00000C32         @ ALIAS: PA 0, AP 11, domain 1
        str     r1, [r0, #ALIAS >> 18]
        ldr     r1, =L2 | 0x51          @ coarse table, domain 2
        str     r1, [r0, #PAGES >> 18]
        ldr     r0, =L2
        ldr     r1, =SMALL_PA | 0xDB2   @ small page: AP3 11, AP2 01, AP1 10, AP0 11
        str     r1, [r0]
        ldr     r1, =LARGE_PA | 0xFF1   @ large page (16 entries), AP 11
        add     r2, r0, #0x10 * 4
        mov     r3, #16
1:      str     r1, [r2], #4
        subs    r3, r3, #1
        bne     1b
@ data behind the pages
        ldr     r0, =SMALL_PA
        ldr     r1, =0x5A5A0000
        str     r1, [r0]
        add     r1, r1, #1
        str     r1, [r0, #0x400]
        add     r1, r1, #1
        str     r1, [r0, #0x800]
        add     r1, r1, #1
        str     r1, [r0, #0xC00]
        ldr     r0, =LARGE_PA + 0x2344
        ldr     r1, =0x1A2B3C4D
        str     r1, [r0]
@ MMU on: TTB, DACR (domains 0-2 client), control M + P + D
        ldr     r0, =TTB
        mcr     p15, 0, r0, c2, c0, 0
        SET_DACR 0x15
        TLB_FLUSH
        mrc     p15, 0, r0, c1, c0, 0
        orr     r0, r0, #0x31
        bic     r0, r0, #0x300          @ S = R = 0
        bic     r0, r0, #0x2            @ no alignment checks
        mcr     p15, 0, r0, c1, c0, 0
        mrc     p15, 0, r0, c1, c0, 0
        and     r0, r0, #1
        CHECK   r0, 1

@ ---- translation
        ldr     r1, =ALIAS + data
        ldr     r3, [r1]
        CHECK   r3, 0xD00DFEED
        ldr     r2, =0x12345678
        str     r2, [r1, #4]            @ through the alias ...
        ldr     r3, =data
        ldr     r3, [r3, #4]            @ ... seen at the physical address
        CHECK   r3, 0x12345678
        ldr     r1, =PAGES
        ldr     r3, [r1]
        CHECK   r3, 0x5A5A0000
        ldr     r3, [r1, #0xC00]
        CHECK   r3, 0x5A5A0003
        ldr     r1, =PAGES + 0x12344
        ldr     r3, [r1]
        CHECK   r3, 0x1A2B3C4D
        b       1f
        .ltorg
1:
        ldr     r1, =NOWHERE + 0x124
        FAULTS  0x5, NOWHERE + 0x124, ldr r3, [r1]
        ldr     r1, =PAGES + 0x1010
        FAULTS  0x27, PAGES + 0x1010, ldr r3, [r1]
        ldr     r1, =PAGES + 0x20004
        FAULTS  0x27, PAGES + 0x20004, str r3, [r1]

@ ---- domains
        SET_DACR 0x11                   @ domain 1: no access
        ldr     r1, =ALIAS + 0x100
        FAULTS  0x19, ALIAS + 0x100, ldr r3, [r1]
        SET_DACR 0x05                   @ domain 2: no access
        ldr     r1, =PAGES + 8
        FAULTS  0x2B, PAGES + 8, ldr r3, [r1]
        SET_DACR 0x15
        b       1f
        .ltorg
1:

@ ---- permissions (client domain): LDRT/STRT check user permission from SVC
        ldr     r1, =ALIAS + data
        SECTION_AP 1                    @ privileged RW, user none
        NO_FAULT ldr r3, [r1]
        NO_FAULT str r3, [r1]
        FAULTS  0x1D, ALIAS + data, ldrt r3, [r1]
        SECTION_AP 2                    @ privileged RW, user read-only
        NO_FAULT ldrt r3, [r1]
        FAULTS  0x1D, ALIAS + data, strt r3, [r1]
        NO_FAULT str r3, [r1]
        SECTION_AP 0                    @ S = R = 0: no access at all
        FAULTS  0x1D, ALIAS + data, ldr r3, [r1]
        b       1f
        .ltorg
1:
        SET_SR  1, 0                    @ S: privileged read-only
        NO_FAULT ldr r3, [r1]
        FAULTS  0x1D, ALIAS + data, str r3, [r1]
        FAULTS  0x1D, ALIAS + data, ldrt r3, [r1]
        SET_SR  0, 1                    @ R: read-only for everyone
        NO_FAULT ldr r3, [r1]
        NO_FAULT ldrt r3, [r1]
        FAULTS  0x1D, ALIAS + data, str r3, [r1]
        b       1f
        .ltorg
1:
        SET_SR  0, 0
        SET_DACR 0x1D                   @ domain 1 manager: no permission checks
        NO_FAULT ldr r3, [r1]
        NO_FAULT strt r3, [r1]
        SET_DACR 0x15
        SECTION_AP 3
        b       1f
        .ltorg
1:

@ ---- subpages of the small page (domain 2): AP0 11, AP1 10, AP2 01, AP3 11
        ldr     r1, =PAGES + 0x10
        NO_FAULT strt r3, [r1]
        ldr     r1, =PAGES + 0x410
        NO_FAULT ldrt r3, [r1]
        ldr     r1, =PAGES + 0x410
        FAULTS  0x2F, PAGES + 0x410, strt r3, [r1]
        ldr     r1, =PAGES + 0x800
        NO_FAULT ldr r3, [r1]
        FAULTS  0x2F, PAGES + 0x800, ldrt r3, [r1]
        ldr     r1, =PAGES + 0xC00
        NO_FAULT strt r3, [r1]
        b       1f
        .ltorg
1:

@ ---- user mode proper (not LDRT): a mapping used by privileged code must not leak to user
@      accesses, a page read by the user stays unwritable, and instruction fetches are
@      permission-checked (prefetch abort)
        SECTION_AP 1
        ldr     r1, =ALIAS + data
        NO_FAULT ldr r3, [r1]
        msr     cpsr_c, #USR32 | I_BIT | F_BIT
        FAULTS  0x1D, ALIAS + data, ldr r3, [r1]
        swi     0
        SECTION_AP 2
        msr     cpsr_c, #USR32 | I_BIT | F_BIT
        NO_FAULT ldr r3, [r1]
        FAULTS  0x1D, ALIAS + data, str r3, [r1]
        swi     0
        SECTION_AP 1
        ldr     r10, =fetch_back
        ldr     r2, =ALIAS + user_code
        mov     r0, #0
        msr     cpsr_c, #USR32 | I_BIT | F_BIT
        mov     pc, r2                  @ user fetch from a privileged page: prefetch abort
fetch_back:
        swi     0
        CHECK   r0, 0                   @ user_code did not run
        ldr     r1, =rec_pabt
        ldr     r0, [r1]
        CHECK   r0, ALIAS + user_code + 4
        ldr     r10, =fetch_back2
        mov     pc, r2                  @ the same from SVC: runs
fetch_back2:
        CHECK   r0, 0x55
        b       1f
        .ltorg
1:

@ ---- single-entry TLB flush (v3: MCR c6 purge; SA-110: MCR c8, c6, 1)
        ldr     r0, =TTB + (ALIAS >> 18)
        ldr     r2, =0x00000032         @ AP 00, S = R = 0: no access
        str     r2, [r0]
        ldr     r0, =ALIAS + data
        cmp     r9, #2
        mcrne   p15, 0, r0, c6, c0, 0
        mcreq   p15, 0, r0, c8, c6, 1
        ldr     r1, =ALIAS + data
        FAULTS  0x1D, ALIAS + data, ldr r3, [r1]
        SECTION_AP 3
        b       1f
        .ltorg
1:

@ ---- alignment faults (CP15 A)
        mrc     p15, 0, r0, c1, c0, 0
        orr     r0, r0, #2
        mcr     p15, 0, r0, c1, c0, 0
        ldr     r1, =data + 1
        FAULTS  0x1, data + 1, ldr r3, [r1]
        NO_FAULT ldrb r3, [r1]
        mrc     p15, 0, r0, c1, c0, 0
        bic     r0, r0, #2
        mcr     p15, 0, r0, c1, c0, 0

@ ---- LDM/STM running off the end of the small page into an unmapped one: FAR is the first
@      faulting word; the base follows the abort model of the core
        ldr     r1, =PAGES + 0xFF8
        FAULTS  0x27, PAGES + 0x1000, ldmia r1!, {r3-r6}
        cmp     r9, #2
        ldrne   r2, =PAGES + 0x1008
        ldreq   r2, =PAGES + 0xFF8
        CHECKR  r1, r2
        ldr     r1, =PAGES + 0xFF8
        FAULTS  0x27, PAGES + 0x1000, stmia r1, {r3-r6}
        ldr     r1, =PAGES + 0x1010
        FAULTS  0x27, PAGES + 0x1000, stmdb r1!, {r3-r6}
        b       1f
        .ltorg
1:

@ ---- prefetch abort through the MMU: R14_abt = address + 4, FSR/FAR untouched
        ldr     r10, =pabt_back
        ldr     r0, =NOWHERE + 0x40
        mov     pc, r0
pabt_back:
        ldr     r1, =rec_pabt
        ldr     r0, [r1]
        CHECK   r0, NOWHERE + 0x44
        mrc     p15, 0, r0, c6, c0, 0
        CHECK   r0, PAGES + 0x1000

        PASS
user_code:
        mov     r0, #0x55
        mov     pc, r10
        END_CHECKS

        .data
        .balign 4
data:     .word 0xD00DFEED, 0
rec_dabt: .word 0, 0, 0, 0
rec_pabt: .word 0
