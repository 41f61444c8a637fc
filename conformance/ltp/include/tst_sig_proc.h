/* tst_sig_proc.h - a child that sends the parent signals. */
#ifndef TST_SIG_PROC_H__
#define TST_SIG_PROC_H__

#include <sys/types.h>

/* Fork a child that sleeps USEC microseconds and then sends SIG to its
 * parent, COUNT times (a loop of sleep and kill). */
pid_t create_sig_proc(int sig, int count, unsigned int usec);

#endif
