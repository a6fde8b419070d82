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

# A 26-bit interrupt test ROM for the machine (tests/riscpc/test_irqrom.c).
RPCTEST_IRQROM := $(RPCTEST_DIR)/irqtest.rom
$(RPCTEST_IRQROM): tests/riscpc/irqtest.s
	@mkdir -p $(dir $@)
	arm-none-eabi-as -march=armv3 -o $@.o $<
	arm-none-eabi-ld -Ttext=0 -e 0 -o $@.elf $@.o
	arm-none-eabi-objcopy -O binary $@.elf $@
TEST_DEPS += $(RPCTEST_IRQROM)

# The data-safety suite's guest: writes a counter to both discs over and over (diskloop.c).
RPCTEST_LOOP := $(RPCTEST_DIR)/diskloop
RPCTEST_LOOPRD := $(RPCTEST_DIR)/diskloop.cpio
$(RPCTEST_LOOP): tests/riscpc/diskloop.c
	@mkdir -p $(dir $@)
	arm-none-eabi-gcc -march=armv4 -marm -Os -ffreestanding -fno-builtin -nostdlib -static \
	  -Wall -Wextra -Werror -Wl,-e,_start -Wl,-Ttext=0x10000 -Wl,--build-id=none -o $@ $<
$(RPCTEST_LOOPRD): $(RPCTEST_LOOP) $(RPCTEST_MKDISK)
	$(RPCTEST_MKDISK) cpio $@ $(RPCTEST_LOOP)
TEST_DEPS += $(RPCTEST_LOOPRD)
