/* tst_common.h - small helper macros every LTP test may use (array sizes,
 * attributes, compile-time checks, alignment). */
#ifndef TST_COMMON_H__
#define TST_COMMON_H__

#include <stddef.h>

#define LTP_ATTRIBUTE_NORETURN    __attribute__((noreturn))
#define LTP_ATTRIBUTE_UNUSED      __attribute__((unused))
#define LTP_ATTRIBUTE_UNUSED_RESULT __attribute__((warn_unused_result))
#define LTP_VAR_USED(p)           asm volatile("" :: "m"(p)); p

#ifndef ARRAY_SIZE
# define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))
#endif

#define TST_TO_STR_(s) #s
#define TST_TO_STR(s) TST_TO_STR_(s)

/* Evaluate to a compile error when the condition holds. */
#define TST_BUILD_BUG_ON(cond) \
	do { ((void)sizeof(char[1 - 2 * !!(cond)])); } while (0)

#define LTP_ALIGN(x, a)   (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))

#ifndef container_of
# define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#endif

/* Checks the result type given to tst_res()/tst_brk() at compile time. */
#define TST_RES_SUPPORTS_TCONF_TDEBUG_TFAIL_TINFO_TPASS_TWARN(cond) \
	TST_BUILD_BUG_ON(cond)
#define TST_BRK_SUPPORTS_ONLY_TCONF_TBROK(cond) TST_BUILD_BUG_ON(cond)

/* Repeat FUNC until ECHCK(its result) holds, sleeping 1, 2, 4... us in
 * between; TBROK once the sleep would reach MAX_DELAY seconds. */
#define TST_RETRY_FN_EXP_BACKOFF(FUNC, ECHCK, MAX_DELAY)	\
({	unsigned int tst_delay_ = 1;				\
	__typeof__(FUNC) tst_ret_;				\
	for (;;) {						\
		tst_ret_ = FUNC;				\
		if (ECHCK(tst_ret_))				\
			break;					\
		if (tst_delay_ < (MAX_DELAY) * 1000000) {	\
			usleep(tst_delay_);			\
			tst_delay_ *= 2;			\
		} else {					\
			tst_brk_(__FILE__, __LINE__, TBROK,	\
				 #FUNC " timed out");		\
		}						\
	}							\
	tst_ret_;						\
})

#define TST_RETRY_FUNC(FUNC, ECHCK) TST_RETRY_FN_EXP_BACKOFF(FUNC, ECHCK, 1)

#define TST_RETVAL_EQ0(x)     ((x) == 0)
#define TST_RETVAL_NOTNULL(x) ((x) != NULL)
#define TST_RETVAL_GE0(x)     ((x) >= 0)

void tst_brk_(const char *file, const int lineno, int ttype,
	      const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
