/*
 * t_mount.c - checks of mounting tmpfs: mount(2) and umount(2) of a new
 * RAM-filesystem tree, its options, remounting it read-only and back,
 * what a read-only mount refuses (EROFS), what makes an unmount or a
 * read-only remount busy (EBUSY), and the errors of mount itself.
 *
 * Runs as root, on the host in a private mount namespace (the shell
 * tests' host run), so nothing is left mounted anywhere but here.
 */
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <stdlib.h>
#include "check.h"

#define DIR_  "/tmp/t_mount"
#define FILE_ DIR_ "/f"
#define TMPFS_MAGIC 0x01021994
#define ST_RDONLY_ 1

static dev_t dev_of(const char *path)
{
	struct stat st;

	return stat(path, &st) ? (dev_t)-1 : st.st_dev;
}

/* The /proc/mounts line of DIR_: its source, type and first option. */
static int mounts_line(char *src, char *type, char *opt)
{
	char line[512], path[256], opts[256];
	FILE *f = fopen("/proc/mounts", "r");
	int found = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "%63s %255s %31s %255s", src, path, type, opts) == 4 &&
		    strcmp(path, DIR_) == 0) {
			strcpy(opt, strtok(opts, ","));
			found = 1;
		}
	fclose(f);
	return found;
}

static void test_mount(void)
{
	char src[64], type[32], opt[256], buf[16];
	struct statfs sf;
	struct stat st;
	int fd;

	CHECK(mkdir(DIR_, 0755) == 0, "mkdir the mount point");
	CHECK(mount("t_src", DIR_, "tmpfs", 0, "mode=0750,size=1m") == 0, "mount tmpfs");
	CHECK(stat(DIR_, &st) == 0 && st.st_mode == (S_IFDIR | 0750) && st.st_nlink == 2,
	      "its root: a directory of mode 0750 (mode=), two links");
	CHECK(dev_of(DIR_) != dev_of("/tmp"), "its own device number");
	CHECK(statfs(DIR_, &sf) == 0 && sf.f_type == TMPFS_MAGIC && !(sf.f_flags & ST_RDONLY_),
	      "statfs: tmpfs, writable");
	CHECK(mounts_line(src, type, opt) && strcmp(src, "t_src") == 0 &&
	      strcmp(type, "tmpfs") == 0 && strcmp(opt, "rw") == 0,
	      "/proc/mounts: t_src %s tmpfs rw", DIR_);
	fd = open(FILE_, O_CREAT | O_RDWR, 0644);
	CHECK(fd >= 0 && write(fd, "data", 4) == 4 && pread(fd, buf, 4, 0) == 4 &&
	      memcmp(buf, "data", 4) == 0, "a file in it, written and read");
	CHECK(dev_of(FILE_) == dev_of(DIR_), "the file is on the mount's device");
	errno = 0;
	CHECK(link(FILE_, "/tmp/t_mount_link") == -1 && errno == EXDEV, "link out of it: EXDEV");
	errno = 0;
	CHECK(rename(FILE_, "/tmp/t_mount_moved") == -1 && errno == EXDEV,
	      "rename out of it: EXDEV");
	errno = 0;
	CHECK(umount(DIR_) == -1 && errno == EBUSY, "umount with a file open: EBUSY");
	errno = 0;
	CHECK(mount(NULL, DIR_, NULL, MS_REMOUNT | MS_RDONLY, NULL) == -1 && errno == EBUSY,
	      "remount read-only with a file open for writing: EBUSY");
	close(fd);
}

