/*
 * futex.c - fast user-space locking: the futex system call (WAIT, WAKE,
 * REQUEUE, CMP_REQUEUE, WAKE_OP, WAIT_BITSET, WAKE_BITSET, with or
 * without FUTEX_PRIVATE_FLAG and FUTEX_CLOCK_REALTIME), on which glibc
 * builds its mutexes, condition variables, joins and semaphores, and
 * futex_waitv, a wait on any of up to 128 futexes.
 *
 * A waiter is a thread with a key in its struct proc (fkey): the
 * address space and the address for a private futex, or the frame and
 * the offset for one in a shared anonymous mapping between processes
 * (MAP_SHARED, fork) unless the caller says it is private.  A futex_waitv
 * waiter has a vector of keys instead (fkeys), and a wake of any of them
 * wakes it and says which (fwoken).  It sleeps on its own key's address,
 * so a wake reaches exactly the threads it picks -
 * the oldest waiters first (fseq) - and a requeue only changes keys.  The
 * kernel is not preemptible, so reading the futex word and going to sleep
 * is atomic with respect to every waker, which is all the futex contract
 * asks for.  The PI operations are not implemented (-ENOSYS).  A thread's
 * robust list is walked when it exits (futex_robust_exit).
 */
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "lib/klib.h"
#include "kern/kmalloc.h"
#include "sys/syscalls.h"

#define FUTEX_WAIT            0
#define FUTEX_WAKE            1
#define FUTEX_REQUEUE         3
#define FUTEX_CMP_REQUEUE     4
#define FUTEX_WAKE_OP         5
#define FUTEX_WAIT_BITSET     9
#define FUTEX_WAKE_BITSET     10
#define FUTEX_PRIVATE_FLAG    128
#define FUTEX_CLOCK_REALTIME  256
#define FUTEX_BITSET_MATCH_ANY 0xFFFFFFFFu

#define KEY_PRIVATE 1               /* a: the mm, b: the address */
#define KEY_SHARED  2               /* a: the frame, b: the offset in it */
#define KEY_VECTOR  3               /* futex_waitv: the keys are in fkeys */

static uint32_t next_seq;           /* the order in which waiters came */

/* A private futex's key: Linux looks at no memory for it, so a bad
 * address is found only when the word is read. */
static int key_private(uint32_t uaddr, struct futex_key *k)
{
	if (uaddr & 3)
		return -EINVAL;
	if (uaddr > USER_TOP - 4)
		return -EFAULT;
	k->kind = KEY_PRIVATE;
	k->a = (uint32_t)curproc->mm;
	k->b = uaddr;
	return 0;
}

/* The key of the futex word at uaddr (which this faults in). */
static int key_of(uint32_t uaddr, int private, struct futex_key *k)
{
	struct mm *mm = curproc->mm;
	struct vma *v;
	uint32_t val;

	if (uaddr & 3)
		return -EINVAL;
	if (copy_from_user(&val, (void *)uaddr, 4))
		return -EFAULT;
	v = private ? 0 : vma_find(mm, uaddr);
	if (v && (v->flags & VMA_SHARED)) {
		vmi_pte_t pte = vm_pte(mm, uaddr);

		if (!(pte & VMI_PTE_P))
			return -EFAULT;
		k->kind = KEY_SHARED;
		k->a = vmi_pte_pfn(pte);
		k->b = uaddr & (PAGE_SIZE - 1);
		return 0;
	}
	return key_private(uaddr, k);
}

static int same_key(const struct futex_key *x, const struct futex_key *y)
{
	return x->kind == y->kind && x->a == y->a && x->b == y->b;
}

/* Which of p's keys is k (with a bit of bitset): 0 for a single wait,
 * the index for futex_waitv's; -1 if none. */
static int waits_on(const struct proc *p, const struct futex_key *k, uint32_t bitset)
{
	if (p->state == P_UNUSED || !(p->fbitset & bitset))
		return -1;
	if (p->fkey.kind != KEY_VECTOR)
		return same_key(&p->fkey, k) ? 0 : -1;
	for (int i = 0; i < p->fnkeys; i++)
		if (same_key(&p->fkeys[i], k))
			return i;
	return -1;
}

