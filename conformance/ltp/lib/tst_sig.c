/* tst_sig.c - the old API's tst_sig(): catch every signal a test does not
 * expect (SIGSEGV included: some tests pass their own handler for it) and
 * end the test with TBROK after its cleanup. SIGCHLD is left alone when
 * the test forks (FORK); SIGKILL, SIGSTOP and SIGCONT are never
 * unexpected, real-time signals and glibc's internal ones (32, 33) are
 * not the test's business. */
#include <signal.h>
#include <string.h>
#include <errno.h>

#include "test.h"

static void (*sig_cleanup)(void);

static void def_handler(int sig)
{
	/* Not async-signal safe, as in LTP: the test is ending anyway. */
	tst_brkm(TBROK, sig_cleanup, "unexpected signal %s(%d) received (pid = %d).",
		 tst_strsig(sig), sig, getpid());
}

void tst_sig(int fork_flag, void (*handler)(), void (*cleanup)(void))
{
	struct sigaction sa;
	int sig;

	sig_cleanup = cleanup;
	if (handler == (void (*)())SIG_ERR)
		handler = (void (*)())def_handler;
	for (sig = 1; sig < NSIG; sig++) {
		switch (sig) {
		case SIGKILL: case SIGSTOP: case SIGCONT:
			continue;
		case SIGCHLD:
			if (fork_flag == FORK)
				continue;
			break;
		}
		if (sig >= 32)
			continue;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = (void (*)(int))handler;
		sa.sa_flags = SA_RESTART;
		sigemptyset(&sa.sa_mask);
		if (sigaction(sig, &sa, NULL))
			tst_resm(TWARN | TERRNO, "sigaction(%d) failed", sig);
	}
}
