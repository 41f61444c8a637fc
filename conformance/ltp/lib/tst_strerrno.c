/* tst_strerrno.c - names of errno values and signals ("ENOENT",
 * "SIGKILL"), the description of a wait status, and the errno-set helpers
 * of the TST_EXP_FAIL*_ARR checks. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <stdbool.h>
#include <errno.h>
#include <sys/wait.h>

#include "tst_test_macros.h"

#define NAME(x) case x: return #x

const char *tst_strerrno(int err)
{
	switch (err) {
	case 0: return "SUCCESS";
	NAME(EPERM); NAME(ENOENT); NAME(ESRCH); NAME(EINTR); NAME(EIO);
	NAME(ENXIO); NAME(E2BIG); NAME(ENOEXEC); NAME(EBADF); NAME(ECHILD);
	NAME(EAGAIN); NAME(ENOMEM); NAME(EACCES); NAME(EFAULT); NAME(ENOTBLK);
	NAME(EBUSY); NAME(EEXIST); NAME(EXDEV); NAME(ENODEV); NAME(ENOTDIR);
	NAME(EISDIR); NAME(EINVAL); NAME(ENFILE); NAME(EMFILE); NAME(ENOTTY);
	NAME(ETXTBSY); NAME(EFBIG); NAME(ENOSPC); NAME(ESPIPE); NAME(EROFS);
	NAME(EMLINK); NAME(EPIPE); NAME(EDOM); NAME(ERANGE); NAME(EDEADLK);
	NAME(ENAMETOOLONG); NAME(ENOLCK); NAME(ENOSYS); NAME(ENOTEMPTY);
	NAME(ELOOP); NAME(ENOMSG); NAME(EIDRM); NAME(ECHRNG); NAME(EL2NSYNC);
	NAME(EL3HLT); NAME(EL3RST); NAME(ELNRNG); NAME(EUNATCH); NAME(ENOCSI);
	NAME(EL2HLT); NAME(EBADE); NAME(EBADR); NAME(EXFULL); NAME(ENOANO);
	NAME(EBADRQC); NAME(EBADSLT); NAME(EBFONT); NAME(ENOSTR);
	NAME(ENODATA); NAME(ETIME); NAME(ENOSR); NAME(ENONET); NAME(ENOPKG);
	NAME(EREMOTE); NAME(ENOLINK); NAME(EADV); NAME(ESRMNT); NAME(ECOMM);
	NAME(EPROTO); NAME(EMULTIHOP); NAME(EDOTDOT); NAME(EBADMSG);
	NAME(EOVERFLOW); NAME(ENOTUNIQ); NAME(EBADFD); NAME(EREMCHG);
	NAME(ELIBACC); NAME(ELIBBAD); NAME(ELIBSCN); NAME(ELIBMAX);
	NAME(ELIBEXEC); NAME(EILSEQ); NAME(ERESTART); NAME(ESTRPIPE);
	NAME(EUSERS); NAME(ENOTSOCK); NAME(EDESTADDRREQ); NAME(EMSGSIZE);
	NAME(EPROTOTYPE); NAME(ENOPROTOOPT); NAME(EPROTONOSUPPORT);
	NAME(ESOCKTNOSUPPORT); NAME(EOPNOTSUPP); NAME(EPFNOSUPPORT);
	NAME(EAFNOSUPPORT); NAME(EADDRINUSE); NAME(EADDRNOTAVAIL);
	NAME(ENETDOWN); NAME(ENETUNREACH); NAME(ENETRESET); NAME(ECONNABORTED);
	NAME(ECONNRESET); NAME(ENOBUFS); NAME(EISCONN); NAME(ENOTCONN);
	NAME(ESHUTDOWN); NAME(ETOOMANYREFS); NAME(ETIMEDOUT);
	NAME(ECONNREFUSED); NAME(EHOSTDOWN); NAME(EHOSTUNREACH);
	NAME(EALREADY); NAME(EINPROGRESS); NAME(ESTALE); NAME(EUCLEAN);
	NAME(ENOTNAM); NAME(ENAVAIL); NAME(EISNAM); NAME(EREMOTEIO);
	NAME(EDQUOT); NAME(ENOMEDIUM); NAME(EMEDIUMTYPE); NAME(ECANCELED);
	NAME(ENOKEY); NAME(EKEYEXPIRED); NAME(EKEYREVOKED); NAME(EKEYREJECTED);
	NAME(EOWNERDEAD); NAME(ENOTRECOVERABLE); NAME(ERFKILL);
	NAME(EHWPOISON);
	case 512: return "ERESTARTSYS";
	case 513: return "ERESTARTNOINTR";
	case 514: return "ERESTARTNOHAND";
	case 515: return "ENOIOCTLCMD";
	case 516: return "ERESTART_RESTARTBLOCK";
	case 517: return "EPROBE_DEFER";
	case 518: return "EOPENSTALE";
	case 519: return "ENOPARAM";
	case 521: return "EBADHANDLE";
	case 522: return "ENOTSYNC";
	case 523: return "EBADCOOKIE";
	case 524: return "ENOTSUPP";
	case 525: return "ETOOSMALL";
	case 526: return "ESERVERFAULT";
	case 527: return "EBADTYPE";
	case 528: return "EJUKEBOX";
	case 529: return "EIOCBQUEUED";
	case 530: return "ERECALLCONFLICT";
	}
	return "???";
}

const char *tst_strsig(int sig)
{
	switch (sig) {
	NAME(SIGHUP); NAME(SIGINT); NAME(SIGQUIT); NAME(SIGILL);
	NAME(SIGTRAP); NAME(SIGABRT); NAME(SIGBUS); NAME(SIGFPE);
	NAME(SIGKILL); NAME(SIGUSR1); NAME(SIGSEGV); NAME(SIGUSR2);
	NAME(SIGPIPE); NAME(SIGALRM); NAME(SIGTERM); NAME(SIGSTKFLT);
	NAME(SIGCHLD); NAME(SIGCONT); NAME(SIGSTOP); NAME(SIGTSTP);
	NAME(SIGTTIN); NAME(SIGTTOU); NAME(SIGURG); NAME(SIGXCPU);
	NAME(SIGXFSZ); NAME(SIGVTALRM); NAME(SIGPROF); NAME(SIGWINCH);
	NAME(SIGIO); NAME(SIGPWR); NAME(SIGSYS);
	}
	return "??";
}

/* "exited with 1", "killed by SIGKILL"... Not reentrant (static buffer). */
const char *tst_strstatus(int status)
{
	static char buf[64];

	if (WIFEXITED(status))
		snprintf(buf, sizeof(buf), "exited with %i", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, sizeof(buf), "killed by %s",
			 tst_strsig(WTERMSIG(status)));
	else if (WIFSTOPPED(status))
		snprintf(buf, sizeof(buf), "is stopped");
	else if (WIFCONTINUED(status))
		snprintf(buf, sizeof(buf), "is resumed");
	else
		snprintf(buf, sizeof(buf), "invalid status 0x%x", status);
	return buf;
}

bool tst_errno_in_set(int err, const int *exp_errs, int exp_errs_cnt)
{
	int i;

	for (i = 0; i < exp_errs_cnt; i++)
		if (err == exp_errs[i])
			return true;
	return false;
}

/* "ENOENT, EINVAL": BUF must hold 20 bytes per errno. */
const char *tst_errno_names(char *buf, const int *exp_errs, int exp_errs_cnt)
{
	int i;
	char *p = buf;

	buf[0] = 0;
	for (i = 0; i < exp_errs_cnt; i++)
		p += sprintf(p, "%s%s", i ? ", " : "", tst_strerrno(exp_errs[i]));
	return buf;
}
