/* Embeds the assembled HostFS boot ROM of the A500's Zorro II board (build/gen/amiga_hostfs_rom.bin). */
    .section .rodata
    .global amiga_hostfs_rom
    .global amiga_hostfs_rom_end
    .balign 16
amiga_hostfs_rom:
    .incbin "amiga_hostfs_rom.bin"
amiga_hostfs_rom_end:
    .section .note.GNU-stack,"",@progbits
