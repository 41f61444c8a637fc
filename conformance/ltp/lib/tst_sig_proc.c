/* tst_sig_proc.c - create_sig_proc(): a child signalling its parent. */
#include <stdlib.h>
#include <unistd.h>
#include <signal.h>

#define TST_NO_DEFAULT_MAIN
#include "tst_test.h"
#include "tst_sig_proc.h"

pid_t create_sig_proc(int sig, int count, unsigned int usec)
{
	pid_t pid, cpid = getpid();

	pid = SAFE_FORK();
	if (pid)
		return pid;
	while (count-- > 0) {
		usleep(usec);
		if (kill(cpid, sig))
			break;
	}
	exit(0);
}
