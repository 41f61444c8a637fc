/*
 * multiboot.h - the Multiboot 1 boot protocol, as QEMU's -kernel loader
 * speaks it to whatever it boots on the bare machine (the native backend's
 * image and the hypervisor): the magic in EAX, and the information structure
 * EBX points at, with its module list and memory map.
 */
#ifndef DRIVERS_MULTIBOOT_H
#define DRIVERS_MULTIBOOT_H

#include <stdint.h>

#define MB_BOOT_MAGIC  0x2BADB002u     /* in EAX at entry */
#define MB_INFO_MEM    (1u << 0)       /* mem_lower/mem_upper valid */
#define MB_INFO_CMD    (1u << 2)       /* cmdline valid */
#define MB_INFO_MODS   (1u << 3)       /* mods_count/mods_addr valid */
#define MB_INFO_MMAP   (1u << 6)       /* mmap_length/mmap_addr valid */

struct mb_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
	uint32_t mods_count, mods_addr, syms[4], mmap_length, mmap_addr;
};
struct mb_module { uint32_t start, end, string, reserved; };
/* size counts the bytes after itself: the next entry is at +size+4. */
struct mb_mmap { uint32_t size; uint64_t base, len; uint32_t type; } __attribute__((packed));

#endif /* DRIVERS_MULTIBOOT_H */
