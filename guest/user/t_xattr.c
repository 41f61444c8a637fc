/*
 * t_xattr.c - extended attributes on the RAM filesystem (/tmp), as tmpfs
 * keeps them: set, get, list and remove through a path, a link and a
 * descriptor; XATTR_CREATE and XATTR_REPLACE; the sizes (asking with 0,
 * ERANGE, E2BIG, the longest name); user.* only on regular files and
 * directories (EPERM, ENODATA elsewhere, pipes included); trusted.* for
 * root only; unknown prefixes (EOPNOTSUPP); a user without write permission
 * (EACCES); and attributes going with the file.
 *
 * Prints one line per check, the same on Linux as on our kernel.
 */
#include "check.h"
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>

#define DIR_ "/tmp/t_xattr.d"
#define FILE_ DIR_ "/f"
#define LINK_ DIR_ "/l"

static char big[65537];

static void test_basic(void)
{
	char buf[64] = "";
	int fd = open(FILE_, O_RDWR | O_CREAT, 0644);

	CHECK(setxattr(FILE_, "user.a", "one", 3, 0) == 0, "setxattr(user.a)");
	CHECK(getxattr(FILE_, "user.a", buf, sizeof buf) == 3 && memcmp(buf, "one", 3) == 0,
	      "getxattr gives the value back");
	CHECK(getxattr(FILE_, "user.a", NULL, 0) == 3, "getxattr with size 0 gives the size");
	errno = 0;
	CHECK(getxattr(FILE_, "user.a", buf, 2) == -1 && errno == ERANGE, "a small buffer = ERANGE");
	errno = 0;
	CHECK(setxattr(FILE_, "user.a", "two", 3, XATTR_CREATE) == -1 && errno == EEXIST,
	      "XATTR_CREATE of an existing one = EEXIST");
	errno = 0;
	CHECK(setxattr(FILE_, "user.b", "x", 1, XATTR_REPLACE) == -1 && errno == ENODATA,
	      "XATTR_REPLACE of a missing one = ENODATA");
	CHECK(fsetxattr(fd, "user.a", "three", 5, XATTR_REPLACE) == 0 &&
	      fgetxattr(fd, "user.a", buf, sizeof buf) == 5 && memcmp(buf, "three", 5) == 0,
	      "fsetxattr replaces, fgetxattr reads it");
	CHECK(setxattr(FILE_, "user.empty", "", 0, 0) == 0 &&
	      getxattr(FILE_, "user.empty", buf, sizeof buf) == 0, "an empty value");
	errno = 0;
	CHECK(getxattr(FILE_, "user.none", buf, sizeof buf) == -1 && errno == ENODATA,
	      "getxattr of a missing one = ENODATA");
	errno = 0;
	CHECK(setxattr(FILE_, "user.a", "v", 1, 4) == -1 && errno == EINVAL, "an unknown flag = EINVAL");
	close(fd);
}

static void test_list_remove(void)
{
	char list[64];
	int fd = open(FILE_, O_RDONLY);

	CHECK(listxattr(FILE_, NULL, 0) == 18, "listxattr with size 0: the length (user.a, user.empty)");
	CHECK(flistxattr(fd, list, sizeof list) == 18 &&
	      ((strcmp(list, "user.a") == 0 && strcmp(list + 7, "user.empty") == 0) ||
	       (strcmp(list, "user.empty") == 0 && strcmp(list + 11, "user.a") == 0)),
	      "flistxattr: the names, NUL-separated (in no set order)");
	errno = 0;
	CHECK(listxattr(FILE_, list, 10) == -1 && errno == ERANGE, "listxattr into a small buffer = ERANGE");
	CHECK(removexattr(FILE_, "user.empty") == 0 && listxattr(FILE_, list, sizeof list) == 7,
	      "removexattr takes it out of the list");
	errno = 0;
	CHECK(fremovexattr(fd, "user.empty") == -1 && errno == ENODATA,
	      "removing it again = ENODATA");
	close(fd);
}

