/*
 * shm.c - System V shared memory segments: shmget, shmctl, and the
 * segment's pages.
 *
 * A segment is a size and an array of frames, each made (zeroed) when a
 * process first touches that page through an attachment (shm_attach.c);
 * the segment holds one reference to each frame and every mapping of it
 * one more (page.c's counts), so the frames go only when the segment and
 * the last mapping have.  IPC_RMID of a segment still attached only marks
 * it SHM_DEST and makes its key private, as Linux does: it is destroyed
 * at the last detach.  Limits are Linux's defaults (SHMMNI, SHMMIN,
 * SHMMAX and SHMALL for a 32-bit kernel).
 */
#include "ipc/shm.h"
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

static uint32_t shm_tot;            /* pages of all segments */
static uint32_t shm_rss;            /* ... of them with a frame */

static struct shm_seg *seg_of(struct ipc_obj *o)
{
	return (struct shm_seg *)o;
}

uint32_t shm_frame(struct shm_seg *s, uint32_t i)
{
	uint32_t *slot = ipc_array_at(&s->frames, i, 1), pfn;

	if (!slot)
		return VMI_INVALID_PFN;
	if (!*slot) {
		pfn = page_alloc();
		if (pfn == VMI_INVALID_PFN)
			return pfn;
		*slot = pfn + 1;
		shm_rss++;
	}
	return *slot - 1;
}

static void destroy(struct shm_seg *s)
{
	for (uint32_t i = 0; i < s->npages; i++) {
		uint32_t *slot = ipc_array_at(&s->frames, i, 0);

		if (slot && *slot) {
			page_put(*slot - 1);
			shm_rss--;
		}
	}
	ipc_array_free(&s->frames);
	shm_tot -= s->npages;
	ipc_remove(&shm_table, &s->o);
	kfree(s);
}

void shm_maybe_destroy(struct shm_seg *s)
{
	if (s->nattch == 0 && (s->o.mode & SHM_DEST))
		destroy(s);
}

static int make(int32_t key, int flags, uint32_t size)
{
	uint32_t npages = (uint32_t)(((uint64_t)size + PAGE_SIZE - 1) / PAGE_SIZE);
	struct shm_seg *s;
	int id;

	if (size < SHMMIN || size > SHMMAX)
		return -EINVAL;
	if (shm_tot + npages < shm_tot || shm_tot + npages > SHMALL)
		return -ENOSPC;
	s = kmalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	if (ipc_array_init(&s->frames, npages, sizeof(uint32_t), 0)) {
		kfree(s);
		return -ENOMEM;
	}
	id = ipc_insert(&shm_table, &s->o, key, flags);
	if (id < 0) {
		ipc_array_free(&s->frames);
		kfree(s);
		return id;
	}
	s->size = size;
	s->npages = npages;
	s->cpid = ipc_tgid();
	shm_tot += npages;
	return id;
}

static int check_fn(struct ipc_obj *o, uint32_t size)
{
	return seg_of(o)->size < size ? -EINVAL : 0;
}

long shm_get(int32_t key, uint32_t size, int flags)
{
	return ipc_get(&shm_table, key, flags, size, make, check_fn);
}

static void fill_stat(struct shm_seg *s, struct shmid64_ds *ds)
{
	memset(ds, 0, sizeof(*ds));
	ipc_perm_out(&s->o, &ds->shm_perm);
	ds->shm_segsz = s->size;
	ds->shm_atime = s->atime;
	ds->shm_dtime = s->dtime;
	ds->shm_ctime = s->o.ctime;
	ds->shm_cpid = s->cpid;
	ds->shm_lpid = s->lpid;
	ds->shm_nattch = s->nattch;
}

/* IPC_STAT by id; SHM_STAT and SHM_STAT_ANY by slot, returning the id. */
static long stat(int id, int cmd, int version, uint32_t ubuf)
{
	struct ipc_obj *o = cmd == IPC_STAT ? ipc_lookup(&shm_table, id)
	                                    : ipc_at(&shm_table, id);
	struct shmid64_ds ds;
	int rc;

	if (!o)
		return -EINVAL;
	if (cmd != SHM_STAT_ANY && (rc = ipc_allowed(o, IPC_R)) != 0)
		return rc;
	fill_stat(seg_of(o), &ds);
	rc = ipc_stat_out('m', version, ubuf, &ds);
	if (rc)
		return rc;
	return cmd == IPC_STAT ? 0 : ipc_id(o);
}

static long info(int cmd, int version, uint32_t ubuf)
{
	int rc;

	if (cmd == IPC_INFO) {
		struct shminfo64 si = { .shmmax = SHMMAX, .shmmin = SHMMIN,
		                        .shmmni = SHMMNI, .shmseg = SHMMNI, .shmall = SHMALL };

		rc = shm_info_out(version, ubuf, &si);
	} else {
		struct shm_info si = { .used_ids = shm_table.in_use,
		                       .shm_tot = shm_tot, .shm_rss = shm_rss };

		rc = copy_to_user((void *)ubuf, &si, sizeof(si)) ? -EFAULT : 0;
	}
	return rc ? rc : ipc_max_idx(&shm_table);
}

static long set(int id, int version, uint32_t ubuf)
{
	struct shmid64_ds ds;
	struct ipc_obj *o;
	int rc = ipc_set_in('m', version, ubuf, &ds);

	if (rc)
		return rc;
	o = ipc_lookup(&shm_table, id);     /* after the copy, which may sleep */
	if (!o)
		return -EINVAL;
	if ((rc = ipc_owner(o)) != 0)
		return rc;
	return ipc_perm_set(o, &ds.shm_perm);
}

static long rmid(int id)
{
	struct ipc_obj *o = ipc_lookup(&shm_table, id);
	int rc;

	if (!o)
		return -EINVAL;
	if ((rc = ipc_owner(o)) != 0)
		return rc;
	o->mode |= SHM_DEST;
	o->key = IPC_PRIVATE;
	shm_maybe_destroy(seg_of(o));
	return 0;
}

/* SHM_LOCK / SHM_UNLOCK: frames are never swapped here, so the flag is
 * all there is; the owner or CAP_IPC_LOCK may set it. */
static long lock(int id, int cmd)
{
	struct ipc_obj *o = ipc_lookup(&shm_table, id);
	uint32_t euid = proc_cred(curproc)->uid[ID_EFF];

	if (!o)
		return -EINVAL;
	if (!capable(CAP_IPC_LOCK) && euid != o->uid && euid != o->cuid)
		return -EPERM;
	if (cmd == SHM_LOCK)
		o->mode |= SHM_LOCKED;
	else
		o->mode &= ~SHM_LOCKED;
	return 0;
}

long shm_ctl(int id, int cmd, int version, uint32_t ubuf)
{
	if (cmd < 0 || id < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO: case SHM_INFO:
		return info(cmd, version, ubuf);
	case IPC_STAT: case SHM_STAT: case SHM_STAT_ANY:
		return stat(id, cmd, version, ubuf);
	case IPC_SET:
		return set(id, version, ubuf);
	case IPC_RMID:
		return rmid(id);
	case SHM_LOCK: case SHM_UNLOCK:
		return lock(id, cmd);
	default:
		return -EINVAL;
	}
}
