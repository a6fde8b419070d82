@ Self-modifying code (issue 8): runs in the flat test harness (tests/arm/test_*_progs.c: RAM at
@ 0, the usual result protocol) and as a ROM in the RiscPC machine (tests/suites/46-arm-lockstep.sh:
@ ROM at 0, writes to it go nowhere, results printed on the 16550 at 0x03010FE0). It copies
@ itself to RAM (flat 0x80000, RiscPC VRAM at 0x02100000: both reachable in 26-bit modes) and
@ there rewrites instructions in loops:
@   1. one instruction's immediate and rotation patched 4096 times, called after each patch
@   2. an instruction two ahead of the store in the same block, and one behind it (the next
@      iteration's), patched on every iteration
@   3. two routines copied in turn over the same buffer and called
@   4. a counter kept in a word right after the loop's code, stored on every iteration
@ No cache maintenance between the writes and the execution: Arcana models no caches, so the
@ JIT's own write detection alone must make the new instructions run.
        .include "common.inc"
        .equ    UART, 0x03010FE0            @ COM1 (0x3F8 << 2 in the SuperIO space)

        .text
        .global _start
_start:
        b       start
probe:  .word   0x12345678

start:  @ RAM at 0 (flat harness) or ROM (machine)?
        ldr     r0, probe
        mvn     r1, r0
        str     r1, probe
        ldr     r2, probe
        cmp     r2, r1
        moveq   r9, #0                      @ r9: 1 = RiscPC (print the results)
        moveq   r10, #0x80000               @ r10: where the program runs from
        movne   r9, #1
        ldrne   r10, =0x02100000
        adr     r0, _start
        ldr     r1, =prog_end               @ linked at 0: = the size
        mov     r2, #0
1:      ldr     r3, [r0, r2]
        str     r3, [r10, r2]
        add     r2, r2, #4
        cmp     r2, r1
        blo     1b
        ldr     r0, =main                   @ = its offset
        add     pc, r10, r0

main:   @ ---- 1: immediate operand patching ----
        add     r7, r10, #0x8000            @ the patched routine: add r0, r0, #imm ; mov pc, lr
        ldr     r1, =0xE1A0F00E
        str     r1, [r7, #4]
        ldr     r5, =0xE2800000
        mov     r0, #0
        mov     r4, #0
2:      orr     r6, r5, r4                  @ i = rotation:imm8
        str     r6, [r7]
        mov     lr, pc
        mov     pc, r7
        add     r4, r4, #1
        cmp     r4, #0x1000
        blo     2b
        CHECK   r0, 0xFFFFFE00              @ sum of every rotated immediate
        mov     r1, r0

        @ ---- 2: patches inside the running block ----
        mov     r0, #0
        mov     r3, #0
        mov     r4, #0
        ldr     r5, =0xE2800000             @ add r0, r0, #0
        ldr     r7, =0xE3A08000             @ mov r8, #0
3:      mov     r8, #0                      @ patched below: r8 = this iteration's number
        add     r3, r3, r8
        orr     r6, r5, r4
        str     r6, 4f                      @ two instructions ahead, same block
        mov     r2, r2
4:      add     r0, r0, #0x100              @ never runs as assembled
        add     r4, r4, #1
        orr     r6, r7, r4
        str     r6, 3b                      @ behind: the next iteration's first instruction
        cmp     r4, #0x100
        blo     3b
        CHECK   r0, 0x7F80
        CHECK   r3, 0x7F80
        mov     r2, r0

        @ ---- 3: code copied over the same buffer, then called ----
        add     r7, r10, #0x9000
        mov     r0, #1
        mov     r4, #50
5:      adr     r5, routine_a
        bl      copy
        mov     lr, pc
        mov     pc, r7
        mov     lr, pc
        mov     pc, r7
        mov     lr, pc
        mov     pc, r7
        adr     r5, routine_b
        bl      copy
        mov     lr, pc
        mov     pc, r7
        subs    r4, r4, #1
        bne     5b
        CHECK   r0, 0x871D2AA9
        mov     r3, r0

        @ ---- 4: a word next to the code, written on every iteration ----
        mov     r0, #0
        str     r0, 7f
        mov     r4, #0
        ldr     r5, =100000
6:      ldr     r0, 7f
        add     r0, r0, r4
        str     r0, 7f
        add     r4, r4, #1
        cmp     r4, r5
        blo     6b
        b       8f
7:      .word   0
8:      ldr     r0, 7b
        CHECK   r0, 0x2A052EB0
        mov     r4, r0

        cmp     r9, #0
        beq     9f
        adr     r0, banner
        bl      puts
        mov     r0, r1
        bl      puthex
        mov     r0, r2
        bl      puthex
        mov     r0, r3
        bl      puthex
        mov     r0, r4
        bl      puthex
        adr     r0, done
        bl      puts
9:      PASS

@ copy: the 4 words at r5 to r7 (uses r6, r8)
copy:   mov     r8, #0
1:      ldr     r6, [r5, r8]
        str     r6, [r7, r8]
        add     r8, r8, #4
        cmp     r8, #16
        blo     1b
        mov     pc, lr

routine_a:                                  @ r0 = r0 * 3 + 1
        add     r0, r0, r0, lsl #1
        add     r0, r0, #1
        mov     pc, lr
        mov     r0, r0
routine_b:                                  @ r0 = r0 ^ 0x55
        eor     r0, r0, #0x55
        mov     pc, lr
        mov     r0, r0
        mov     r0, r0

@ puts: the NUL-terminated string at r0 (uses r5-r8, r12)
puts:   mov     r12, lr
        mov     r5, r0
1:      ldrb    r0, [r5], #1
        cmp     r0, #0
        moveq   pc, r12
        bl      putc
        b       1b

@ puthex: " " and r0 as 8 hex digits (uses r5-r8, r12)
puthex: mov     r12, lr
        mov     r5, r0
        mov     r0, #' '
        bl      putc
        mov     r6, #28
1:      mov     r0, r5, lsr r6
        and     r0, r0, #15
        cmp     r0, #10
        addlo   r0, r0, #'0'
        addhs   r0, r0, #('a' - 10)
        bl      putc
        subs    r6, r6, #4
        bpl     1b
        mov     pc, r12

@ putc: r0 to the UART once its transmitter holding register is empty (uses r7, r8)
putc:   ldr     r7, =UART
1:      ldrb    r8, [r7, #0x14]             @ LSR
        tst     r8, #0x20                   @ THRE
        beq     1b
        strb    r0, [r7]
        mov     pc, lr

banner: .asciz  "smc:"
done:   .asciz  " ok\n"
        .align  2
        END_CHECKS
prog_end:
