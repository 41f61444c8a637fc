/* tst_hugepage.h - test.hugepages. This library reserves none (that would
 * change the machine's vm.nr_hugepages): TST_NEEDS ends in TCONF, TST_REQUEST
 * runs the test with tst_hugepages == 0. */
#ifndef TST_HUGEPAGE_H__
#define TST_HUGEPAGE_H__

#define PATH_HUGEPAGES "/sys/kernel/mm/hugepages/"
#define PATH_NR_HPAGES "/proc/sys/vm/nr_hugepages"
#define PATH_OC_HPAGES "/proc/sys/vm/nr_overcommit_hugepages"
#define MAP_HUGE_SHIFT_ 26

enum tst_hp_policy {
	TST_REQUEST,
	TST_NEEDS,
};

struct tst_hugepage {
	const unsigned long number;
	enum tst_hp_policy policy;
};

extern unsigned long tst_hugepages;
unsigned long tst_reserve_hugepages(struct tst_hugepage *hp);
size_t tst_get_hugepage_size(void);

#endif
