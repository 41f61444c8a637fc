/* old_helpers.c - small helpers of LTP's old library that the oldest
 * sources call: create a file, a copy of a passwd entry, an address above
 * the heap, removing a SysV shared memory segment, no core dumps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <pwd.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/resource.h>

#include "test.h"

void do_file_setup(char *fname)
{
	int fd = open(fname, O_RDWR | O_CREAT, 0700);

	if (fd == -1) {
		tst_resm(TBROK, "open(%s, O_RDWR|O_CREAT,0700) Failed, errno=%d : %s",
			 fname, errno, strerror(errno));
		return;
	}
	if (close(fd) == -1)
		tst_resm(TWARN, "close(%s) Failed on file create, errno=%d : %s",
			 fname, errno, strerror(errno));
}

struct passwd *my_getpwnam(char *name)
{
	struct passwd *pw = getpwnam(name), *copy;

	if (!pw)
		tst_brkm(TBROK, NULL, "getpwnam(%s) failed", name);
	copy = malloc(sizeof(*copy));
	if (!copy)
		tst_brkm(TBROK, NULL, "malloc() failed");
	*copy = *pw;
	return copy;
}

/* Four pages above the current break: not mapped. */
char *get_high_address(void)
{
	return (char *)sbrk(0) + 4 * getpagesize();
}

void rm_shm(int shm_id)
{
	if (shmctl(shm_id, IPC_RMID, NULL) == -1) {
		tst_resm(TINFO, "WARNING: shared memory deletion failed.");
		tst_resm(TINFO, "This could lead to IPC resource problems.");
		tst_resm(TINFO, "id = %d", shm_id);
	}
}

void tst_no_corefile(int verbose)
{
	struct rlimit rl = { 0, 0 };

	if (getrlimit(RLIMIT_CORE, &rl) == 0 && rl.rlim_max > 0 && rl.rlim_cur > 0) {
		rl.rlim_cur = 0;
		if (setrlimit(RLIMIT_CORE, &rl))
			tst_resm(TWARN | TERRNO, "setrlimit(RLIMIT_CORE) failed");
	}
	if (verbose)
		tst_resm(TINFO, "Avoid dumping corefile for process(pid=%d)",
			 getpid());
}

int tst_is_cwd_nfs(void)
{
	return tst_fs_type_(NULL, ".") == TST_NFS_MAGIC;
}

/* A SysV IPC key from the current directory and a counter. */
key_t getipckey(void)
{
	static int proj;
	char cwd[4096];
	key_t key;

	if (!getcwd(cwd, sizeof(cwd)))
		tst_brkm(TBROK | TERRNO, NULL, "getcwd() failed");
	key = ftok(cwd, ++proj & 0xff);
	if (key == -1)
		tst_brkm(TBROK | TERRNO, NULL, "ftok(%s) failed", cwd);
	return key;
}

int tst_is_cwd_tmpfs(void)
{
	return tst_fs_type_(NULL, ".") == TST_TMPFS_MAGIC;
}

/* The old IPC library's key variable, set by the tests themselves. */
key_t semkey __attribute__((weak));

int tst_is_cwd_ramfs(void)
{
	return tst_fs_type_(NULL, ".") == TST_RAMFS_MAGIC;
}
