/*
 * kmalloc.h - the file layer's memory: whole pages for file data, pipe
 * buffers and tables, and small zeroed objects (inodes, directory entries,
 * open files) of up to a page.
 *
 * Both come from the frame allocator (lib/frames.h) and go back to it, and
 * both return NULL when memory is exhausted, so filling the RAM filesystem
 * is an ENOSPC for the writer rather than a kernel panic.
 */
#ifndef GUEST_KMALLOC_H
#define GUEST_KMALLOC_H

#include <stdint.h>

/* A zeroed page (its direct-map address), or NULL. */
void *kpage_alloc(void);
void kpage_free(void *page);

/* A zeroed object of n bytes (n <= 4096), or NULL. */
void *kmalloc(uint32_t n);
void kfree(void *p);             /* NULL is ignored */

#endif /* GUEST_KMALLOC_H */
