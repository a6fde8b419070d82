# ARM JIT: its unit test of the hand-written programs (tests/arm/test_jit_progs.c) includes the
# header that tests/arm/module.mk generates (named literally: that file is read after this one).
$(BUILD)/obj/tests/arm/test_jit_progs.o $(SAN_DIR)/obj/tests/arm/test_jit_progs.o: $(BUILD)/gen/arm_test_progs.h

# The JIT suite (tests/suites/45-arm-jit.sh) runs cpubench in lock-step: the ARM build and the
# expected checksum only (the shared Makefile's other targets are for `make bench`).
ARMJIT_BENCH := $(abspath $(BUILD)/jit-bench)
TEST_DEPS += $(BUILD)/jit-bench/cpubench.expected
$(BUILD)/jit-bench/cpubench.expected:
	@mkdir -p $(BUILD)/jit-bench
	$(MAKE) --no-print-directory -C $(SHARED)/bench/cpu OUT=$(ARMJIT_BENCH) $(ARMJIT_BENCH)/cpubench-arm.bin $(ARMJIT_BENCH)/cpubench.expected

# `make bench` (tests/bench/arm_jit.bench): cpubench with ITER=400 (159 M ARM instructions), long
# enough for the native build's time to mean something; built in a scratch folder as the
# top-level Makefile does (the workload's Makefile looks for "arm" in its output path).
BENCH_DEPS += $(BUILD)/bench400/cpubench.expected
$(BUILD)/bench400/cpubench.expected:
	@mkdir -p $(BUILD)/bench400
	@scratch=$$(mktemp -d /tmp/cpubench400.XXXXXX) && scratch_ok=$$(echo "$$scratch" | grep -v arm) && \
	  $(MAKE) --no-print-directory -C $(SHARED)/bench/cpu ITER=400 OUT=$$scratch_ok && \
	  cp $$scratch_ok/cpubench-* $$scratch_ok/cpubench.expected $(BUILD)/bench400/ && rm -rf $$scratch_ok
