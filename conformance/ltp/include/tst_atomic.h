/* tst_atomic.h - sequentially consistent atomics on int (compiler builtins). */
#ifndef TST_ATOMIC_H__
#define TST_ATOMIC_H__

typedef int tst_atomic_t;

static inline int tst_atomic_add_return(int i, int *v)
{
	return __atomic_add_fetch(v, i, __ATOMIC_SEQ_CST);
}

static inline int tst_atomic_load(int *v)
{
	return __atomic_load_n(v, __ATOMIC_SEQ_CST);
}

static inline void tst_atomic_store(int i, int *v)
{
	__atomic_store_n(v, i, __ATOMIC_SEQ_CST);
}

static inline int tst_atomic_inc(int *v) { return tst_atomic_add_return(1, v); }
static inline int tst_atomic_dec(int *v) { return tst_atomic_add_return(-1, v); }

#endif
