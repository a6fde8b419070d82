# RiscPC storage test: a guest /init (freestanding ARM EABI Linux program) in an initrd cpio,
# and the host helper that makes test images. Used by tests/suites/60-riscpc.sh.
RPCTEST_DIR := $(BUILD)/tests/riscpc
RPCTEST_MKDISK := $(RPCTEST_DIR)/mkdisk
RPCTEST_INIT := $(RPCTEST_DIR)/diskinit
RPCTEST_INITRD := $(RPCTEST_DIR)/diskinit.cpio

$(RPCTEST_MKDISK): tests/riscpc/mkdisk.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O2 -o $@ $<

$(RPCTEST_INIT): tests/riscpc/diskinit.c
	@mkdir -p $(dir $@)
	arm-none-eabi-gcc -march=armv4 -marm -Os -ffreestanding -fno-builtin -nostdlib -static \
	  -Wall -Wextra -Werror -Wl,-e,_start -Wl,-Ttext=0x10000 -Wl,--build-id=none -o $@ $<

$(RPCTEST_INITRD): $(RPCTEST_INIT) $(RPCTEST_MKDISK)
	$(RPCTEST_MKDISK) cpio $@ $(RPCTEST_INIT)

TEST_DEPS += $(RPCTEST_MKDISK) $(RPCTEST_INITRD)
