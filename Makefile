# Makefile - the user interface of the project.
#
#   make              build everything (and audit the guest)
#   make run          boot the guest on the hypervisor (pvhv: issue 3, not yet)
#   make run-native   boot the guest bare-metal (QEMU PC)
#   make test         host checks + the conformance suite
#   make audit        fail if guest code holds a privileged/sensitive instruction
#   make gdb          boot the native guest halted, with GDB attached
#   make gen          regenerate vmi/include/vmi/calls.h and docs/VMI-SPEC.md
#   make clean
#
# build/ mirrors the source tree: guest/x.c -> build/guest/x.o.

CC      := gcc
AR      := ar
LD      := ld
OBJDUMP := objdump
NM      := nm
PYTHON  := python3
B       := build

# Freestanding i386 kernel code.  No SSE/x87 in kernel code: the FPU belongs
# to whoever the lazy FPU switch says it belongs to.
CFLAGS  := -m32 -march=i686 -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
           -fno-asynchronous-unwind-tables -fno-omit-frame-pointer -mgeneral-regs-only \
           -O2 -g -std=gnu11 -Wall -Wextra -Werror -Ivmi/include -MMD -MP
ASFLAGS := -m32 -g -Ivmi/include -MMD -MP
LDFLAGS := -m elf_i386 -nostdlib -z noexecstack --no-warn-rwx-segments

SPEC        := vmi/vmi.spec
GEN_HEADER  := vmi/include/vmi/calls.h
GEN_DOC     := docs/VMI-SPEC.md

srcs   = $(wildcard $(1)/*.c) $(wildcard $(1)/*.S)
objs   = $(patsubst %,$(B)/%.o,$(basename $(call srcs,$(1))))

NATIVE_OBJS  := $(call objs,backends/native)
NATIVE_LIB   := $(B)/backends/native/libvmi-native.a
NATIVE_LD    := backends/native/native.ld
GLIB_OBJS    := $(call objs,guest/lib)
GLIB         := $(B)/guest/lib/libguest.a
GUEST_OBJS   := $(call objs,guest)
RT_OBJS      := $(call objs,conformance/runtime)
CALL_TESTS   := $(basename $(notdir $(wildcard conformance/calls/*.c)))
CALL_OBJS    := $(patsubst %,$(B)/conformance/calls/%.o,$(CALL_TESTS))
NATIVE_TESTS := $(patsubst %,$(B)/conformance/native/calls/%.elf,$(CALL_TESTS))
AUDIT_OBJS   := $(GUEST_OBJS) $(GLIB_OBJS) $(RT_OBJS) $(CALL_OBJS)

.PHONY: all run run-native test audit gdb gen check-gen setup tests clean host-test
.DELETE_ON_ERROR:

all: $(B)/guest-native.elf tests audit

tests: $(NATIVE_TESTS)

# ---- generated interface ----
gen:
	$(PYTHON) vmi/gen_vmi.py $(SPEC) $(GEN_HEADER) $(GEN_DOC)

$(GEN_HEADER) $(GEN_DOC) &: $(SPEC) vmi/gen_vmi.py
	$(PYTHON) vmi/gen_vmi.py $(SPEC) $(GEN_HEADER) $(GEN_DOC)

check-gen:
	$(PYTHON) vmi/gen_vmi.py --check $(SPEC) $(GEN_HEADER) $(GEN_DOC)

# ---- compile: build/ mirrors the tree ----
$(B)/%.o: %.c $(GEN_HEADER)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(B)/%.o: %.S $(GEN_HEADER)
	@mkdir -p $(dir $@)
	$(CC) $(ASFLAGS) -c $< -o $@

$(NATIVE_LIB): $(NATIVE_OBJS)
	rm -f $@ && $(AR) rcs $@ $^

$(GLIB): $(GLIB_OBJS)
	rm -f $@ && $(AR) rcs $@ $^

# Link, then leave a disassembly and a symbol listing next to each image.
define link_image
	@mkdir -p $(dir $@)
	$(LD) $(LDFLAGS) -T $(1) -Map $(basename $@).map -o $@ $(2)
	$(OBJDUMP) -d -S $@ > $(basename $@).asm
	$(NM) -n $@ > $(basename $@).sym
endef

$(B)/guest-native.elf: $(GUEST_OBJS) $(GLIB) $(NATIVE_LIB) $(NATIVE_LD)
	$(call link_image,$(NATIVE_LD),$(GUEST_OBJS) --start-group $(NATIVE_LIB) $(GLIB) --end-group)

$(B)/conformance/native/calls/%.elf: $(B)/conformance/calls/%.o $(RT_OBJS) $(GLIB) $(NATIVE_LIB) $(NATIVE_LD)
	$(call link_image,$(NATIVE_LD),$< $(RT_OBJS) --start-group $(NATIVE_LIB) $(GLIB) --end-group)

# ---- checks ----
audit: $(AUDIT_OBJS)
	$(PYTHON) scripts/audit.py $(AUDIT_OBJS)

host-test: check-gen
	$(PYTHON) -m unittest discover -s scripts/tests -t . -q

# ---- running ----
setup:
	@bash scripts/setup.sh

run-native: setup $(B)/guest-native.elf
	$(PYTHON) scripts/qemu.py --interactive $(B)/guest-native.elf

run: setup
	@echo "make run: the pvhv hypervisor does not exist yet (issue 3); use make run-native" >&2
	@exit 1

gdb: setup $(B)/guest-native.elf
	$(PYTHON) scripts/qemu.py --gdb $(B)/guest-native.elf

test: setup
	$(MAKE) all
	$(MAKE) host-test
	$(PYTHON) conformance/run.py --build $(B) --backends native

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
