# Arcana — top-level build. Sources are found by folder, so a new file needs no edit here.
# Folders may add rules in a `module.mk` of their own (guest ROMs, generated blobs): see below.
#
#   make / make all   build/arcana and the test programs (release, -O2)
#   make run          builds and starts the default machine
#   make test         sanitized build + every test suite; ends with "N passed, N failed"
#   make bench        emulated MIPS / frames per second figures
#   make deps         installs the Debian packages the project needs
#   make fuzz         libFuzzer targets (tests/fuzz/, clang) run FUZZ_SECONDS each (default 60);
#                     FUZZ_RUN="rom state" runs only those
#   make clean / make format

CC      ?= gcc
BUILD   := build
SAN_DIR := $(BUILD)/san
SHARED  ?= ../shared
NPROC   := $(shell nproc 2>/dev/null || echo 2)

PKGS := sdl2 libpng zlib minizip slirp unicorn portaudio-2.0 libzstd
DEB_PACKAGES := build-essential pkg-config libsdl2-dev libpng-dev portaudio19-dev \
  libminizip-dev zlib1g-dev libzstd-dev libslirp-dev libunicorn-dev gcc-arm-none-eabi \
  binutils-arm-none-eabi gcc-m68k-linux-gnu binutils-m68k-linux-gnu fs-uae xvfb x11-apps parallel gdb-multiarch

# Only ask pkg-config once the packages are there (`make deps` may be about to install them).
HAVE_DEPS := $(shell pkg-config --exists $(PKGS) 2>/dev/null && command -v arm-none-eabi-as >/dev/null \
  && command -v m68k-linux-gnu-as >/dev/null && test -f /usr/share/fs-uae/fs-uae.dat && echo yes)
ifeq ($(HAVE_DEPS),yes)
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))
endif

CSTD     := -std=c17 -D_GNU_SOURCE
WARN     := -Wall -Wextra -Werror
CPPFLAGS := -I. -I$(BUILD)/gen $(PKG_CFLAGS)
CFLAGS   ?= -O2 -g
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDLIBS   := $(PKG_LIBS) -lm -lpthread

# Library sources: everything in the component folders except program entry points.
LIB_SRCS := $(sort $(wildcard cpu/*/*.c chips/*.c machines/*.c machines/*/*.c hostfs/*.c roms/*.c frontend/*.c))
LIB_SRCS := $(filter-out frontend/main.c,$(LIB_SRCS))
# Unit tests: tests/<folder>/test_*.c, linked with tests/runner.c into one binary.
TEST_SRCS := $(sort $(wildcard tests/*/test_*.c))
# Stand-alone test programs: tests/tools/NAME.c, or a folder tests/tools/NAME/*.c,
# -> build/tests/NAME (and build/san/tests/NAME)
TOOLS := $(sort $(patsubst tests/tools/%.c,%,$(wildcard tests/tools/*.c)) \
                $(patsubst tests/tools/%/,%,$(dir $(wildcard tests/tools/*/*.c))))