/* The oldest thread waiting on k (with a bit of bitset), or null; *which:
 * the key of its that matched. */
static struct proc *oldest(const struct futex_key *k, uint32_t bitset, int *which)
{
	struct proc *best = 0;

	for (int i = 0; i < proc_slots; i++) {
		struct proc *p = proc_table[i];
		int w = p ? waits_on(p, k, bitset) : -1;

		if (w >= 0 && (!best || (int32_t)(p->fseq - best->fseq) < 0)) {
			best = p;
			*which = w;
		}
	}
	return best;
}

static void wake_one(struct proc *p, int which)
{
	p->fwoken = which;
	p->fkey.kind = 0;
	wakeup(&p->fkey);
}

/* Wake up to n waiters on k; how many were woken. */
static int wake_key(const struct futex_key *k, int n, uint32_t bitset)
{
	int done = 0, which;
	struct proc *p;

	while (done < n && (p = oldest(k, bitset, &which)) != 0) {
		wake_one(p, which);
		done++;
	}
	return done;
}

int futex_wake(uint32_t uaddr, int private, int n)
{
	struct futex_key k;
	int rc = key_of(uaddr, private, &k);

	return rc ? rc : wake_key(&k, n, FUTEX_BITSET_MATCH_ANY);
}

/* Sleep until a wake (0), a signal (-ERESTARTSYS) or the deadline in
 * system time (0: none; -ETIMEDOUT); the key or keys are set. */
static long sleep_keyed(struct proc *p, uint64_t deadline)
{
	p->fseq = next_seq++;
	for (;;) {
		if (!p->fkey.kind)
			return 0;
		if (proc_signal_pending()) {
			p->fkey.kind = 0;
			return -ERESTARTSYS;
		}
		if (deadline && vmi_time_ns() >= deadline) {
			p->fkey.kind = 0;
			return -ETIMEDOUT;
		}
		sleep_on(&p->fkey, deadline);
	}
}

/* Sleep on k while the word still holds val; deadline in system time
 * (0: none).  A signal restarts a wait without a timeout; one with a
 * timeout is EINTR, as Linux's (which restarts it through restart_block
 * with the time left) is to a handler. */
static long wait_key(uint32_t uaddr, uint32_t val, const struct futex_key *k,
                     uint64_t deadline, uint32_t bitset)
{
	struct proc *p = curproc;
	uint32_t cur;
	long rc;

	if (copy_from_user(&cur, (void *)uaddr, 4))
		return -EFAULT;
	if (cur != val)
		return -EAGAIN;
	p->fkey = *k;
	p->fbitset = bitset;
	rc = sleep_keyed(p, deadline);
	return rc == -ERESTARTSYS && deadline ? -EINTR : rc;
}

/* The timeout argument as a deadline in system time: relative for WAIT,
 * absolute (on the monotonic or, with CLOCK_REALTIME, the wall clock)
 * for WAIT_BITSET. */
static int deadline_of(uint32_t utime, int time64, int absolute, int realtime,
                       uint64_t *deadline)
{
	int64_t ns, now = vmi_time_ns();
	int rc;

	*deadline = 0;
	if (!utime)
		return 0;
	rc = time_from_user(utime, &ns, time64);
	if (rc)
		return rc;
	if (absolute) {
		int64_t base = realtime ? clock_now_ns(CLOCK_REALTIME) : now;

		ns = ns > base ? ns - base : 0;
	}
	*deadline = now + ns;
	if (*deadline == 0)
		*deadline = 1;
	return 0;
}

/* Move waiters of k1 beyond the first nwake (who are woken) to k2. */
static long requeue(const struct futex_key *k1, const struct futex_key *k2, int nwake,
                    int nreq)
{
	int done = wake_key(k1, nwake, FUTEX_BITSET_MATCH_ANY), moved = 0, which;
	struct proc *p;

	while (moved < nreq && (p = oldest(k1, FUTEX_BITSET_MATCH_ANY, &which)) != 0) {
		if (p->fkey.kind == KEY_VECTOR)
			p->fkeys[which] = *k2;
		else
			p->fkey = *k2;
		p->fseq = next_seq++;
		moved++;
	}
	return done + moved;
}

