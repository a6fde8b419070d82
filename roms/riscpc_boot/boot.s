@ Arcana's own RiscPC boot ROM (free software, part of Arcana). Runs from ROM at physical 0
@ with the MMU off. It finds the CPU (CP15 ID), the DRAM in each of IOMD's four bank windows
@ and the VRAM, programs VIDC20 for 640x480 at 60 Hz in 8 bpp from VRAM through IOMD video DMA,
@ prints what it found, tests all DRAM and prints the result, clears DRAM, then waits with
@ interrupts off.
@ References: VIDC20 and IOMD data sheets; Linux acornfb (timing register offsets).

        .syntax unified
        .arm

        .equ IOMD,      0x03200000
        .equ VIDC,      0x03400000
        .equ VRAM,      0x02000000
        .equ DRAM,      0x10000000
        .equ WIDTH,     640
        .equ HEIGHT,    480
        .equ SCRATCH,   VRAM + 0xe0000      @ text buffer (VRAM after the 300 KB screen)
        .equ STACK,     VRAM + 0xf0000
        .equ BG,        0                   @ palette entries
        .equ WHITE,     1
        .equ GOLD,      2
        .equ GREEN,     3
        .equ RED,       4
        .equ GREY,      5

        .text
        .global _start
_start:
        b       reset                       @ 0x00 reset
        b       .                           @ 0x04 undefined instruction
        b       .                           @ 0x08 SWI
        b       .                           @ 0x0c prefetch abort
        b       .                           @ 0x10 data abort
        b       .                           @ 0x14 address exception
        b       .                           @ 0x18 IRQ
        b       .                           @ 0x1c FIQ

