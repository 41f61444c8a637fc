/*
 * vbd.c - virtual block devices: per domain, up to VBD_MAX devices (vda,
 * vdb, ...), each a list of extents (start sector + count) of one physical
 * disk with read-write or read-only rights, as Xen 2003 gave its domains.
 *
 * A VBD is made by vbd_create: at boot from a domain's vbd= option, by
 * default (the privileged domain gets every disk whole when no domain
 * names one), at run time from vmi_dom_create's vbd= option or by the
 * control call vmi_vbd_attach (vbd_ctl, below), which vmi_vbd_detach
 * undoes.  A detached VBD leaves a hole, so the others keep their
 * numbers: vbd_of answers NULL for it and the next VBD made fills it.
 * Extents are checked against the disk, and against every other VBD on
 * that disk: two extents may overlap only if both are read-only, so no
 * domain can write what another reads or writes.  The guest sees a VBD as
 * one device of the sum of its extents' sizes, sector 0 being the first
 * extent's start (vbd_map).
 *
 * The tables live on hypervisor heap pages, one per domain that has a VBD.
 */
#include "blk.h"
#include "mm.h"
#include "lib/klib.h"

struct vbd_table {
	uint32_t n;
	struct vbd vbd[VBD_MAX];
};
_Static_assert(sizeof(struct vbd_table) <= VMI_PAGE_SIZE, "VBD table fits a page");

static struct vbd_table *tables[HV_MAX_DOMAINS];

struct vbd *vbd_of(const struct domain *d, uint32_t dev)
{
	struct vbd_table *t = d->id < HV_MAX_DOMAINS ? tables[d->id] : NULL;

	return t && dev < t->n && t->vbd[dev].nr_ext ? &t->vbd[dev] : NULL;
}

/* One past the highest VBD: holes (detached VBDs) below it count. */
uint32_t vbd_count(const struct domain *d)
{
	return d->id < HV_MAX_DOMAINS && tables[d->id] ? tables[d->id]->n : 0;
}

uint64_t vbd_map(const struct vbd *v, uint64_t vsect, uint64_t *run)
{
	for (uint32_t i = 0; i < v->nr_ext; i++) {
		if (vsect < v->ext[i].count) {
			*run = v->ext[i].count - vsect;
			return v->ext[i].start + vsect;
		}
		vsect -= v->ext[i].count;
	}
	hv_panic("vbd_map: sector beyond the VBD (callers check)");
}

static int overlap(const struct vbd_extent *a, const struct vbd_extent *b)
{
	return a->start < b->start + b->count && b->start < a->start + a->count;
}

/* Does extent e (rights ro) clash with any VBD on the disk? */
static int clashes(uint32_t disk, const struct vbd_extent *e, int ro)
{
	for (uint32_t id = 0; id < HV_MAX_DOMAINS; id++)
		for (uint32_t i = 0; tables[id] && i < tables[id]->n; i++) {
			const struct vbd *v = &tables[id]->vbd[i];
			for (uint32_t k = 0; v->disk == disk && k < v->nr_ext; k++)
				if (overlap(e, &v->ext[k]) && !(ro && v->ro))
					return 1;
		}
	return 0;
}

static int extents_ok(uint32_t disk, const struct vbd_extent *ext, uint32_t n, int ro)
{
	uint64_t cap = blk_disks[disk].hw.capacity;

	if (n == 0 || n > VBD_MAX_EXTENTS)
		return -VMI_EINVAL;
	for (uint32_t i = 0; i < n; i++) {
		if (ext[i].count == 0 || ext[i].start > cap || ext[i].count > cap - ext[i].start)
			return -VMI_EINVAL;
		for (uint32_t j = 0; j < i; j++)
			if (overlap(&ext[i], &ext[j]) && !ro)
				return -VMI_EBUSY;
		if (clashes(disk, &ext[i], ro))
			return -VMI_EBUSY;
	}
	return 0;
}

/* The domain's feature bit follows whether it has a VBD: here, and when
 * its shared page is made (a VBD from a vbd= option comes first). */
void vbd_publish(struct domain *d)
{
	if (d->shared && vbd_count(d))
		d->shared->features |= VMI_FEAT_BLOCK;
	else if (d->shared)
		d->shared->features &= ~VMI_FEAT_BLOCK;
}

