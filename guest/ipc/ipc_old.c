/*
 * ipc_old.c - the *ctl structures in and out, in the IPC_64 layouts the
 * kernel keeps or in the old ones (16-bit ids and pids, no high time
 * words) that the ipc(2) multiplexer gives a cmd without IPC_64.
 *
 * Old layouts are converted as Linux converts them: an id above 65535
 * shows as the overflow id, counts are cut to 16 bits (the queue's byte
 * counts also appear whole in msg_lcbytes / msg_lqbytes), shmmax is held
 * to INT_MAX; IPC_SET takes the owner, group and mode (and a queue's
 * limit: msg_qbytes, or msg_lqbytes when that is 0).
 */
#include "ipc/ipc.h"
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "lib/klib.h"

static uint16_t low16(uint32_t v)
{
	return v > 0xFFFF ? 0xFFFF : (uint16_t)v;
}

static uint16_t old_id(uint32_t id)
{
	return id > 0xFFFF ? OVERFLOW_ID : (uint16_t)id;
}

static void perm_old(const struct ipc64_perm *in, struct ipc_perm_old *out)
{
	out->key = in->key;
	out->uid = old_id(in->uid);
	out->gid = old_id(in->gid);
	out->cuid = old_id(in->cuid);
	out->cgid = old_id(in->cgid);
	out->mode = in->mode;
	out->seq = in->seq;
}

static uint32_t sem_old(const struct semid64_ds *in, struct semid_ds_old *out)
{
	perm_old(&in->sem_perm, &out->sem_perm);
	out->sem_otime = in->sem_otime;
	out->sem_ctime = in->sem_ctime;
	out->sem_nsems = in->sem_nsems;
	return sizeof(*out);
}

static uint32_t shm_old(const struct shmid64_ds *in, struct shmid_ds_old *out)
{
	perm_old(&in->shm_perm, &out->shm_perm);
	out->shm_segsz = in->shm_segsz;
	out->shm_atime = in->shm_atime;
	out->shm_dtime = in->shm_dtime;
	out->shm_ctime = in->shm_ctime;
	out->shm_cpid = in->shm_cpid;
	out->shm_lpid = in->shm_lpid;
	out->shm_nattch = in->shm_nattch;
	return sizeof(*out);
}

static uint32_t msg_old(const struct msqid64_ds *in, struct msqid_ds_old *out)
{
	perm_old(&in->msg_perm, &out->msg_perm);
	out->msg_stime = in->msg_stime;
	out->msg_rtime = in->msg_rtime;
	out->msg_ctime = in->msg_ctime;
	out->msg_lcbytes = in->msg_cbytes;
	out->msg_lqbytes = in->msg_qbytes;
	out->msg_cbytes = low16(in->msg_cbytes);
	out->msg_qnum = low16(in->msg_qnum);
	out->msg_qbytes = low16(in->msg_qbytes);
	out->msg_lspid = in->msg_lspid;
	out->msg_lrpid = in->msg_lrpid;
	return sizeof(*out);
}

static uint32_t size64(int kind)
{
	return kind == 's' ? sizeof(struct semid64_ds) :
	       kind == 'm' ? sizeof(struct shmid64_ds) : sizeof(struct msqid64_ds);
}

int ipc_stat_out(int kind, int version, uint32_t ubuf, const void *ds64)
{
	union {
		struct semid_ds_old s;
		struct shmid_ds_old m;
		struct msqid_ds_old q;
	} old;
	uint32_t n;

	if (version == IPC_64)
		return copy_to_user((void *)ubuf, ds64, size64(kind)) ? -EFAULT : 0;
	if (version != IPC_OLD)
		return -EINVAL;
	memset(&old, 0, sizeof(old));
	n = kind == 's' ? sem_old(ds64, &old.s) :
	    kind == 'm' ? shm_old(ds64, &old.m) : msg_old(ds64, &old.q);
	return copy_to_user((void *)ubuf, &old, n) ? -EFAULT : 0;
}

int ipc_set_in(int kind, int version, uint32_t ubuf, void *ds64)
{
	union {
		struct semid_ds_old s;
		struct shmid_ds_old m;
		struct msqid_ds_old q;
	} old;
	const struct ipc_perm_old *p = &old.s.sem_perm;   /* first in each */
	struct ipc64_perm *out = ds64;                      /* first in each */
	uint32_t n = kind == 's' ? sizeof(old.s) : kind == 'm' ? sizeof(old.m) : sizeof(old.q);

	memset(ds64, 0, size64(kind));
	if (version == IPC_64)
		return copy_from_user(ds64, (void *)ubuf, size64(kind)) ? -EFAULT : 0;
	if (version != IPC_OLD)
		return -EINVAL;
	if (copy_from_user(&old, (void *)ubuf, n))
		return -EFAULT;
	out->uid = p->uid;
	out->gid = p->gid;
	out->mode = p->mode;
	if (kind == 'q')
		((struct msqid64_ds *)ds64)->msg_qbytes =
			old.q.msg_qbytes ? old.q.msg_qbytes : old.q.msg_lqbytes;
	return 0;
}

int shm_info_out(int version, uint32_t ubuf, const struct shminfo64 *in)
{
	struct shminfo_old old;

	if (version == IPC_64)
		return copy_to_user((void *)ubuf, in, sizeof(*in)) ? -EFAULT : 0;
	if (version != IPC_OLD)
		return -EINVAL;
	old.shmmax = in->shmmax > 0x7FFFFFFF ? 0x7FFFFFFF : (int32_t)in->shmmax;
	old.shmmin = in->shmmin;
	old.shmmni = in->shmmni;
	old.shmseg = in->shmseg;
	old.shmall = in->shmall;
	return copy_to_user((void *)ubuf, &old, sizeof(old)) ? -EFAULT : 0;
}
