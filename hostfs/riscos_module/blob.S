/* Embeds the assembled HostFS module (build/gen/riscos_hostfs_module.bin). */
    .section .rodata
    .global riscos_hostfs_module
    .global riscos_hostfs_module_end
    .balign 16
riscos_hostfs_module:
    .incbin "riscos_hostfs_module.bin"
riscos_hostfs_module_end:
    .section .note.GNU-stack,"",@progbits
