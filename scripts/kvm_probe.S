/*
 * kvm_probe.S - a 30-instruction multiboot guest that answers "can this
 * accelerator run our kind of guest?".
 *
 * /dev/kvm existing is not enough: some hosts' KVM (e.g. kvm-pvm, a software
 * PVM hypervisor) cannot run 32-bit non-PAE paging and raises #GP on the
 * CR0 write.  The probe turns on two-level paging with CR0.WP exactly as
 * the native boot stub does and then exits through isa-debug-exit with
 * PROBE_OK; scripts/qemu.py uses KVM only when it sees that code.
 * Built with: gcc -m32 -c, ld -m elf_i386 -Ttext=0x100000 -e probe_start.
 */
#define PROBE_OK 0x2A

	.text
	.long 0x1BADB002, 3, -(0x1BADB002 + 3)   /* multiboot header */
	.globl probe_start
probe_start:
	movl $probe_l1, %edi                     /* identity map 4 MiB */
	movl $0x003, %eax
	movl $1024, %ecx
1:	movl %eax, (%edi)
	addl $4, %edi
	addl $0x1000, %eax
	loop 1b
	movl $(probe_l1 + 3), probe_l2
	movl $probe_l2, %eax
	movl %eax, %cr3
	movl %cr0, %eax
	orl $0x80010000, %eax                    /* PG | WP */
	movl %eax, %cr0
	movl probe_l1, %eax                      /* a load through the tables */
	movl $0xF4, %edx
	movl $PROBE_OK, %eax
	outl %eax, %dx
2:	hlt
	jmp 2b

	.bss
	.balign 4096
probe_l2:	.skip 4096
probe_l1:	.skip 4096
