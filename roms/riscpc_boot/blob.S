/* Embeds the assembled boot ROM (build/gen/riscpc_boot.bin) into the arcana binary. */
    .section .rodata
    .global riscpc_boot_rom
    .global riscpc_boot_rom_end
    .balign 16
riscpc_boot_rom:
    .incbin "riscpc_boot.bin"
riscpc_boot_rom_end:
    .section .note.GNU-stack,"",@progbits
