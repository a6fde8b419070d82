@ 26-bit modes and the CP15 P/D (PROG32/DATA32) configurations of the ARM610/ARM710.
@ ARM ARM (DDI 0100E) A8 "The 26-bit architectures"; ARM610/ARM710 datasheets §"Configuration"
@ and §"Address exceptions":
@  - R15 holds PC (bits 25:2) and PSR (N Z C V I F in 31:26, mode in 1:0); read as Rm it gives
@    both, read as Rn only the PC; MRS gives M[4:0] = 0b000xx for the 26-bit modes
@  - TEQP/MOVS pc/LDM ^ write the PSR from R15's bits, in user mode the flags only
@  - BL and exceptions from 26-bit modes save PC + PSR in R14
@  - P = 0: exceptions are entered in the 26-bit modes (undefined and aborts in SVC26);
@    P = 1: in the 32-bit modes, R14 = plain address, SPSR = the 26-bit CPSR
@  - D = 0: a data address with any of bits 31:26 set takes the address exception (vector
@    0x14, SVC mode, R14 = instruction + 8); D = 1: no address exception
@ The core resets in SVC26 with P = D = 0. Runs on ARM610 and ARM710.
        .include "common.inc"
        .text
        .global _start
_start:
        b       reset
        b       und_h
        b       swi_h
        b       .                       @ prefetch abort: not expected
        b       dabt_h
        b       addr_h
        b       irq_h
        b       fiq_h

