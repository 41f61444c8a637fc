/* tst_memutils.h - memory facts (/proc/meminfo) and the OOM killer's view
 * of the test. */
#ifndef TST_MEMUTILS_H__
#define TST_MEMUTILS_H__

#include <stddef.h>
#include <sys/types.h>

void tst_pollute_memory(size_t maxsize, int fillchar);
long long tst_available_mem(void);
long long tst_available_swap(void);
void tst_enable_oom_protection(pid_t pid);
void tst_disable_oom_protection(pid_t pid);
void tst_print_meminfo(void);
#define TST_PRINT_MEMINFO() tst_print_meminfo()

#endif
