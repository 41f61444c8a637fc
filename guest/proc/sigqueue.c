/*
 * sigqueue.c - the queue of real-time signals.  A standard signal sent
 * while one of its number is pending merges with it; a real-time one
 * (SIGRTMIN and above) is queued, as Linux does: each instance is
 * delivered, with its own siginfo, in the order sent (dnotify's events on
 * two directories, sigqueue(3) values).  The pending bit and siginfo slot
 * of signal.c hold the oldest instance; the later ones wait here, in the
 * thread's queue or its group's (kept in the leader).  A queue holds
 * RTQ_MAX; beyond, an instance is lost (Linux's RLIMIT_SIGPENDING).
 */
#include "proc/proc.h"

void rtq_push(struct rtqueue *q, int sig, const struct ksiginfo *info)
{
	if (q->n == RTQ_MAX)
		return;
	q->e[q->n].sig = sig;
	q->e[q->n].info = *info;
	q->n++;
}

static void take_out(struct rtqueue *q, int i)
{
	for (q->n--; i < q->n; i++)
		q->e[i] = q->e[i + 1];
}

/* The oldest waiting instance of sig into *info: 1, or 0 if none. */
int rtq_pop(struct rtqueue *q, int sig, struct ksiginfo *info)
{
	for (int i = 0; i < q->n; i++)
		if (q->e[i].sig == sig) {
			*info = q->e[i].info;
			take_out(q, i);
			return 1;
		}
	return 0;
}

/* sig is dropped (ignored now): its waiting instances go too. */
void rtq_purge(struct rtqueue *q, int sig)
{
	for (int i = 0; i < q->n; )
		if (q->e[i].sig == sig)
			take_out(q, i);
		else
			i++;
}
