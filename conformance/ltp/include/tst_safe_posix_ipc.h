/* tst_safe_posix_ipc.h - POSIX message queue SAFE_* macros. */
#ifndef TST_SAFE_POSIX_IPC_H__
#define TST_SAFE_POSIX_IPC_H__

#include <mqueue.h>
#include <stdarg.h>
#include "tst_safe_call.h"

static inline mqd_t safe_mq_open(const char *file, const int lineno,
				 const char *pathname, int oflags, ...)
{
	struct mq_attr *attr = NULL;
	mode_t mode = 0;
	va_list ap;
	mqd_t rval;

	if (oflags & O_CREAT) {
		va_start(ap, oflags);
		mode = va_arg(ap, int);
		attr = va_arg(ap, struct mq_attr *);
		va_end(ap);
	}
	rval = mq_open(pathname, oflags, mode, attr);
	if (rval == (mqd_t)-1)
		tst_brkm_(file, lineno, TBROK | TERRNO, NULL,
			  "mq_open(%s,%d,%04o,%p) failed", pathname, oflags,
			  (unsigned)mode, (void *)attr);
	return rval;
}

#define SAFE_MQ_OPEN(pathname, oflags, ...) \
	safe_mq_open(__FILE__, __LINE__, (pathname), (oflags), ##__VA_ARGS__)
#define SAFE_MQ_CLOSE(q)   TST_SAFE_M1_(NULL, mq_close(q), "mq_close(%d) failed", (int)(q))
#define SAFE_MQ_UNLINK(n)  TST_SAFE_M1_(NULL, mq_unlink(n), "mq_unlink(%s) failed", n)
#define SAFE_MQ_NOTIFY(q, s) TST_SAFE_M1_(NULL, mq_notify(q, s), "mq_notify(%d) failed", (int)(q))
#define SAFE_MQ_SEND(q, m, l, p) TST_SAFE_M1_(NULL, mq_send(q, m, l, p), "mq_send(%d) failed", (int)(q))
#define SAFE_MQ_GETATTR(q, a) TST_SAFE_M1_(NULL, mq_getattr(q, a), "mq_getattr(%d) failed", (int)(q))
#define SAFE_MQ_SETATTR(q, a, o) TST_SAFE_M1_(NULL, mq_setattr(q, a, o), "mq_setattr(%d) failed", (int)(q))

#endif
