# Makefile - the user interface of the project.
#
#   make              build everything (and audit the guest)
#   make run          boot the guest on the hypervisor (pvhv, ring 1) with the
#                     initramfs: a BusyBox shell; CMD='...' runs that instead
#                     (as /etc/cmd, byte for byte) and exits with its status;
#                     this dom0 also has vmctl's /boot (guest image, initramfs)
#   make run-native   the same, bare-metal (QEMU PC)
#                     (both: DISK=path attaches a raw disk image as a virtio-pci
#                     block device, path:ro read-only; on pvhv dom0's VBD;
#                     both: a virtio-pci NIC on QEMU's user network, NET=none
#                     for none, HOSTFWD=tcp:8080:80 forwards a host port)
#                     (both: GUEST_OPTS='sched=det' adds words to the guest
#                     kernel's command line, see docs/DESIGN.md)
#   make test         host checks + the conformance suite, with the BusyBox
#                     system tests (conformance/system/*.sh) on both backends,
#                     and the BusyBox workload's per-call VMI counters, which
#                     must be identical on both in the guest's deterministic
#                     mode (sched=det; the counter build in build-counters/);
#                     then the hostile suite again in the other isolation
#                     mode (HOSTILE_ISOLATION=segments)
#   make test-system  only those, each judged against the same script run on
#                     the host
#   make fuzz-host    libFuzzer on the ELF validator and the page-table rules
#                     (FUZZ_SECONDS=60 each; corpus in build/fuzz-host/)
#   make fuzz         the hypercall fuzzer beside the victim: FUZZ_COUNT=1000000
#                     calls from seed FUZZ_SEED (default 7); about a minute on TCG
#   make audit        fail if guest code holds a privileged/sensitive instruction
#   make gdb          boot what run-native boots, halted at guest_main, with
#                     gdb attached (make gdb-pvhv: what make run boots)
#   make help         every target and variable, one line each
#   make bench        benchmarks (guest/user/bench.c, conformance/bench/) natively
#                     and on pvhv: a table, build/bench/results.json and
#                     ratios.svg (BENCH_REPS=7 repetitions each); by default in
#                     instruction-count mode (-icount shift=0,sleep=off:
#                     deterministic, 1 ns = 1 instruction); BENCH_MODE=wall
#                     for host time (interleaved boots, median and spread).
#                     Counting boots of the VMI_COUNTERS=1 build (COUNTERS_B)
#                     add events per operation to results.json (EVENTS=1 also
#                     prints them); then pvhv in its other isolation mode
#                     (icount mode), with CR3 loads per op (isolation.json).
#                     The net_* rows come from a pass of their own: at least
#                     BENCH_NET_BOOTS=5 interleaved boots per backend, median
#                     and spread (docs/PERFORMANCE.md, "The network rows")
#   make bench-net    only that pass: build/bench/results-net.json
#   make suite-busybox BB_TESTSUITE=DIR   BusyBox's own testsuite on the
#                     host and in the guest (native, pvhv), compared
#                     (build/suite-busybox/comparison.txt; docs/SUITES.md)
#   make suite-ltp LTP_BUILD=DIR   LTP's system-call tests (an LTP build:
#                     bin/, runlist) the same way (build/suite-ltp/)
#   make gen          regenerate vmi/include/vmi/calls.h and docs/VMI-SPEC.md
#   make counters     per-call VMI counters and the hypercall histogram of one
#                     workload (CMD='...', default the BusyBox workload script),
#                     native beside pvhv, both booted with sched=det (the
#                     guest's deterministic scheduling: no tick, time slices
#                     counted in kernel entries), so the tables are IDENTICAL;
#                     builds with VMI_COUNTERS=1 in build-counters/
#                     (scripts/counters.py; COUNTERS_ARGS='--sched normal',
#                     '--repeat 2', '--strict' ...)
#   make VMI_COUNTERS=1 ...   any target, built with the counters (in
#                     build-counters/ unless B= names another new directory)
#   make clean
#
# build/ mirrors the source tree: guest/x.c -> build/guest/x.o.

CC      := gcc
AR      := ar
LD      := ld
OBJDUMP := objdump
NM      := nm
OBJCOPY := objcopy
PYTHON  := python3
B       := build
# Build option: per-call VMI counters and the hypervisor's hypercall
# histogram (docs/DESIGN.md, "Instrumentation").  Off, nothing of it is
# compiled or linked.  On, the build goes to its own directory: objects of
# the two kinds must never mix.
VMI_COUNTERS ?=
ifeq ($(VMI_COUNTERS),1)
ifeq ($(origin B),file)
B       := build-counters
endif
ifeq ($(B),build)
$(error VMI_COUNTERS=1 needs its own build directory (default build-counters), not $(B))
endif
endif

# Freestanding i386 kernel code.  No SSE/x87 in kernel code: the FPU belongs
# to whoever the lazy FPU switch says it belongs to.
CFLAGS  := -m32 -march=i686 -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
           -fno-asynchronous-unwind-tables -fno-omit-frame-pointer -mgeneral-regs-only \
           -O2 -g -std=gnu11 -Wall -Wextra -Werror -I. -Ivmi/include -MMD -MP
ASFLAGS := -m32 -g -I. -Ivmi/include -MMD -MP
LDFLAGS := -m elf_i386 -nostdlib -z noexecstack --no-warn-rwx-segments

