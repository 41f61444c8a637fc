/* tst_ipc.c - the shared region of a new-API run (results, context,
 * checkpoint futexes): an anonymous shared page, or, when exec'd programs
 * must join in (needs_checkpoints, child_needs_reinit), a file in /dev/shm
 * (else $TMPDIR) named by $LTP_IPC_PATH that tst_reinit() maps again. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define TST_NO_DEFAULT_MAIN
#include "tst_test.h"
#include "tst_private.h"

struct tst_region *tst_region;
static char region_path[PATH_MAX];
static char env_var[PATH_MAX + 32];

static void *map_file(const char *path, int flags)
{
	int fd = open(path, flags, 0600);
	void *p;

	if (fd < 0)
		tst_brk(TBROK | TERRNO, "open(%s)", path);
	if ((flags & O_CREAT) && (fchmod(fd, 0666) || ftruncate(fd, getpagesize())))
		tst_brk(TBROK | TERRNO, "preparing %s", path);
	p = mmap(NULL, getpagesize(), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		tst_brk(TBROK | TERRNO, "mmap(%s)", path);
	close(fd);
	return p;
}

static void use_futexes(void)
{
	tst_futexes = tst_region->futexes;
	tst_max_futexes = (getpagesize() - sizeof(*tst_region)) / sizeof(uint32_t);
}

void tst_region_setup(int file_backed)
{
	struct tst_region *r;

	if (file_backed) {
		struct stat st;

		if (!stat("/dev/shm", &st) && S_ISDIR(st.st_mode) &&
		    !access("/dev/shm", W_OK))
			snprintf(region_path, sizeof(region_path),
				 "/dev/shm/ltp_%s_%d", tst_tcid, getpid());
		else
			snprintf(region_path, sizeof(region_path),
				 "%s/ltp_ipc_%s_%d", tst_get_tmpdir_root(),
				 tst_tcid, getpid());
		r = map_file(region_path, O_CREAT | O_EXCL | O_RDWR);
		snprintf(env_var, sizeof(env_var), IPC_ENV_VAR "=%s", region_path);
		putenv(env_var);
	} else {
		r = mmap(NULL, getpagesize(), PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (r == MAP_FAILED)
			tst_brk(TBROK | TERRNO, "mmap() of the results page");
	}
	memset(r, 0, getpagesize());
	r->magic = TST_REGION_MAGIC;
	r->lib_pid = getpid();
	tst_region = r;
	if (tst_test->needs_checkpoints)
		use_futexes();
}

void tst_region_cleanup(void)
{
	if (region_path[0]) {
		unlink(region_path);
		region_path[0] = 0;
	}
	if (tst_region) {
		munmap(tst_region, getpagesize());
		tst_region = NULL;
		tst_futexes = NULL;
		tst_max_futexes = 0;
	}
}

/* In a program exec'd by the test: report into the test's region. */
void tst_reinit(void)
{
	const char *path = getenv(IPC_ENV_VAR);
	struct tst_region *r;

	if (!path)
		tst_brk(TBROK, IPC_ENV_VAR " is not defined");
	if (access(path, F_OK))
		tst_brk(TBROK, "File %s does not exist!", path);
	r = map_file(path, O_RDWR);
	if (r->magic != TST_REGION_MAGIC)
		tst_brk(TBROK, "Invalid shared memory region (bad magic)");
	tst_region = r;
	use_futexes();
}
