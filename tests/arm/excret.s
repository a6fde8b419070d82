@ Exception return by data processing: every ALU operation with S and Rd = PC in a privileged
@ 32-bit mode copies SPSR to CPSR (ARM ARM A4.1, "if S == 1 and Rd == R15: CPSR = SPSR"), the
@ flags do NOT come from the result. (Unicorn implements this for SUBS and MOVS only, so
@ arm_diff excludes the others; they are covered here.) Runs on ARM610, ARM710 and SA-110.
        .include "common.inc"
        .text
        .global _start
_start:
        b       reset
        .rept   7
        b       .
        .endr

@ EXCRET spsr, carry, insn: SPSR_svc = spsr, C = carry, r1 = target, r2 = 0, r3 = ~0,
@ r4 = ~target; then insn must land on the target with CPSR = spsr.
        .macro  EXCRET spsr, carry, insn:vararg
        msr     cpsr_fc, #SVC32 | I_BIT | F_BIT
        ldr     r0, =\spsr
        msr     spsr_cf, r0
        ldr     r1, =.Ltgt\@
        mov     r2, #0
        mvn     r3, #0
        mvn     r4, r1
        .if \carry
        msr     cpsr_f, #0x20000000
        .else
        msr     cpsr_f, #0
        .endif
        \insn
        b       .                       @ not reached unless the PC write failed
.Ltgt\@:
        mrs     r5, cpsr
        msr     cpsr_c, #SVC32 | I_BIT | F_BIT
        CHECK   r5, \spsr
        .endm

reset:
        mrc     p15, 0, r0, c1, c0, 0
        orr     r0, r0, #0x30           @ 32-bit configuration (P, D)
        mcr     p15, 0, r0, c1, c0, 0
        msr     cpsr_c, #SVC32 | I_BIT | F_BIT

        EXCRET  0xA00000D3, 0, adds pc, r1, #0
        EXCRET  0x500000DB, 0, adcs pc, r1, #0
        EXCRET  0x900000D7, 0, subs pc, r1, #0
        EXCRET  0x600000D2, 1, sbcs pc, r1, #0
        EXCRET  0xF00000D1, 0, rsbs pc, r2, r1
        EXCRET  0x300000DB, 1, rscs pc, r2, r1
        EXCRET  0xC00000D7, 0, ands pc, r1, r3
        EXCRET  0x100000D2, 0, eors pc, r1, #0
        EXCRET  0x800000D3, 0, orrs pc, r1, r2, lsl #4
        EXCRET  0x400000D1, 0, bics pc, r1, #0
        EXCRET  0x200000DB, 0, movs pc, r1
        EXCRET  0x700000D7, 0, mvns pc, r4
        EXCRET  0x000000D3, 1, adds pc, r1, r2, lsr #32
        b       1f
        .ltorg
1:
@ IRQ/FIQ mask bits come from the SPSR too (both clear here)
        EXCRET  0x80000013, 0, subs pc, r1, #0
        EXCRET  0x00000053, 0, movs pc, r1
@ The SPSR of the mode executing the return is used: from UND, SPSR_und
        msr     cpsr_c, #UND32 | I_BIT | F_BIT
        ldr     r0, =0x50000093
        msr     spsr_cf, r0
        ldr     r1, =und_tgt
        movs    pc, r1
        b       .
und_tgt:
        mrs     r5, cpsr
        msr     cpsr_c, #SVC32 | I_BIT | F_BIT
        CHECK   r5, 0x50000093
@ Without S the SPSR is not used: CPSR (flags included) unchanged
        msr     cpsr_f, #0x60000000
        ldr     r1, =nos_tgt
        add     pc, r1, #0
        b       .
nos_tgt:
        mrs     r5, cpsr
        CHECK   r5, 0x60000000 | SVC32 | I_BIT | F_BIT
        PASS
        END_CHECKS