# Build option (issue 13, item 5): what binding through calls costs.
# NATIVE_LTO=1: the guest kernel, lib/ and the backend with link-time
# optimisation together, so a call such as vmi_pte_write can become the
# backend's few instructions in place.  NATIVE_LTO=calls: the same, but the
# backend stays real code, so every VMI call is still a call - the guest
# gets the same link-time optimisation of its own code, and the difference
# between the two is the binding alone (`make bench-binding`).  Each in its
# own directory; no audit (LTO objects hold the compiler's intermediate
# code, not instructions); counters off.
NATIVE_LTO ?=
ifneq ($(filter 1 calls,$(NATIVE_LTO)),)
ifeq ($(origin B),file)
B       := build-lto$(if $(filter calls,$(NATIVE_LTO)),-calls)
endif
ifeq ($(B),build)
$(error NATIVE_LTO needs its own build directory (default build-lto or build-lto-calls), not $(B))
endif
CFLAGS  += -flto=1 -fno-fat-lto-objects
AR      := gcc-ar
LTO_LINK = $(CC) -m32 $(filter-out -MMD -MP -Werror,$(CFLAGS)) -w -nostdlib -static -no-pie \
           -Wl,--no-warn-rwx-segments -Wl,-z,noexecstack
# The compiler's own helpers (64-bit division) are called from code made
# at link time, too late for intermediate code to answer: real code.
$(B)/lib/libgcc64.o: CFLAGS += -fno-lto
ifeq ($(NATIVE_LTO),calls)
$(B)/backends/%.o: CFLAGS += -fno-lto
$(B)/drivers/%.o: CFLAGS += -fno-lto
else
# Inlined, a backend function has no call of its own to shorten: its
# call-only attributes (LEAF in backends/native/mmu.c, no frame pointer)
# go, since a function whose options differ from its caller's is never
# inlined into it.
CFLAGS  += -DVMI_BACKEND_INLINED
endif
endif

# Quiet by default: one short line per step ("CC guest/mm/vm.c"); V=1 prints
# every command in full.
V ?=
ifeq ($(V),1)
Q       :=
say      =
else
Q       := @
say      = @printf '  %-7s %s\n' '$(1)' '$(2)';
MAKEFLAGS += --no-print-directory
endif

SPEC        := vmi/vmi.spec
GEN_HEADER  := vmi/include/vmi/calls.h
GEN_DOC     := docs/VMI-SPEC.md