static void test_read_only(void)
{
	struct statfs sf;
	char src[64], type[32], opt[256], buf[16];
	int fd;

	CHECK(mount(NULL, DIR_, NULL, MS_REMOUNT | MS_RDONLY, NULL) == 0,
	      "remount read-only (no source, no type)");
	CHECK(statfs(DIR_, &sf) == 0 && (sf.f_flags & ST_RDONLY_), "statfs: ST_RDONLY");
	CHECK(mounts_line(src, type, opt) && strcmp(opt, "ro") == 0, "/proc/mounts: ro");
	errno = 0;
	CHECK(open(DIR_ "/new", O_CREAT | O_WRONLY, 0644) == -1 && errno == EROFS,
	      "create: EROFS");
	errno = 0;
	CHECK(open(FILE_, O_WRONLY) == -1 && errno == EROFS, "open for writing: EROFS");
	errno = 0;
	CHECK(unlink(FILE_) == -1 && errno == EROFS, "unlink: EROFS");
	errno = 0;
	CHECK(mkdir(DIR_ "/d", 0755) == -1 && errno == EROFS, "mkdir: EROFS");
	errno = 0;
	CHECK(chmod(FILE_, 0600) == -1 && errno == EROFS, "chmod: EROFS");
	errno = 0;
	CHECK(truncate(FILE_, 0) == -1 && errno == EROFS, "truncate: EROFS");
	fd = open(FILE_, O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, 4) == 4 && memcmp(buf, "data", 4) == 0,
	      "reading still works");
	close(fd);
	CHECK(mount(NULL, DIR_, NULL, MS_REMOUNT, NULL) == 0, "remount read-write");
	fd = open(DIR_ "/new", O_CREAT | O_WRONLY, 0644);
	CHECK(fd >= 0, "create works again");
	close(fd);
}

static void test_umount(void)
{
	pid_t pid;
	int status;

	pid = fork();
	if (pid == 0) {
		if (chdir(DIR_))
			_exit(2);
		_exit(umount(DIR_) == -1 && errno == EBUSY ? 0 : 1);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "umount while a process's working directory is in it: EBUSY");
	CHECK(umount(DIR_) == 0, "umount");
	CHECK(dev_of(DIR_) == dev_of("/tmp"), "the mount point is itself again");
	errno = 0;
	CHECK(access(FILE_, F_OK) == -1 && errno == ENOENT, "the tree's files are gone");
	errno = 0;
	CHECK(umount(DIR_) == -1 && errno == EINVAL, "umount of a directory that is no mount: EINVAL");
	CHECK(mount(NULL, DIR_, "tmpfs", 0, NULL) == 0 && umount(DIR_) == 0,
	      "mount with no source and no options, and umount");
}

static void test_errors(void)
{
	pid_t pid;
	int status, fd;

	errno = 0;
	CHECK(mount("x", DIR_, "tmpfs", 0, "bogus=1") == -1 && errno == EINVAL,
	      "an option tmpfs does not know: EINVAL");
	errno = 0;
	CHECK(mount("x", DIR_, "tmpfs", 0, "mode=9") == -1 && errno == EINVAL,
	      "a mode that is not octal: EINVAL");
	errno = 0;
	CHECK(mount("x", DIR_, "nosuchfs", 0, NULL) == -1 && errno == ENODEV,
	      "an unknown filesystem type: ENODEV");
	errno = 0;
	CHECK(mount("x", "/tmp/t_mount_none", "tmpfs", 0, NULL) == -1 && errno == ENOENT,
	      "a missing mount point: ENOENT");
	fd = open("/tmp/t_mount_file", O_CREAT | O_WRONLY, 0644);
	close(fd);
	errno = 0;
	CHECK(mount("x", "/tmp/t_mount_file/", "tmpfs", 0, NULL) == -1 && errno == ENOTDIR,
	      "a file as the mount point: ENOTDIR");
	unlink("/tmp/t_mount_file");
	errno = 0;
	CHECK(mount(NULL, DIR_, NULL, MS_REMOUNT | MS_RDONLY, NULL) == -1 && errno == EINVAL,
	      "remount of a directory that is no mount: EINVAL");
	pid = fork();
	if (pid == 0) {
		if (setuid(65534))
			_exit(2);
		_exit(mount("x", DIR_, "tmpfs", 0, NULL) == -1 && errno == EPERM &&
		      umount("/tmp") == -1 && errno == EPERM ? 0 : 1);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "mount and umount without privilege: EPERM");
	rmdir(DIR_);
}

int main(void)
{
	test_mount();
	test_read_only();
	test_umount();
	test_errors();
	return check_summary("t_mount");
}
