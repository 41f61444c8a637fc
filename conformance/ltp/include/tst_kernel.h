/* tst_kernel.h - facts about the running kernel: its word size, whether a
 * 32-bit program runs on a 64-bit one, drivers (unknown here: TCONF). */
#ifndef TST_KERNEL_H__
#define TST_KERNEL_H__

int tst_kernel_bits(void);
int tst_is_compat_mode(void);
int tst_check_driver(const char *driver);
int tst_check_builtin_driver(const char *driver);
int tst_abi_bits(int abi);

#endif
