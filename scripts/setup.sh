#!/usr/bin/env bash
# setup.sh - install the Debian packages the project needs, only when missing.
#
# Called by `make setup` (and so by `make run-native`, `make run`, `make test`)
# and as `setup.sh --fuzz` by `make fuzz-host` (which also needs clang and
# libFuzzer), so that the README's commands work on a fresh Debian/Ubuntu
# machine.  It is idempotent and silent when everything is present; it runs
# `apt-get update` at most once, and only when something must be installed.
set -euo pipefail

# ======================= the package lists: add new needs here =============
# "command package": the package is installed when the command is missing.
REQUIRED_COMMANDS=(
	"qemu-system-i386 qemu-system-x86"
	"gcc gcc"
	"make make"
	"ld binutils"
	"objdump binutils"
	"nm binutils"
	"ar binutils"
	"python3 python3"
	"mke2fs e2fsprogs"
	"e2fsck e2fsprogs"
	"debugfs e2fsprogs"
)
# Nice to have: only a warning when missing (make gdb needs it).
OPTIONAL_COMMANDS=(
	"gdb gdb"
)
# Only with --fuzz (make fuzz-host): clang, whose libFuzzer and sanitizer
# runtimes come in libclang-rt-<version>-dev, and the i386 C and C++
# libraries that a 32-bit libFuzzer program links (scripts/fuzz/).
FUZZ_COMMANDS=(
	"clang clang"
)
FUZZ_PACKAGES=(
	gcc-multilib
	g++-multilib
)
# "arch package" of other architectures, installed with need_foreign
# (below): BusyBox for the guest's initramfs (scripts/mkinitramfs.py), also
# run on the host to compute the system tests' expected output.
FOREIGN_PACKAGES=(
	"i386 busybox-static"
)
# Our own user programs (guest/user/) are gcc -m32 -static against 32-bit
# glibc; gcc-multilib brings the <asm/...> headers -m32 looks for.
USER_CC_PACKAGES=(
	libc6-dev-i386
	gcc-multilib
)
# ============================================================================

SUDO=()
UPDATED=no

say() { echo "setup: $*" >&2; }
die() { say "$*"; exit 1; }

# Root runs apt-get directly; others need sudo.  Decided only when needed, so
# a complete machine never asks for a password.
pick_sudo() {
	if [ "$(id -u)" -eq 0 ]; then
		SUDO=()
	elif command -v sudo >/dev/null 2>&1; then
		SUDO=(sudo)
	else
		die "need to install: $*; run as root or install sudo"
	fi
	command -v apt-get >/dev/null 2>&1 ||
		die "need to install: $* (no apt-get here; please install them by hand)"
}

