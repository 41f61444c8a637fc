/*
 * ipc_array.c - arrays of fixed-size elements larger than one kmalloc:
 * the values of a semaphore set (up to SEMMSL) and the frames of a shared
 * memory segment (up to a million pages).
 *
 * An array that fits in a page is one kmalloc object; a larger one is an
 * index of pages, each made when first needed (eager: all at once), so a
 * large segment of which little is touched costs little.  The index holds
 * at most 1024 pages: 4 MiB of elements.
 */
#include "ipc/ipc.h"
#include "proc/proc.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

#define INDEX_MAX (PAGE_SIZE / sizeof(void *))

static uint32_t per_page(const struct ipc_array *a)
{
	return PAGE_SIZE / a->size;
}

static uint32_t npages(const struct ipc_array *a)
{
	return (a->n + per_page(a) - 1) / per_page(a);
}

uint32_t ipc_array_bytes(const struct ipc_array *a)
{
	if (a->n * a->size <= PAGE_SIZE)
		return a->n * a->size;
	return (npages(a) + 1) * PAGE_SIZE;   /* the pages and the index */
}

int ipc_array_init(struct ipc_array *a, uint32_t n, uint32_t size, int eager)
{
	a->n = n;
	a->size = size;
	a->small = 0;
	a->pages = 0;
	if (n == 0 || n > INDEX_MAX * per_page(a))
		return -EINVAL;
	if (n * size <= PAGE_SIZE) {
		a->small = kmalloc(n * size);
		return a->small ? 0 : -ENOMEM;
	}
	if (!eager)
		return 0;
	for (uint32_t i = 0; i < n; i += per_page(a))
		if (!ipc_array_at(a, i, 1)) {
			ipc_array_free(a);
			return -ENOMEM;
		}
	return 0;
}

void *ipc_array_at(struct ipc_array *a, uint32_t i, int make)
{
	uint32_t page = i / per_page(a);

	if (i >= a->n)
		return 0;
	if (a->small)
		return (char *)a->small + i * a->size;
	if (!a->pages) {
		if (!make || !(a->pages = kmalloc(npages(a) * sizeof(void *))))
			return 0;
	}
	if (!a->pages[page] && (!make || !(a->pages[page] = kpage_alloc())))
		return 0;
	return (char *)a->pages[page] + (i % per_page(a)) * a->size;
}

void ipc_array_free(struct ipc_array *a)
{
	kfree(a->small);
	if (a->pages) {
		for (uint32_t p = 0; p < npages(a); p++)
			if (a->pages[p])
				kpage_free(a->pages[p]);
		kfree(a->pages);
	}
	a->small = 0;
	a->pages = 0;
}
