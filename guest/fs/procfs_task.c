/*
 * procfs_task.c - /proc/<pid>/task/: one directory per thread of the group,
 * named by its thread id, holding that thread's stat, status and comm, as
 * ps -T, top -H, glibc's pthread_getname_np and LTP read them.
 *
 * Like fd/, task/ is brought in step with the group's threads before each
 * lookup in it and each listing (the refresh hook): a directory for each
 * new thread, none for threads that are gone.  The texts come from the
 * process core (proc_thread_info) when a file is opened.
 *
 * The inodes say what they are: task/ holds its pid in rdev, a <tid>/
 * directory its tid; a file has its PROC_* kind in rdev, its <tid>/ as
 * parent, and task_gen as gen (which routes its open to procfs_open).
 */
#include "fs/fs.h"
#include "lib/klib.h"

#define MAX_THREADS 256               /* the process table's size */

static const struct {
	const char *name;
	int what;                     /* PROC_* of vfs.h */
} task_files[] = {
	{ "stat", PROC_STAT }, { "status", PROC_STATUS }, { "comm", PROC_COMM },
};

/* Marks the files of a <tid>/ directory; their text is procfs_task_text's. */
static int task_gen(char *buf, uint32_t n)
{
	(void)buf;
	(void)n;
	return 0;
}

static void dir_empty(struct inode *dir)
{
	while (dir->first)
		dir_remove(dir, dir->first);
}

static void tid_dir_add(struct inode *task, int tid)
{
	char name[12];
	struct inode *dir, *ip;

	snprintf(name, sizeof(name), "%d", tid);
	dir = procfs_add_node(task, name, I_DIR, S_IFDIR | 0555);
	if (!dir)
		return;                   /* without memory the thread is not listed */
	dir->rdev = (uint32_t)tid;
	for (uint32_t k = 0; k < ARRAY_SIZE(task_files); k++) {
		ip = procfs_add_node(dir, task_files[k].name, I_REG, S_IFREG | 0444);
		if (ip) {
			ip->rdev = (uint32_t)task_files[k].what;
			ip->parent = dir;
			ip->gen = task_gen;
		}
	}
}

static int listed(const int *tids, int n, uint32_t tid)
{
	for (int i = 0; i < n; i++)
		if ((uint32_t)tids[i] == tid)
			return 1;
	return 0;
}

static void task_dir_refresh(struct inode *task)
{
	static int tids[MAX_THREADS];
	int n = proc_threads((int)task->rdev, tids, MAX_THREADS);
	struct dirent *de, *next;
	char name[12];

	for (de = task->first; de; de = next) {
		next = de->next;
		if (!listed(tids, n, de->ip->rdev)) {
			dir_empty(de->ip);
			dir_remove(task, de);
		}
	}
	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "%d", tids[i]);
		if (!dir_find(task, name, strlen(name)))
			tid_dir_add(task, tids[i]);
	}
}

void procfs_task_add(struct inode *pid_dir, int pid)
{
	struct inode *task = procfs_add_node(pid_dir, "task", I_DIR, S_IFDIR | 0555);

	if (task) {
		task->rdev = (uint32_t)pid;
		task->refresh = task_dir_refresh;
	}
}

void procfs_task_remove(struct inode *pid_dir)
{
	struct dirent *de = dir_find(pid_dir, "task", 4);

	if (!de)
		return;
	while (de->ip->first) {
		dir_empty(de->ip->first->ip);
		dir_remove(de->ip, de->ip->first);
	}
	dir_remove(pid_dir, de);
}

int procfs_task_text(const struct inode *ip, char *buf, uint32_t n)
{
	struct inode *tid_dir = ip->parent, *task;

	if (ip->gen != task_gen)
		return -ENOENT;
	task = tid_dir ? tid_dir->parent : 0;   /* null once removed */
	if (!task)
		return -ESRCH;
	return proc_thread_info((int)task->rdev, (int)tid_dir->rdev, (int)ip->rdev, buf, n);
}