/* WAKE_OP's operation on the word at uaddr2; the old value in *old. */
static int wake_op_apply(uint32_t uaddr2, uint32_t encoded, int32_t *old)
{
	uint32_t op = (encoded >> 28) & 7;
	int32_t arg = (int32_t)(encoded << 8) >> 20, v;

	if (encoded & (8u << 28))
		arg = 1 << (arg & 31);
	if (uaddr2 & 3)
		return -EINVAL;
	if (copy_from_user(old, (void *)uaddr2, 4))
		return -EFAULT;
	switch (op) {
	case 0: v = arg; break;
	case 1: v = *old + arg; break;
	case 2: v = *old | arg; break;
	case 3: v = *old & ~arg; break;
	case 4: v = *old ^ arg; break;
	default: return -ENOSYS;
	}
	return copy_to_user((void *)uaddr2, &v, 4) ? -EFAULT : 0;
}

static int wake_op_cmp(uint32_t encoded, int32_t old)
{
	int32_t arg = (int32_t)(encoded << 20) >> 20;

	switch ((encoded >> 24) & 15) {
	case 0: return old == arg;
	case 1: return old != arg;
	case 2: return old < arg;
	case 3: return old <= arg;
	case 4: return old > arg;
	case 5: return old >= arg;
	default: return -ENOSYS;
	}
}

static long wake_op(const struct futex_key *k1, uint32_t uaddr2, int private, int n, int n2,
                    uint32_t encoded)
{
	struct futex_key k2;
	int32_t old;
	int rc, cmp, done;

	if (((encoded >> 24) & 15) > 5)
		return -ENOSYS;
	rc = key_of(uaddr2, private, &k2);
	if (rc == 0)
		rc = wake_op_apply(uaddr2, encoded, &old);
	if (rc)
		return rc;
	cmp = wake_op_cmp(encoded, old);
	done = wake_key(k1, n, FUTEX_BITSET_MATCH_ANY);
	if (cmp > 0)
		done += wake_key(&k2, n2, FUTEX_BITSET_MATCH_ANY);
	return done;
}

static long do_futex(uint32_t uaddr, int op, uint32_t val, uint32_t utime,
                     uint32_t uaddr2, uint32_t val3, int time64)
{
	int cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
	int private = (op & FUTEX_PRIVATE_FLAG) != 0;
	int realtime = (op & FUTEX_CLOCK_REALTIME) != 0;
	struct futex_key k, k2;
	uint64_t deadline;
	uint32_t cur;
	long rc;

	if (realtime && cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS;
	if ((cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_WAKE_BITSET) && val3 == 0)
		return -EINVAL;
	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
		rc = deadline_of(utime, time64, cmd == FUTEX_WAIT_BITSET, realtime, &deadline);
		if (rc == 0)
			rc = key_of(uaddr, private, &k);
		return rc ? rc : wait_key(uaddr, val, &k, deadline,
		                          cmd == FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : val3);
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET:
		rc = key_of(uaddr, private, &k);
		return rc ? rc : wake_key(&k, (int)val < 0 ? 0x7FFFFFFF : (int)val,
		                          cmd == FUTEX_WAKE ? FUTEX_BITSET_MATCH_ANY : val3);
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		if ((int)val < 0 || (int)utime < 0)
			return -EINVAL;
		rc = key_of(uaddr, private, &k);
		if (rc == 0)
			rc = key_of(uaddr2, private, &k2);
		if (rc == 0 && cmd == FUTEX_CMP_REQUEUE) {
			rc = copy_from_user(&cur, (void *)uaddr, 4) ? -EFAULT : 0;
			if (rc == 0 && cur != val3)
				rc = -EAGAIN;
		}
		return rc ? rc : requeue(&k, &k2, val, utime);
	case FUTEX_WAKE_OP:
		rc = key_of(uaddr, private, &k);
		return rc ? rc : wake_op(&k, uaddr2, private, val, utime, val3);
	default:
		return -ENOSYS;
	}
}

