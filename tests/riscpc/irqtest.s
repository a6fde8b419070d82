@ RiscPC machine test ROM (tests/riscpc/test_irqrom.c): runs on an ARM610 in 26-bit mode as
@ RISC OS 3.5 would. Programs VIDC20 for 640x480 at 60 Hz, IOMD timer 0 for 100 Hz, enables
@ timer, VSYNC and keyboard-receive interrupts, resets the keyboard through KART and counts
@ interrupts for one second (100 timer ticks). Results go to VRAM + 0xe0000:
@   +0 timer 0 interrupts   +4 VSYNC interrupts   +8 keyboard bytes received
@   +12.. first keyboard bytes (one per word)   +0x40 done flag (0x600d)
@   +0x44 sound DMA buffers refilled (16-bit sound at 1 MHz/24 = 41.7 kHz, 4 KB buffers)
        .syntax unified
        .arm
        .equ IOMD, 0x03200000
        .equ VIDC, 0x03400000
        .equ RES,  0x020e0000

        .text
        .global _start
_start:
        b       reset
        b       .
        b       .
        b       .
        b       .
        b       .
        b       irq
        b       .

reset:  @ SVC26, IRQ/FIQ disabled, MMU off. 32-bit data space (CP15 D bit, as RISC OS sets
        @ it) so DRAM at 0x10000000 is reachable; programs stay in the 26-bit configuration.
        mov     r0, #0x20
        mcr     p15, 0, r0, c1, c0, 0
        teqp    pc, #0x0c000002             @ IRQ26 mode (interrupts off) for its stack
        mov     r0, r0
        ldr     sp, =0x020f8000
        teqp    pc, #0x0c000003             @ back to SVC26
        mov     r0, r0
        ldr     sp, =0x020f0000
        ldr     r12, =RES
        mov     r0, #0
        mov     r1, #0
1:      str     r0, [r12, r1]
        add     r1, r1, #4
        cmp     r1, #0x80
        blo     1b
        ldr     r11, =IOMD
        mov     r0, #0
        strb    r0, [r11, #0x18]            @ IRQMASKA
        strb    r0, [r11, #0x28]            @ IRQMASKB
        strb    r0, [r11, #0x38]            @ FIQMASK
        mov     r0, #0x7c
        strb    r0, [r11, #0x14]            @ clear latched IRQ A sources
        ldr     r12, =VIDC
        adr     r1, vidc_regs
2:      ldr     r0, [r1], #4
        cmp     r0, #0
        strne   r0, [r12]
        bne     2b
        @ timer 0: 20000 counts of 0.5 us (latch 19999)
        ldr     r0, =19999
        strb    r0, [r11, #0x40]
        mov     r0, r0, lsr #8
        strb    r0, [r11, #0x44]
        strb    r0, [r11, #0x48]            @ GO
        @ keyboard port on
        mov     r0, #0
        strb    r0, [r11, #0x08]
        mov     r0, #8
        strb    r0, [r11, #0x08]
        @ sound: a 4 KB buffer of 0x4000/0x2000 (left/right) at 0x10000000
        mov     r1, #0x10000000
        ldr     r0, =0x20004000
        add     r2, r1, #0x1000
7:      str     r0, [r1], #4
        cmp     r1, r2
        blo     7b
        ldr     r0, =0xb0000000 | 22        @ sample period 24 us
        str     r0, [r12]
        ldr     r0, =0xb1000000 | 2         @ 16-bit serial sound
        str     r0, [r12]
        mov     r0, #0x80                   @ SD0: clear, then enable
        strb    r0, [r11, #0x190]
        mov     r0, #0x20
        strb    r0, [r11, #0x190]
        mov     r0, #0x10                   @ DMA mask: SD0
        strb    r0, [r11, #0x1f8]
        mov     r0, #0x28                   @ timer 0 + VSYNC
        strb    r0, [r11, #0x18]
        mov     r0, #0x80                   @ keyboard RX full
        strb    r0, [r11, #0x28]
        teqp    pc, #3                      @ SVC26 with IRQ and FIQ enabled
        @ reset the keyboard once it has said hello (3 ms in, the port is idle)
3:      ldr     r12, =RES
        ldr     r0, [r12, #8]
        cmp     r0, #1
        blo     3b
4:      ldrb    r0, [r11, #0x08]
        tst     r0, #0x80                   @ TX empty
        beq     4b
        mov     r0, #0xff
        strb    r0, [r11, #0x04]
        @ wait for one second of timer ticks
5:      ldr     r0, [r12, #0]
        cmp     r0, #100
        blo     5b
        teqp    pc, #0x0c000003             @ IRQ and FIQ off
        mov     r0, #0x80                   @ sound DMA off
        strb    r0, [r11, #0x190]
        ldr     r0, =0x600d
        str     r0, [r12, #0x40]
        b       .

irq:    sub     lr, lr, #4
        stmfd   sp!, {r0-r3, r11, r12, lr}
        ldr     r11, =IOMD
        ldr     r12, =RES
        ldrb    r0, [r11, #0x14]            @ IRQREQA
        tst     r0, #0x20
        beq     1f
        mov     r1, #0x20
        strb    r1, [r11, #0x14]
        ldr     r1, [r12, #0]
        add     r1, r1, #1
        str     r1, [r12, #0]
1:      tst     r0, #0x08
        beq     2f
        mov     r1, #0x08
        strb    r1, [r11, #0x14]
        ldr     r1, [r12, #4]
        add     r1, r1, #1
        str     r1, [r12, #4]
2:      ldrb    r0, [r11, #0x1f4]           @ DMAREQ
        tst     r0, #0x10
        beq     4f
        ldrb    r0, [r11, #0x194]           @ SD0 status: OFL, INT, AB
        and     r0, r0, #5
        cmp     r0, #0                      @ .IA and OIB: fill B; .IB and OIA: fill A
        cmpne   r0, #5
        mov     r1, #0x10000000
        ldr     r2, =0x10000ff0
        streq   r1, [r11, #0x188]           @ CURB
        streq   r2, [r11, #0x18c]           @ ENDB
        strne   r1, [r11, #0x180]           @ CURA
        strne   r2, [r11, #0x184]           @ ENDA
        ldr     r1, [r12, #0x44]
        add     r1, r1, #1
        str     r1, [r12, #0x44]
4:      ldrb    r0, [r11, #0x24]            @ IRQREQB
        tst     r0, #0x80
        beq     3f
        ldrb    r2, [r11, #0x04]            @ KARTRX (clears RX full)
        ldr     r1, [r12, #8]
        cmp     r1, #8
        addlo   r3, r12, #12
        strlo   r2, [r3, r1, lsl #2]
        add     r1, r1, #1
        str     r1, [r12, #8]
3:      ldmfd   sp!, {r0-r3, r11, r12, pc}^ @ 26-bit return: restores the PSR bits from lr

        .balign 4
vidc_regs:
        .word   0xd0000000 | (20 << 8) | 19
        .word   0xe0000000 | (2 << 5)
        .word   0x80000000 | 792, 0x81000000 | 88, 0x82000000 | 132, 0x83000000 | 126
        .word   0x84000000 | 766, 0x85000000 | 772
        .word   0x90000000 | 523, 0x91000000 | 1, 0x92000000 | 34, 0x93000000 | 34
        .word   0x94000000 | 514, 0x95000000 | 514
        .word   0
        .ltorg