int vbd_create(struct domain *d, uint32_t disk, const struct vbd_extent *ext,
	       uint32_t n, int ro)
{
	struct vbd_table *t;
	struct vbd *v;
	uint32_t dev;
	int rc;

	if (disk >= blk_nr_disks)
		return -VMI_ENOENT;
	if (d->id >= HV_MAX_DOMAINS)
		return -VMI_EINVAL;
	ro = ro || blk_disks[disk].hw.read_only;
	if ((rc = extents_ok(disk, ext, n, ro)) != 0)
		return rc;
	if (!tables[d->id] && !(tables[d->id] = heap_alloc_pages(1)))
		return -VMI_ENOMEM;
	t = tables[d->id];
	for (dev = 0; dev < t->n && t->vbd[dev].nr_ext; dev++)
		;                               /* the first hole, else the end */
	if (dev == VBD_MAX)
		return -VMI_ENOSPC;
	v = &t->vbd[dev];
	*v = (struct vbd){ .disk = (uint8_t)disk, .ro = (uint8_t)!!ro, .nr_ext = (uint8_t)n };
	for (uint32_t i = 0; i < n; i++) {
		v->ext[i] = ext[i];
		v->sectors += ext[i].count;
	}
	hv_log("domain %u (%s): vd%c = disk %u, %u extent(s), %u sectors%s", d->id, d->name,
	       'a' + dev, disk, n, (uint32_t)v->sectors, ro ? ", read-only" : "");
	if (dev == t->n)
		t->n++;
	vbd_publish(d);
	return (int)dev;
}

/* The VBDs only: the rings went first (blkring.c). */
void vbd_release(struct domain *d)
{
	if (d->id < HV_MAX_DOMAINS && tables[d->id]) {
		heap_free_pages(tables[d->id], 1);
		tables[d->id] = NULL;
	}
	vbd_publish(d);
}

/* ---- the control calls: vmi_vbd_attach, _detach, _info ---- */

static int32_t ctl_attach(struct domain *t, uint32_t va)
{
	struct vmi_vbd q;
	struct vbd_extent ext[VBD_MAX_EXTENTS];

	_Static_assert(VMI_VBD_MAX_EXTENTS == VBD_MAX_EXTENTS, "one extent limit");
	if (copy_from_guest(&q, va, sizeof q))
		return -VMI_EFAULT;
	if ((q.flags & ~VMI_VBD_RO) || q.nr_extents == 0 || q.nr_extents > VBD_MAX_EXTENTS)
		return -VMI_EINVAL;
	for (uint32_t i = 0; i < q.nr_extents; i++)
		ext[i] = (struct vbd_extent){ q.ext[i].start, q.ext[i].count };
	return vbd_create(t, q.disk, ext, q.nr_extents, (int)(q.flags & VMI_VBD_RO));
}

/* A VBD with a ring is in use: the guest's requests would go unanswered. */
static int32_t ctl_detach(struct domain *t, uint32_t dev)
{
	struct vbd_table *tb = tables[t->id];
	struct vbd *v = vbd_of(t, dev);

	if (!v)
		return -VMI_ENOENT;
	if (v->ring)
		return -VMI_EBUSY;
	hv_log("domain %u (%s): vd%c detached", t->id, t->name, 'a' + dev);
	*v = (struct vbd){ 0 };
	while (tb->n && !tb->vbd[tb->n - 1].nr_ext)
		tb->n--;                        /* holes at the end go */
	vbd_publish(t);
	return 0;
}

static int32_t ctl_info(struct domain *t, uint32_t dev, uint32_t va)
{
	const struct vbd *v = vbd_of(t, dev);
	struct vmi_vbd q;

	if (!v)
		return -VMI_ENOENT;
	memset(&q, 0, sizeof q);
	q.disk = v->disk;
	q.flags = (v->ro ? VMI_VBD_RO : 0) | (v->ring ? VMI_VBD_IN_USE : 0);
	q.nr_extents = v->nr_ext;
	q.disk_sectors = blk_disks[v->disk].hw.capacity;
	for (uint32_t i = 0; i < v->nr_ext; i++)
		q.ext[i] = (struct vmi_vbd_extent){ v->ext[i].start, v->ext[i].count };
	return copy_to_guest(va, &q, sizeof q) ? -VMI_EFAULT : 0;
}

