# Our own AmigaDOS commands and disk tools (tests/amiga/dos), for tests/suites/55-amiga-dos.sh:
#   build/amiga/adfdos        OFS/FFS image maker and reader (adfdos.c)
#   build/amiga/hunkwrap      flat 68000 binary -> AmigaDOS load file (hunkwrap.c)
#   build/amiga/C/NAME        commands from tests/amiga/dos/NAME.s (list.s -> C/List)
AMIGA_DOS_CMDS := $(patsubst tests/amiga/dos/%.s,%,$(wildcard tests/amiga/dos/*.s))
AMIGA_DOS_ADFDOS := $(BUILD)/amiga/adfdos
AMIGA_DOS_HUNKWRAP := $(BUILD)/amiga/hunkwrap
# C/List, C/Copy: the command names capitalised as AmigaDOS spells them.
amiga_dos_cap = $(shell echo $(1) | sed 's/^./\U&/')
AMIGA_DOS_OUT := $(foreach c,$(AMIGA_DOS_CMDS),$(BUILD)/amiga/C/$(call amiga_dos_cap,$(c)))

$(AMIGA_DOS_ADFDOS): tests/amiga/dos/adfdos.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O2 -o $@ $<

# The same under ASan/UBSan, for the suite's corrupt-image cases.
$(SAN_DIR)/amiga/adfdos: tests/amiga/dos/adfdos.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O1 -g $(SANFLAGS) -o $@ $<

$(AMIGA_DOS_HUNKWRAP): tests/amiga/dos/hunkwrap.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O2 -o $@ $<

$(BUILD)/amiga/dos/%.bin: tests/amiga/dos/%.s $(wildcard tests/amiga/dos/*.i)
	@mkdir -p $(dir $@)
	m68k-linux-gnu-as -m68000 -I tests/amiga/dos -o $(BUILD)/amiga/dos/$*.o $<
	m68k-linux-gnu-ld -Ttext=0 -e 0 --oformat=binary -o $@ $(BUILD)/amiga/dos/$*.o

define amiga_dos_cmd_rule
$(BUILD)/amiga/C/$(call amiga_dos_cap,$(1)): $(BUILD)/amiga/dos/$(1).bin $(AMIGA_DOS_HUNKWRAP)
	@mkdir -p $$(dir $$@)
	$(AMIGA_DOS_HUNKWRAP) $$< $$@
endef
$(foreach c,$(AMIGA_DOS_CMDS),$(eval $(call amiga_dos_cmd_rule,$(c))))

TEST_DEPS += $(AMIGA_DOS_ADFDOS) $(SAN_DIR)/amiga/adfdos $(AMIGA_DOS_HUNKWRAP) $(AMIGA_DOS_OUT)
