/*
 * boot_map.h - how much physical memory the native boot stub maps.
 *
 * The stub (entry.S) maps the first BOOT_L1_COUNT * 4 MiB before C runs;
 * everything boot.c places before the guest takes over - the image, QEMU's
 * multiboot modules (the initramfs sits right after the image), the MMU's
 * per-frame arrays - must fit inside it.  32 MiB: the initramfs with every
 * test program is about 23 MB (16 MiB stopped being enough at 15).  Shared by
 * the assembly stub and C, so only #defines here.
 */
#ifndef NATIVE_BOOT_MAP_H
#define NATIVE_BOOT_MAP_H

#define BOOT_L1_COUNT 8                           /* 4 KiB-page tables: 32 MiB */
#define BOOT_MAPPED_PAGES (BOOT_L1_COUNT * 1024u)

#endif
