/* tst_cpu.h - processor counts. */
#ifndef TST_CPU_H__
#define TST_CPU_H__

long tst_ncpus(void);
long tst_ncpus_conf(void);
long tst_ncpus_max(void);
long tst_ncpus_available(void);
int tst_cpu_count_(void);

#endif
