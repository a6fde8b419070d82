# A2065 guest test disk: tests/zorro/NAME.s (a boot block, like tests/amiga) ->
# build/zorro/NAME.adf, run by tests/machines/test_zorro.c with --net slirp.
ZORRO_TEST_ADFS := $(patsubst tests/zorro/%.s,$(BUILD)/zorro/%.adf,$(wildcard tests/zorro/*.s))

$(BUILD)/zorro/%.bin: tests/zorro/%.s $(wildcard tests/amiga/*.i)
	@mkdir -p $(dir $@)
	m68k-linux-gnu-as -m68000 -I tests/amiga -o $(BUILD)/zorro/$*.o $<
	m68k-linux-gnu-ld -Ttext=0 -e 12 --oformat=binary -o $@ $(BUILD)/zorro/$*.o

$(BUILD)/zorro/%.adf: $(BUILD)/zorro/%.bin $(AMIGA_MKADF)
	$(AMIGA_MKADF) $< $@

TEST_DEPS += $(ZORRO_TEST_ADFS)
