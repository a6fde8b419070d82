@ Exception entry and return for every vector in the 32-bit configuration (P = D = 1),
@ ARM ARM A2.6: R14_<mode>, SPSR_<mode>, mode, I/F masks, vector; the return idioms
@ MOVS pc, lr / SUBS pc, lr, #4 / LDM {..pc}^ restore CPSR. Runs on ARM610, ARM710 and SA-110.
        .include "common.inc"
        .text
        .global _start
_start:
        b       reset                   @ 0x00
        b       und_handler             @ 0x04
        b       swi_handler             @ 0x08
        b       pabt_handler            @ 0x0C
        b       dabt_handler            @ 0x10
        b       .                       @ 0x14 address exception: not in 32-bit configuration
        b       irq_handler             @ 0x18
        b       fiq_handler             @ 0x1C

@ Each handler records R14, SPSR and CPSR on entry, and bumps a counter.
        .macro  RECORD rec
        ldr     sp, =\rec
        str     lr, [sp, #0]
        mrs     lr, spsr
        str     lr, [sp, #4]
        mrs     lr, cpsr
        str     lr, [sp, #8]
        ldr     lr, [sp, #12]
        add     lr, lr, #1
        str     lr, [sp, #12]
        ldr     lr, [sp, #0]
        .endm

und_handler:
        RECORD  rec_und
        movs    pc, lr                  @ back to the instruction after the undefined one

swi_handler:
        RECORD  rec_swi
        ldr     sp, =svc_stack_top
        stmfd   sp!, {r0, lr}
        ldr     r0, [lr, #-4]
        bic     r0, r0, #0xFF000000
        teq     r0, #0xFF               @ SWI &FF: return in SVC mode (leave user mode)
        mrseq   r0, spsr
        biceq   r0, r0, #0x1F
        orreq   r0, r0, #SVC32
        msreq   spsr_c, r0
        ldmfd   sp!, {r0, pc}^          @ restores CPSR from SPSR

pabt_handler:
        RECORD  rec_pabt
        movs    pc, r10                 @ continue where the test said

dabt_handler:
        RECORD  rec_dabt
        subs    pc, lr, #4              @ skip the aborted instruction

irq_handler:
        RECORD  rec_irq
        ldr     sp, =irq_stack_top
        stmfd   sp!, {r11, r12}         @ not banked in IRQ mode
        mov     r12, #IO
        mov     r11, #0
        str     r11, [r12, #8]          @ lower the IRQ line
        ldr     r11, =order
        ldr     r12, [r11]
        add     r12, r12, #1
        str     r12, [r11]
        str     r12, [r11, #4]          @ order of the IRQ
        ldmfd   sp!, {r11, r12}
        subs    pc, lr, #4

fiq_handler:
        RECORD  rec_fiq
        mov     r12, #IO
        mov     r11, #0
        str     r11, [r12, #0xC]        @ lower the FIQ line
        mov     r8, #0x88               @ FIQ's own r8: the interrupted code's r8 must survive
        ldr     r11, =order
        ldr     r12, [r11]
        add     r12, r12, #1
        str     r12, [r11]
        str     r12, [r11, #8]          @ order of the FIQ
        subs    pc, lr, #4
        .ltorg

reset:
        @ 32-bit program and data configuration (ARM610/710 reset with P = D = 0; SA-110 reads 1)
        mrc     p15, 0, r0, c1, c0, 0
        orr     r0, r0, #0x30
        mcr     p15, 0, r0, c1, c0, 0
        msr     cpsr_fc, #SVC32         @ SVC32, IRQ and FIQ enabled, flags clear (undefined at reset)
        mrs     r0, cpsr
        CHECK   r0, SVC32

@ ---- undefined instruction: LR = next instruction, SPSR = old CPSR, UND mode, I set, F kept
        msr     cpsr_f, #0x90000000     @ N and V
        .word   0xE7F000F0              @ architecturally undefined
und_ret:
        mrs     r0, cpsr
        CHECK   r0, 0x90000000 | SVC32  @ MOVS pc, lr restored the flags and the mode
        ldr     r1, =rec_und
        ldr     r0, [r1, #0]
        CHECK   r0, und_ret
        ldr     r0, [r1, #4]
        CHECK   r0, 0x90000000 | SVC32
        ldr     r0, [r1, #8]
        CHECK   r0, 0x90000000 | I_BIT | UND32
        ldr     r0, [r1, #12]
        CHECK   r0, 1

@ ---- coprocessor instruction for an absent coprocessor: undefined (CP7: never present)
        mcr     p7, 0, r0, c1, c2, 3
cp_ret:
        ldr     r1, =rec_und
        ldr     r0, [r1, #0]
        CHECK   r0, cp_ret
        ldr     r0, [r1, #12]
        CHECK   r0, 2

@ ---- SWI from SVC: LR = next, SPSR = CPSR, SVC mode with I set; LDM ^ return
        msr     cpsr_f, #0x60000000     @ Z and C
        mov     r0, #0x5A
        swi     0x123456
swi_ret:
        CHECK   r0, 0x5A                @ restored by the handler's LDM
        mrs     r0, cpsr
        CHECK   r0, 0x60000000 | SVC32
        ldr     r1, =rec_swi
        ldr     r0, [r1, #0]
        CHECK   r0, swi_ret
        ldr     r0, [r1, #4]
        CHECK   r0, 0x60000000 | SVC32
        ldr     r0, [r1, #8]
        CHECK   r0, 0x60000000 | I_BIT | SVC32

@ ---- SWI from USR: R14_svc/SPSR_svc get the user state, user r13/r14 untouched
        mov     r13, #0x1300            @ SVC's r13 (the handler's stack is set by the handler)
        msr     cpsr_fc, #USR32 | F_BIT @ flags clear too
        mov     r13, #0x1000            @ user r13
        mov     r14, #0x1400            @ user r14
        swi     0x000001                @ returns in user mode
swi_usr_ret:
        mrs     r0, cpsr
        CHECK   r0, USR32 | F_BIT
        CHECK   r13, 0x1000
        CHECK   r14, 0x1400
        msr     cpsr_f, #0              @ (CHECK leaves Z and C set)
        swi     0x0000FF                @ returns in SVC mode
        mrs     r0, cpsr
        CHECK   r0, SVC32 | F_BIT
        ldr     r1, =rec_swi
        ldr     r0, [r1, #4]
        CHECK   r0, USR32 | F_BIT       @ SPSR_svc was the user CPSR
        ldr     r0, [r1, #8]
        CHECK   r0, SVC32 | F_BIT | I_BIT
        msr     cpsr_c, #SVC32

        b       1f
        .ltorg
1:
@ ---- prefetch abort: fetch from beyond RAM; R14_abt = faulting address + 4
        ldr     r10, =pabt_ret
        ldr     r0, =0x00200000
        msr     cpsr_f, #0x30000000
        mov     pc, r0
pabt_ret:
        mrs     r0, cpsr
        CHECK   r0, 0x30000000 | SVC32
        ldr     r1, =rec_pabt
        ldr     r0, [r1, #0]
        CHECK   r0, 0x00200004
        ldr     r0, [r1, #4]
        CHECK   r0, 0x30000000 | SVC32
        ldr     r0, [r1, #8]
        CHECK   r0, 0x30000000 | I_BIT | ABT32
        ldr     r0, [r1, #12]
        CHECK   r0, 1

@ ---- a prefetch abort of an instruction that is never executed is not taken: the last word
@      of RAM jumps back, so the fetch beyond RAM (prefetched) is discarded
        ldr     r0, =0x000FFFFC
        ldr     r1, =0xE1A0F00A         @ mov pc, r10
        str     r1, [r0]
        ldr     r10, =shadow_ret
        mov     pc, r0
shadow_ret:
        ldr     r1, =rec_pabt
        ldr     r0, [r1, #12]
        CHECK   r0, 1                   @ still one prefetch abort

@ ---- data abort: load from beyond RAM; R14_abt = instruction + 8, the load has no effect
        ldr     r2, =0x00300000
        mov     r3, #0x33
        msr     cpsr_f, #0xF0000000
dabt_insn:
        ldr     r3, [r2]
        mrs     r0, cpsr
        CHECK   r0, 0xF0000000 | SVC32
        CHECK   r3, 0x33
        ldr     r1, =rec_dabt
        ldr     r0, [r1, #0]
        CHECK   r0, dabt_insn + 8
        ldr     r0, [r1, #4]
        CHECK   r0, 0xF0000000 | SVC32
        ldr     r0, [r1, #8]
        CHECK   r0, 0xF0000000 | I_BIT | ABT32

@ ---- data abort on a store: memory beyond RAM, nothing written
dabt_str:
        str     r3, [r2, #-4]!          @ no base-writeback question here: checked in abort.s
        ldr     r1, =rec_dabt
        ldr     r0, [r1, #0]
        CHECK   r0, dabt_str + 8
        ldr     r0, [r1, #12]
        CHECK   r0, 2

        b       1f
        .ltorg
1:
@ ---- IRQ: taken after the line rises (I clear); R14_irq = next instruction + 4; IRQ mode,
@      I set, F unchanged; SUBS pc, lr, #4 resumes
        mov     r8, #0x11
        msr     cpsr_c, #SVC32 | I_BIT  @ masked: raising the line does nothing yet
        IRQ_LINE 1
        nop
        nop
        ldr     r1, =rec_irq
        ldr     r0, [r1, #12]
        CHECK   r0, 0                   @ not taken while I is set
        msr     cpsr_fc, #SVC32         @ unmask (flags clear): taken before the next instruction
irq_next:
        nop
        ldr     r1, =rec_irq
        ldr     r0, [r1, #12]
        CHECK   r0, 1
        ldr     r0, [r1, #0]
        ldr     r2, =irq_next + 4
        sub     r0, r0, r2
        cmp     r0, #4                  @ taken at once (or one instruction later)
        movls   r0, #1
        CHECK   r0, 1
        ldr     r0, [r1, #4]
        CHECK   r0, SVC32
        ldr     r0, [r1, #8]
        CHECK   r0, I_BIT | IRQ32

@ ---- FIQ and IRQ together: FIQ first (higher priority, masks both), then IRQ
        msr     cpsr_c, #SVC32 | I_BIT | F_BIT
        IRQ_LINE 1
        FIQ_LINE 1
        msr     cpsr_fc, #SVC32
        nop
        nop
        CHECK   r8, 0x11                @ banked: FIQ's r8 is another register
        ldr     r1, =rec_fiq
        ldr     r0, [r1, #12]
        CHECK   r0, 1
        ldr     r0, [r1, #4]
        CHECK   r0, SVC32
        ldr     r0, [r1, #8]
        CHECK   r0, I_BIT | F_BIT | FIQ32
        ldr     r1, =order
        ldr     r0, [r1, #8]
        ldr     r2, [r1, #4]
        cmp     r0, r2
        movlo   r0, #1
        movhs   r0, #0
        CHECK   r0, 1                   @ FIQ before IRQ
        ldr     r1, =rec_irq
        ldr     r0, [r1, #12]
        CHECK   r0, 2

@ ---- banked registers survive mode changes (MSR)
        mov     r0, #0x77
        msr     cpsr_c, #IRQ32 | I_BIT | F_BIT
        mov     r13, #0xD1
        mov     r14, #0xE1
        msr     cpsr_c, #FIQ32 | I_BIT | F_BIT
        mov     r8, #0x81
        mov     r13, #0xD2
        msr     cpsr_c, #USR32 | I_BIT | F_BIT
        mov     r13, #0xD3
        swi     0xFF
        mov     r1, #0
        ldr     r2, =user_r13
        stmia   r2, {r13}^              @ the user bank from SVC mode
        ldr     r1, [r2]
        CHECK   r1, 0xD3
        CHECK   r0, 0x77
        CHECK   r8, 0x11
        msr     cpsr_c, #IRQ32 | I_BIT | F_BIT
        mov     r1, r13
        mov     r2, r14
        msr     cpsr_c, #FIQ32 | I_BIT | F_BIT
        mov     r3, r8
        mov     r4, r13
        msr     cpsr_c, #SVC32
        CHECK   r1, 0xD1
        CHECK   r2, 0xE1
        CHECK   r3, 0x81
        CHECK   r4, 0xD2

        PASS
        END_CHECKS

        .data
        .balign 4
rec_und:  .word 0, 0, 0, 0
rec_swi:  .word 0, 0, 0, 0
rec_pabt: .word 0, 0, 0, 0
rec_dabt: .word 0, 0, 0, 0
rec_irq:  .word 0, 0, 0, 0
rec_fiq:  .word 0, 0, 0, 0
order:    .word 0, 0, 0
user_r13: .word 0
svc_stack: .space 256
svc_stack_top:
irq_stack: .space 64
irq_stack_top:
