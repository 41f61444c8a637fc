/* tst_coredump.h - keep a test that crashes on purpose from dumping core. */
#ifndef TST_COREDUMP_H__
#define TST_COREDUMP_H__

void tst_no_corefile(int verbose);

#endif
