/*
 * elfcore.h - the layouts of an i386 core file (coredump.c) beyond elf.h's
 * file and program headers: the note header and the structures Linux
 * puts in the notes - struct elf_prstatus (NT_PRSTATUS, one per thread),
 * struct elf_prpsinfo (NT_PRPSINFO), user_i387_struct (NT_PRFPREG) and
 * user_desc (NT_386_TLS) - with the i386 sizes gdb and readelf expect.
 */
#ifndef GUEST_PROC_ELFCORE_H
#define GUEST_PROC_ELFCORE_H

#include <stdint.h>
#include "proc/elf.h"            /* the file and program headers */

#define NT_PRSTATUS   1
#define NT_PRFPREG    2
#define NT_PRPSINFO   3
#define NT_AUXV       6
#define NT_386_TLS    0x200
#define NT_PRXFPREG   0x46e62b7f        /* the FXSAVE image, note name "LINUX" */
#define NT_SIGINFO    0x53494749

struct elfcore_note {                  /* then the name and the data, each
	                                      padded to 4 bytes */
	uint32_t namesz, descsz, type;
};

struct elfcore_timeval {
	int32_t sec, usec;
};

/* user_regs_struct's order: what gdb reads as the registers. */
enum { R_EBX, R_ECX, R_EDX, R_ESI, R_EDI, R_EBP, R_EAX, R_DS, R_ES, R_FS, R_GS,
       R_ORIG_EAX, R_EIP, R_CS, R_EFLAGS, R_ESP, R_SS, NREGS };

struct elf_prstatus {
	int32_t si_signo, si_code, si_errno;   /* struct elf_siginfo pr_info */
	int16_t cursig;
	uint16_t pad;
	uint32_t sigpend, sighold;
	int32_t pid, ppid, pgrp, sid;
	struct elfcore_timeval utime, stime, cutime, cstime;
	uint32_t reg[NREGS];
	int32_t fpvalid;
};

struct elf_prpsinfo {
	char state, sname, zomb, nice;
	uint32_t flag;
	uint16_t uid, gid;                     /* i386's 16-bit __kernel_uid_t */
	int32_t pid, ppid, pgrp, sid;
	char fname[16];
	char psargs[80];
};

struct user_i387 {                      /* the FSAVE layout */
	uint32_t cwd, swd, twd, fip, fcs, foo, fos;
	uint8_t st[80];
};

struct user_desc_core {
	uint32_t entry_number, base_addr, limit;
	uint32_t flags;                        /* seg_32bit, contents:2, read_exec_only,
	                                          limit_in_pages, seg_not_present, useable */
};

_Static_assert(sizeof(struct elf_prstatus) == 144, "i386 elf_prstatus");
_Static_assert(sizeof(struct elf_prpsinfo) == 124, "i386 elf_prpsinfo");
_Static_assert(sizeof(struct user_i387) == 108, "user_i387_struct");

#endif /* GUEST_PROC_ELFCORE_H */
