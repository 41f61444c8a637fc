# Makefile - the user interface of the project.
#
#   make              build everything (and audit the guest)
#   make run          boot the guest on the hypervisor (pvhv, ring 1)
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
PVHV_OBJS    := $(call objs,backends/pvhv)
PVHV_LIB     := $(B)/backends/pvhv/libvmi-pvhv.a
PVHV_LD      := backends/pvhv/pvhv.ld
# The ABI note defines no symbol, so an archive would never pull it in.
PVHV_NOTE    := $(B)/backends/pvhv/note.o
HV_OBJS      := $(call objs,hypervisor)
HV_LD        := hypervisor/hv.ld
# The freestanding C core every image may link (no VMI calls in it), and the
# PC device drivers the native backend and the hypervisor both use.
KLIB_OBJS    := $(addprefix $(B)/guest/lib/,string.o format.o libgcc64.o)
PC_DRV_OBJS  := $(addprefix $(B)/backends/native/,pic.o pit.o rtc.o)
GLIB_OBJS    := $(call objs,guest/lib)
GLIB         := $(B)/guest/lib/libguest.a
GUEST_OBJS   := $(call objs,guest)
RT_OBJS      := $(call objs,conformance/runtime)
# Tests: conformance/<category>/<name>.c -> build/conformance/<backend>/<category>/<name>.elf
CALL_SRCS    := $(wildcard conformance/calls/*.c)
SYSTEM_SRCS  := $(wildcard conformance/system/*.c)
HOSTILE_SRCS := $(wildcard conformance/hostile/*.c)
VICTIM_SRCS  := $(wildcard conformance/victim/*.c)
FUZZ_SRCS    := $(wildcard conformance/fuzz/*.c)
test_objs     = $(patsubst conformance/%.c,$(B)/conformance/%.o,$(1))
test_elfs     = $(patsubst conformance/%.c,$(B)/conformance/$(2)/%.elf,$(1))
CALL_OBJS    := $(call test_objs,$(CALL_SRCS) $(SYSTEM_SRCS) $(VICTIM_SRCS))
NATIVE_TESTS := $(call test_elfs,$(CALL_SRCS) $(SYSTEM_SRCS),native)
PVHV_TESTS   := $(call test_elfs,$(CALL_SRCS) $(SYSTEM_SRCS) $(HOSTILE_SRCS) $(VICTIM_SRCS) $(FUZZ_SRCS),pvhv)
# Hostile and fuzz tests execute privileged instructions on purpose: not audited.
AUDIT_OBJS   := $(GUEST_OBJS) $(GLIB_OBJS) $(RT_OBJS) $(CALL_OBJS)

.PHONY: all run run-native test audit gdb gen check-gen setup tests clean host-test pvhv
.DELETE_ON_ERROR:

all: $(B)/guest-native.elf $(B)/hypervisor.elf $(B)/guest-pvhv.elf tests audit

tests: $(NATIVE_TESTS) $(PVHV_TESTS)

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

$(PVHV_LIB): $(PVHV_OBJS)
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

$(B)/conformance/native/%.elf: $(B)/conformance/%.o $(RT_OBJS) $(GLIB) $(NATIVE_LIB) $(NATIVE_LD)
	$(call link_image,$(NATIVE_LD),$< $(RT_OBJS) --start-group $(NATIVE_LIB) $(GLIB) --end-group)

# ---- pvhv: the hypervisor and guests linked for it ----
$(B)/hypervisor.elf: $(HV_OBJS) $(KLIB_OBJS) $(PC_DRV_OBJS) $(HV_LD)
	$(call link_image,$(HV_LD),$(HV_OBJS) $(KLIB_OBJS) $(PC_DRV_OBJS))

$(B)/guest-pvhv.elf: $(GUEST_OBJS) $(GLIB) $(PVHV_LIB) $(PVHV_LD)
	$(call link_image,$(PVHV_LD),$(PVHV_NOTE) $(GUEST_OBJS) --start-group $(PVHV_LIB) $(GLIB) --end-group)

$(B)/conformance/pvhv/%.elf: $(B)/conformance/%.o $(RT_OBJS) $(GLIB) $(PVHV_LIB) $(PVHV_LD)
	$(call link_image,$(PVHV_LD),$(PVHV_NOTE) $< $(RT_OBJS) --start-group $(PVHV_LIB) $(GLIB) --end-group)

pvhv: $(B)/hypervisor.elf $(B)/guest-pvhv.elf $(PVHV_TESTS)

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

run: setup $(B)/hypervisor.elf $(B)/guest-pvhv.elf
	$(PYTHON) scripts/qemu.py --interactive --hv-log $(B)/hypervisor.log \
		$(B)/hypervisor.elf $(B)/guest-pvhv.elf

gdb: setup $(B)/guest-native.elf
	$(PYTHON) scripts/qemu.py --gdb $(B)/guest-native.elf

test: setup
	$(MAKE) all
	$(MAKE) host-test
	$(PYTHON) conformance/run.py --build $(B) --backends native,pvhv

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
