/*
 * kmalloc.c - pages and small objects for the file layer (kmalloc.h).
 *
 * Objects come from power-of-two size classes (16 ... 2048 bytes).  A page
 * carved into objects of one class starts with a small header naming the
 * class, so kfree needs no size; a slab page whose objects are all free
 * again goes back to the frame allocator.  Requests above 2048 bytes get a
 * whole page: page-aligned pointers are never slab objects (those start
 * after the header), which is how kfree tells the two apart.
 */
#include "kern/kmalloc.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"

#define SLAB_MAGIC  0x51ab51abu
#define SLAB_HEADER 16            /* keeps objects 16-byte aligned */
#define MIN_SHIFT   4             /* 16 bytes */
#define NR_CLASSES  8             /* 16, 32, ..., 2048 */
#define MAX_SMALL   (1u << (MIN_SHIFT + NR_CLASSES - 1))

struct slab_header {
	uint32_t magic;
	uint32_t class;
	uint32_t used;            /* objects handed out */
};

struct free_obj {
	struct free_obj *next, *prev;
};

/* Free objects of each class, on a doubly linked list so that a slab page
 * can take its objects off it when it goes back. */
static struct free_obj *free_objs[NR_CLASSES];
static uint32_t nr_free[NR_CLASSES];

void *kpage_alloc(void)
{
	uint32_t pfn = frame_try_alloc();   /* comes zeroed */

	return pfn == VMI_INVALID_PFN ? NULL : pfn_to_va(pfn);
}

void kpage_free(void *page)
{
	frame_free(va_to_pfn(page));
}

static uint32_t class_size(uint32_t c)
{
	return 1u << (c + MIN_SHIFT);
}

static uint32_t per_slab(uint32_t c)
{
	return (VMI_PAGE_SIZE - SLAB_HEADER) / class_size(c);
}

static void push(uint32_t c, struct free_obj *o)
{
	nr_free[c]++;
	o->prev = NULL;
	o->next = free_objs[c];
	if (o->next)
		o->next->prev = o;
	free_objs[c] = o;
}

static void unlink_obj(uint32_t c, struct free_obj *o)
{
	nr_free[c]--;
	if (o->prev)
		o->prev->next = o->next;
	else
		free_objs[c] = o->next;
	if (o->next)
		o->next->prev = o->prev;
}

/* Carve a fresh page into objects of class c; 0 or -1 without memory.
 * Offsets are multiples of the size, so the loop ends at 0 unwrapped. */
static int refill(uint32_t c)
{
	char *page = kpage_alloc();
	struct slab_header *h = (struct slab_header *)page;

	if (!page)
		return -1;
	h->magic = SLAB_MAGIC;
	h->class = c;
	for (uint32_t off = VMI_PAGE_SIZE - class_size(c); off >= SLAB_HEADER;
	     off -= class_size(c))
		push(c, (struct free_obj *)(page + off));
	return 0;
}

static struct slab_header *slab_of(void *p)
{
	return (struct slab_header *)((uint32_t)p & ~(VMI_PAGE_SIZE - 1));
}

void *kmalloc(uint32_t n)
{
	uint32_t c = 0;
	struct free_obj *o;

	if (n > VMI_PAGE_SIZE)
		return NULL;
	if (n > MAX_SMALL)
		return kpage_alloc();
	while (class_size(c) < n)
		c++;
	if (!free_objs[c] && refill(c) < 0)
		return NULL;
	o = free_objs[c];
	unlink_obj(c, o);
	slab_of(o)->used++;
	memset(o, 0, class_size(c));
	return o;
}

/* The page goes back once its last object does - unless it would leave
 * the class without a spare page, which would make a lone kmalloc/kfree
 * pair carve and release a page every time. */
static void release_slab(struct slab_header *h)
{
	char *page = (char *)h;

	for (uint32_t off = VMI_PAGE_SIZE - class_size(h->class); off >= SLAB_HEADER;
	     off -= class_size(h->class))
		unlink_obj(h->class, (struct free_obj *)(page + off));
	kpage_free(page);
}

void kfree(void *p)
{
	struct slab_header *h;

	if (!p)
		return;
	if (((uint32_t)p & (VMI_PAGE_SIZE - 1)) == 0) {
		kpage_free(p);
		return;
	}
	h = slab_of(p);
	if (h->magic != SLAB_MAGIC || h->class >= NR_CLASSES || h->used == 0)
		panic("kfree: %p is not a kmalloc object", p);
	push(h->class, p);
	if (--h->used == 0 && nr_free[h->class] >= 2 * per_slab(h->class))
		release_slab(h);
}
