/*
 * unix_addr.c - AF_UNIX names, as Linux has them: a path names a socket
 * node in the filesystem (bind creates it - EADDRINUSE if the name exists
 * - and it stays after close until unlinked; connect finds the socket
 * through it); a name starting with a NUL is abstract, in one namespace
 * of its own, gone with its socket; binding with no name at all (or
 * sending with SO_PASSCRED unbound) picks an abstract "\0XXXXX" of five
 * hex digits (autobind).  getsockname gives the name as bound: a path with
 * its NUL, an abstract name at the length it was given.
 */
#include "net/unix.h"
#include "fs/fs.h"
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "lib/klib.h"

#define SUN_FAMILY_LEN 2             /* offsetof(struct sockaddr_un, sun_path) */

extern struct unix_sock *unix_all;   /* unix.c */

/* A user sockaddr_un into a name; len 0 means "none given" (autobind). */
int unix_addr_in(uint32_t uaddr, int len, struct unix_addr *a)
{
	uint16_t family;
	uint32_t n;

	if (len < SUN_FAMILY_LEN || len > SUN_FAMILY_LEN + UNIX_PATH_MAX)
		return -EINVAL;
	if (copy_from_user(&family, (void *)uaddr, sizeof(family)))
		return -EFAULT;
	if (family != AF_UNIX)
		return -EINVAL;
	n = (uint32_t)len - SUN_FAMILY_LEN;
	memset(a, 0, sizeof(*a));
	if (n && copy_from_user(a->name, (void *)(uaddr + SUN_FAMILY_LEN), n))
		return -EFAULT;
	if (n && a->name[0]) {               /* a path: up to its NUL, counted */
		uint32_t k = 0;

		while (k < n && a->name[k])
			k++;
		if (k == UNIX_PATH_MAX)
			return -EINVAL;          /* no room for the NUL Linux adds */
		a->name[k] = 0;
		n = k + 1;
	}
	a->len = n;
	return 0;
}

/* a as a struct sockaddr_un, through the sockets' common copy-out. */
int unix_addr_out(const struct unix_addr *a, uint32_t uaddr, uint32_t ulen)
{
	char buf[SUN_FAMILY_LEN + UNIX_PATH_MAX];
	uint16_t family = AF_UNIX;

	memcpy(buf, &family, sizeof(family));
	memcpy(buf + SUN_FAMILY_LEN, a->name, a->len);
	return sockaddr_copy_out(buf, SUN_FAMILY_LEN + a->len, uaddr, ulen);
}

static int is_abstract(const struct unix_addr *a)
{
	return a->len && a->name[0] == 0;
}

static struct unix_sock *abstract_owner(const struct unix_addr *a)
{
	for (struct unix_sock *v = unix_all; v; v = v->next_all)
		if (!v->borrowed && v->addr.len == a->len && !memcmp(v->addr.name, a->name, a->len))
			return v;
	return NULL;
}

int unix_autobind(struct unix_sock *u)
{
	static uint32_t order;
	struct unix_addr a;

	for (uint32_t tries = 0; tries < 0x100000; tries++) {
		memset(&a, 0, sizeof(a));
		a.len = 1 + (uint32_t)snprintf(a.name + 1, sizeof(a.name) - 1, "%05x",
					       order++ & 0xFFFFF);
		if (!abstract_owner(&a)) {
			u->addr = a;
			return 0;
		}
	}
	return -ENOSPC;
}

int unix_bind(struct unix_sock *u, const struct unix_addr *a)
{
	int rc;

	if (u->addr.len)
		return -EINVAL;              /* already bound */
	if (a->len == 0)
		return unix_autobind(u);
	if (is_abstract(a)) {
		if (abstract_owner(a))
			return -EADDRINUSE;
		u->addr = *a;
		return 0;
	}
	rc = vfs_mksock(curproc->fs->cwd, a->name, 0777 & ~curproc->fs->umask, u, &u->node);
	if (rc < 0)
		return rc == -EEXIST ? -EADDRINUSE : rc;
	u->addr = *a;
	return 0;
}

/* The socket a name reaches: ECONNREFUSED if none (or ENOENT ... from the
 * walk), EPROTOTYPE if it is of another type. */
int unix_find(const struct unix_addr *a, int type, struct unix_sock **out)
{
	struct unix_sock *v;
	void *sock;
	int rc;

	if (a->len == 0)
		return -EINVAL;
	if (is_abstract(a)) {
		if (!(v = abstract_owner(a)))
			return -ECONNREFUSED;
	} else {
		if ((rc = vfs_sock_at(curproc->fs->cwd, a->name, &sock)) < 0)
			return rc;
		if (!(v = sock))
			return -ECONNREFUSED;
	}
	if (v->s->type != type)
		return -EPROTOTYPE;
	*out = v;
	return 0;
}

void unix_unbind(struct unix_sock *u)
{
	if (u->node)
		vfs_sock_unbind(u->node);
	u->node = NULL;
}