@ rec: R14, CPSR, SPSR (32-bit entries only), count
        .macro  RECORD rec
        ldr     sp, =\rec
        str     lr, [sp, #0]
        mrs     lr, cpsr
        str     lr, [sp, #4]
        tst     lr, #0x10
        mrsne   lr, spsr
        strne   lr, [sp, #8]
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
        bic     r0, lr, #0xFC000003
        ldr     r0, [r0, #-4]
        and     r0, r0, #0xFF
        cmp     r0, #0xFF               @ SWI &FF from USR26: return in SVC26
        ldr     r0, [sp, #16]
        orreq   lr, lr, #SVC26
        movs    pc, lr

dabt_h:
        RECORD  rec_dabt
        subs    pc, lr, #4              @ skip the aborted instruction

addr_h:
        RECORD  rec_addr
        subs    pc, lr, #4

irq_h:
        RECORD  rec_irq
        ldr     sp, =stack_top
        stmfd   sp!, {r11, r12}         @ not banked in IRQ26
        IRQ_LINE 0
        ldmfd   sp!, {r11, r12}
        subs    pc, lr, #4

fiq_h:
        RECORD  rec_fiq
        FIQ_LINE 0                      @ r11, r12 are FIQ26's own
        subs    pc, lr, #4
        .ltorg

reset:
@ ---- R15 composition in SVC26
        teqp    pc, #0xFC000003         @ N Z C V, I F, SVC26
        mov     r0, r0
a1:     mov     r0, pc
        CHECK   r0, a1 + 8 + 0xFC000003
a2:     add     r0, pc, #0              @ as Rn: the PC alone
        CHECK   r0, a2 + 8
        teqp    pc, #0xAC000003         @ N C, I F, SVC26
        mov     r0, r0
        mrs     r0, cpsr
        CHECK   r0, 0xA00000C3

@ ---- the other P forms: the PSR takes bits 31:26 and 1:0 of the ALU result
        ldr     r4, =0x9C000003         @ N V, I F, SVC26
        ldr     r5, =0xFFFFFFFF
        tstp    r4, r5
        mov     r0, r0
        mrs     r0, cpsr
        CHECK   r0, 0x900000C3
        ldr     r4, =0x6C000001         @ Z C, I F, FIQ26
        cmpp    r4, #0
        mov     r0, r0
        mrs     r0, cpsr
        teqp    pc, #0x0C000003
        mov     r0, r0
        CHECK   r0, 0x600000C1
        ldr     r4, =0x3C000002         @ C V, I F, IRQ26
        mvn     r5, #0
        cmnp    r4, r5                  @ r4 + (-1): 0x3C000001 -> C V, I F, FIQ26
        mov     r0, r0
        mrs     r0, cpsr
        teqp    pc, #0x0C000003
        mov     r0, r0
        CHECK   r0, 0x300000C1

@ ---- banked registers: FIQ26 r8-r14, IRQ26 r13-r14
        teqp    pc, #0x0C000003
        mov     r0, r0
        mov     r8, #0x18
        mov     r13, #0x1D
        teqp    pc, #0x0C000000 | FIQ26
        mov     r0, r0
        mov     r8, #0x28
        mov     r13, #0x2D
        teqp    pc, #0x0C000000 | IRQ26
        mov     r0, r0
        mov     r13, #0x3D
        teqp    pc, #0x0C000000 | SVC26
        mov     r0, r0
        CHECK   r8, 0x18
        CHECK   r13, 0x1D
        teqp    pc, #0x0C000000 | FIQ26
        mov     r0, r0
        mov     r1, r8
        mov     r2, r13
        teqp    pc, #0x0C000000 | IRQ26
        mov     r0, r0
        mov     r3, r13
        teqp    pc, #0x0C000000 | SVC26
        mov     r0, r0
        CHECK   r1, 0x28
        CHECK   r2, 0x2D
        CHECK   r3, 0x3D
@ LDM ^ (no PC) from SVC26 loads the user bank; STM ^ in FIQ26 stores it
        ldr     r4, =scratch
        mov     r0, #0x5D
        str     r0, [r4, #4]
        add     r5, r4, #4
        ldmia   r5, {r13}^              @ user r13 = 0x5D
        mov     r0, r0
        teqp    pc, #0x0C000000 | FIQ26
        mov     r0, r0
        stmia   r4, {r8, r13}^
        mov     r0, r0
        teqp    pc, #0x0C000000 | SVC26
        mov     r0, r0
        ldr     r0, [r4]
        CHECK   r0, 0x18
        ldr     r0, [r4, #4]
        CHECK   r0, 0x5D

@ ---- USR26: TEQP and MOVS pc change the flags only; SWI saves PC + PSR
        teqp    pc, #USR26              @ user mode, interrupts enabled (the lines are low)
        mov     r0, r0
        teqp    pc, #0xFC000003         @ from user mode: flags only
        mov     r0, r0
c1:     mov     r0, pc
        CHECK   r0, c1 + 8 + 0xF0000000
        teqp    pc, #0x50000000         @ Z V
        swi     0x11
c2:     mov     r0, pc                  @ MOVS pc, lr in SVC26 restored flags and mode
        CHECK   r0, c2 + 8 + 0x50000000
        ldr     r1, =rec_swi
        ldr     r0, [r1]
        CHECK   r0, c2 + 0x50000000     @ R14_svc = next instruction + the user PSR
        ldr     r0, [r1, #4]
        CHECK   r0, 0x50000083          @ SVC26, I set, F unchanged (clear)
        ldr     lr, =c3 + 0xAC000003    @ asks for N C, I F and SVC26
        movs    pc, lr                  @ ... but user mode gets the flags only
        b       .
c3:     mov     r0, pc
        CHECK   r0, c3 + 8 + 0xA0000000
        ldr     sp, =stack_top          @ (user r13)
        ldr     r0, =c5 + 0x5C000003    @ asks for Z V, I F and SVC26 ...
        stmfd   sp!, {r0}
        ldmfd   sp!, {pc}^              @ ... LDM ^ in user mode: flags only as well
        b       .
c5:     mov     r0, pc
        CHECK   r0, c5 + 8 + 0x50000000
        swi     0xFF                    @ back to SVC26 (flags Z C from CHECK)
c4:     mov     r0, pc
        CHECK   r0, c4 + 8 + 0x60000003
        teqp    pc, #0x0C000003
        mov     r0, r0

@ ---- BL saves PC + PSR in R14
        teqp    pc, #0x3C000003         @ C V, I F, SVC26
        bl      sub1
d1:     b       d2
sub1:   CHECK   lr, d1 + 0x3C000003
        movs    pc, lr                  @ (restores C V)
d2:     mov     r0, pc
        CHECK   r0, d2 + 8 + 0x3C000003 @ MOVS pc, lr undid the flags of sub1's CHECK
        b       1f
        .ltorg
1:

@ ---- IRQ and FIQ with P = 0: IRQ26 / FIQ26, R14 = next instruction + 4 with the PSR
        teqp    pc, #0x0C000003         @ masked while the line goes up
        IRQ_LINE 1
        teqp    pc, #0x50000003         @ Z V, unmasked: taken about now
g1:     nop
        nop
        ldr     r1, =rec_irq
        ldr     r0, [r1]
        and     r2, r0, #0xFC000003
        CHECK   r2, 0x50000003          @ the PSR part of R14_irq
        bic     r0, r0, #0xFC000003
        ldr     r2, =g1 + 4
        sub     r0, r0, r2
        cmp     r0, #4                  @ taken at once (or one instruction later)
        movls   r0, #1
        CHECK   r0, 1
        ldr     r0, [r1, #4]
        CHECK   r0, 0x50000082          @ IRQ26, I set, F unchanged
        teqp    pc, #0x0C000003
        FIQ_LINE 1
        teqp    pc, #0xA0000003         @ N C, unmasked
        nop
        nop
        ldr     r1, =rec_fiq
        ldr     r0, [r1]
        and     r0, r0, #0xFC000003
        CHECK   r0, 0xA0000003
        ldr     r0, [r1, #4]
        CHECK   r0, 0xA00000C1          @ FIQ26, I and F set
        ldr     r0, [r1, #12]
        CHECK   r0, 1
        teqp    pc, #0x0C000003
        mov     r0, r0
        b       1f
        .ltorg
1:

@ ---- LDM with ^ and the PC from SVC26: the PSR comes from the loaded word
        ldr     sp, =stack_top
        ldr     r0, =e1 + 0x9C000001    @ N V, I F, FIQ26
        stmfd   sp!, {r0}
        ldmfd   sp!, {pc}^
        b       .
e1:     mov     r0, pc
        teqp    pc, #0x0C000003
        mov     r1, r1
        CHECK   r0, e1 + 8 + 0x9C000001

@ ---- D = 0: address exception for data addresses >= 64 MB (loads, stores, LDM)
        teqp    pc, #0x0C000003         @ flags clear, I F, SVC26
        ldr     r2, =0x04000000
        mov     r3, #0x33
f1:     ldr     r3, [r2]
        CHECK   r3, 0x33                @ nothing loaded
        ldr     r1, =rec_addr
        ldr     r0, [r1]
        CHECK   r0, f1 + 8 + 0x0C000003 @ R14_svc = instruction + 8 + PSR
        ldr     r0, [r1, #4]
        CHECK   r0, 0x000000C3
        teqp    pc, #0x0C000003
f2:     str     r3, [r2, #8]
        ldr     r1, =rec_addr
        ldr     r0, [r1]
        CHECK   r0, f2 + 8 + 0x0C000003
        ldr     r2, =0xFC000000
f3:     ldmia   r2, {r4, r5}
        ldr     r1, =rec_addr
        ldr     r0, [r1, #12]
        CHECK   r0, 3
@ below 64 MB but beyond RAM: a data abort, entered in SVC26 with P = 0
        teqp    pc, #0x0C000003
        ldr     r2, =0x03FFFFF0
f4:     ldr     r3, [r2]
        ldr     r1, =rec_dabt
        ldr     r0, [r1]
        CHECK   r0, f4 + 8 + 0x0C000003
        ldr     r0, [r1, #4]
        CHECK   r0, 0x000000C3
        ldr     r0, [r1, #12]
        CHECK   r0, 1
@ undefined instruction with P = 0: SVC26, R14 = next + PSR
        teqp    pc, #0x0C000003
        .word   0xE7F000F0
f5:     ldr     r1, =rec_und
        ldr     r0, [r1]
        CHECK   r0, f5 + 0x0C000003
        ldr     r0, [r1, #4]
        CHECK   r0, 0x000000C3
        b       1f
        .ltorg
1:

@ ---- D = 1 (P = 0): no address exception, the access goes out (and aborts beyond RAM)
        mrc     p15, 0, r0, c1, c0, 0
        orr     r0, r0, #0x20
        mcr     p15, 0, r0, c1, c0, 0
        ldr     r2, =0x04000000
h1:     ldr     r3, [r2]
        ldr     r1, =rec_addr
        ldr     r0, [r1, #12]
        CHECK   r0, 3                   @ no new address exception
        ldr     r1, =rec_dabt
        ldr     r0, [r1, #12]
        CHECK   r0, 2                   @ a data abort instead

@ ---- P = 1 in a 26-bit mode: exceptions enter 32-bit modes, R14 = plain address,
@      SPSR = the 26-bit CPSR; the return restores SVC26
        mrc     p15, 0, r0, c1, c0, 0
        orr     r0, r0, #0x30
        mcr     p15, 0, r0, c1, c0, 0
        teqp    pc, #0x0C000003
        mov     r0, r0
        swi     0x22
i2:     mrs     r0, cpsr
        CHECK   r0, 0x000000C3          @ back in SVC26
        ldr     r1, =rec_swi
        ldr     r0, [r1]
        CHECK   r0, i2                  @ no PSR bits in R14_svc
        ldr     r0, [r1, #4]
        CHECK   r0, 0x000000D3          @ entered in SVC32
        ldr     r0, [r1, #8]
        CHECK   r0, 0x000000C3          @ SPSR_svc = SVC26 CPSR
        teqp    pc, #0x0C000003
        .word   0xE7F000F0
i3:     ldr     r1, =rec_und
        ldr     r0, [r1]
        CHECK   r0, i3
        ldr     r0, [r1, #4]
        CHECK   r0, 0x000000DB          @ UND32 this time

@ ---- P = 1, D = 0: the address exception is entered in SVC32
        mrc     p15, 0, r0, c1, c0, 0
        bic     r0, r0, #0x20
        mcr     p15, 0, r0, c1, c0, 0
        teqp    pc, #0x0C000003
        ldr     r2, =0x08000000
j1:     ldr     r3, [r2]
        mrs     r0, cpsr
        CHECK   r0, 0x000000C3
        ldr     r1, =rec_addr
        ldr     r0, [r1]
        CHECK   r0, j1 + 8
        ldr     r0, [r1, #4]
        CHECK   r0, 0x000000D3
        ldr     r0, [r1, #8]
        CHECK   r0, 0x000000C3
        ldr     r0, [r1, #12]
        CHECK   r0, 4

@ ---- into a 32-bit mode (P = 1): R15 no longer carries the PSR; and back to SVC26
        msr     cpsr_fc, #SVC32 | I_BIT | F_BIT
k1:     mov     r0, pc
        CHECK   r0, k1 + 8
        msr     cpsr_fc, #SVC26 | I_BIT | F_BIT
        mov     r0, r0
k2:     mov     r0, pc
        CHECK   r0, k2 + 8 + 0x0C000003

@ ---- writing the PC in a 26-bit mode: bits 31:26 and 1:0 of the value are not PC bits; without
@      S the PSR is left alone
        teqp    pc, #0x4C000003         @ Z, I F, SVC26
        ldr     r0, =k3 + 0xB0000002
        mov     pc, r0
        b       .
k3:     mov     r0, pc
        CHECK   r0, k3 + 8 + 0x4C000003
        PASS
        END_CHECKS

        .data
        .balign 4
rec_und:  .word 0, 0, 0, 0, 0
rec_swi:  .word 0, 0, 0, 0, 0
rec_dabt: .word 0, 0, 0, 0, 0
rec_addr: .word 0, 0, 0, 0, 0
rec_irq:  .word 0, 0, 0, 0, 0
rec_fiq:  .word 0, 0, 0, 0, 0
scratch:  .word 0, 0
stack:    .space 64
stack_top:
