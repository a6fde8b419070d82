# The RISC OS HostFS module (ARM assembly), assembled at build time and embedded with .incbin
# into the podule ROM of machines/riscpc_hostfs.c.
ROHFS_MOD_SRC := hostfs/riscos_module/hostfs.s
ROHFS_MOD_ELF := $(BUILD)/gen/riscos_hostfs_module.elf
ROHFS_MOD_BIN := $(BUILD)/gen/riscos_hostfs_module.bin
ROHFS_MOD_OBJ := $(BUILD)/obj/hostfs/riscos_module/blob.o

$(ROHFS_MOD_ELF): $(ROHFS_MOD_SRC)
	@mkdir -p $(dir $@)
	arm-none-eabi-as -march=armv3 --fatal-warnings -o $@.o $<
	arm-none-eabi-ld -Ttext=0 -e 0 -o $@ $@.o

$(ROHFS_MOD_BIN): $(ROHFS_MOD_ELF)
	arm-none-eabi-objcopy -O binary $< $@

$(ROHFS_MOD_OBJ): hostfs/riscos_module/blob.S $(ROHFS_MOD_BIN)
	@mkdir -p $(dir $@)
	$(CC) -c -I$(BUILD)/gen -o $@ $<

EXTRA_OBJS += $(ROHFS_MOD_OBJ)