long sys_futex(uint32_t uaddr, int op, uint32_t val, uint32_t utime, uint32_t uaddr2,
               uint32_t val3)
{
	return do_futex(uaddr, op, val, utime, uaddr2, val3, 0);
}

long sys_futex_time64(uint32_t uaddr, int op, uint32_t val, uint32_t utime, uint32_t uaddr2,
                      uint32_t val3)
{
	return do_futex(uaddr, op, val, utime, uaddr2, val3, 1);
}

/* ---- futex_waitv: wait on any of several futexes ---- */

#define FUTEX_WAITV_MAX 128
#define FUTEX2_SIZE_U32 2           /* futex2 flags: the size (low 2 bits) ... */
#define FUTEX2_PRIVATE  FUTEX_PRIVATE_FLAG   /* ... and private */
#define KTIME_SEC_MAX   9223372036LL         /* Linux's: later waits for ever */

struct futex_waitv {                /* the user's array, 24 bytes each */
	uint64_t val, uaddr;
	uint32_t flags, reserved;
};

/* The absolute timeout on clockid as a deadline in system time (0: none),
 * as Linux's futex2_setup_timeout: the clock is checked before the time is
 * read; the time is a 64-bit __kernel_timespec whose nanoseconds count in
 * their low 32 bits (as for every 32-bit caller), and must be valid.  A
 * time beyond ktime's range waits for ever; one already past times out
 * once the values match. */
static int waitv_deadline(uint32_t utime, int clockid, uint64_t *deadline)
{
	struct { int64_t sec, nsec; } ts;
	int64_t abs_ns, base, now = vmi_time_ns();

	*deadline = 0;
	if (!utime)
		return 0;
	if (clockid != CLOCK_MONOTONIC && clockid != CLOCK_REALTIME)
		return -EINVAL;
	if (copy_from_user(&ts, (void *)utime, sizeof(ts)))
		return -EFAULT;
	if (ts.sec < 0 || (uint32_t)ts.nsec >= 1000000000u)
		return -EINVAL;
	if (ts.sec >= KTIME_SEC_MAX)
		return 0;
	abs_ns = ts.sec * 1000000000LL + (uint32_t)ts.nsec;
	base = clock_now_ns(clockid);
	*deadline = abs_ns > base ? (uint64_t)(now + (abs_ns - base)) : 1;
	return 0;
}

/* The entries ws[0..nr) into keys[], in Linux's order: every entry's
 * flags and value first (EINVAL), then every key (a misaligned address is
 * EINVAL, one outside the user half EFAULT), then the values (EFAULT, or
 * EAGAIN for the first that differs). */
static long waitv_keys(const struct futex_waitv *ws, uint32_t nr, struct futex_key *keys)
{
	uint32_t cur;
	long rc;

	for (uint32_t i = 0; i < nr; i++)
		if ((ws[i].flags & ~FUTEX2_PRIVATE) != FUTEX2_SIZE_U32 || ws[i].reserved ||
		    (ws[i].val >> 32))
			return -EINVAL;
	for (uint32_t i = 0; i < nr; i++) {
		uint32_t uaddr = (uint32_t)ws[i].uaddr;

		if (ws[i].uaddr >> 32)
			return (uaddr & 3) ? -EINVAL : -EFAULT;
		rc = (ws[i].flags & FUTEX2_PRIVATE) ? key_private(uaddr, &keys[i])
		                                    : key_of(uaddr, 0, &keys[i]);
		if (rc)
			return rc;
	}
	for (uint32_t i = 0; i < nr; i++) {
		if (copy_from_user(&cur, (void *)(uint32_t)ws[i].uaddr, 4))
			return -EFAULT;
		if (cur != (uint32_t)ws[i].val)
			return -EAGAIN;
	}
	return 0;
}