reset:
        @ 32-bit program and data space (ARM610/710 reset in 26-bit configuration; SA-110 is
        @ 32-bit only), MMU and caches off; then SVC32 with IRQ and FIQ masked.
        mov     r0, #0x30
        mcr     p15, 0, r0, c1, c0, 0
        msr     cpsr_c, #0xd3

        ldr     r12, =IOMD
        mov     r0, #0
        strb    r0, [r12, #0x18]            @ IRQMASKA
        strb    r0, [r12, #0x28]            @ IRQMASKB
        strb    r0, [r12, #0x38]            @ FIQMASK
        strb    r0, [r12, #0x1f8]           @ DMAMASK

        @ VRAM: present if a word sticks; 1 MB if +1 MB aliases onto the start.
        ldr     r0, =VRAM
        ldr     r1, =0x12345678
        str     r1, [r0]
        ldr     r2, [r0]
        cmp     r2, r1
        bne     no_vram
        mvn     r4, r1
        add     r3, r0, #0x100000
        str     r4, [r3]
        ldr     r2, [r0]
        cmp     r2, r4
        moveq   r10, #0x100000
        movne   r10, #0x200000
        ldr     sp, =STACK

        bl      setup_video
        bl      clear_screen

        @ Title
        ldr     r0, =s_title
        ldr     r1, =(WIDTH - 6 * 32) / 2
        mov     r2, #40
        mov     r3, #GOLD
        mov     r4, #4
        bl      draw_string
        ldr     r0, =s_sub
        ldr     r1, =(WIDTH - 32 * 8) / 2
        mov     r2, #112
        mov     r3, #GREY
        mov     r4, #1
        bl      draw_string

        @ CPU line
        mrc     p15, 0, r11, c0, c0, 0
        ldr     r1, =SCRATCH
        ldr     r0, =s_cpu
        bl      fmt_str
        bic     r2, r11, #0x0f
        ldr     r3, =0x4401a100
        cmp     r2, r3
        ldreq   r0, =s_sa110
        beq     1f
        bic     r2, r11, #0xff
        ldr     r3, =0x41560600
        cmp     r2, r3
        ldreq   r0, =s_arm610
        beq     1f
        ldr     r3, =0x41007100
        cmp     r2, r3
        ldreq   r0, =s_arm710
        ldrne   r0, =s_armunk
1:      bl      fmt_str
        ldr     r0, =s_id
        bl      fmt_str
        mov     r0, r11
        bl      fmt_hex
        ldr     r0, =s_close
        bl      fmt_str
        mov     r2, #160
        bl      print_line

        @ DRAM: size each bank window by aliasing.
        bl      size_banks                  @ r9 = total bytes
        ldr     r1, =SCRATCH
        ldr     r0, =s_ram
        bl      fmt_str
        mov     r0, r9, lsr #20
        bl      fmt_dec
        ldr     r0, =s_mb
        bl      fmt_str
        ldr     r0, =s_banks
        bl      fmt_str
        ldr     r6, =BANKS
        mov     r7, #0
2:      ldr     r0, [r6, r7, lsl #2]
        cmp     r0, #0
        beq     3f
        mov     r0, r0, lsr #20
        bl      fmt_dec
        mov     r0, #' '
        strb    r0, [r1], #1
3:      add     r7, r7, #1
        cmp     r7, #4
        blo     2b
        ldr     r0, =s_mbclose
        bl      fmt_str
        mov     r2, #184
        bl      print_line

        @ VRAM line
        ldr     r1, =SCRATCH
        ldr     r0, =s_vram
        bl      fmt_str
        mov     r0, r10, lsr #20
        bl      fmt_dec
        ldr     r0, =s_mbonly
        bl      fmt_str
        mov     r2, #208
        bl      print_line

        ldr     r1, =SCRATCH
        ldr     r0, =s_testing
        bl      fmt_str
        mov     r2, #232
        bl      print_line

        bl      ram_test                    @ r0 = 0 ok, else failing address
        mov     r8, r0
        mov     r0, #232
        mov     r1, #16
        bl      clear_lines
        ldr     r1, =SCRATCH
        cmp     r8, #0
        ldr     r0, =s_test
        bl      fmt_str
        cmp     r8, #0
        bne     4f
        ldr     r0, =s_passed
        bl      fmt_str
        mov     r0, r9, lsr #20
        bl      fmt_dec
        ldr     r0, =s_mb
        bl      fmt_str
        ldr     r0, =s_close
        bl      fmt_str
        mov     r3, #GREEN
        b       5f
4:      ldr     r0, =s_failed
        bl      fmt_str
        mov     r0, r8
        bl      fmt_hex
        mov     r3, #RED
5:      ldr     r0, =SCRATCH
        mov     r1, #64
        mov     r2, #232
        mov     r4, #1
        bl      draw_string

        ldr     r0, =s_norom1
        mov     r1, #64
        mov     r2, #300
        mov     r3, #WHITE
        bl      draw_string
        ldr     r0, =s_norom2
        mov     r1, #64
        mov     r2, #320
        bl      draw_string
        ldr     r0, =s_norom3
        mov     r1, #64
        mov     r2, #340
        bl      draw_string
        bl      clear_dram

no_vram:
        b       .                           @ done: wait here with interrupts off

@ ---- video ---------------------------------------------------------------------------------
@ 640x480, 60 Hz: 800x525 total at 25.2 MHz (24 MHz x 21/20 from the frequency synthesiser).
@ Register values follow Linux acornfb_set_timing for hsync 96, left 48, right 16, vsync 2,
@ upper 33, lower 10.
setup_video:
        ldr     r12, =VIDC
        mov     r0, #0x10000000             @ palette index 0
        str     r0, [r12]
        ldr     r1, =palette
        mov     r2, #6
1:      ldr     r0, [r1], #4
        str     r0, [r12]
        subs    r2, r2, #1
        bne     1b
        ldr     r0, palette
        orr     r0, r0, #0x40000000         @ border = background
        str     r0, [r12]
        ldr     r1, =vidc_regs
2:      ldr     r0, [r1], #4
        cmp     r0, #0
        strne   r0, [r12]
        bne     2b
        @ IOMD video DMA from VRAM: the last block of the buffer starts half a SAM (VRAM/1024)
        @ before its end; VIDCR = enable | half SAM in 256-byte units.
        ldr     r12, =IOMD
        ldr     r0, =VRAM
        str     r0, [r12, #0x1d8]           @ VIDSTART
        str     r0, [r12, #0x1dc]           @ VIDINIT
        mov     r2, r10, lsr #10
        ldr     r1, =VRAM + WIDTH * HEIGHT
        sub     r1, r1, r2
        str     r1, [r12, #0x1d4]           @ VIDEND
        mov     r3, r2, lsr #8
        orr     r3, r3, #0x20
        str     r3, [r12, #0x1e0]           @ VIDCR
        mov     pc, lr

clear_screen:
        mov     r0, #0
        mov     r1, #HEIGHT
clear_lines:                                @ r0 = first line, r1 = number of lines
        stmfd   sp!, {r4-r9, lr}
        ldr     r2, =VRAM
        ldr     r3, =WIDTH
        mla     r2, r0, r3, r2
        mul     r9, r1, r3                  @ bytes
        add     r9, r2, r9
        mov     r3, #0
        mov     r4, #0
        mov     r5, #0
        mov     r6, #0
        mov     r7, #0
        mov     r8, #0
        mov     r12, #0
        mov     lr, #0
1:      stmia   r2!, {r3-r8, r12, lr}
        cmp     r2, r9
        blo     1b
        ldmfd   sp!, {r4-r9, pc}

@ ---- text ----------------------------------------------------------------------------------
print_line:                                 @ SCRATCH at x 64, line r2, white, scale 1
        stmfd   sp!, {r4, lr}
        ldr     r0, =SCRATCH
        mov     r1, #64
        mov     r3, #WHITE
        mov     r4, #1
        bl      draw_string
        ldmfd   sp!, {r4, pc}

draw_string:                                @ r0 string, r1 x, r2 y, r3 colour, r4 scale
        stmfd   sp!, {r4-r8, lr}
        mov     r5, r0
        mov     r6, r1
        mov     r7, r2
        mov     r8, r3
1:      ldrb    r0, [r5], #1
        cmp     r0, #0
        beq     2f
        mov     r1, r6
        mov     r2, r7
        mov     r3, r8
        bl      draw_char
        add     r6, r6, r4, lsl #3
        b       1b
2:      ldmfd   sp!, {r4-r8, pc}

draw_char:                                  @ r0 char, r1 x, r2 y, r3 colour, r4 scale
        stmfd   sp!, {r4-r11, lr}
        sub     r0, r0, #32
        cmp     r0, #95
        movhs   r0, #('?' - 32)
        ldr     r5, =font8x16
        add     r5, r5, r0, lsl #4
        ldr     r6, =VRAM
        ldr     r7, =WIDTH
        mla     r6, r2, r7, r6
        add     r6, r6, r1
        mov     r8, #16
1:      ldrb    r9, [r5], #1                @ one glyph row, bit 0 = leftmost pixel
        mov     r10, r4
2:      mov     r11, r6
        mov     r1, r9
        mov     r0, #8
3:      tst     r1, #1
        beq     5f
        mov     r2, r4
4:      strb    r3, [r11], #1
        subs    r2, r2, #1
        bne     4b
        b       6f
5:      add     r11, r11, r4
6:      mov     r1, r1, lsr #1
        subs    r0, r0, #1
        bne     3b
        add     r6, r6, r7
        subs    r10, r10, #1
        bne     2b
        subs    r8, r8, #1
        bne     1b
        ldmfd   sp!, {r4-r11, pc}

fmt_str:                                    @ copies r0 to r1; r1 = end (at the NUL)
1:      ldrb    r2, [r0], #1
        strb    r2, [r1], #1
        cmp     r2, #0
        bne     1b
        sub     r1, r1, #1
        mov     pc, lr

fmt_hex:                                    @ r0 as 8 hex digits at r1
        mov     r2, #8
1:      mov     r3, r0, lsr #28
        cmp     r3, #10
        addlo   r3, r3, #'0'
        addhs   r3, r3, #('A' - 10)
        strb    r3, [r1], #1
        mov     r0, r0, lsl #4
        subs    r2, r2, #1
        bne     1b
        mov     r3, #0
        strb    r3, [r1]
        mov     pc, lr

fmt_dec:                                    @ r0 (< 1000000) in decimal at r1
        stmfd   sp!, {r4, lr}
        ldr     r2, =pow10
        mov     r4, #0
1:      ldr     r3, [r2], #4
        cmp     r3, #0
        beq     4f
        mov     r12, #'0'
2:      cmp     r0, r3
        subhs   r0, r0, r3
        addhs   r12, r12, #1
        bhs     2b
        cmp     r3, #1
        beq     3f
        cmp     r12, #'0'
        bne     3f
        cmp     r4, #0
        beq     1b                          @ leading zero
3:      strb    r12, [r1], #1
        mov     r4, #1
        b       1b
4:      mov     r3, #0
        strb    r3, [r1]
        ldmfd   sp!, {r4, pc}

@ ---- memory --------------------------------------------------------------------------------
        .equ BANKS, SCRATCH + 0x8000        @ four words: bytes in each bank

size_banks:                                 @ r9 = total DRAM bytes; BANKS[] filled
        stmfd   sp!, {r4-r8, lr}
        ldr     r6, =BANKS
        mov     r9, #0
        mov     r7, #0                      @ bank number
1:      mov     r4, #DRAM
        add     r4, r4, r7, lsl #26         @ bank window base
        ldr     r1, =0x5aa55aa5
        str     r1, [r4]
        mvn     r2, r1
        str     r2, [r4, #4]                @ drive the bus the other way before reading back
        ldr     r3, [r4]
        cmp     r3, r1
        movne   r5, #0
        bne     3f
        mov     r5, #0x400000               @ try 4, 8, 16, 32 MB: the first size that
2:      add     r8, r4, r5                  @ aliases onto the base is the bank's size
        str     r5, [r8]
        ldr     r3, [r4]
        cmp     r3, r5
        beq     3f
        mov     r5, r5, lsl #1
        cmp     r5, #0x4000000
        blo     2b
3:      str     r5, [r6, r7, lsl #2]
        add     r9, r9, r5
        add     r7, r7, #1
        cmp     r7, #4
        blo     1b
        ldmfd   sp!, {r4-r8, pc}

ram_test:                                   @ every word of every bank: write a pattern that
        stmfd   sp!, {r4-r11, lr}           @ differs per address, read it all back
        ldr     r6, =BANKS
        mov     r7, #0
        ldr     r8, =0xa5c3f00f
1:      ldr     r5, [r6, r7, lsl #2]
        cmp     r5, #0
        beq     4f
        mov     r4, #DRAM
        add     r4, r4, r7, lsl #26
        add     r5, r4, r5                  @ end
        mov     r0, r4
2:      eor     r1, r0, r8
        eor     r2, r1, #0x10
        eor     r3, r1, #0x20
        eor     r9, r1, #0x30
        stmia   r0!, {r1, r2, r3, r9}
        cmp     r0, r5
        blo     2b
        mov     r0, r4
3:      ldmia   r0, {r1, r2, r3, r9}
        eor     r10, r0, r8
        cmp     r1, r10
        eoreq   r10, r10, #0x10
        cmpeq   r2, r10
        eoreq   r10, r10, #0x30
        cmpeq   r3, r10
        eoreq   r10, r10, #0x10
        cmpeq   r9, r10
        bne     5f
        add     r0, r0, #16
        cmp     r0, r5
        blo     3b
4:      add     r7, r7, #1
        cmp     r7, #4
        blo     1b
        mov     r0, #0
        ldmfd   sp!, {r4-r11, pc}
5:      ldmfd   sp!, {r4-r11, pc}           @ r0 = address of the failing block

clear_dram:                                 @ every bank back to zero once the screen is drawn,
        stmfd   sp!, {r4-r7, lr}            @ as firmware hands memory over (BANKS is in VRAM;
        ldr     r6, =BANKS                  @ so is the stack); a save state then holds only
        mov     r7, #0                      @ what software put there
        mov     r0, #0
        mov     r1, #0
        mov     r2, #0
        mov     r3, #0
1:      ldr     r5, [r6, r7, lsl #2]
        cmp     r5, #0
        beq     3f
        mov     r4, #DRAM
        add     r4, r4, r7, lsl #26
        add     r5, r4, r5                  @ end
2:      stmia   r4!, {r0-r3}
        cmp     r4, r5
        blo     2b
3:      add     r7, r7, #1
        cmp     r7, #4
        blo     1b
        ldmfd   sp!, {r4-r7, pc}

@ ---- data ----------------------------------------------------------------------------------
        .balign 4
palette:                                    @ VIDC20 palette words: 0x00BBGGRR
        .word   0x00502010                  @ background: dark blue
        .word   0x00ffffff                  @ white
        .word   0x0040d0ff                  @ gold
        .word   0x0060e060                  @ green
        .word   0x004040ff                  @ red
        .word   0x00c0b0a0                  @ grey-blue
vidc_regs:
        .word   0xd0000000 | (20 << 8) | 19 @ synthesiser: 24 MHz x 21/20 = 25.2 MHz
        .word   0xe0000000 | (3 << 5) | (4 << 8) @ control: VCLK, /1, 8 bpp, FIFO load 16
        .word   0xc0001003                  @ external control: DAC on, register 3 (as Linux)
        .word   0xf0000000 | (3 << 16) | (1 << 12) | (WIDTH * 8 / 64) @ data control
        .word   0x80000000 | 792            @ HCR
        .word   0x81000000 | 88             @ HSWR
        .word   0x82000000 | 132            @ HBSR
        .word   0x83000000 | 126            @ HDSR
        .word   0x84000000 | 766            @ HDER
        .word   0x85000000 | 772            @ HBER
        .word   0x86000000                  @ HCSR (cursor off screen)
        .word   0x90000000 | 523            @ VCR
        .word   0x91000000 | 1              @ VSWR
        .word   0x92000000 | 34             @ VBSR
        .word   0x93000000 | 34             @ VDSR
        .word   0x94000000 | 514            @ VDER
        .word   0x95000000 | 514            @ VBER
        .word   0x96000000                  @ VCSR
        .word   0x97000000                  @ VCER: no cursor lines
        .word   0
pow10:  .word   100000, 10000, 1000, 100, 10, 1, 0

s_title:   .asciz "Arcana"
s_sub:     .asciz "Acorn RiscPC  -  Arcana boot ROM"
s_cpu:     .asciz "CPU    "
s_sa110:   .asciz "StrongARM SA-110"
s_arm610:  .asciz "ARM610"
s_arm710:  .asciz "ARM710"
s_armunk:  .asciz "unknown ARM"
s_id:      .asciz "  (ID &"
s_close:   .asciz ")"
s_ram:     .asciz "RAM    "
s_mb:      .asciz " MB"
s_banks:   .asciz "  (banks: "
s_mbclose: .asciz "MB)"
s_vram:    .asciz "VRAM   "
s_mbonly:  .asciz " MB"
s_testing: .asciz "RAM test: testing..."
s_test:    .asciz "RAM test: "
s_passed:  .asciz "passed ("
s_failed:  .asciz "FAILED at &"
s_norom1:  .asciz "No RISC OS ROM found. To run RISC OS, put a RISC OS 3.5-5"
s_norom2:  .asciz "ROM image in ./roms (or use --rom FILE); to boot Linux,"
s_norom3:  .asciz "use --kernel zImage [--initrd FILE] [--append ARGS]."
        .balign 4
        .ltorg
        .balign 4
        .include "font.inc"
