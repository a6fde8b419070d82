# Bootable A500 test disks: tests/amiga/NAME.s (68000 assembly, starting with its boot block
# header) -> build/amiga/NAME.adf, checked by tests/suites/50-a500.sh.
AMIGA_TEST_SRCS := $(wildcard tests/amiga/*.s)
AMIGA_TEST_ADFS := $(patsubst tests/amiga/%.s,$(BUILD)/amiga/%.adf,$(AMIGA_TEST_SRCS))
AMIGA_MKADF := $(BUILD)/amiga/mkadf

$(AMIGA_MKADF): tests/amiga/mkadf.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O2 -o $@ $<

$(BUILD)/amiga/%.bin: tests/amiga/%.s $(wildcard tests/amiga/*.i)
	@mkdir -p $(dir $@)
	m68k-linux-gnu-as -m68000 -I tests/amiga -o $(BUILD)/amiga/$*.o $<
	m68k-linux-gnu-ld -Ttext=0 -e 12 --oformat=binary -o $@ $(BUILD)/amiga/$*.o

$(BUILD)/amiga/%.adf: $(BUILD)/amiga/%.bin $(AMIGA_MKADF)
	$(AMIGA_MKADF) $< $@

TEST_DEPS += $(AMIGA_TEST_ADFS)

# Disks of other suites (tests/amiga/safety/*.s: the data-safety suite's guests), built by the
# same rules but not run by 50-a500.sh.
TEST_DEPS += $(patsubst tests/amiga/%.s,$(BUILD)/amiga/%.adf,$(wildcard tests/amiga/safety/*.s))

# Our own test ROMs (tests/amiga/rom/NAME.s, linked at F80000, padded to 256 KB) for machine
# tests that need no Kickstart: build/amiga/NAME.rom.
AMIGA_TEST_ROMS := $(patsubst tests/amiga/rom/%.s,$(BUILD)/amiga/%.rom,$(wildcard tests/amiga/rom/*.s))

$(BUILD)/amiga/%.rom: tests/amiga/rom/%.s $(wildcard tests/amiga/rom/*.inc)
	@mkdir -p $(dir $@)
	m68k-linux-gnu-as -m68000 -I tests/amiga/rom -o $(BUILD)/amiga/$*.rom.o $<
	m68k-linux-gnu-ld -Ttext=0xf80000 -e 0xf80010 --oformat=binary -o $@.tmp $(BUILD)/amiga/$*.rom.o
	truncate -s 262144 $@.tmp && mv $@.tmp $@

TEST_DEPS += $(AMIGA_TEST_ROMS)