srcs   = $(wildcard $(1)/*.c) $(wildcard $(1)/*.S)
objs   = $(patsubst %,$(B)/%.o,$(basename $(call srcs,$(1))))

# lib/: the freestanding C core every image links (no VMI calls in it);
# drivers/: the PC device drivers of whatever owns the bare machine (the
# native backend and the hypervisor); lib/kernel/: the library of VMI client
# kernels (the guest and the conformance tests).
KLIB_OBJS    := $(call objs,lib)
PC_DRV_OBJS  := $(call objs,drivers)
GLIB_OBJS    := $(call objs,lib/kernel) $(KLIB_OBJS)
GLIB         := $(B)/lib/libkernel.a
# The backends: backends/BACKENDS, one "<name> <boot>" line each (bare:
# the image boots alone and owns the machine; hypervisor: the image is a
# domain module of the hypervisor).  Adding one is adding its folder and a
# line there; everything below is generated per backend (backend_rules).
BACKEND_PAIRS := $(shell sed -e 's/\#.*//' backends/BACKENDS | awk 'NF == 2 { print $$1 ":" $$2 }')
BACKENDS     := $(foreach p,$(BACKEND_PAIRS),$(firstword $(subst :, ,$(p))))
boot_of       = $(lastword $(subst :, ,$(filter $(1):%,$(BACKEND_PAIRS))))
BARE_BACKENDS := $(foreach be,$(BACKENDS),$(if $(filter bare,$(call boot_of,$(be))),$(be)))
HV_BACKENDS  := $(filter-out $(BARE_BACKENDS),$(BACKENDS))
comma        := ,
empty        :=
space        := $(empty) $(empty)
BACKEND_CSV  := $(subst $(space),$(comma),$(BACKENDS))
HV_OBJS      := $(call objs,hypervisor)
HV_LD        := hypervisor/hv.ld
# The guest kernel: main.c at the top, one folder per subsystem (guest/user
# holds user programs, not kernel code).  guest/kern/counters.c only in
# VMI_COUNTERS=1 builds (see below).
GUEST_DIRS   := guest $(filter-out guest/user,$(patsubst %/,%,$(dir $(wildcard guest/*/.))))
GUEST_OBJS   := $(filter-out $(if $(filter 1,$(VMI_COUNTERS)),,$(B)/guest/kern/counters.o),\
		$(foreach d,$(GUEST_DIRS),$(call objs,$(d))))
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
# Tests of each kind of backend: attacks (hostile, fuzz, the victim) only
# where a hypervisor must contain them.
TESTS_bare       := $(CALL_SRCS) $(SYSTEM_SRCS)
TESTS_hypervisor := $(CALL_SRCS) $(SYSTEM_SRCS) $(HOSTILE_SRCS) $(VICTIM_SRCS) $(FUZZ_SRCS)
ALL_TESTS    := $(foreach be,$(BACKENDS),$(call test_elfs,$(TESTS_$(call boot_of,$(be))),$(be)))
# The hypervisor backend the attack tests and `make run` use, and the bare
# one `make run-native` boots and the others are compared with.
HV_BE        := $(firstword $(HV_BACKENDS))
BARE_BE      := $(firstword $(BARE_BACKENDS))
# Malformed guest images, one per hostile/image_<kind> test: a real pvhv
# image (the victim's) with one field patched (scripts/make_bad_images.py).
BAD_KINDS    := $(patsubst conformance/hostile/image_%.c,%,$(wildcard conformance/hostile/image_*.c))
BAD_IMAGES   := $(patsubst %,$(B)/bad-images/%.elf,$(BAD_KINDS))
# Test objects are made through pattern rules only: keep them (no rebuilds,
# no "rm" lines at the end of a build).
.SECONDARY: $(call test_objs,$(HOSTILE_SRCS) $(FUZZ_SRCS) $(wildcard conformance/bench/*.c))
# Hostile and fuzz tests execute privileged instructions on purpose: not audited.
AUDIT_OBJS   := $(GUEST_OBJS) $(GLIB_OBJS) $(RT_OBJS) $(CALL_OBJS)
# User programs: guest/user/<name>.c -> build/guest/user/<name>, ordinary
# static Linux/i386 programs (glibc), not kernel code: not audited.
USER_SRCS    := $(wildcard guest/user/*.c)
USER_PROGS   := $(patsubst guest/user/%.c,$(B)/guest/user/%,$(USER_SRCS))
USER_CFLAGS  := -m32 -static -O2 -Wall -Ivmi/include
INITRAMFS    := $(B)/initramfs.cpio
CMD_INITRAMFS := $(B)/initramfs-cmd.cpio
# dom0's initramfs for `make run` on the hypervisor: the base one plus what
# `vmctl create` builds domains from - /boot/guest-pvhv.elf (stripped) and
# /boot/initramfs.cpio, a small one (BusyBox and our init only).
DOMU_INITRAMFS := $(B)/initramfs-domu.cpio
DOM0_INITRAMFS := $(B)/initramfs-dom0.cpio
DOM0_CMD_INITRAMFS := $(B)/initramfs-dom0-cmd.cpio
# Optional: a directory tree copied into the initramfs root
# (make INITRAMFS_EXTRA=dir); its files are prerequisites, and the stamp
# below rebuilds the archive when the setting itself changes.
INITRAMFS_EXTRA ?=
EXTRA_FILES  := $(if $(INITRAMFS_EXTRA),$(shell find $(INITRAMFS_EXTRA) -type f 2>/dev/null))
INITRAMFS_OPTS := $(B)/initramfs.opts
# Debian's busybox-static:i386 (scripts/setup.sh installs it).
ifeq ($(origin BUSYBOX),undefined)
BUSYBOX      := $(firstword $(shell dpkg -L busybox-static:i386 2>/dev/null | grep '/bin/busybox$$') /bin/busybox)
endif
# make run CMD='...': the command goes to scripts/mkinitramfs.py through the
# environment, unexpanded ($(value)), so $, quotes and newlines arrive as typed.
RUN_CMD      := $(value CMD)
export RUN_CMD
unexport CMD
# The domain options of `make run` (memory as the native run's 128 MiB).
# DOM0_VBD=0:0+2048 gives dom0 only those extents of the disks (vbd=, as a
# boot module's option) instead of every disk whole, so that the rest is
# free for `vmctl create ... disk=` and `vmctl block-attach`.
DOM0_VBD ?=
RUN_DOM_OPTS := name=dom0 mem=128 $(foreach v,$(DOM0_VBD),vbd=$(v))
# Words for the guest kernel's command line (make run / run-native), e.g.
# sched=det: natively QEMU's -append, on pvhv after the domain options.
# Like CMD it reaches scripts/qemu.py unexpanded, through the environment
# (--guest-opts-env), which checks each word.
RUN_GUEST_OPTS := $(value GUEST_OPTS)
export RUN_GUEST_OPTS
unexport GUEST_OPTS

# make run[-native] DISK=path (DISK='a.img b.img:ro' for several): raw disk
# images as virtio-pci block devices, vda, vdb... (the VMI block calls; on
# pvhv domain 0 gets each disk whole as a virtual block device).  The guest
# mounts the first at /mnt.
DISK ?=
DISK_ARGS := $(foreach d,$(DISK),--disk $(d))
# make run / run-native attach one virtio-pci NIC on QEMU's user network
# by default (NET=user; NET='user,opts' or several words for several NICs,
# eth0, eth1...; NET=none for none): the VMI net calls, the guest's eth0;
# on pvhv the hypervisor drives the first and switches it to the domains'
# VIFs through its firewall-router.
# HOSTFWD=tcp:8080:80 (several words allowed) forwards host port 8080 to
# the guest's port 80 through the first NIC (QEMU's hostfwd).
NET ?= user
HOSTFWD ?=
hostfwd_opt = $(foreach h,$(HOSTFWD),,hostfwd=$(word 1,$(subst :, ,$(h))):127.0.0.1:$(word 2,$(subst :, ,$(h)))-:$(word 3,$(subst :, ,$(h))))
NET_WORDS := $(filter-out none,$(NET))
NET_ARGS := $(foreach n,$(NET_WORDS),--net $(n)$(if $(filter $(n),$(firstword $(NET_WORDS))),$(subst $(eval) ,,$(hostfwd_opt))))

# make disk: build/disk.img, ext2 from disk/ plus generated files
# (scripts/mkdisk.py, disk/README.md).  Rebuilt only when disk/ or the
# script change, so what a run wrote stays until then.
DISK_IMG   := $(B)/disk.img
DISK_SIZE  ?= 64M
DISK_FILES := $(shell find disk -type f 2>/dev/null)

.PHONY: all run run-native test audit gdb gen check-gen setup tests clean host-test images disk
.DELETE_ON_ERROR:

all: images tests audit $(INITRAMFS) $(DOM0_INITRAMFS)

images: $(patsubst %,$(B)/guest-%.elf,$(BACKENDS)) $(if $(HV_BACKENDS),$(B)/hypervisor.elf)

tests: $(ALL_TESTS) $(BAD_IMAGES)

# ---- build option VMI_COUNTERS=1 ----
# Counter builds compile with -DVMI_COUNTERS, link backends/counters.o (the
# stubs vmi_counted_<name> and vmi_call_counts) into every guest image, and
# rename each guest-side reference vmi_<name> -> vmi_counted_<name> right
# after compiling (every object outside backends/, drivers/ and hypervisor/), so the
# calls crossing the interface, and only those, are counted.  Off, all of
# these are empty and guest/kern/counters.c is not even compiled.
ifeq ($(VMI_COUNTERS),1)
CFLAGS       += -DVMI_COUNTERS
ASFLAGS      += -DVMI_COUNTERS
COUNT_OBJ    := $(B)/backends/counters.o
COUNT_SYMS   := $(B)/vmi-counted.syms
COUNT_MARK   := $(B)/VMI_COUNTERS
count_redirect = $(if $(filter backends/% hypervisor/% drivers/%,$<),,$(OBJCOPY) --redefine-syms=$(COUNT_SYMS) $@)
else
ifneq ($(wildcard $(B)/VMI_COUNTERS),)
$(error $(B) holds a VMI_COUNTERS=1 build; build there with VMI_COUNTERS=1)
endif
endif
ifeq ($(VMI_COUNTERS)$(wildcard $(B)/guest),1$(B)/guest)
ifeq ($(wildcard $(B)/VMI_COUNTERS),)
$(error $(B) holds a build without VMI_COUNTERS; use another B= for VMI_COUNTERS=1)
endif
endif

ifeq ($(VMI_COUNTERS),1)
$(COUNT_SYMS): $(GEN_HEADER) $(COUNT_MARK)
	$(call say,GEN,$@)sed -n 's/^\tX([0-9]*, \([a-z_0-9]*\),.*/vmi_\1 vmi_counted_\1/p' $< > $@

$(COUNT_MARK):
	@mkdir -p $(dir $@)
	$(Q)echo 'built with VMI_COUNTERS=1' > $@
endif

# ---- generated interface ----
gen:
	$(PYTHON) vmi/gen_vmi.py $(SPEC) $(GEN_HEADER) $(GEN_DOC)

$(GEN_HEADER) $(GEN_DOC) &: $(SPEC) vmi/gen_vmi.py
	$(call say,GEN,$(GEN_HEADER) $(GEN_DOC))$(PYTHON) vmi/gen_vmi.py $(SPEC) $(GEN_HEADER) $(GEN_DOC)

check-gen:
	$(Q)$(PYTHON) vmi/gen_vmi.py --check $(SPEC) $(GEN_HEADER) $(GEN_DOC)

# ---- compile: build/ mirrors the tree ----
# Guest files name each other's headers by subsystem ("proc/proc.h").
$(B)/guest/%.o: CFLAGS += -Iguest
$(B)/guest/%.o: ASFLAGS += -Iguest
# The hypervisor runs on every trap, hypercall and event of every domain and
# keeps no frame-pointer chain of its own (nothing walks one; gdb unwinds by
# the debug info's frame tables): without it every function on the hot
# paths is two or three instructions shorter and has one more register.
$(B)/hypervisor/%.o: CFLAGS += -fomit-frame-pointer

$(B)/%.o: %.c $(GEN_HEADER) $(COUNT_SYMS)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(CFLAGS) -c $< -o $@
	$(Q)$(count_redirect)

$(B)/%.o: %.S $(GEN_HEADER) $(COUNT_SYMS)
	@mkdir -p $(dir $@)
	$(call say,AS,$<)$(CC) $(ASFLAGS) -c $< -o $@
	$(Q)$(count_redirect)

$(GLIB): $(GLIB_OBJS)
	$(call say,AR,$@)rm -f $@ && $(AR) rcs $@ $^

# Link, then leave a disassembly and a symbol listing next to each image.
define link_image
	@mkdir -p $(dir $@)
	$(call say,LD,$@)$(if $(LTO_LINK),$(LTO_LINK) -Wl$(comma)-T$(comma)$(1) -Wl$(comma)-Map$(comma)$(basename $@).map -o $@ $(subst --start-group,-Wl$(comma)--start-group,$(subst --end-group,-Wl$(comma)--end-group,$(2))),$(LD) $(LDFLAGS) -T $(1) -Map $(basename $@).map -o $@ $(2))
	$(Q)$(OBJDUMP) -d -S $@ > $(basename $@).asm
	$(Q)$(NM) -n $@ > $(basename $@).sym
endef

# One backend's archive, guest kernel and conformance tests ($(1): name,
# $(2): boot).  A bare backend owns the machine: it links drivers/.  An ABI
# note (backends/<name>/note.S) defines no symbol, so an archive would never
# pull it in: it is linked by name, first.
define backend_rules
$(1)_OBJS := $$(call objs,backends/$(1)) $(if $(filter bare,$(2)),$$(PC_DRV_OBJS))
$(1)_LIB  := $$(B)/backends/$(1)/libvmi-$(1).a
$(1)_LD   := backends/$(1)/$(1).ld
$(1)_NOTE := $(if $(wildcard backends/$(1)/note.S),$$(B)/backends/$(1)/note.o)

$$($(1)_LIB): $$($(1)_OBJS)
	$$(call say,AR,$$@)rm -f $$@ && $$(AR) rcs $$@ $$^

$$(B)/guest-$(1).elf: $$(GUEST_OBJS) $$(COUNT_OBJ) $$(GLIB) $$($(1)_LIB) $$($(1)_LD)
	$$(call link_image,$$($(1)_LD),$$($(1)_NOTE) $$(GUEST_OBJS) $$(COUNT_OBJ) --start-group $$($(1)_LIB) $$(GLIB) --end-group)

$$(B)/conformance/$(1)/%.elf: $$(B)/conformance/%.o $$(RT_OBJS) $$(COUNT_OBJ) $$(GLIB) $$($(1)_LIB) $$($(1)_LD)
	$$(call link_image,$$($(1)_LD),$$($(1)_NOTE) $$< $$(RT_OBJS) $$(COUNT_OBJ) --start-group $$($(1)_LIB) $$(GLIB) --end-group)
endef
$(foreach be,$(BACKENDS),$(eval $(call backend_rules,$(be),$(call boot_of,$(be)))))

# ---- the hypervisor, whose domains the hypervisor backends' images are ----
$(B)/hypervisor.elf: $(HV_OBJS) $(KLIB_OBJS) $(PC_DRV_OBJS) $(HV_LD)
	$(call link_image,$(HV_LD),$(HV_OBJS) $(KLIB_OBJS) $(PC_DRV_OBJS))

# `make <backend>`: that backend's images and tests only.
.PHONY: $(BACKENDS)
$(foreach be,$(BACKENDS),$(eval $(be): $(B)/guest-$(be).elf $(filter $(B)/conformance/$(be)/%,$(ALL_TESTS)) \
	$(if $(filter $(be),$(HV_BACKENDS)),$(B)/hypervisor.elf $(BAD_IMAGES))))

$(BAD_IMAGES) &: $(B)/conformance/$(HV_BE)/victim/checksum.elf scripts/make_bad_images.py
	$(call say,GEN,$(B)/bad-images/)$(PYTHON) scripts/make_bad_images.py $< $(B)/bad-images $(BAD_KINDS)

# ---- userland: our programs and the initramfs ----
$(B)/guest/user/%: guest/user/%.c $(wildcard guest/user/*.h) guest/fs/vmctl_abi.h vmi/include/vmi/abi.h
	@mkdir -p $(dir $@)
	$(call say,CC-USER,$<)$(CC) $(USER_CFLAGS) -o $@ $<

$(INITRAMFS): $(USER_PROGS) scripts/mkinitramfs.py $(wildcard $(BUSYBOX)) $(EXTRA_FILES) $(INITRAMFS_OPTS) \
		guest/user/www/index.html guest/user/etc/udhcpc.script
	$(call say,CPIO,$@)$(PYTHON) scripts/mkinitramfs.py --out $@ --busybox $(BUSYBOX) --programs $(B)/guest/user \
		--file /www/index.html=guest/user/www/index.html \
		--exec /etc/udhcpc/default.script=guest/user/etc/udhcpc.script $(if $(INITRAMFS_EXTRA),--extra $(INITRAMFS_EXTRA))

$(DOMU_INITRAMFS): $(B)/guest/user/init scripts/mkinitramfs.py $(wildcard $(BUSYBOX)) $(INITRAMFS_OPTS)
	@rm -rf $(B)/guest/user-domu && mkdir -p $(B)/guest/user-domu && cp $< $(B)/guest/user-domu/init
	$(call say,CPIO,$@)$(PYTHON) scripts/mkinitramfs.py --out $@ --busybox $(BUSYBOX) --programs $(B)/guest/user-domu

$(B)/boot/guest-$(HV_BE).elf: $(B)/guest-$(HV_BE).elf
	@mkdir -p $(dir $@)
	$(call say,STRIP,$@)objcopy --strip-all $< $@

$(DOM0_INITRAMFS): $(INITRAMFS) $(DOMU_INITRAMFS) $(B)/boot/guest-$(HV_BE).elf scripts/mkinitramfs.py
	$(call say,CPIO,$@)$(PYTHON) scripts/mkinitramfs.py --base $(INITRAMFS) --out $@ \
		--file /boot/guest-$(HV_BE).elf=$(B)/boot/guest-$(HV_BE).elf \
		--file /boot/initramfs.cpio=$(DOMU_INITRAMFS)

# Rewritten only when BUSYBOX or INITRAMFS_EXTRA changes (inputs that are
# settings, not files).
$(INITRAMFS_OPTS): FORCE
	@mkdir -p $(dir $@)
	@echo '$(BUSYBOX) $(INITRAMFS_EXTRA)' | cmp -s - $@ || echo '$(BUSYBOX) $(INITRAMFS_EXTRA)' > $@

.PHONY: FORCE
FORCE:

# ---- checks ----
audit: $(AUDIT_OBJS)
	$(Q)$(PYTHON) scripts/audit.py $(AUDIT_OBJS)

host-test: check-gen
	$(Q)$(PYTHON) -m unittest discover -s scripts/tests -t . -q

# ---- running ----
setup:
	@bash scripts/setup.sh

# Both runs boot the initramfs plus /etc/cmd if CMD is given (written anew
# on every run by initramfs-cmd): natively as the kernel's module, on pvhv
# as the "initrd" module after the guest image.
.PHONY: initramfs-cmd initramfs-dom0-cmd
initramfs-cmd: $(INITRAMFS)
	$(call say,CPIO,$(CMD_INITRAMFS))$(PYTHON) scripts/mkinitramfs.py --base $(INITRAMFS) --cmd-env RUN_CMD --out $(CMD_INITRAMFS)
initramfs-dom0-cmd: $(DOM0_INITRAMFS)
	$(call say,CPIO,$(DOM0_CMD_INITRAMFS))$(PYTHON) scripts/mkinitramfs.py --base $(DOM0_INITRAMFS) --cmd-env RUN_CMD --out $(DOM0_CMD_INITRAMFS)

# Both end with the line "run: guest exited with status N" (or what else
# ended the run) and fail unless N is 0; scripts that need N itself run
# scripts/qemu.py as these recipes do (README, "Exit statuses").
run-native: setup $(B)/guest-$(BARE_BE).elf initramfs-cmd
	@$(PYTHON) scripts/qemu.py --interactive --report run-native --guest-opts-env RUN_GUEST_OPTS \
		$(DISK_ARGS) $(NET_ARGS) $(B)/guest-$(BARE_BE).elf "$(CMD_INITRAMFS) initrd"

run: setup $(B)/hypervisor.elf $(B)/guest-$(HV_BE).elf initramfs-dom0-cmd
	@$(PYTHON) scripts/qemu.py --interactive --report run --guest-opts-env RUN_GUEST_OPTS \
		--hv-log $(B)/hypervisor.log $(DISK_ARGS) $(NET_ARGS) \
		$(B)/hypervisor.elf "$(B)/guest-$(HV_BE).elf $(RUN_DOM_OPTS)" "$(DOM0_CMD_INITRAMFS) initrd"

disk: setup $(DISK_IMG)

$(DISK_IMG): scripts/mkdisk.py $(DISK_FILES)
	$(call say,MKE2FS,$@)$(PYTHON) scripts/mkdisk.py --out $@ --tree disk --generate --size $(DISK_SIZE)

# Per-call counters of one workload on both backends, side by side
# (scripts/counters.py): always a VMI_COUNTERS=1 build, in build-counters/
# unless COUNTERS_B names another directory.  Both guests boot with sched=det
# (guest/proc/sched.c), so the counts depend on the workload only.  `make test`
# builds the same images for its deterministic-counters test.
COUNTERS_B ?= build-counters
COUNTERS_IMAGES = $(COUNTERS_B)/guest-$(BARE_BE).elf $(COUNTERS_B)/guest-$(HV_BE).elf \
		  $(COUNTERS_B)/hypervisor.elf
COUNTERS_ARGS ?=
.PHONY: counters
counters: setup
	$(MAKE) VMI_COUNTERS=1 B=$(COUNTERS_B) $(COUNTERS_IMAGES) $(COUNTERS_B)/initramfs.cpio
	$(PYTHON) scripts/counters.py --build $(COUNTERS_B) $(COUNTERS_ARGS)

# Both boot what the runs boot (CMD and GUEST_OPTS too), halted, with gdb
# attached through a generated script (build/gdb-<kernel>.gdb): every symbol
# table loaded, breakpoints on guest_main (enabled), the hypercall
# dispatcher and the guest's page-fault handler (disabled), panics.
.PHONY: gdb-pvhv
gdb: setup $(B)/guest-$(BARE_BE).elf initramfs-cmd
	$(PYTHON) scripts/qemu.py --gdb --guest-opts-env RUN_GUEST_OPTS $(DISK_ARGS) $(NET_ARGS) \
		$(B)/guest-$(BARE_BE).elf "$(CMD_INITRAMFS) initrd"

gdb-pvhv: setup $(B)/hypervisor.elf $(B)/guest-$(HV_BE).elf initramfs-cmd
	$(PYTHON) scripts/qemu.py --gdb --guest-opts-env RUN_GUEST_OPTS --hv-log $(B)/hypervisor.log $(DISK_ARGS) \
		$(B)/hypervisor.elf "$(B)/guest-$(HV_BE).elf $(RUN_DOM_OPTS)" "$(CMD_INITRAMFS) initrd"

# `make test` shows results, not builds: each build step's output goes to a
# log, printed only if the step fails (V=1: everything, as it happens).
ifeq ($(V),1)
logged = $(MAKE) $(2)
else
logged = mkdir -p $(B) && printf '  %-7s %s\n' BUILD '$(1) (log: $(B)/$(1).log)' && \
	 { $(MAKE) $(2) > $(B)/$(1).log 2>&1 || { cat $(B)/$(1).log; exit 1; }; }
endif

# The hostile suite runs a second time with the hypervisor's isolation
# forced to segment limits (docs/DESIGN.md, "Isolation"): what the
# processor does not back there (TCG: the limits) the isolation tests SKIP,
# every other attack must still be contained.  HOSTILE_ISOLATION picks the
# mode of that pass (address-spaces where the processor enforces limits).
HOSTILE_ISOLATION ?= segments
test: setup
	$(Q)$(call logged,build,all)
	$(Q)$(call logged,build-counters,VMI_COUNTERS=1 B=$(COUNTERS_B) $(COUNTERS_IMAGES))
	$(Q)$(MAKE) host-test
	$(Q)$(PYTHON) conformance/run.py --build $(B) --backends $(BACKEND_CSV) --shell-tests \
		--counters $(COUNTERS_B)
	$(Q)$(PYTHON) conformance/run.py --build $(B) --backends pvhv --filter hostile/ \
		--hv-append isolation=$(HOSTILE_ISOLATION) \
		--results $(B)/conformance/results-$(HOSTILE_ISOLATION)

# Only the shell-script system tests (conformance/system/*.sh), which
# `make test` runs too: quicker while working on the userland.
.PHONY: test-system
test-system: setup
	$(MAKE) all
	$(PYTHON) conformance/run.py --build $(B) --backends $(BACKEND_CSV) --shell-tests --filter .sh

# BusyBox's own testsuite (issue 17's measure), not part of `make test`:
# the same tests under the host's Linux and in the guest on both backends;
# BB_TESTSUITE is a copy of BusyBox's testsuite/ folder, never part of this
# repository (docs/SUITES.md).  Results and the comparison in
# $(B)/suite-busybox/.
BB_TESTSUITE ?=
SUITE_ARGS ?=
suite-busybox: setup
	@test -n "$(BB_TESTSUITE)" || { echo "suite-busybox: BB_TESTSUITE=/path/to/busybox/testsuite"; exit 2; }
	$(MAKE) all
	$(PYTHON) scripts/suite_busybox.py --suite $(BB_TESTSUITE) --build $(B) --busybox $(BUSYBOX) \
		$(SUITE_ARGS)
.PHONY: suite-busybox

# LTP's system-call tests the same way (not part of `make test`): LTP_BUILD
# is an LTP build - bin/ (i386, static), runlist (runtest format), MANIFEST -
# never part of this repository (docs/SUITES.md).  The host run is isolated
# further (pid, IPC, UTS namespaces; no CAP_SYS_TIME/BOOT/MODULE).  Results
# and the comparison in $(B)/suite-ltp/.
LTP_BUILD ?=
suite-ltp: setup
	@test -n "$(LTP_BUILD)" || { echo "suite-ltp: LTP_BUILD=/path/to/ltp/build (bin/, runlist)"; exit 2; }
	$(MAKE) all
	$(PYTHON) scripts/suite_ltp.py --ltp $(LTP_BUILD) --build $(B) $(SUITE_ARGS)
.PHONY: suite-ltp

# Not part of `make test` (minutes); the host unit tests run a smoke of it.
# Real guest images are used as seeds when built.
FUZZ_SECONDS ?= 60
.PHONY: fuzz-host
fuzz-host:
	@bash scripts/setup.sh --fuzz
	$(PYTHON) scripts/fuzz/fuzz_host.py --out $(B)/fuzz-host --seconds $(FUZZ_SECONDS)

# The long hypercall fuzz run (conformance/fuzz/hypercalls.c) beside the
# victim, judged like the suite's short run; see conformance/fuzz/long_run.py.
FUZZ_SEED  ?= 7
FUZZ_COUNT ?= 1000000
.PHONY: fuzz
fuzz: setup $(B)/hypervisor.elf $(B)/conformance/$(HV_BE)/fuzz/hypercalls.elf \
		$(B)/conformance/$(HV_BE)/victim/checksum.elf
	$(PYTHON) conformance/fuzz/long_run.py --build $(B) --seed $(FUZZ_SEED) \
		--count $(FUZZ_COUNT)

# Benchmarks: the user programs' bench (in the initramfs) and the VMI-level
# image conformance/bench/vmi_bench.c (built like a test, never run as one)
# on both backends; see scripts/bench.py.
BENCH_REPS ?= 7
BENCH_MODE ?= icount
BENCH_NET_BOOTS ?= 5
BENCH_NET_REPS  ?= 3
EVENTS     ?=
BENCH_NET_ARGS = --net-boots $(BENCH_NET_BOOTS) --net-reps $(BENCH_NET_REPS)
BENCH_ELFS := $(B)/conformance/$(BARE_BE)/bench/vmi_bench.elf $(B)/conformance/$(HV_BE)/bench/vmi_bench.elf
.PHONY: bench
bench: setup $(B)/guest-$(BARE_BE).elf $(B)/hypervisor.elf $(B)/guest-$(HV_BE).elf $(INITRAMFS) $(BENCH_ELFS)
	$(MAKE) VMI_COUNTERS=1 B=$(COUNTERS_B) $(COUNTERS_IMAGES) $(COUNTERS_B)/initramfs.cpio
	$(PYTHON) scripts/bench.py --build $(B) --reps $(BENCH_REPS) --mode $(BENCH_MODE) \
		--counters $(COUNTERS_B) $(if $(filter 1,$(EVENTS)),--events) $(BENCH_NET_ARGS)

.PHONY: bench-net
bench-net: setup $(B)/guest-$(BARE_BE).elf $(B)/hypervisor.elf $(B)/guest-$(HV_BE).elf $(INITRAMFS)
	$(MAKE) VMI_COUNTERS=1 B=$(COUNTERS_B) $(COUNTERS_IMAGES) $(COUNTERS_B)/initramfs.cpio
	$(PYTHON) scripts/bench.py --build $(B) --mode $(BENCH_MODE) --net-only \
		--counters $(COUNTERS_B) $(if $(filter 1,$(EVENTS)),--events) $(BENCH_NET_ARGS)

# Scale: 1, 16, 64, 128 and 256 domains running the same CPU-bound image
# (conformance/bench/scale_work.c) in icount mode; aggregate throughput and
# its loss against one domain, and the time from a create call to the new
# domain's first output (create_time.c; scripts/bench_scale.py).  Not part
# of test.
SCALE_COUNTS ?= 1,16,64,128,256
.PHONY: bench-scale
bench-scale: setup $(B)/hypervisor.elf $(B)/conformance/$(HV_BE)/bench/scale_work.elf \
		$(B)/conformance/$(HV_BE)/bench/create_time.elf $(B)/boot/guest-$(HV_BE).elf
	$(PYTHON) scripts/bench_scale.py --build $(B) --counts $(SCALE_COUNTS)

# The native binding's own cost (issue 13, item 5): the native guest with
# link-time optimisation, its backend bound through calls (NATIVE_LTO=calls)
# against inlined (NATIVE_LTO=1), in icount mode; scripts/bench_binding.py.
.PHONY: bench-binding
bench-binding: setup $(INITRAMFS)
	$(MAKE) NATIVE_LTO=calls B=build-lto-calls build-lto-calls/guest-$(BARE_BE).elf
	$(MAKE) NATIVE_LTO=1 B=build-lto build-lto/guest-$(BARE_BE).elf
	$(PYTHON) scripts/bench_binding.py --build $(B) --reps $(BENCH_REPS)

clean:
	rm -rf $(B)

# One line per target and variable (scripts/tests/test_make_help.py checks
# that every target named in a .PHONY line is here).
.PHONY: help
help:
	@echo 'Targets:'
	@echo '  make               build every image and test, audit the guest (target all)'
	@echo '  make run           boot the guest kernel on the hypervisor (pvhv, ring 1): a BusyBox shell,'
	@echo '                     dom0, whose vmctl creates domains from /boot/guest-pvhv.elf'
	@echo '  make run-native    the same guest bare-metal (QEMU PC)'
	@echo '  make test          everything: host checks, conformance suite, system tests, counters'
	@echo '  make test-system   only the BusyBox shell-script tests, on both backends'
	@echo '  make suite-busybox BB_TESTSUITE=DIR   BusyBox'"'"'s own testsuite: host, native, pvhv compared'
	@echo '  make suite-ltp LTP_BUILD=DIR   LTP'"'"'s system-call tests: host, native, pvhv compared'
	@echo '  make host-test     only the host unit tests (scripts/tests/)'
	@echo '  make bench         benchmarks on both backends: table, results.json, ratios.svg'
	@echo '  make bench-net     only the net_* rows (5+ interleaved boots per backend): results-net.json'
	@echo '  make bench-scale   1 to 256 domains, CPU-bound, icount: scale.json, scale.svg'
	@echo '  make bench-binding native guest, backend through calls vs inlined (LTO): binding.json'
	@echo '  make counters      per-call VMI counters of one workload, native beside pvhv'
	@echo '  make fuzz          the long hypercall fuzz run beside a victim domain'
	@echo '  make fuzz-host     libFuzzer on the ELF validator and the page-table rules'
	@echo '  make gdb           make run-native halted at guest_main, with gdb attached'
	@echo '  make gdb-pvhv      make run halted at guest_main, gdb with both symbol tables'
	@echo '  make images        only the guest kernel images and the hypervisor'
	@echo '  make disk          build/disk.img: an ext2 disk from disk/ plus generated files'
	@echo '  make audit         fail if guest code holds a privileged instruction'
	@echo '  make gen           regenerate the VMI header and document from vmi/vmi.spec'
	@echo '  make setup         install the missing Debian packages'
	@echo '  make clean         remove the build directory'
	@echo '  make help          this list'
	@echo '  make <backend>     one backend'"'"'s images and tests (backends/BACKENDS: $(BACKENDS))'
	@echo 'Variables (make VAR=value ...):'
	@echo '  CMD=...            run, run-native, gdb*: run this in the guest instead of a shell'
	@echo '  GUEST_OPTS=...     run, run-native, gdb*: key=value words for the guest kernel (sched=det)'
	@echo '  DISK=path[:ro]     run, run-native, gdb: raw disk image(s) as virtio-pci block devices'
	@echo '  DOM0_VBD=0:S+C     run: dom0 gets these extents (vbd=) instead of every disk whole'
	@echo '  NET=user[,opts]    run, run-native, gdb: virtio-pci NIC(s) on QEMU netdevs (default user: QEMU NAT; none: no NIC)'
	@echo '  HOSTFWD=tcp:H:G    run, run-native: forward host port H to the guest port G (several words allowed)'
	@echo '  DISK_SIZE=64M      disk: the size of build/disk.img'
	@echo '  VMI_ACCEL=kvm|tcg  force the accelerator (default: kvm if it can run our guests)'
	@echo '  BENCH_REPS=7       bench: repetitions of each benchmark'
	@echo '  BENCH_MODE=icount  bench: icount (instructions, deterministic) or wall (host time, 5+ interleaved boots)'
	@echo '  EVENTS=1           bench: also print the events-per-operation table'
	@echo '  BENCH_NET_BOOTS=5  bench, bench-net: boots of each backend for the net_* rows (at least 5)'
	@echo '  BENCH_NET_REPS=3   bench, bench-net: repetitions of each net_* row per boot'
	@echo '  BB_TESTSUITE=DIR   suite-busybox: a copy of BusyBox'"'"'s testsuite/ folder'
	@echo '  LTP_BUILD=DIR      suite-ltp: an LTP build (bin/, runlist, MANIFEST)'
	@echo '  SUITE_ARGS=...     suite-busybox, suite-ltp: more options of scripts/suite_*.py (--filter, --runs host,pvhv)'
	@echo '  SCALE_COUNTS=1,16,64,128,256  bench-scale: the domain counts (the first is the baseline)'
	@echo '  COUNTERS_ARGS=...  counters: options of scripts/counters.py (--repeat 3 --strict)'
	@echo '  COUNTERS_B=dir     counters, test, bench: the counter build directory (build-counters)'
	@echo '  VMI_COUNTERS=1     any target, built with the per-call counters (own build dir)'
	@echo '  FUZZ_SEED=7        fuzz: the random seed'
	@echo '  FUZZ_COUNT=1000000 fuzz: the number of hypercalls'
	@echo '  FUZZ_SECONDS=60    fuzz-host: seconds per target'
	@echo '  INITRAMFS_EXTRA=dir  a tree copied into the initramfs root'
	@echo '  BUSYBOX=path       the i386 BusyBox of the initramfs'
	@echo '  B=dir              the build directory (build)'
	@echo '  V=1                print every build command in full (default: one line per file)'
	@echo 'Exit statuses of run/run-native: README.md, "Exit statuses".'

-include $(shell find $(B) -name '*.d' 2>/dev/null)
