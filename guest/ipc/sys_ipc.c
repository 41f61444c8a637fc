/*
 * sys_ipc.c - the System V IPC system calls as i386 Linux takes them: the
 * ipc(2) multiplexer that glibc uses, and the direct calls of Linux 5.1
 * and later; both decode into the same functions.
 *
 * ipc(call, first, second, third, ptr, fifth): the low 16 bits of call
 * choose the operation, the high 16 bits are a version.  The *ctl calls
 * through it take the layout from cmd (IPC_64, or the old one without),
 * semctl's argument is read from the pointer ptr, SEMTIMEDOP's timeout is
 * a 32-bit timespec, MSGRCV version 0 finds the buffer and type in a
 * struct ipc_kludge at ptr, and SHMAT stores the address at `third`.  The
 * direct *ctl calls take cmd as it is, always in the IPC_64 layouts.
 */
#include "ipc/sys_ipc.h"
#include "ipc/ipc.h"
#include "sys/linux.h"
#include "mm/uaccess.h"

/* The layout version carried in an old-style cmd: IPC_64 or IPC_OLD. */
static int version_of(int *cmd)
{
	if (*cmd & IPC_64) {
		*cmd &= ~IPC_64;
		return IPC_64;
	}
	return IPC_OLD;
}

static long ipc_semctl(int id, int num, int cmd, uint32_t uarg)
{
	uint32_t arg;
	int version = version_of(&cmd);

	if (!uarg)
		return -EINVAL;
	if (copy_from_user(&arg, (void *)uarg, 4))
		return -EFAULT;
	return sem_ctl(id, num, cmd, version, arg);
}

static long ipc_msgrcv(int version, int id, uint32_t size, int flags, uint32_t ptr,
                       int32_t type)
{
	struct ipc_kludge k;

	if (version != 0)
		return msg_rcv(id, ptr, size, type, flags);
	if (!ptr)
		return -EINVAL;
	if (copy_from_user(&k, (void *)ptr, sizeof(k)))
		return -EFAULT;
	return msg_rcv(id, k.msgp, size, k.msgtyp, flags);
}

static long ipc_shmat(int version, int id, uint32_t addr, int flags, uint32_t uraddr)
{
	uint32_t raddr;
	long rc;

	if (version == 1)
		return -EINVAL;              /* the iBCS2 entry: not on Linux either */
	rc = shm_at(id, addr, flags, &raddr);
	if (rc)
		return rc;
	return copy_to_user((void *)uraddr, &raddr, 4) ? -EFAULT : 0;
}

long sys_ipc(uint32_t call, int first, uint32_t second, uint32_t third, uint32_t ptr,
             uint32_t fifth)
{
	int version = call >> 16, cmd;

	switch (call & 0xFFFF) {
	case IPCOP_SEMOP:
		return sem_timedop(first, ptr, second, 0, 0);
	case IPCOP_SEMTIMEDOP:
		return sem_timedop(first, ptr, second, fifth, 0);
	case IPCOP_SEMGET:
		return sem_get(first, second, third);
	case IPCOP_SEMCTL:
		return ipc_semctl(first, second, third, ptr);
	case IPCOP_MSGSND:
		return msg_snd(first, ptr, second, third);
	case IPCOP_MSGRCV:
		return ipc_msgrcv(version, first, second, third, ptr, fifth);
	case IPCOP_MSGGET:
		return msg_get(first, second);
	case IPCOP_MSGCTL:
		cmd = second;
		version = version_of(&cmd);
		return msg_ctl(first, cmd, version, ptr);
	case IPCOP_SHMAT:
		return ipc_shmat(version, first, ptr, second, third);
	case IPCOP_SHMDT:
		return shm_dt(ptr);
	case IPCOP_SHMGET:
		return shm_get(first, second, third);
	case IPCOP_SHMCTL:
		cmd = second;
		version = version_of(&cmd);
		return shm_ctl(first, cmd, version, ptr);
	default:
		return -ENOSYS;
	}
}

long sys_semget(int32_t key, int nsems, int flags)
{
	return sem_get(key, nsems, flags);
}

long sys_semctl(int id, int num, int cmd, uint32_t arg)
{
	return sem_ctl(id, num, cmd, IPC_64, arg);
}

long sys_semtimedop_time64(int id, uint32_t usops, uint32_t nsops, uint32_t utimeout)
{
	return sem_timedop(id, usops, nsops, utimeout, 1);
}

long sys_shmget(int32_t key, uint32_t size, int flags)
{
	return shm_get(key, size, flags);
}

long sys_shmctl(int id, int cmd, uint32_t ubuf)
{
	return shm_ctl(id, cmd, IPC_64, ubuf);
}

long sys_shmat(int id, uint32_t addr, int flags)
{
	uint32_t raddr;
	long rc = shm_at(id, addr, flags, &raddr);

	return rc ? rc : (long)raddr;
}

long sys_shmdt(uint32_t addr)
{
	return shm_dt(addr);
}

long sys_msgget(int32_t key, int flags)
{
	return msg_get(key, flags);
}

long sys_msgsnd(int id, uint32_t umsg, uint32_t size, int flags)
{
	return msg_snd(id, umsg, size, flags);
}

long sys_msgrcv(int id, uint32_t umsg, uint32_t size, int32_t type, int flags)
{
	return msg_rcv(id, umsg, size, type, flags);
}

long sys_msgctl(int id, int cmd, uint32_t ubuf)
{
	return msg_ctl(id, cmd, IPC_64, ubuf);
}