/* HC_DOMCTL's VBD commands; domctl.c checked privilege and that t lives. */
int32_t vbd_ctl(struct domain *t, uint32_t cmd, uint32_t a2, uint32_t a3)
{
	switch (cmd) {
	case DOMCTL_VBD_ATTACH: return ctl_attach(t, a2);
	case DOMCTL_VBD_DETACH: return ctl_detach(t, a2);
	default: return ctl_info(t, a2, a3);     /* DOMCTL_VBD_INFO */
	}
}

/* ---- the vbd= option ---- */

/* A decimal at s (up to 19 digits: no overflow); the characters used. */
static uint32_t parse_u64(const char *s, uint32_t len, uint64_t *out)
{
	uint32_t i = 0;

	*out = 0;
	while (i < len && i < 19 && s[i] >= '0' && s[i] <= '9')
		*out = *out * 10 + (uint64_t)(s[i++] - '0');
	return i;
}

/* "START+COUNT[:START+COUNT...]": ':' separates extents, since QEMU's
 * module strings reserve the comma. */
static int parse_extents(const char *s, uint32_t len, struct vbd_extent *ext, uint32_t *n)
{
	uint32_t i = 0;

	for (*n = 0; i < len; (*n)++) {
		uint32_t k;
		if (*n == VBD_MAX_EXTENTS)
			return -1;
		if (!(k = parse_u64(s + i, len - i, &ext[*n].start)))
			return -1;
		i += k;
		if (i >= len || s[i++] != '+')
			return -1;
		if (!(k = parse_u64(s + i, len - i, &ext[*n].count)))
			return -1;
		i += k;
		if (i < len && (s[i++] != ':' || i == len))
			return -1;
	}
	return 0;
}

int vbd_option(struct domain *d, const char *s, uint32_t len, char *why, uint32_t why_len)
{
	struct vbd_extent ext[VBD_MAX_EXTENTS];
	uint64_t disk;
	uint32_t i = parse_u64(s, len, &disk), n = 0, ro = 0, shown = len;
	int rc = -VMI_EINVAL;

	if (len >= 3 && strncmp(s + len - 3, ":ro", 3) == 0) {
		ro = 1;
		len -= 3;
	}
	if (i == 0 || disk >= BLK_MAX_DISKS || (i < len && s[i] != ':') || (i + 1 == len))
		goto bad;
	if (i == len && disk < blk_nr_disks) {          /* the whole disk */
		ext[0] = (struct vbd_extent){ 0, blk_disks[disk].hw.capacity };
		n = 1;
	} else if (i < len && parse_extents(s + i + 1, len - i - 1, ext, &n)) {
		goto bad;
	}
	rc = vbd_create(d, (uint32_t)disk, ext, n, (int)ro);
	if (rc >= 0)
		return 0;
bad:
	snprintf(why, why_len, "bad option 'vbd=%.*s' (%s; vbd=DISK[:START+COUNT...][:ro], "
		 "%u disk(s))", (int)(shown > 40 ? 40 : shown), s,
		 rc == -VMI_EBUSY ? "overlaps another VBD" : rc == -VMI_ENOENT ? "no such disk" :
		 rc == -VMI_ENOSPC ? "too many VBDs" : "malformed or outside the disk",
		 blk_nr_disks);
	return -1;
}

/* ---- boot ---- */

void blk_boot_domains(void)
{
	struct domain *priv = NULL;
	int any = 0;

	for (uint32_t i = 0; i < HV_MAX_DOMAINS; i++) {
		struct domain *d = &domains[i];
		if (d->state == DOM_RUNNABLE || d->state == DOM_BLOCKED) {
			any |= vbd_count(d) != 0;
			if (d->privileged)
				priv = d;
		}
	}
	for (uint32_t k = 0; !any && priv && k < blk_nr_disks; k++) {
		struct vbd_extent whole = { 0, blk_disks[k].hw.capacity };
		if (vbd_create(priv, k, &whole, 1, 0) < 0)
			hv_log("disk %u: not given to domain %u", k, priv->id);
	}
	for (uint32_t i = 0; i < HV_MAX_DOMAINS; i++)
		vbd_publish(&domains[i]);
}
