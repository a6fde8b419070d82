# The A500 HostFS boot ROM (68000 assembly: DiagArea, BootPoint and the HOST: DOS handler),
# assembled at build time and embedded with .incbin into the Zorro II board of
# machines/a500_hostfs.c.
AMHFS_ROM_SRC := hostfs/amiga_module/hostfs_rom.s
AMHFS_ROM_BIN := $(BUILD)/gen/amiga_hostfs_rom.bin
AMHFS_ROM_OBJ := $(BUILD)/obj/hostfs/amiga_module/blob.o

$(AMHFS_ROM_BIN): $(AMHFS_ROM_SRC)
	@mkdir -p $(dir $@)
	m68k-linux-gnu-as -m68000 --fatal-warnings -o $@.o $<
	m68k-linux-gnu-ld -Ttext=0 -e 0 --oformat=binary -o $@ $@.o

$(AMHFS_ROM_OBJ): hostfs/amiga_module/blob.S $(AMHFS_ROM_BIN)
	@mkdir -p $(dir $@)
	$(CC) -c -I$(BUILD)/gen -o $@ $<

EXTRA_OBJS += $(AMHFS_ROM_OBJ)
