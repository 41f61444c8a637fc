/* tst_minmax.h - MIN/MAX that evaluate their arguments once. */
#ifndef TST_MINMAX_H__
#define TST_MINMAX_H__

#ifndef MIN
# define MIN(a, b) ({ __typeof__(a) tst_a_ = (a); __typeof__(b) tst_b_ = (b); \
	tst_a_ < tst_b_ ? tst_a_ : tst_b_; })
#endif
#ifndef MAX
# define MAX(a, b) ({ __typeof__(a) tst_a_ = (a); __typeof__(b) tst_b_ = (b); \
	tst_a_ > tst_b_ ? tst_a_ : tst_b_; })
#endif

#endif
