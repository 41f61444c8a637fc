/*
 * sys_cred.c - the system calls of user and group ids: get/set of the
 * real, effective, saved and filesystem ids with Linux's rules for who
 * may change what, the supplementary groups, and the old 16-bit forms
 * (i386's first calls, which LTP's *_16 tests use: -1 is 0xffff there,
 * and an id above 65535 reads as 65534).  Uids and gids follow the same
 * rules, so each rule is written once over an id array.
 */
#include "kernel.h"
#include "proc/proc.h"
#include "proc/cred.h"
#include "mm/uaccess.h"
#include "lib/klib.h"

#define NGROUPS_MAX 65536          /* Linux's bound on setgroups' count */
#define KEEP ((uint32_t)-1)

static uint32_t *ids(int group)
{
	struct cred *c = proc_cred(curproc);

	return group ? c->gid : c->uid;
}

static enum cap set_cap(int group)
{
	return group ? CAP_SETGID : CAP_SETUID;
}

static int is_current(const uint32_t *id, uint32_t v)
{
	return v == id[ID_REAL] || v == id[ID_EFF] || v == id[ID_SAVED];
}

/* The ids were old: a uid change moves the capabilities (caps.c); as
 * Linux's commit_creds, a process whose effective or filesystem id
 * changed may no longer dump core (suid_dumpable 0). */
static void ids_changed(int group, const uint32_t *old)
{
	const uint32_t *id = ids(group);

	if (!group)
		caps_setxuid(old, id);
	if (id[ID_EFF] != old[ID_EFF] || id[ID_FS] != old[ID_FS])
		curproc->mm->dumpable = 0;
	cred_publish(curproc);
}

/* setuid(2): root sets all three; others may only pick real or saved. */
static long set_id(int group, uint32_t v)
{
	uint32_t *id = ids(group), old[ID_KINDS];

	memcpy(old, id, sizeof(old));
	if (v == KEEP)
		return -EINVAL;
	if (capable(set_cap(group)))
		id[ID_REAL] = id[ID_SAVED] = v;
	else if (v != id[ID_REAL] && v != id[ID_SAVED])
		return -EPERM;
	id[ID_EFF] = id[ID_FS] = v;
	ids_changed(group, old);
	return 0;
}

/* setreuid(2): the saved id follows the effective one whenever the real
 * one is set or the effective one leaves the real one. */
static long set_re_id(int group, uint32_t r, uint32_t e)
{
	uint32_t *id = ids(group), old[ID_KINDS];
	int cap = capable(set_cap(group));

	if (r != KEEP && !cap && r != id[ID_REAL] && r != id[ID_EFF])
		return -EPERM;
	if (e != KEEP && !cap && !is_current(id, e))
		return -EPERM;
	memcpy(old, id, sizeof(old));
	if (r != KEEP)
		id[ID_REAL] = r;
	if (e != KEEP)
		id[ID_EFF] = e;
	if (r != KEEP || (e != KEEP && e != old[ID_REAL]))
		id[ID_SAVED] = id[ID_EFF];
	id[ID_FS] = id[ID_EFF];
	ids_changed(group, old);
	return 0;
}

/* setresuid(2): each new id one of the current three, unless privileged. */
static long set_res_id(int group, uint32_t r, uint32_t e, uint32_t s)
{
	uint32_t *id = ids(group), v[3] = { r, e, s }, old[ID_KINDS];

	for (int i = 0; i < 3; i++)
		if (v[i] != KEEP && !capable(set_cap(group)) && !is_current(id, v[i]))
			return -EPERM;
	memcpy(old, id, sizeof(old));
	for (int i = 0; i < 3; i++)
		if (v[i] != KEEP)
			id[i] = v[i];          /* ID_REAL, ID_EFF, ID_SAVED in order */
	id[ID_FS] = id[ID_EFF];
	ids_changed(group, old);
	return 0;
}

/* setfsuid(2): returns the old one whether or not it changed; the
 * file-access capabilities follow a filesystem uid 0 (caps.c). */
static long set_fs_id(int group, uint32_t v)
{
	uint32_t *id = ids(group), old = id[ID_FS];

	if (v != KEEP && (capable(set_cap(group)) || is_current(id, v) || v == old)) {
		id[ID_FS] = v;
		if (!group)
			caps_setfsuid(old, v);
		if (v != old)
			curproc->mm->dumpable = 0;
	}
	return old;
}

static long get_res_id(int group, uint32_t ua, uint32_t ub, uint32_t uc, int size)
{
	uint32_t *id = ids(group), u[3] = { ua, ub, uc };

	for (int i = 0; i < 3; i++) {
		uint16_t low = id[i] > 0xffff ? OVERFLOW_ID : id[i];
		void *src = size == 2 ? (void *)&low : (void *)&id[i];

		if (copy_to_user((void *)u[i], src, size))
			return -EFAULT;
	}
	return 0;
}

static uint32_t from16(uint32_t v)
{
	return (v & 0xffff) == 0xffff ? KEEP : (v & 0xffff);
}

