/* tst_get_bad_addr.h - an address that faults: a mapped, then inaccessible
 * page (for EFAULT checks). */
#ifndef TST_GET_BAD_ADDR_H__
#define TST_GET_BAD_ADDR_H__

void *tst_get_bad_addr(void (*cleanup_fn)(void));

#endif