/* Sleep on keys[0..nr) (set up): the index of the one woken, or an error. */
static long waitv_sleep(struct futex_key *keys, uint32_t nr, uint64_t deadline)
{
	struct proc *p = curproc;
	long rc;

	p->fkeys = keys;
	p->fnkeys = (int)nr;
	p->fkey.kind = KEY_VECTOR;
	p->fbitset = FUTEX_BITSET_MATCH_ANY;
	rc = sleep_keyed(p, deadline);
	p->fkeys = 0;
	p->fnkeys = 0;
	return rc ? rc : p->fwoken;
}

/*
 * futex_waitv(waiters, nr, flags, timeout, clockid): sleep until a
 * FUTEX_WAKE on any of the nr futexes (each a FUTEX_32 word, private or
 * shared) while each still holds its value; the index of the woken one.
 * A signal is -ERESTARTSYS even with a timeout: the timeout is absolute,
 * so a restart waits for the same moment.  The array is copied in first
 * (a bad one is EFAULT), as Linux copies it before it looks at the keys.
 */
long sys_futex_waitv(uint32_t uwaitv, uint32_t nr, uint32_t flags, uint32_t utime,
                     int clockid)
{
	struct futex_waitv *ws;
	struct futex_key *keys;
	uint64_t deadline;
	long rc;

	if (flags || !nr || nr > FUTEX_WAITV_MAX || !uwaitv)
		return -EINVAL;
	rc = waitv_deadline(utime, clockid, &deadline);
	if (rc)
		return rc;
	ws = kmalloc(nr * sizeof(*ws));
	keys = kmalloc(nr * sizeof(*keys));
	if (!ws || !keys)
		rc = -ENOMEM;
	else if (copy_from_user(ws, (void *)uwaitv, nr * sizeof(*ws)))
		rc = -EFAULT;
	else if ((rc = waitv_keys(ws, nr, keys)) == 0)
		rc = waitv_sleep(keys, nr, deadline);
	kfree(ws);
	kfree(keys);
	return rc;
}

/* ---- robust futexes: what a thread held when it died ---- */

#define FUTEX_WAITERS    0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
#define FUTEX_TID_MASK   0x3FFFFFFFu
#define ROBUST_LIMIT     2048        /* Linux's ROBUST_LIST_LIMIT: ends a looped list */

/* A lock word the dead thread tid may own: mark the owner dead, wake one
 * waiter, which then gets EOWNERDEAD from its mutex. */
static void robust_death(uint32_t uaddr, int tid)
{
	uint32_t val, nval;

	if ((uaddr & 3) || copy_from_user(&val, (void *)uaddr, 4))
		return;
	if ((val & FUTEX_TID_MASK) != (uint32_t)tid)
		return;
	nval = (val & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
	if (copy_to_user((void *)uaddr, &nval, 4))
		return;
	if (val & FUTEX_WAITERS)
		futex_wake(uaddr, 0, 1);
}

/*
 * The exiting thread p (the current one) walks its robust list (the head
 * set_robust_list gave: next, futex_offset, list_op_pending), as Linux
 * does: each entry's lock word is at entry + futex_offset; the pending
 * entry (a lock being taken or released) counts too.  Everything is user
 * memory: a bad pointer ends the walk, and so does ROBUST_LIMIT entries.
 */
void futex_robust_exit(struct proc *p)
{
	uint32_t head[3], entry, next, pending;
	int n = 0;

	if (!p->robust_list || copy_from_user(head, (void *)p->robust_list, sizeof(head)))
		return;
	pending = head[2] & ~1u;            /* bit 0: a PI lock */
	for (entry = head[0]; entry != p->robust_list && n < ROBUST_LIMIT; n++, entry = next) {
		if (copy_from_user(&next, (void *)(entry & ~1u), 4))
			return;
		if ((entry & ~1u) != pending)
			robust_death((entry & ~1u) + head[1], p->pid);
	}
	if (pending)
		robust_death(pending + head[1], p->pid);
}
