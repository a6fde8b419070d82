@ Arcana RiscPC boot ROM (placeholder: parks the CPU).
    .text
    .global _start
_start:
    b _start
