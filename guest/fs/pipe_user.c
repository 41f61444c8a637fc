/*
 * pipe_user.c - what pipe buffers each user holds, and the limits on it
 * (/proc/sys/fs/pipe-user-pages-soft and -hard), as Linux accounts them:
 * a pipe charges its size in pages to the real uid that made it, from
 * creation (not only the pages written) until it is freed.
 *
 * The limits bind only users without CAP_SYS_RESOURCE and CAP_SYS_ADMIN:
 * past the soft limit a new pipe gets PIPE_MIN_PAGES instead of the
 * default 16, past the hard one none at all, and F_SETPIPE_SZ may not
 * grow a pipe beyond either (pipe.c asks).  0 means no limit.
 */
#include "fs/fs.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

int pipe_user_pages_soft = 16384;   /* Linux's defaults: 64 MiB ... */
int pipe_user_pages_hard;           /* ... and no hard limit */

struct pipe_user {
	struct pipe_user *next;
	uint32_t uid;
	uint32_t pages;
};

static struct pipe_user *users;

static struct pipe_user *user_of(uint32_t uid, int make)
{
	struct pipe_user *u;

	for (u = users; u; u = u->next)
		if (u->uid == uid)
			return u;
	if (!make || !(u = kmalloc(sizeof(*u))))
		return NULL;
	u->uid = uid;
	u->next = users;
	users = u;
	return u;
}

static void user_drop(struct pipe_user *gone)
{
	struct pipe_user **pp = &users;

	while (*pp != gone)
		pp = &(*pp)->next;
	*pp = gone->next;
	kfree(gone);
}

/* uid's charge goes from old_pages to new_pages; its new total (what
 * the limits are checked against).  Without memory for a new user's
 * entry nothing is recorded and 0 is the answer: a small pipe is made
 * anyway and never found over a limit. */
uint32_t pipe_user_charge(uint32_t uid, uint32_t old_pages, uint32_t new_pages)
{
	struct pipe_user *u = user_of(uid, new_pages > 0);
	uint32_t total;

	if (!u)
		return 0;
	u->pages += new_pages - old_pages;
	total = u->pages;
	if (!total)
		user_drop(u);
	return total;
}

static int privileged(void)
{
	return capable(CAP_SYS_RESOURCE) || capable(CAP_SYS_ADMIN);
}

int pipe_user_over_soft(uint32_t total)
{
	return pipe_user_pages_soft > 0 && total > (uint32_t)pipe_user_pages_soft &&
	       !privileged();
}

int pipe_user_over_hard(uint32_t total)
{
	return pipe_user_pages_hard > 0 && total > (uint32_t)pipe_user_pages_hard &&
	       !privileged();
}
