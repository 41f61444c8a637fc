/* tst_test_macros.h - TEST() and the TST_EXP_* checks: run a call, keep its
 * result in TST_RET/TST_ERR and report TPASS/TFAIL in LTP's wording. An
 * optional trailing "fmt", args... replaces the call's text in messages. */
#ifndef TST_TEST_MACROS_H__
#define TST_TEST_MACROS_H__

#include <stdbool.h>
#include <errno.h>
#include <string.h>

#define TEST(SCALL) \
	do { errno = 0; TST_RET = SCALL; TST_ERR = errno; } while (0)

#define TEST_VOID(SCALL) \
	do { errno = 0; SCALL; TST_ERR = errno; } while (0)

#define TESTPTR(SCALL) \
	do { errno = 0; TST_RET_PTR = (void *)SCALL; TST_ERR = errno; } while (0)

extern long TST_RET;
extern int TST_ERR;
extern int TST_PASS;
extern void *TST_RET_PTR;

/* The old API's names, which new-API sources of 2017-2019 still use. */
#define TEST_RETURN TST_RET
#define TEST_ERRNO TST_ERR

/* The message text: the user's format if one was given, else the call's
 * stringified text, followed by SUFFIX and any further arguments. */
#define TST_PICK2_(a, b, ...) b
#define TST_FMT_(FMT, first, ...) FMT, ##__VA_ARGS__
#define TST_MSG_(RES, SUFFIX, SSCALL, ...) \
	tst_res_(__FILE__, __LINE__, RES, \
		 TST_FMT_(TST_PICK2_(x, ##__VA_ARGS__, SSCALL) SUFFIX, __VA_ARGS__))
#define TST_MSGP_(RES, SUFFIX, PAR, SSCALL, ...) \
	tst_res_(__FILE__, __LINE__, RES, \
		 TST_FMT_(TST_PICK2_(x, ##__VA_ARGS__, SSCALL) SUFFIX, __VA_ARGS__), PAR)
#define TST_MSGP2_(RES, SUFFIX, PAR, PAR2, SSCALL, ...) \
	tst_res_(__FILE__, __LINE__, RES, \
		 TST_FMT_(TST_PICK2_(x, ##__VA_ARGS__, SSCALL) SUFFIX, __VA_ARGS__), \
		 PAR, PAR2)

/* Success is a return value >= 0 (an fd, a pid, a count). */
#define TST_EXP_POSITIVE__(SCALL, SSCALL, ...) \
	do { \
		TEST(SCALL); \
		TST_PASS = 0; \
		if (TST_RET == -1) { \
			TST_MSG_(TFAIL | TTERRNO, " failed", SSCALL, ##__VA_ARGS__); \
			break; \
		} \
		if (TST_RET < 0) { \
			TST_MSGP_(TFAIL | TTERRNO, " invalid retval %ld", TST_RET, \
				  SSCALL, ##__VA_ARGS__); \
			break; \
		} \
		TST_PASS = 1; \
	} while (0)

#define TST_EXP_POSITIVE_(SCALL, SSCALL, ...) \
	({ TST_EXP_POSITIVE__(SCALL, SSCALL, ##__VA_ARGS__); TST_RET; })

#define TST_EXP_POSITIVE(SCALL, ...) \
	({ \
		TST_EXP_POSITIVE__(SCALL, #SCALL, ##__VA_ARGS__); \
		if (TST_PASS) \
			TST_MSGP_(TPASS, " returned %ld", TST_RET, #SCALL, ##__VA_ARGS__); \
		TST_RET; \
	})

#define TST_EXP_FD_SILENT(SCALL, ...) TST_EXP_POSITIVE_(SCALL, #SCALL, ##__VA_ARGS__)

#define TST_EXP_FD(SCALL, ...) \
	({ \
		TST_EXP_POSITIVE__(SCALL, #SCALL, ##__VA_ARGS__); \
		if (TST_PASS) \
			TST_MSGP_(TPASS, " returned fd %ld", TST_RET, #SCALL, ##__VA_ARGS__); \
		TST_RET; \
	})

#define TST_EXP_FD_OR_FAIL(SCALL, ERRNO, ...) \
	({ \
		if (ERRNO) \
			TST_EXP_FAIL(SCALL, ERRNO, ##__VA_ARGS__); \
		else \
			TST_EXP_FD(SCALL, ##__VA_ARGS__); \
		TST_RET; \
	})

#define TST_EXP_PID_SILENT(SCALL, ...) TST_EXP_POSITIVE_(SCALL, #SCALL, ##__VA_ARGS__)

#define TST_EXP_PID(SCALL, ...) \
	({ \
		TST_EXP_POSITIVE__(SCALL, #SCALL, ##__VA_ARGS__); \
		if (TST_PASS) \
			TST_MSGP_(TPASS, " returned pid %ld", TST_RET, #SCALL, ##__VA_ARGS__); \
		TST_RET; \
	})

/* Success is exactly VAL. */
#define TST_EXP_VAL_SILENT_(SCALL, VAL, SSCALL, ...) \
	do { \
		TEST(SCALL); \
		TST_PASS = 0; \
		if (TST_RET != (VAL)) { \
			TST_MSGP2_(TFAIL | TTERRNO, " retval %ld != %ld", TST_RET, \
				   (long)(VAL), SSCALL, ##__VA_ARGS__); \
			break; \
		} \
		TST_PASS = 1; \
	} while (0)

#define TST_EXP_VAL_SILENT(SCALL, VAL, ...) \
	TST_EXP_VAL_SILENT_(SCALL, VAL, #SCALL, ##__VA_ARGS__)

#define TST_EXP_VAL(SCALL, VAL, ...) \
	do { \
		TST_EXP_VAL_SILENT_(SCALL, VAL, #SCALL, ##__VA_ARGS__); \
		if (TST_PASS) \
			TST_MSG_(TPASS, " passed", #SCALL, ##__VA_ARGS__); \
	} while (0)

/* Success is 0. */
#define TST_EXP_PASS_SILENT_(SCALL, SSCALL, ...) \
	do { \
		TEST(SCALL); \
		TST_PASS = 0; \
		if (TST_RET == -1) { \
			TST_MSG_(TFAIL | TTERRNO, " failed", SSCALL, ##__VA_ARGS__); \
			break; \
		} \
		if (TST_RET != 0) { \
			TST_MSGP_(TFAIL | TTERRNO, " invalid retval %ld", TST_RET, \
				  SSCALL, ##__VA_ARGS__); \
			break; \
		} \
		TST_PASS = 1; \
	} while (0)

#define TST_EXP_PASS_SILENT(SCALL, ...) \
	TST_EXP_PASS_SILENT_(SCALL, #SCALL, ##__VA_ARGS__)

#define TST_EXP_PASS(SCALL, ...) \
	do { \
		TST_EXP_PASS_SILENT_(SCALL, #SCALL, ##__VA_ARGS__); \
		if (TST_PASS) \
			TST_MSG_(TPASS, " passed", #SCALL, ##__VA_ARGS__); \
	} while (0)

/* Success is a pointer other than FAILPTR (mmap's MAP_FAILED, NULL). */
#define TST_EXP_PASS_PTR_(SCALL, SSCALL, FAILPTR, ...) \
	do { \
		TESTPTR(SCALL); \
		TST_PASS = 0; \
		if (TST_RET_PTR == (void *)(FAILPTR)) { \
			TST_MSG_(TFAIL | TTERRNO, " failed", SSCALL, ##__VA_ARGS__); \
			break; \
		} \
		TST_PASS = 1; \
		TST_MSG_(TPASS, " passed", SSCALL, ##__VA_ARGS__); \
	} while (0)

#define TST_EXP_PASS_PTR_NULL(SCALL, ...) \
	TST_EXP_PASS_PTR_(SCALL, #SCALL, NULL, ##__VA_ARGS__)
#define TST_EXP_PASS_PTR_VOID(SCALL, ...) \
	TST_EXP_PASS_PTR_(SCALL, #SCALL, (void *)-1, ##__VA_ARGS__)

bool tst_errno_in_set(int err, const int *exp_errs, int exp_errs_cnt);
const char *tst_errno_names(char *buf, const int *exp_errs, int exp_errs_cnt);

/* Failure with one of ERRNOS is expected; PASS_COND says "it succeeded". */
#define TST_EXP_FAIL_SILENT_(PASS_COND, SCALL, SSCALL, ERRNOS, ERRNOS_CNT, ...) \
	do { \
		TEST(SCALL); \
		TST_PASS = 0; \
		if (PASS_COND) { \
			TST_MSG_(TFAIL, " succeeded", SSCALL, ##__VA_ARGS__); \
			break; \
		} \
		if (TST_RET != -1) { \
			TST_MSGP_(TFAIL | TTERRNO, " invalid retval %ld", TST_RET, \
				  SSCALL, ##__VA_ARGS__); \
			break; \
		} \
		if (tst_errno_in_set(TST_ERR, ERRNOS, ERRNOS_CNT)) { \
			TST_PASS = 1; \
		} else { \
			char tst_str_buf__[(ERRNOS_CNT) * 20]; \
			TST_MSGP_(TFAIL | TTERRNO, " expected %s", \
				  tst_errno_names(tst_str_buf__, ERRNOS, ERRNOS_CNT), \
				  SSCALL, ##__VA_ARGS__); \
		} \
	} while (0)

#define TST_EXP_FAIL_ARR_(SCALL, SSCALL, EXP_ERRS, EXP_ERRS_CNT, ...) \
	do { \
		TST_EXP_FAIL_SILENT_(TST_RET == 0, SCALL, SSCALL, \
				     EXP_ERRS, EXP_ERRS_CNT, ##__VA_ARGS__); \
		if (TST_PASS) \
			TST_MSG_(TPASS | TTERRNO, " ", SSCALL, ##__VA_ARGS__); \
	} while (0)

#define TST_EXP_FAIL(SCALL, EXP_ERR, ...) \
	do { \
		int tst_exp_err__ = EXP_ERR; \
		TST_EXP_FAIL_ARR_(SCALL, #SCALL, &tst_exp_err__, 1, ##__VA_ARGS__); \
	} while (0)

#define TST_EXP_FAIL_ARR(SCALL, EXP_ERRS, ...) \
	TST_EXP_FAIL_ARR_(SCALL, #SCALL, EXP_ERRS, ARRAY_SIZE(EXP_ERRS), ##__VA_ARGS__)

#define TST_EXP_FAIL2_ARR_(SCALL, SSCALL, EXP_ERRS, EXP_ERRS_CNT, ...) \
	do { \
		TST_EXP_FAIL_SILENT_(TST_RET >= 0, SCALL, SSCALL, \
				     EXP_ERRS, EXP_ERRS_CNT, ##__VA_ARGS__); \
		if (TST_PASS) \
			TST_MSG_(TPASS | TTERRNO, " ", SSCALL, ##__VA_ARGS__); \
	} while (0)

#define TST_EXP_FAIL2_ARR(SCALL, EXP_ERRS, ...) \
	TST_EXP_FAIL2_ARR_(SCALL, #SCALL, EXP_ERRS, ARRAY_SIZE(EXP_ERRS), ##__VA_ARGS__)

#define TST_EXP_FAIL2(SCALL, EXP_ERR, ...) \
	do { \
		int tst_exp_err__ = EXP_ERR; \
		TST_EXP_FAIL2_ARR_(SCALL, #SCALL, &tst_exp_err__, 1, ##__VA_ARGS__); \
	} while (0)

#define TST_EXP_FAIL_SILENT(SCALL, EXP_ERR, ...) \
	do { \
		int tst_exp_err__ = EXP_ERR; \
		TST_EXP_FAIL_SILENT_(TST_RET == 0, SCALL, #SCALL, \
				     &tst_exp_err__, 1, ##__VA_ARGS__); \
	} while (0)

#define TST_EXP_FAIL2_SILENT(SCALL, EXP_ERR, ...) \
	do { \
		int tst_exp_err__ = EXP_ERR; \
		TST_EXP_FAIL_SILENT_(TST_RET >= 0, SCALL, #SCALL, \
				     &tst_exp_err__, 1, ##__VA_ARGS__); \
	} while (0)

/* Pointer-returning calls expected to fail with FAILPTR and an errno. */
#define TST_EXP_FAIL_PTR_(SCALL, SSCALL, FAILPTR, EXP_ERRS, EXP_ERRS_CNT, ...) \
	do { \
		TESTPTR(SCALL); \
		TST_PASS = 0; \
		if (TST_RET_PTR != (void *)(FAILPTR)) { \
			TST_MSG_(TFAIL, " succeeded", SSCALL, ##__VA_ARGS__); \
			break; \
		} \
		if (!tst_errno_in_set(TST_ERR, EXP_ERRS, EXP_ERRS_CNT)) { \
			char tst_str_buf__[(EXP_ERRS_CNT) * 20]; \
			TST_MSGP_(TFAIL | TTERRNO, " expected %s", \
				  tst_errno_names(tst_str_buf__, EXP_ERRS, EXP_ERRS_CNT), \
				  SSCALL, ##__VA_ARGS__); \
			break; \
		} \
		TST_PASS = 1; \
		TST_MSG_(TPASS | TTERRNO, " ", SSCALL, ##__VA_ARGS__); \
	} while (0)

#define TST_EXP_FAIL_PTR_NULL(SCALL, EXP_ERR, ...) \
	do { \
		int tst_exp_err__ = EXP_ERR; \
		TST_EXP_FAIL_PTR_(SCALL, #SCALL, NULL, &tst_exp_err__, 1, ##__VA_ARGS__); \
	} while (0)
#define TST_EXP_FAIL_PTR_NULL_ARR(SCALL, EXP_ERRS, ...) \
	TST_EXP_FAIL_PTR_(SCALL, #SCALL, NULL, EXP_ERRS, ARRAY_SIZE(EXP_ERRS), ##__VA_ARGS__)
#define TST_EXP_FAIL_PTR_VOID(SCALL, EXP_ERR, ...) \
	do { \
		int tst_exp_err__ = EXP_ERR; \
		TST_EXP_FAIL_PTR_(SCALL, #SCALL, (void *)-1, &tst_exp_err__, 1, ##__VA_ARGS__); \
	} while (0)
#define TST_EXP_FAIL_PTR_VOID_ARR(SCALL, EXP_ERRS, ...) \
	TST_EXP_FAIL_PTR_(SCALL, #SCALL, (void *)-1, EXP_ERRS, ARRAY_SIZE(EXP_ERRS), ##__VA_ARGS__)

#define TST_EXP_EXPR(EXPR, ...) \
	tst_res_(__FILE__, __LINE__, (EXPR) ? TPASS : TFAIL, \
		 TST_FMT_("Expect: " TST_PICK2_(x, ##__VA_ARGS__, #EXPR), __VA_ARGS__))

/* Compare two values of TYPE printed with PFS. */
#define TST_EXP_EQ_(VAL_A, SVAL_A, VAL_B, SVAL_B, TYPE, PFS) \
	do { \
		TYPE tst_a__ = VAL_A; \
		TYPE tst_b__ = VAL_B; \
		if (tst_a__ == tst_b__) { \
			tst_res_(__FILE__, __LINE__, TPASS, \
				 SVAL_A " == " SVAL_B " (" PFS ")", tst_a__); \
		} else { \
			tst_res_(__FILE__, __LINE__, TFAIL, \
				 SVAL_A " (" PFS ") != " SVAL_B " (" PFS ")", \
				 tst_a__, tst_b__); \
		} \
	} while (0)

#define TST_EXP_EQ_LI(A, B) TST_EXP_EQ_(A, #A, B, #B, long long, "%lli")
#define TST_EXP_EQ_LU(A, B) TST_EXP_EQ_(A, #A, B, #B, unsigned long long, "%llu")
#define TST_EXP_EQ_SZ(A, B) TST_EXP_EQ_(A, #A, B, #B, size_t, "%zu")
#define TST_EXP_EQ_SSZ(A, B) TST_EXP_EQ_(A, #A, B, #B, ssize_t, "%zi")

#define TST_EXP_EQ_STR(STR_A, STR_B) \
	do { \
		const char *tst_a__ = (STR_A), *tst_b__ = (STR_B); \
		tst_res_(__FILE__, __LINE__, strcmp(tst_a__, tst_b__) ? TFAIL : TPASS, \
			 "%s == %s (%s)", #STR_A, #STR_B, tst_b__); \
	} while (0)

#define TST_EXP_EQ_STRN(STR_A, STR_B, LEN) \
	do { \
		const char *tst_a__ = (STR_A), *tst_b__ = (STR_B); \
		tst_res_(__FILE__, __LINE__, \
			 strncmp(tst_a__, tst_b__, LEN) ? TFAIL : TPASS, \
			 "%s == %s (%.*s)", #STR_A, #STR_B, (int)(LEN), tst_b__); \
	} while (0)

#endif
