/*
 * sem_undo.c - SEM_UNDO: what a process's operations changed, taken back
 * when it exits.
 *
 * Each set keeps one record per (process, semaphore) that a SEM_UNDO
 * operation touched, holding the opposite of the changes so far.  The
 * records belong to the thread group (Linux's CLONE_SYSVSEM, which
 * pthread_create passes): fork's child starts with none, exec keeps them,
 * and the group's end applies them - each value moved by its adjustment
 * and held within 0..SEMVMX, as Linux does - then lets waiting operations
 * proceed.  SETVAL and SETALL zero the adjustments of what they set; a
 * removed set takes its records with it.
 */
#include "ipc/sem.h"
#include "proc/proc.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

static uint32_t nrecords;           /* in all sets: exit skips the scan at 0 */

struct sem_undo *sem_undo_find(struct sem_set *s, int tgid, uint32_t num, int make)
{
	struct sem_undo *u;

	for (u = s->undo; u; u = u->next)
		if (u->tgid == tgid && u->num == num)
			return u;
	if (!make || ipc_mem_take(sizeof(*u)))
		return 0;
	u = kmalloc(sizeof(*u));
	if (!u) {
		ipc_mem_give(sizeof(*u));
		return 0;
	}
	u->tgid = tgid;
	u->num = num;
	u->next = s->undo;
	s->undo = u;
	nrecords++;
	return u;
}

void sem_undo_clear(struct sem_set *s, uint32_t num)
{
	for (struct sem_undo *u = s->undo; u; u = u->next)
		if (num == (uint32_t)-1 || u->num == num)
			u->adj = 0;
}

static void drop(struct sem_undo **pp)
{
	struct sem_undo *u = *pp;

	*pp = u->next;
	kfree(u);
	ipc_mem_give(sizeof(*u));
	nrecords--;
}

void sem_undo_free_all(struct sem_set *s)
{
	while (s->undo)
		drop(&s->undo);
}

/* Apply and drop tgid's records in one set; 1 if a value moved. */
static int undo_set(struct sem_set *s, int tgid)
{
	struct sem_undo **pp = &s->undo;
	int moved = 0;

	while (*pp) {
		struct sem_undo *u = *pp;

		if (u->tgid != tgid) {
			pp = &u->next;
			continue;
		}
		if (u->adj) {
			struct sem *sem = sem_at(s, u->num);
			int32_t v = sem->val + u->adj;

			sem->val = v < 0 ? 0 : v > SEMVMX ? SEMVMX : v;
			sem->pid = tgid;
			moved = 1;
		}
		drop(pp);
	}
	return moved;
}

void sem_exit(int tgid)
{
	for (int idx = 0; nrecords && idx < sem_table.top; idx++) {
		struct sem_set *s = (struct sem_set *)ipc_at(&sem_table, idx);

		if (s && undo_set(s, tgid))
			sem_update(s);
	}
}
