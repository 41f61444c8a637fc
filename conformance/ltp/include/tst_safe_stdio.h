/* tst_safe_stdio.h - stdio SAFE_* macros (fopen, fclose, popen, asprintf...)
 * for the new API: the call or TBROK. */
#ifndef TST_SAFE_STDIO_H__
#define TST_SAFE_STDIO_H__

#include <stdio.h>
#include "tst_safe_call.h"

#define SAFEC_FOPEN(c, p, m)  TST_SAFE_NULL_(c, fopen(p, m), "fopen(%s,%s) failed", p, m)
#define SAFEC_FDOPEN(c, f, m) TST_SAFE_NULL_(c, fdopen(f, m), "fdopen(%d,%s) failed", f, m)
#define SAFEC_POPEN(c, cmd, t) TST_SAFE_NULL_(c, popen(cmd, t), "popen(%s,%s) failed", cmd, t)
#define SAFEC_FCLOSE(c, f)    TST_SAFE_(c, fclose(f), TST_FAILS_NZ_, "fclose(%p) failed", (void *)(f))
#define SAFEC_PCLOSE(c, f)    TST_SAFE_M1_(c, pclose(f), "pclose(%p) failed", (void *)(f))
#define SAFEC_ASPRINTF(c, s, fmt, ...) \
	TST_SAFE_M1_(c, asprintf(s, fmt, ##__VA_ARGS__), "asprintf(%s,...) failed", fmt)

#define SAFE_FOPEN(p, m)     SAFEC_FOPEN(NULL, p, m)
#define SAFE_FDOPEN(f, m)    SAFEC_FDOPEN(NULL, f, m)
#define SAFE_POPEN(cmd, t)   SAFEC_POPEN(NULL, cmd, t)
#define SAFE_FCLOSE(f)       SAFEC_FCLOSE(NULL, f)
#define SAFE_PCLOSE(f)       SAFEC_PCLOSE(NULL, f)
#define SAFE_ASPRINTF(s, fmt, ...) SAFEC_ASPRINTF(NULL, s, fmt, ##__VA_ARGS__)

#endif
