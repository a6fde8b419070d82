@ ARM610 / ARM710 / SA-110 differences, 32-bit configuration. The C side stores the model at
@ `model` (0 ARM610, 1 ARM710, 2 SA-110) before the run.
@  - ID register (CP15 c0) as Linux matches it (arch/arm/mm/proc-arm6_7.S, proc-sa110.S)
@  - v4-only instructions (LDRH/STRH/LDRSB/LDRSH, long multiplies) are undefined on v3
@  - abort models (ARM ARM A2.6.5; ARM7 and StrongARM data abort notes, ARM DUI 0203G 6.11):
@    SA-110 "base restored" for every transfer; ARM710 and ARM610 with late aborts (CP15 L)
@    "base updated"; ARM610 with early aborts (L = 0) restores the base of LDR/STR but updates
@    it for LDM/STM. ARM6/7 stop writing registers once the abort is signalled and never
@    overwrite the base of an LDM; SWP is aborted as if it had not executed (all cores).
@  - unaligned LDR and SWP rotate the aligned word, STR ignores address[1:0] (ARM ARM A4.1.23)
@  - LDM/STM ignore address[1:0] (ARM ARM legacy alignment: "multiple accesses treated as
@    aligned, no rotation"); the written-back base keeps the low bits
@  - MSR with an empty field mask writes nothing; CP14 is absent (undefined)
@  - reset state: SVC (SVC26 on v3), I and F set; CP15 control P/D/L as each chip resets
        .include "common.inc"
        .text
        .global _start
_start:
        b       reset
        b       und_h
        b       .
        b       .
        b       dabt_h
        b       .
        b       .
        b       .
model:  .word   0                       @ 0x20, written by the C side

und_h:
        ldr     sp, =n_und
        ldr     r12, [sp]
        add     r12, r12, #1
        str     r12, [sp]
        movs    pc, lr

dabt_h:
        ldr     sp, =rec_dabt
        str     lr, [sp]
        ldr     lr, [sp, #4]
        add     lr, lr, #1
        str     lr, [sp, #4]
        ldr     lr, [sp]
        subs    pc, lr, #4
        .ltorg

@ PER_MODEL reg, v610, v710, v110: reg = the value for this model (r9 holds the model)
        .macro  PER_MODEL reg, v610, v710, v110
        cmp     r9, #1
        ldrlo   \reg, =\v610
        ldreq   \reg, =\v710
        ldrhi   \reg, =\v110
        .endm

reset:
@ ---- reset state: SVC with IRQ and FIQ masked; SVC26 on the v3 cores (P = 0 after reset)
        ldr     r9, =model
        ldr     r9, [r9]
        mrs     r0, cpsr
        and     r0, r0, #0xFF
        PER_MODEL r1, 0xC3, 0xC3, 0xD3
        CHECKR  r0, r1
        mrc     p15, 0, r0, c1, c0, 0
        PER_MODEL r1, 0x30, 0x30, 0x70 @ P, D (and L on SA-110, TRM 5.2.3: read as 1)
        and     r0, r0, r1
        PER_MODEL r1, 0x00, 0x00, 0x70
        CHECKR  r0, r1
        mrc     p15, 0, r0, c1, c0, 0
        orr     r0, r0, #0x30
        mcr     p15, 0, r0, c1, c0, 0
        msr     cpsr_c, #SVC32 | I_BIT | F_BIT
        ldr     r9, =model
        ldr     r9, [r9]

@ ---- main ID register
        mrc     p15, 0, r0, c0, c0, 0
        PER_MODEL r1, 0xFFFFFFF0, 0xFFF8FF00, 0xFFFFFFF0
        and     r0, r0, r1
        PER_MODEL r1, 0x41560610, 0x41007100, 0x4401A100
        CHECKR  r0, r1

@ ---- cache flush (v3: MCR c7 flushes the IDC; SA-110: c7,c7,0 the I and D caches) and the
@      C and W control bits: accepted, read back, data untouched
        ldr     r1, =data
        ldr     r2, [r1]
        cmp     r9, #2
        mcrne   p15, 0, r0, c7, c0, 0
        mcreq   p15, 0, r0, c7, c7, 0
        mrc     p15, 0, r3, c1, c0, 0
        orr     r0, r3, #0xC
        mcr     p15, 0, r0, c1, c0, 0
        mrc     p15, 0, r0, c1, c0, 0
        and     r0, r0, #0xC
        CHECK   r0, 0xC
        mcr     p15, 0, r3, c1, c0, 0
        ldr     r0, [r1]
        CHECKR  r0, r2
        ldr     r0, =n_und
        ldr     r0, [r0]
        CHECK   r0, 0
@ ---- no CP14 on any of them (QEMU has debug registers there): undefined
        mov     r0, #0x77
        mrc     p14, 0, r0, c0, c0, 0
        mcr     p14, 0, r0, c0, c0, 0
        CHECK   r0, 0x77
        ldr     r1, =n_und
        ldr     r0, [r1]
        CHECK   r0, 2
        mov     r0, #0
        str     r0, [r1]

@ ---- v4-only instructions: undefined on v3, executed on SA-110
        ldr     r1, =data
        mov     r0, #0
        mov     r4, #0
        ldrh    r0, [r1]
        ldrsb   r4, [r1, #1]
        ldrsh   r5, [r1, #2]
        strh    r0, [r1, #8]
        mov     r2, #0
        mov     r3, #0
        umull   r2, r3, r1, r1
        smlal   r2, r3, r1, r1
        ldr     r6, =n_und
        ldr     r6, [r6]
        PER_MODEL r7, 6, 6, 0
        CHECKR  r6, r7
        PER_MODEL r7, 0, 0, 0x8281
        CHECKR  r0, r7
        PER_MODEL r7, 0, 0, 0xFFFFFF82
        CHECKR  r4, r7
        b       1f
        .ltorg
1:

@ ---- single transfer abort: LDR/STR with writeback beyond RAM
        ldr     r2, =0x00200000
        mov     r3, #0x33
        ldr     r3, [r2, #4]!
        CHECK   r3, 0x33                @ nothing loaded
        PER_MODEL r1, 0x00200000, 0x00200004, 0x00200000
        CHECKR  r2, r1
        ldr     r2, =0x00200000
        str     r3, [r2], #-8
        PER_MODEL r1, 0x00200000, 0x001FFFF8, 0x00200000
        CHECKR  r2, r1
        ldr     r0, =rec_dabt
        ldr     r1, [r0, #4]
        CHECK   r1, 2

@ ARM610 with late aborts (CP15 L = 1) updates the base too
        cmp     r9, #0
        mrceq   p15, 0, r0, c1, c0, 0
        orreq   r0, r0, #0x40
        mcreq   p15, 0, r0, c1, c0, 0
        ldr     r2, =0x00200000
        ldr     r3, [r2, #-4]!
        PER_MODEL r1, 0x001FFFFC, 0x001FFFFC, 0x00200000
        CHECKR  r2, r1
        cmp     r9, #0
        mrceq   p15, 0, r0, c1, c0, 0
        biceq   r0, r0, #0x40
        mcreq   p15, 0, r0, c1, c0, 0

@ ---- LDM/STM abort: the last two of four words lie beyond RAM (RAM ends at 0x100000)
        ldr     r2, =0x000FFFF8
        mov     r3, #3
        mov     r4, #4
        mov     r5, #5
        mov     r6, #6
        ldmia   r2!, {r3-r6}
        PER_MODEL r1, 0x00100008, 0x00100008, 0x000FFFF8
        CHECKR  r2, r1
        cmp     r9, #2                  @ ARM6/7: nothing written once the abort is signalled
        movne   r1, #5
        moveq   r1, r5
        CHECKR  r5, r1
        cmp     r9, #2
        movne   r1, #6
        moveq   r1, r6
        CHECKR  r6, r1
        ldr     r2, =0x000FFFF8
        stmdb   r2!, {r3-r6}            @ below: all in RAM, no abort
        CHECK   r2, 0x000FFFE8
        ldr     r2, =0x000FFFF8
        stmia   r2!, {r3-r6}
        PER_MODEL r1, 0x00100008, 0x00100008, 0x000FFFF8
        CHECKR  r2, r1
@ base in the list, no writeback: never overwritten when the load aborts
        ldr     r2, =0x000FFFF8
        mov     r4, r2
        ldmia   r2, {r1, r2, r3, r5}
        CHECKR  r2, r4
@ SWP: aborted as though not executed
        ldr     r2, =0x00300000
        mov     r3, #0x77
        mov     r4, #0x44
        swp     r3, r4, [r2]
        CHECK   r3, 0x77
        ldr     r0, =rec_dabt
        ldr     r1, [r0, #4]
        CHECK   r1, 7
        b       1f
        .ltorg
1:

@ ---- unaligned LDR rotates, STR ignores address[1:0], SWP rotates and stores aligned
        ldr     r1, =data
        ldr     r0, [r1, #1]
        CHECK   r0, 0x81848382
        ldr     r0, [r1, #2]
        CHECK   r0, 0x82818483
        ldr     r0, [r1, #3]
        CHECK   r0, 0x83828184
        ldr     r2, =0xCAFEF00D
        str     r2, [r1, #7]            @ to data + 4
        ldr     r0, [r1, #4]
        CHECK   r0, 0xCAFEF00D
        ldr     r2, =0x11223344
        add     r3, r1, #6
        swp     r0, r2, [r3]            @ loads data + 4 rotated by 16, stores to data + 4
        CHECK   r0, 0xF00DCAFE
        ldr     r0, [r1, #4]
        CHECK   r0, 0x11223344

@ ---- LDM/STM ignore address[1:0] (no rotation); the written-back base keeps them
        ldr     r1, =data + 2
        ldr     r2, =0x11223344
        ldr     r3, =0x55667788
        stmia   r1!, {r2, r3}
        ldr     r4, =data + 10
        CHECKR  r1, r4
        ldr     r1, =data + 3
        ldmia   r1, {r5, r6}
        CHECKR  r5, r2
        CHECKR  r6, r3

@ ---- MSR with no fields selected: nothing changes
        msr     cpsr_f, #0x40000000
        mov     r0, #0xF0000000
        orr     r0, r0, #0x1F
        .word   0xE120F000              @ msr cpsr_<none>, r0
        mrs     r1, cpsr
        CHECK   r1, 0x40000000 | SVC32 | I_BIT | F_BIT

        PASS
        END_CHECKS

        .data
        .balign 4
data:   .word   0x84838281, 0x04030201, 0, 0
n_und:  .word   0
rec_dabt: .word 0, 0