# apt-get install PKGS, after one apt-get update per run.
apt_install() {
	[ $# -gt 0 ] || return 0
	pick_sudo "$@"
	say "installing $*"
	if [ "$UPDATED" = no ]; then
		# One stale index (seen with the i386 security index) makes update
		# fail although the packages still come: go on, install decides.
		"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq ||
			say "warning: apt-get update reported errors; installing anyway"
		UPDATED=yes
	fi
	"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Packages for the "command package" pairs whose command is missing.
missing_for() {
	local pair cmd pkg
	for pair in "$@"; do
		read -r cmd pkg <<<"$pair"
		command -v "$cmd" >/dev/null 2>&1 || echo "$pkg"
	done | sort -u
}

pkg_installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

# need_foreign ARCH PKG...: install PKG:ARCH, enabling ARCH in dpkg first.
# A newly added architecture needs a fresh `apt-get update`, so it resets the
# once-only flag.
need_foreign() {
	local arch=$1 pkg todo=()
	shift
	for pkg in "$@"; do
		pkg_installed "$pkg:$arch" || todo+=("$pkg:$arch")
	done
	[ ${#todo[@]} -gt 0 ] || return 0
	if ! dpkg --print-foreign-architectures | grep -qx "$arch" &&
		[ "$(dpkg --print-architecture)" != "$arch" ]; then
		pick_sudo "${todo[@]}"
		say "enabling the $arch architecture in dpkg"
		"${SUDO[@]}" dpkg --add-architecture "$arch"
		UPDATED=no
	fi
	apt_install "${todo[@]}"
}

# The guest is built with gcc -m32 -ffreestanding; without 32-bit support
# (gcc-multilib on Debian) even freestanding headers may be missing.
gcc_m32_works() {
	printf '#include <stdint.h>\nuint32_t x;\n' |
		gcc -m32 -ffreestanding -x c -c -o /dev/null - >/dev/null 2>&1
}

# gcc -m32 -static links a glibc program that includes the kernel headers.
user_cc_works() {
	local tmp rc=0
	tmp=$(mktemp -d)
	printf '#include <errno.h>\n#include <signal.h>\nint main(void) { return EINTR != 4 || SIGINT != 2; }\n' >"$tmp/p.c"
	gcc -m32 -static -O2 "$tmp/p.c" -o "$tmp/p" >/dev/null 2>&1 || rc=1
	rm -rf "$tmp"
	return $rc
}

# The host runs i386 programs: BusyBox lists its applets for the initramfs,
# and the system tests' expected output comes from the same i386 programs
# run on the host.  Some x86-64 kernels cannot execute 32-bit binaries (seen:
# a Firecracker VM whose kernel refuses them with ENOEXEC); there QEMU's user
# mode emulator runs them, registered with binfmt_misc as "vmi-i386": flag F
# opens the emulator now, so it works inside the system tests' chroot; flag P
# hands it the program's own argv[0] (BusyBox picks its applet by argv[0]).
# QEMU 7.2's (Debian 12) is not good enough: it reverses the environment's
# order and never unmaps memory above a shrunk break, so the host's answers
# would be wrong.  So the emulator is QEMU 10's static qemu-i386, taken out of
# its package (bookworm-backports on Debian 12) into I386_EMU without
# installing it: installing would also replace the system emulator the tests
# run on (QEMU 10's TCG lets ring 1 and 3 execute wbinvd, which the hostile
# tests rightly refuse).
I386_EMU=/usr/local/libexec/vmi/qemu-i386-static
I386_MAGIC='\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x03\x00'
I386_MASK='\xff\xff\xff\xff\xff\xfe\xfe\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'
BACKPORTS_LIST=/etc/apt/sources.list.d/vmi-bookworm-backports.list

# 7 only if argv[0] and the environment's order arrive as given and memory
# above a shrunk break is gone (the emulator bugs above).
user_exec_works() {
	local tmp rc=0
	tmp=$(mktemp -d)
	cat >"$tmp/p.c" <<-'EOF'
	#include <setjmp.h>
	#include <signal.h>
	#include <string.h>
	#include <unistd.h>
	extern char **environ;
	static sigjmp_buf jb;
	static void segv(int s) { (void)s; siglongjmp(jb, 1); }
	int main(int c, char **v)
	{
		char *b = sbrk(0);
		(void)c;
		if (strcmp(v[0], "zz") || strcmp(environ[0], "A=1") || strcmp(environ[1], "B=2"))
			return 1;
		if (sbrk(65536) == (void *)-1) return 1;
		b[40000] = 1;
		if (brk(b)) return 1;
		signal(SIGSEGV, segv);
		if (sigsetjmp(jb, 1)) return 7;
		return b[40000] == 1 ? 2 : 3;
	}
	EOF
	gcc -m32 -static -O0 "$tmp/p.c" -o "$tmp/p" >/dev/null 2>&1 || rc=1
	if [ $rc -eq 0 ]; then
		env -i A=1 B=2 perl -e 'exec {$ARGV[0]} "zz"' "$tmp/p" >/dev/null 2>&1 || rc=$?
		[ $rc -eq 7 ] && rc=0 || rc=1
	fi
	rm -rf "$tmp"
	return $rc
}

register_i386() {
	local misc=/proc/sys/fs/binfmt_misc old
	pick_sudo "binfmt_misc registration"
	[ -e "$misc/register" ] || "${SUDO[@]}" mount -t binfmt_misc binfmt_misc "$misc" ||
		die "this host cannot run i386 programs and binfmt_misc cannot be mounted"
	for old in vmi-i386 qemu-i386; do      # a stale or differently made entry
		[ ! -e "$misc/$old" ] || echo -1 | "${SUDO[@]}" tee "$misc/$old" >/dev/null
	done
	say "registering $I386_EMU for i386 programs (binfmt_misc)"
	printf ':vmi-i386:M::%s:%s:%s:FP' "$I386_MAGIC" "$I386_MASK" "$I386_EMU" |
		"${SUDO[@]}" tee "$misc/register" >/dev/null
}

# QEMU 10's qemu-i386 (a static PIE) out of Debian's qemu-user package.
fetch_i386_emu() {
	local tmp target=()
	pick_sudo "qemu-user (bookworm-backports)"
	# shellcheck disable=SC1091
	if [ "$(. /etc/os-release && echo "${VERSION_CODENAME:-}")" = bookworm ]; then
		# Backports are pinned below the release: nothing else upgrades.
		echo 'deb http://deb.debian.org/debian bookworm-backports main' |
			"${SUDO[@]}" tee "$BACKPORTS_LIST" >/dev/null
		target=(-t bookworm-backports)
	fi
	say "fetching QEMU's user-mode emulator (qemu-user ${target[*]})"
	"${SUDO[@]}" apt-get update -qq || say "warning: apt-get update reported errors"
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download "${target[@]}" qemu-user >/dev/null) ||
		die "cannot download qemu-user"
	dpkg-deb -x "$tmp"/qemu-user_*.deb "$tmp/x"
	"${SUDO[@]}" mkdir -p "$(dirname "$I386_EMU")"
	"${SUDO[@]}" cp "$tmp/x/usr/bin/qemu-i386" "$I386_EMU"
	rm -rf "$tmp"
}

setup_user_exec() {
	user_exec_works && return 0
	[ -x "$I386_EMU" ] || fetch_i386_emu
	register_i386
	user_exec_works || die "i386 programs do not run correctly on this host even under $I386_EMU"
}

# clang -m32 links and runs a libFuzzer program with ASan and UBSan.
fuzz_works() {
	local tmp rc=0
	tmp=$(mktemp -d)
	printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$tmp/p.c"
	clang -m32 -fsanitize=fuzzer,address,undefined "$tmp/p.c" -o "$tmp/p" >/dev/null 2>&1 &&
		"$tmp/p" -runs=1 >/dev/null 2>&1 || rc=1
	rm -rf "$tmp"
	return $rc
}

setup_fuzz() {
	local ver fz
	mapfile -t fz < <(missing_for "${FUZZ_COMMANDS[@]}")
	apt_install "${fz[@]}"
	fuzz_works && return 0
	ver=$(clang -dumpversion | cut -d. -f1)
	apt_install "libclang-rt-$ver-dev" "${FUZZ_PACKAGES[@]}"
	fuzz_works || die "clang -m32 -fsanitize=fuzzer,address,undefined still fails after installing libclang-rt-$ver-dev ${FUZZ_PACKAGES[*]}"
}

main() {
	local fuzz=no
	[ "${1:-}" != --fuzz ] || fuzz=yes
	mapfile -t base < <(missing_for "${REQUIRED_COMMANDS[@]}")
	apt_install "${base[@]}"
	mapfile -t still < <(missing_for "${REQUIRED_COMMANDS[@]}")
	[ ${#still[@]} -eq 0 ] || die "still missing after installing: ${still[*]}"
	gcc_m32_works || apt_install gcc-multilib
	gcc_m32_works || die "gcc -m32 -ffreestanding still fails after installing gcc-multilib"
	user_cc_works || apt_install "${USER_CC_PACKAGES[@]}"
	user_cc_works || die "gcc -m32 -static still fails after installing ${USER_CC_PACKAGES[*]}"
	setup_user_exec
	local entry
	for entry in "${FOREIGN_PACKAGES[@]}"; do
		# shellcheck disable=SC2086  # "arch pkg" splits on purpose
		need_foreign $entry
	done
	[ "$fuzz" = no ] || setup_fuzz
	mapfile -t opt < <(missing_for "${OPTIONAL_COMMANDS[@]}")
	[ ${#opt[@]} -eq 0 ] || say "warning: optional package(s) missing: ${opt[*]} (make gdb needs gdb)"
}

main "$@"