static void test_sizes(void)
{
	char name[300];

	memset(big, 'v', sizeof big);
	errno = 0;
	CHECK(setxattr(FILE_, "user.big", big, 65537, 0) == -1 && errno == E2BIG,
	      "a value over 64 KiB = E2BIG");
	CHECK(setxattr(FILE_, "user.big", big, 65536, 0) == 0 &&
	      getxattr(FILE_, "user.big", NULL, 0) == 65536, "a 64 KiB value");
	big[70] = 0;
	CHECK(getxattr(FILE_, "user.big", big, 65536) == 65536 && big[70] == 'v',
	      "the 64 KiB value read back whole");
	removexattr(FILE_, "user.big");
	strcpy(name, "user.");
	memset(name + 5, 'n', 250);
	name[255] = 0;
	CHECK(setxattr(FILE_, name, "x", 1, 0) == 0 && removexattr(FILE_, name) == 0,
	      "a name of 255 bytes");
	name[255] = 'n';
	name[256] = 0;
	errno = 0;
	CHECK(setxattr(FILE_, name, "x", 1, 0) == -1 && errno == ERANGE, "a name of 256 bytes = ERANGE");
	errno = 0;
	CHECK(setxattr(FILE_, "", "x", 1, 0) == -1 && errno == ERANGE, "an empty name = ERANGE");
	errno = 0;
	CHECK(setxattr(FILE_, "user.", "x", 1, 0) == -1 && errno == EINVAL, "a bare user. = EINVAL");
	errno = 0;
	CHECK(setxattr(FILE_, "bogus.a", "x", 1, 0) == -1 && errno == EOPNOTSUPP,
	      "an unknown prefix = EOPNOTSUPP");
}

static void test_kinds(void)
{
	char buf[8];
	int p[2];

	CHECK(setxattr(DIR_, "user.d", "dir", 3, 0) == 0 && getxattr(DIR_, "user.d", buf, 8) == 3,
	      "a directory takes user.*");
	CHECK(symlink("f", LINK_) == 0 && getxattr(LINK_, "user.a", buf, 8) == 5,
	      "getxattr follows a symlink");
	errno = 0;
	CHECK(lsetxattr(LINK_, "user.l", "x", 1, 0) == -1 && errno == EPERM,
	      "lsetxattr(user.*) on the link itself = EPERM");
	errno = 0;
	CHECK(lgetxattr(LINK_, "user.a", buf, 8) == -1 && errno == ENODATA,
	      "lgetxattr(user.*) on the link itself = ENODATA");
	CHECK(llistxattr(LINK_, buf, 8) == 0, "llistxattr of the link: none");
	CHECK(pipe(p) == 0, "pipe");
	errno = 0;
	CHECK(fsetxattr(p[1], "user.p", "x", 1, 0) == -1 && errno == EPERM, "fsetxattr on a pipe = EPERM");
	errno = 0;
	CHECK(fgetxattr(p[0], "user.p", buf, 8) == -1 && errno == ENODATA, "fgetxattr on a pipe = ENODATA");
	close(p[0]);
	close(p[1]);
	errno = 0;
	CHECK(fgetxattr(99, "user.a", buf, 8) == -1 && errno == EBADF, "a closed descriptor = EBADF");
	errno = 0;
	CHECK(getxattr(DIR_ "/none", "user.a", buf, 8) == -1 && errno == ENOENT, "a missing file = ENOENT");
}

/* As nobody: trusted.* is invisible and closed, a file not writable is EACCES. */
static void test_users(void)
{
	pid_t pid;
	int st = -1;

	CHECK(setxattr(FILE_, "trusted.t", "root", 4, 0) == 0, "root sets trusted.*");
	chmod(FILE_, 0644);
	pid = fork();
	if (pid == 0) {
		char buf[64];
		int ok = setuid(65534) == 0;

		ok &= getxattr(FILE_, "trusted.t", buf, sizeof buf) == -1 && errno == ENODATA;
		ok &= setxattr(FILE_, "trusted.u", "x", 1, 0) == -1 && errno == EPERM;
		ok &= listxattr(FILE_, buf, sizeof buf) == 7;   /* user.a only */
		ok &= getxattr(FILE_, "user.a", buf, sizeof buf) == 5;
		ok &= setxattr(FILE_, "user.a", "x", 1, 0) == -1 && errno == EACCES;
		_exit(ok ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "nobody: trusted.* hidden and closed, user.* read-only without write permission");
	CHECK(listxattr(FILE_, NULL, 0) == 17, "root lists trusted.* too");
}

int main(void)
{
	mkdir(DIR_, 0755);
	test_basic();
	test_list_remove();
	test_sizes();
	test_kinds();
	test_users();
	unlink(LINK_);
	unlink(FILE_);
	CHECK(rmdir(DIR_) == 0, "the file and its attributes go");
	return check_summary("t_xattr");
}
