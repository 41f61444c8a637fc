/* tst_taint.h - test.taint_check: the kernel must not become tainted with
 * the given flags (/proc/sys/kernel/tainted) while the test runs. */
#ifndef TST_TAINT_H__
#define TST_TAINT_H__

#define TST_TAINT_G (1 << 0)
#define TST_TAINT_F (1 << 1)
#define TST_TAINT_S (1 << 2)
#define TST_TAINT_R (1 << 3)
#define TST_TAINT_M (1 << 4)
#define TST_TAINT_B (1 << 5)
#define TST_TAINT_U (1 << 6)
#define TST_TAINT_D (1 << 7)
#define TST_TAINT_A (1 << 8)
#define TST_TAINT_W (1 << 9)
#define TST_TAINT_C (1 << 10)
#define TST_TAINT_I (1 << 11)
#define TST_TAINT_O (1 << 12)
#define TST_TAINT_E (1 << 13)
#define TST_TAINT_L (1 << 14)
#define TST_TAINT_K (1 << 15)
#define TST_TAINT_X (1 << 16)
#define TST_TAINT_T (1 << 17)

void tst_taint_init(unsigned int mask);
unsigned int tst_taint_check(void);

#endif