static long to16(uint32_t v)
{
	return v > 0xffff ? OVERFLOW_ID : v;
}

long sys_getuid(void)  { return ids(0)[ID_REAL]; }
long sys_geteuid(void) { return ids(0)[ID_EFF]; }
long sys_getgid(void)  { return ids(1)[ID_REAL]; }
long sys_getegid(void) { return ids(1)[ID_EFF]; }
long sys_getuid16(void)  { return to16(ids(0)[ID_REAL]); }
long sys_geteuid16(void) { return to16(ids(0)[ID_EFF]); }
long sys_getgid16(void)  { return to16(ids(1)[ID_REAL]); }
long sys_getegid16(void) { return to16(ids(1)[ID_EFF]); }

long sys_setuid(uint32_t u)   { return set_id(0, u); }
long sys_setgid(uint32_t g)   { return set_id(1, g); }
long sys_setuid16(uint32_t u) { return set_id(0, from16(u)); }
long sys_setgid16(uint32_t g) { return set_id(1, from16(g)); }
long sys_setreuid(uint32_t r, uint32_t e)   { return set_re_id(0, r, e); }
long sys_setregid(uint32_t r, uint32_t e)   { return set_re_id(1, r, e); }
long sys_setreuid16(uint32_t r, uint32_t e) { return set_re_id(0, from16(r), from16(e)); }
long sys_setregid16(uint32_t r, uint32_t e) { return set_re_id(1, from16(r), from16(e)); }
long sys_setresuid(uint32_t r, uint32_t e, uint32_t s) { return set_res_id(0, r, e, s); }
long sys_setresgid(uint32_t r, uint32_t e, uint32_t s) { return set_res_id(1, r, e, s); }
long sys_setresuid16(uint32_t r, uint32_t e, uint32_t s)
{
	return set_res_id(0, from16(r), from16(e), from16(s));
}
long sys_setresgid16(uint32_t r, uint32_t e, uint32_t s)
{
	return set_res_id(1, from16(r), from16(e), from16(s));
}
long sys_setfsuid(uint32_t u)   { return set_fs_id(0, u); }
long sys_setfsgid(uint32_t g)   { return set_fs_id(1, g); }
long sys_setfsuid16(uint32_t u) { return set_fs_id(0, from16(u)); }
long sys_setfsgid16(uint32_t g) { return set_fs_id(1, from16(g)); }
long sys_getresuid(uint32_t a, uint32_t b, uint32_t c)   { return get_res_id(0, a, b, c, 4); }
long sys_getresgid(uint32_t a, uint32_t b, uint32_t c)   { return get_res_id(1, a, b, c, 4); }
long sys_getresuid16(uint32_t a, uint32_t b, uint32_t c) { return get_res_id(0, a, b, c, 2); }
long sys_getresgid16(uint32_t a, uint32_t b, uint32_t c) { return get_res_id(1, a, b, c, 2); }

/* getgroups(2) in 32-bit (size 4) or 16-bit (size 2) entries. */
static long get_groups(int n, uint32_t ulist, int size)
{
	struct cred *c = proc_cred(curproc);

	if (n < 0)
		return -EINVAL;
	if (n == 0)
		return c->ngroups;
	if (n < c->ngroups)
		return -EINVAL;
	for (int i = 0; i < c->ngroups; i++) {
		uint16_t low = to16(c->groups[i]);
		void *src = size == 2 ? (void *)&low : (void *)&c->groups[i];

		if (copy_to_user((void *)(ulist + i * size), src, size))
			return -EFAULT;
	}
	return c->ngroups;
}

static void sort_ids(uint32_t *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint32_t t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

static long set_groups(int n, uint32_t ulist, int size)
{
	struct cred *c = proc_cred(curproc);
	uint32_t g[CRED_NGROUPS];

	if (!capable(CAP_SETGID))
		return -EPERM;
	if ((uint32_t)n > NGROUPS_MAX)
		return -EINVAL;
	if (n > CRED_NGROUPS)
		return -ENOMEM;           /* within Linux's bound, beyond ours */
	for (int i = 0; i < n; i++) {
		uint16_t low = 0;

		g[i] = 0;
		if (copy_from_user(size == 2 ? (void *)&low : (void *)&g[i],
		                   (const void *)(ulist + i * size), size))
			return -EFAULT;
		if (size == 2)
			g[i] = low;
	}
	sort_ids(g, n);
	memcpy(c->groups, g, n * sizeof(g[0]));
	c->ngroups = n;
	return 0;
}

long sys_getgroups(int n, uint32_t ulist)   { return get_groups(n, ulist, 4); }
long sys_getgroups16(int n, uint32_t ulist) { return get_groups(n, ulist, 2); }
long sys_setgroups(int n, uint32_t ulist)   { return set_groups(n, ulist, 4); }
long sys_setgroups16(int n, uint32_t ulist) { return set_groups(n, ulist, 2); }
