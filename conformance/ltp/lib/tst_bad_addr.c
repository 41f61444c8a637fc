/* tst_bad_addr.c - an address any access to faults: one page mapped and
 * made PROT_NONE, never unmapped (so nothing else lands there). */
#include <unistd.h>
#include <sys/mman.h>

#include "test.h"

void *tst_get_bad_addr(void (*cleanup_fn)(void))
{
	void *bad = mmap(NULL, getpagesize(), PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (bad == MAP_FAILED)
		tst_brkm(TBROK | TERRNO, cleanup_fn, "mmap() failed");
	return bad;
}
