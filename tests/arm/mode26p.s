@ 26-bit modes in the 32-bit configuration (P = D = 1): how RISC OS 3.5-4 run on an ARM610/710
@ once set up, and the only way the SA-110 has them (P and D read as 1 there).
@ ARM ARM (DDI 0100E) A8 "The 26-bit architectures":
@  - R15 carries PC + PSR in the 26-bit modes whatever the configuration; TEQP, MOVS pc and
@    LDM ^ set the PSR from R15's bits (flags only in USR26); BL saves PC + PSR
@  - every exception is entered in its 32-bit mode, R14 = plain return address, SPSR = the
@    26-bit CPSR (M[4:0] = 0b000xx); the return (MOVS / SUBS pc, LDM ^) restores the 26-bit mode
@  - with D = 1 there are no address exceptions: accesses above 64 MB go out to the bus
@ Runs on ARM610, ARM710 and SA-110.
        .include "common.inc"
        .text
        .global _start
_start:
        b       reset
        b       und_h
        b       swi_h
        b       .
        b       dabt_h
        b       .                       @ no address exceptions with D = 1
        b       irq_h
        b       .

@ rec: R14, CPSR, SPSR, count
        .macro  RECORD rec
        ldr     sp, =\rec
        str     lr, [sp, #0]
        mrs     lr, cpsr
        str     lr, [sp, #4]
        mrs     lr, spsr
        str     lr, [sp, #8]
        ldr     lr, [sp, #12]
        add     lr, lr, #1
        str     lr, [sp, #12]
        ldr     lr, [sp, #0]
        .endm

und_h:
        RECORD  rec_und
        movs    pc, lr

swi_h:
        RECORD  rec_swi
        str     r0, [sp, #16]
        ldr     r0, [lr, #-4]
        and     r0, r0, #0xFF
        cmp     r0, #0xFF               @ SWI &FF: return in SVC26
        mrseq   r0, spsr
        biceq   r0, r0, #0x1F
        orreq   r0, r0, #SVC26
        msreq   spsr_c, r0
        ldr     r0, [sp, #16]
        movs    pc, lr

dabt_h:
        RECORD  rec_dabt
        subs    pc, lr, #4

irq_h:
        RECORD  rec_irq
        ldr     sp, =stack_top
        stmfd   sp!, {r11, r12}
        IRQ_LINE 0
        ldmfd   sp!, {r11, r12}
        subs    pc, lr, #4
        .ltorg

reset:
        mrc     p15, 0, r0, c1, c0, 0
        orr     r0, r0, #0x30           @ P = D = 1 (already so on the SA-110)
        mcr     p15, 0, r0, c1, c0, 0
        msr     cpsr_fc, #SVC32 | I_BIT | F_BIT
        msr     cpsr_fc, #SVC26 | I_BIT | F_BIT
        mov     r0, r0

@ ---- R15 in SVC26
        teqp    pc, #0xFC000003
        mov     r0, r0
a1:     mov     r0, pc
        CHECK   r0, a1 + 8 + 0xFC000003
a2:     add     r0, pc, #0
        CHECK   r0, a2 + 8
        teqp    pc, #0x6C000003
        mov     r0, r0
        mrs     r0, cpsr
        CHECK   r0, 0x600000C3

@ ---- FIQ26 bank, BL with PSR, MOVS pc, lr
        mov     r8, #0x18
        teqp    pc, #0x0C000000 | FIQ26
        mov     r0, r0
        mov     r8, #0x28
        teqp    pc, #0x0C000000 | SVC26
        mov     r0, r0
        CHECK   r8, 0x18
        teqp    pc, #0x3C000003
        bl      sub1
b1:     b       b2
sub1:   CHECK   lr, b1 + 0x3C000003
        movs    pc, lr
b2:     mov     r0, pc
        CHECK   r0, b2 + 8 + 0x3C000003
        b       1f
        .ltorg
1:

@ ---- SWI from USR26: SVC32, R14 plain, SPSR = USR26 CPSR; MOVS pc, lr goes back to USR26
        teqp    pc, #USR26              @ user, interrupts enabled
        mov     r0, r0
        teqp    pc, #0x50000000         @ flags only
        swi     0x11
c1:     mov     r0, pc
        CHECK   r0, c1 + 8 + 0x50000000
        ldr     r1, =rec_swi
        ldr     r0, [r1]
        CHECK   r0, c1
        ldr     r0, [r1, #4]
        CHECK   r0, 0x50000093          @ SVC32, I set, F unchanged (clear)
        ldr     r0, [r1, #8]
        CHECK   r0, 0x50000000          @ SPSR: USR26 (M = 0b00000)
@ data abort from USR26 above 64 MB (no address exception with D = 1): ABT32, R14 = insn + 8
        teqp    pc, #0x90000000
        ldr     r2, =0x08000000
d1:     ldr     r3, [r2]
        ldr     r1, =rec_dabt
        ldr     r0, [r1]
        CHECK   r0, d1 + 8
        ldr     r0, [r1, #4]
        CHECK   r0, 0x90000097
        ldr     r0, [r1, #8]
        CHECK   r0, 0x90000000
        mov     r0, pc                  @ back in USR26 (SUBS pc restored the CPSR)
        and     r0, r0, #3
        CHECK   r0, USR26
@ IRQ from USR26: IRQ32, R14 = next + 4 (plain)
        IRQ_LINE 1
e1:     nop
        nop
        ldr     r1, =rec_irq
        ldr     r0, [r1]
        ldr     r2, =e1 + 4
        sub     r0, r0, r2
        cmp     r0, #4
        movls   r0, #1
        CHECK   r0, 1
        ldr     r0, [r1, #4]
        and     r0, r0, #0xFF
        CHECK   r0, 0x92                @ IRQ32, I set
        ldr     r0, [r1, #8]
        and     r0, r0, #0xFF
        CHECK   r0, USR26
        swi     0xFF                    @ back to SVC26
        b       1f
        .ltorg
1:
        mrs     r0, cpsr
        and     r0, r0, #0x1F
        CHECK   r0, SVC26

@ ---- undefined from SVC26: UND32, R14 plain, SPSR = SVC26
        teqp    pc, #0xAC000003
        .word   0xE7F000F0
f1:     ldr     r1, =rec_und
        ldr     r0, [r1]
        CHECK   r0, f1
        ldr     r0, [r1, #4]
        CHECK   r0, 0xA00000DB
        ldr     r0, [r1, #8]
        CHECK   r0, 0xA00000C3

@ ---- LDM ^ with the PC in SVC26 takes the PSR from the loaded word; a PC write without S
@      keeps the PSR and only the 26-bit PC
        ldr     sp, =stack_top
        ldr     r0, =g1 + 0x9C000001    @ N V, I F, FIQ26
        stmfd   sp!, {r0}
        ldmfd   sp!, {pc}^
        b       .
g1:     mov     r0, pc
        teqp    pc, #0x4C000003
        mov     r1, r1
        CHECK   r0, g1 + 8 + 0x9C000001
        teqp    pc, #0x4C000003
        ldr     r0, =g2 + 0xB0000002
        mov     pc, r0
        b       .
g2:     mov     r0, pc
        CHECK   r0, g2 + 8 + 0x4C000003

@ ---- from a 26-bit mode to a 32-bit one and back with MSR
        msr     cpsr_fc, #SVC32 | I_BIT | F_BIT
h1:     mov     r0, pc
        CHECK   r0, h1 + 8
        PASS
        END_CHECKS

        .data
        .balign 4
rec_und:  .word 0, 0, 0, 0, 0
rec_swi:  .word 0, 0, 0, 0, 0
rec_dabt: .word 0, 0, 0, 0, 0
rec_irq:  .word 0, 0, 0, 0, 0
stack:    .space 64
stack_top:
