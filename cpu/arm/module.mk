# ARM JIT: its unit test of the hand-written programs (tests/arm/test_jit_progs.c) includes the
# header that tests/arm/module.mk generates (named literally: that file is read after this one).
$(BUILD)/obj/tests/arm/test_jit_progs.o $(SAN_DIR)/obj/tests/arm/test_jit_progs.o: $(BUILD)/gen/arm_test_progs.h
# The JIT suite (tests/suites/45-arm-jit.sh) runs cpubench in lock-step.
TEST_DEPS += $(BUILD)/bench/cpubench.expected