tool_srcs = $(wildcard tests/tools/$(1).c tests/tools/$(1)/*.c)

# module.mk fragments may append to these:
#   EXTRA_OBJS  objects linked into every program (e.g. ROM images embedded with .incbin)
#   GEN_DEPS    generated files needed before compiling C (e.g. headers in build/gen)
#   TEST_DEPS   files `make test` needs built (test ROMs, test disks)
#   BENCH_DEPS  files `make bench` needs built
EXTRA_OBJS :=
GEN_DEPS   :=
TEST_DEPS  :=
BENCH_DEPS :=
-include $(sort $(wildcard */module.mk */*/module.mk */*/*/module.mk))

LIB_OBJS      := $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRCS))
SAN_LIB_OBJS  := $(patsubst %.c,$(SAN_DIR)/obj/%.o,$(LIB_SRCS))
TEST_OBJS     := $(patsubst %.c,$(BUILD)/obj/%.o,$(TEST_SRCS) tests/runner.c)
SAN_TEST_OBJS := $(patsubst %.c,$(SAN_DIR)/obj/%.o,$(TEST_SRCS) tests/runner.c)

PROGRAMS     := $(BUILD)/arcana $(BUILD)/tests/unit $(addprefix $(BUILD)/tests/,$(TOOLS))
SAN_PROGRAMS := $(SAN_DIR)/arcana $(SAN_DIR)/tests/unit $(addprefix $(SAN_DIR)/tests/,$(TOOLS))

# Fuzz targets: tests/fuzz/fuzz_NAME.c (see "fuzzing" below).
FUZZ_TARGETS := $(sort $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_CC      ?= clang
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_LIB_OBJS := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(LIB_SRCS))
FUZZ_REPLAY  := $(addprefix $(SAN_DIR)/tests/fuzz_replay_,$(FUZZ_TARGETS))
FUZZ_BINS    := $(addprefix $(FUZZ_DIR)/fuzz_,$(FUZZ_TARGETS))

.PHONY: all run test bench deps ensure-deps clean format build build-san fuzz fuzz-build
.DEFAULT_GOAL := all

# Public targets install missing packages first, then build in a fresh make (so pkg-config is
# asked again after the install).
all: ensure-deps
	@$(MAKE) --no-print-directory -j$(NPROC) build
run: ensure-deps
	@$(MAKE) --no-print-directory -j$(NPROC) build
	./frontend/run.sh $(BUILD)/arcana
test: ensure-deps
	@$(MAKE) --no-print-directory -j$(NPROC) build build-san
	BUILD=$(BUILD) SAN_DIR=$(SAN_DIR) SHARED=$(SHARED) ./tests/run_all.sh
bench: ensure-deps
	@$(MAKE) --no-print-directory build $(BUILD)/bench/cpubench.expected $(BENCH_DEPS)
	BUILD=$(BUILD) SHARED=$(SHARED) ./tests/bench/run.sh

build: $(PROGRAMS) $(TEST_DEPS)
build-san: $(SAN_PROGRAMS) $(FUZZ_REPLAY)

ensure-deps:
	@[ "$(HAVE_DEPS)" = yes ] || $(MAKE) --no-print-directory deps

deps:
	@SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	missing=""; for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Installing:$$missing"; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $$missing; \
	else echo "All Debian packages present."; fi

$(BUILD)/obj/%.o: %.c $(GEN_DEPS)
	@mkdir -p $(dir $@)
	@echo "CC  $<"
	@$(CC) $(CSTD) $(WARN) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(SAN_DIR)/obj/%.o: %.c $(GEN_DEPS)
	@mkdir -p $(dir $@)
	@echo "CC  $< (sanitized)"
	@$(CC) $(CSTD) $(WARN) $(CPPFLAGS) -O1 -g $(SANFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/arcana: $(BUILD)/obj/frontend/main.o $(LIB_OBJS) $(EXTRA_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)
$(SAN_DIR)/arcana: $(SAN_DIR)/obj/frontend/main.o $(SAN_LIB_OBJS) $(EXTRA_OBJS)
	$(CC) $(SANFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/unit: $(TEST_OBJS) $(LIB_OBJS) $(EXTRA_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)
$(SAN_DIR)/tests/unit: $(SAN_TEST_OBJS) $(SAN_LIB_OBJS) $(EXTRA_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(SANFLAGS) -o $@ $^ $(LDLIBS)

define tool_rules
$(BUILD)/tests/$(1): $(patsubst %.c,$(BUILD)/obj/%.o,$(call tool_srcs,$(1))) $(LIB_OBJS) $(EXTRA_OBJS)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CFLAGS) -o $$@ $$^ $$(LDLIBS)
$(SAN_DIR)/tests/$(1): $(patsubst %.c,$(SAN_DIR)/obj/%.o,$(call tool_srcs,$(1))) $(SAN_LIB_OBJS) $(EXTRA_OBJS)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(SANFLAGS) -o $$@ $$^ $$(LDLIBS)
endef
$(foreach t,$(TOOLS),$(eval $(call tool_rules,$(t))))

# ---- fuzzing (tests/fuzz/README.md) ----------------------------------------------------------
# Each tests/fuzz/fuzz_NAME.c is a libFuzzer target: `make fuzz` builds it with clang against the
# library compiled for fuzzing (build/fuzz/fuzz_NAME) and runs it; the same source linked with
# tests/fuzz/replay.c and the sanitized gcc objects (build/san/tests/fuzz_replay_NAME, part of
# build-san) lets `make test` replay tests/fuzz/regress/ without clang.

$(FUZZ_DIR)/obj/%.o: %.c $(GEN_DEPS)
	@mkdir -p $(dir $@)
	@echo "CC  $< (fuzz)"
	@$(FUZZ_CC) $(CSTD) $(WARN) $(CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -fsanitize-coverage-ignorelist=tests/fuzz/coverage-ignore.txt -MMD -MP -c $< -o $@
$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/obj/tests/fuzz/fuzz_%.o $(FUZZ_LIB_OBJS) $(EXTRA_OBJS)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)
$(SAN_DIR)/tests/fuzz_replay_%: $(SAN_DIR)/obj/tests/fuzz/fuzz_%.o $(SAN_DIR)/obj/tests/fuzz/replay.o $(SAN_LIB_OBJS) $(EXTRA_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(SANFLAGS) -o $@ $^ $(LDLIBS)

fuzz-build: $(FUZZ_BINS) $(TEST_DEPS)
# clang is only needed here, so `make test` and `make deps` do not pull it in.
fuzz: ensure-deps
	@command -v $(FUZZ_CC) >/dev/null || $(MAKE) --no-print-directory deps DEB_PACKAGES=clang
	@$(MAKE) --no-print-directory -j$(NPROC) fuzz-build
	BUILD=$(BUILD) SHARED=$(SHARED) FUZZ_SECONDS=$(FUZZ_SECONDS) ./tests/fuzz/run.sh $(FUZZ_RUN)

# Keep object files: the pattern rules above would otherwise treat them as intermediates.
.SECONDARY:

# The workload's Makefile picks its objcopy by looking for "arm" in the output path, so it
# builds in a scratch folder whose name cannot contain that, then the results are copied here.
$(BUILD)/bench/cpubench.expected:
	@mkdir -p $(BUILD)/bench
	@scratch=$$(mktemp -d /tmp/cpubench.XXXXXX) && scratch_ok=$$(echo "$$scratch" | grep -v arm) && \
	  $(MAKE) --no-print-directory -C $(SHARED)/bench/cpu OUT=$$scratch_ok && \
	  cp $$scratch_ok/cpubench-* $$scratch_ok/cpubench.expected $(BUILD)/bench/ && rm -rf $$scratch_ok

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
