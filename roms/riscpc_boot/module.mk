# Arcana's own RiscPC boot ROM: ARM assembly, assembled at build time and embedded with .incbin.
RPCBOOT_SRC := roms/riscpc_boot/boot.s
RPCBOOT_ELF := $(BUILD)/gen/riscpc_boot.elf
RPCBOOT_BIN := $(BUILD)/gen/riscpc_boot.bin
RPCBOOT_OBJ := $(BUILD)/obj/roms/riscpc_boot/blob.o

$(RPCBOOT_ELF): $(RPCBOOT_SRC) roms/riscpc_boot/font.inc
	@mkdir -p $(dir $@)
	arm-none-eabi-as -march=armv4 -I roms/riscpc_boot -o $@.o $<
	arm-none-eabi-ld -Ttext=0 -e 0 -o $@ $@.o

$(RPCBOOT_BIN): $(RPCBOOT_ELF)
	arm-none-eabi-objcopy -O binary $< $@

$(RPCBOOT_OBJ): roms/riscpc_boot/blob.S $(RPCBOOT_BIN)
	@mkdir -p $(dir $@)
	$(CC) -c -I$(BUILD)/gen -o $@ $<

EXTRA_OBJS += $(RPCBOOT_OBJ)
