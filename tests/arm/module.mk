# Hand-written ARM test programs: tests/arm/*.s -> flat binaries linked at 0 -> one generated
# header (build/gen/arm_test_progs.h) with a byte array per program, used by tests/arm/test_*.c.
ARMT_SRCS := $(sort $(wildcard tests/arm/*.s))
ARMT_NAMES := $(patsubst tests/arm/%.s,%,$(ARMT_SRCS))
ARMT_BINS := $(patsubst %,$(BUILD)/arm-tests/%.bin,$(ARMT_NAMES))
ARMT_HDR := $(BUILD)/gen/arm_test_progs.h

$(BUILD)/arm-tests/%.o: tests/arm/%.s tests/arm/common.inc
	@mkdir -p $(dir $@)
	arm-none-eabi-as -march=armv4 -I tests/arm -o $@ $<
$(BUILD)/arm-tests/%.bin: $(BUILD)/arm-tests/%.o
	arm-none-eabi-ld -N -Ttext=0 -e 0 -o $(@:.bin=.elf) $<
	arm-none-eabi-objcopy -O binary $(@:.bin=.elf) $@

$(ARMT_HDR): $(ARMT_BINS) tests/arm/module.mk
	@mkdir -p $(dir $@)
	@{ echo "/* generated from the programs in tests/arm by tests/arm/module.mk */"; \
	  for n in $(ARMT_NAMES); do \
	    echo "static const unsigned char armt_$${n}[] = {"; \
	    od -An -v -tx1 $(BUILD)/arm-tests/$$n.bin | sed -E 's/ *([0-9a-f]{2})/0x\1,/g'; \
	    echo "};"; \
	  done; } > $@.tmp && mv $@.tmp $@

# Only the program runner includes the header.
$(BUILD)/obj/tests/arm/test_arm_progs.o $(SAN_DIR)/obj/tests/arm/test_arm_progs.o: $(ARMT_HDR)
