@ SA-110 CP15 extras (SA-110 TRM §5.2): cache, write-buffer and TLB operations are accepted
@ and leave data alone; the I, C, W control bits read back; register 15 operations: clock
@ switching on/off and wait-for-interrupt (c15, c8, 2), which stops execution until IRQ or FIQ
@ is asserted - taken if enabled, else execution resumes after the MCR (TRM §5.2.10).
        .include "common.inc"
        .text
        .global _start
_start:
        b       reset
        b       und_h
        b       .
        b       .
        b       .
        b       .
        b       irq_h
        b       .

und_h:
        ldr     sp, =n_und
        ldr     r12, [sp]
        add     r12, r12, #1
        str     r12, [sp]
        movs    pc, lr

irq_h:
        ldr     sp, =rec_irq
        str     lr, [sp]
        ldr     lr, [sp, #4]
        add     lr, lr, #1
        str     lr, [sp, #4]
        mov     r12, #IO
        mov     lr, #0
        str     lr, [r12, #8]           @ lower the line
        ldr     lr, [sp]
        subs    pc, lr, #4
        .ltorg

reset:
        msr     cpsr_c, #SVC32 | I_BIT | F_BIT
        ldr     r4, =data
        ldr     r5, [r4]
        mov     r0, r4
        mcr     p15, 0, r0, c7, c7, 0   @ flush I and D caches
        mcr     p15, 0, r0, c7, c5, 0   @ flush I cache
        mcr     p15, 0, r0, c7, c6, 1   @ flush D entry
        mcr     p15, 0, r0, c7, c10, 1  @ clean D entry
        mcr     p15, 0, r0, c7, c10, 4  @ drain write buffer
        mcr     p15, 0, r0, c8, c7, 0   @ flush I and D TLBs
        mcr     p15, 0, r0, c8, c6, 1   @ flush D TLB entry
        mcr     p15, 0, r0, c15, c1, 2  @ enable clock switching
        mcr     p15, 0, r0, c15, c2, 2  @ disable clock switching
        ldr     r0, =n_und
        ldr     r0, [r0]
        CHECK   r0, 0
        ldr     r0, [r4]
        CHECKR  r0, r5
@ I (bit 12), C, W read back
        mrc     p15, 0, r6, c1, c0, 0
        ldr     r1, =0x100C
        orr     r0, r6, r1
        mcr     p15, 0, r0, c1, c0, 0
        mrc     p15, 0, r0, c1, c0, 0
        and     r0, r0, r1
        CHECK   r0, 0x100C
        mcr     p15, 0, r6, c1, c0, 0

@ wait for interrupt with IRQ masked: resumes after the MCR, no exception
        mcr     p15, 0, r0, c15, c8, 2
        ldr     r1, =rec_irq
        ldr     r0, [r1, #4]
        CHECK   r0, 0
        msr     cpsr_c, #SVC32 | F_BIT  @ the line is still high: taken now
        nop
        ldr     r0, [r1, #4]
        CHECK   r0, 1
@ wait for interrupt with IRQ enabled: taken, R14_irq = the instruction after the MCR + 4
        mcr     p15, 0, r0, c15, c8, 2
w2:     nop
        ldr     r0, [r1, #4]
        CHECK   r0, 2
        ldr     r0, [r1]
        CHECK   r0, w2 + 4
        PASS
        END_CHECKS

        .data
        .balign 4
data:   .word   0x600DDA7A
n_und:  .word   0
rec_irq: .word  0, 0
