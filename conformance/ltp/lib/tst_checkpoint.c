/* tst_checkpoint.c - checkpoints: numbered futex words in a shared page
 * (the new API's region, or the old API's file in the temporary directory)
 * and the first-generation struct tst_checkpoint. A wake counts the
 * waiters FUTEX_WAKE reports and retries every millisecond until exactly
 * the requested number were woken: the other side may not sleep yet. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdint.h>
#include <limits.h>
#include <errno.h>
#include <unistd.h>
#include <fcntl.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/futex.h>

#include "test.h"

#define DEFAULT_MSEC_TIMEOUT 10000

volatile uint32_t *tst_futexes;
unsigned int tst_max_futexes;

static int futex_wait_ms(volatile uint32_t *word, unsigned int msec)
{
	struct timespec ts = { msec / 1000, (msec % 1000) * 1000000L };
	int ret;

	do {
		ret = syscall(SYS_futex, word, FUTEX_WAIT, *word, &ts, NULL, 0);
	} while (ret == -1 && errno == EINTR);
	return ret;
}

static int futex_wake_n(volatile uint32_t *word, unsigned int nr_wake,
			unsigned int msec)
{
	unsigned int waited = 0, woken = 0;

	for (;;) {
		woken += syscall(SYS_futex, word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
		if (woken == nr_wake)
			return 0;
		usleep(1000);
		if (++waited >= msec) {
			errno = ETIMEDOUT;
			return -1;
		}
	}
}

static int check_id(unsigned int id)
{
	if (!tst_max_futexes)
		tst_brkm(TBROK, NULL, "Set test.needs_checkpoints = 1");
	if (id >= tst_max_futexes) {
		errno = EOVERFLOW;
		return -1;
	}
	return 0;
}

int tst_checkpoint_wait(unsigned int id, unsigned int msec_timeout)
{
	if (check_id(id))
		return -1;
	return futex_wait_ms(&tst_futexes[id], msec_timeout);
}

int tst_checkpoint_wake(unsigned int id, unsigned int nr_wake,
			unsigned int msec_timeout)
{
	if (check_id(id))
		return -1;
	return futex_wake_n(&tst_futexes[id], nr_wake, msec_timeout);
}

void tst_safe_checkpoint_wait(const char *file, const int lineno,
			      void (*cleanup_fn)(void), unsigned int id,
			      unsigned int msec_timeout)
{
	if (!msec_timeout)
		msec_timeout = DEFAULT_MSEC_TIMEOUT;
	if (tst_checkpoint_wait(id, msec_timeout))
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
			  "tst_checkpoint_wait(%u, %i) failed", id, msec_timeout);
}

void tst_safe_checkpoint_wake(const char *file, const int lineno,
			      void (*cleanup_fn)(void), unsigned int id,
			      unsigned int nr_wake)
{
	if (tst_checkpoint_wake(id, nr_wake, DEFAULT_MSEC_TIMEOUT))
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
			  "tst_checkpoint_wake(%u, %u, %i) failed", id, nr_wake,
			  DEFAULT_MSEC_TIMEOUT);
}

/* Old API: a page-sized file in the (already entered) temporary directory,
 * so exec'd children that init again in the same directory share it. */
void tst_checkpoint_init_files_(const char *file, const int lineno,
				void *cleanup)
{
	void (*cleanup_fn)(void) = (void (*)(void))cleanup;
	int fd;

	if (tst_futexes) {
		tst_brkm_(file, lineno, TBROK, cleanup_fn,
			  "checkpoints already initialized");
		return;
	}
	if (!tst_tmpdir_created()) {
		tst_brkm_(file, lineno, TBROK, cleanup_fn,
			  "Checkpoints require test to use tst_tmpdir() first");
		return;
	}
	fd = open("checkpoint_futex_base_file", O_RDWR | O_CREAT, 0666);
	if (fd < 0 || ftruncate(fd, getpagesize()))
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
			  "creating checkpoint_futex_base_file");
	tst_futexes = mmap(NULL, getpagesize(), PROT_READ | PROT_WRITE,
			   MAP_SHARED, fd, 0);
	if (tst_futexes == MAP_FAILED)
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn, "mmap()");
	tst_max_futexes = getpagesize() / sizeof(uint32_t);
	close(fd);
}

/* First generation: the struct points at a futex word in a shared page. */
void tst_checkpoint_init_struct_(const char *file, const int lineno, void *p)
{
	struct tst_checkpoint *cp = p;
	void *page = mmap(NULL, getpagesize(), PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (page == MAP_FAILED)
		tst_brkm_(file, lineno, TBROK | TERRNO, NULL, "mmap()");
	cp->word = page;
	cp->retval = 1;
	if (!cp->timeout)
		cp->timeout = DEFAULT_MSEC_TIMEOUT;
}

void tst_checkpoint_wait_struct_(const char *file, const int lineno,
				 void (*cleanup_fn)(void),
				 struct tst_checkpoint *cp)
{
	if (futex_wait_ms(cp->word, cp->timeout))
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
			  "checkpoint wait failed");
}

void tst_checkpoint_signal_struct_(const char *file, const int lineno,
				   void (*cleanup_fn)(void),
				   struct tst_checkpoint *cp)
{
	if (futex_wake_n(cp->word, 1, cp->timeout))
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
			  "checkpoint signal failed");
}
