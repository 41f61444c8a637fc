/*
 * dev_vmctl.c - /dev/vmctl: the VMI control group (vmi/vmi.spec, group
 * control) for the privileged domain's user programs, as ioctls
 * (fs/vmctl_abi.h; its user is guest/user/vmctl.c).
 *
 * The node is root's only (0600).  The kernel checks and copies every
 * structure; bulk data moves through a kernel bounce buffer, except the
 * image and ramdisk of VMCTL_DOM_CREATE, which can be megabytes: their
 * pages are made present first (a read of each through copy_from_user,
 * which takes the page faults) and the backend reads them in place - the
 * kernel is not preemptible, so nothing unmaps them before the call
 * returns.  VMI errors are Linux errno numbers, returned as they are.
 * Without a control plane (natively) every command is -ENOSYS.
 */
#include "fs/fs.h"
#include "fs/vmctl_abi.h"
#include "mm/uaccess.h"
#include "lib/klib.h"
#include <vmi/vmi.h>

static char bounce[VMCTL_BUF_MAX];

static int vmctl_read(struct file *f, char *buf, uint32_t n)
{
	(void)f, (void)buf, (void)n;
	return -EINVAL;
}

static int vmctl_write(struct file *f, const char *buf, uint32_t n)
{
	(void)f, (void)buf, (void)n;
	return -EINVAL;
}

static int dom_info(uint32_t arg)
{
	struct vmctl_dom_info q;
	int rc;

	if (copy_from_user(&q, (const void *)arg, sizeof q))
		return -EFAULT;
	rc = vmi_dom_info(q.first_id, &q.info);
	if (rc >= 0 && copy_to_user((void *)arg, &q, sizeof q))
		return -EFAULT;
	return rc;
}

static int dom_sched(uint32_t arg)
{
	struct vmctl_sched q;

	if (copy_from_user(&q, (const void *)arg, sizeof q))
		return -EFAULT;
	return vmi_dom_set_sched(q.id, q.weight, q.warp_us);
}

/* LOG_READ, CONSOLE_READ, CONSOLE_WRITE: through the bounce buffer. */
/* A domain's memory target (the balloon group, vmi_mem_set_target). */
static int mem_set(uint32_t arg)
{
	struct vmctl_mem q;

	if (copy_from_user(&q, (const void *)arg, sizeof q))
		return -EFAULT;
	return vmi_mem_set_target(q.id, q.pages);
}

static int buf_op(uint32_t cmd, uint32_t arg)
{
	struct vmctl_buf q;
	int rc;

	if (copy_from_user(&q, (const void *)arg, sizeof q))
		return -EFAULT;
	if (q.len > VMCTL_BUF_MAX)
		q.len = VMCTL_BUF_MAX;
	if (cmd == VMCTL_CONSOLE_WRITE) {
		if (copy_from_user(bounce, q.buf, q.len))
			return -EFAULT;
		return vmi_dom_console_write(q.id, bounce, q.len);
	}
	if (!user_range_ok((uint32_t)q.buf, q.len))
		return -EFAULT;
	rc = cmd == VMCTL_LOG_READ ? vmi_hv_log_read(q.offset, bounce, q.len) :
	     vmi_dom_console_read(q.id, &q.offset, bounce, q.len);
	if (rc > 0 && copy_to_user(q.buf, bounce, (uint32_t)rc))
		return -EFAULT;
	if (rc >= 0 && copy_to_user((void *)arg, &q, sizeof q))
		return -EFAULT;
	return rc;
}

/* Every page of [p, p + len) present: read a byte of each. */
static int make_present(const char *p, uint32_t len)
{
	char c;

	if (!user_range_ok((uint32_t)p, len))
		return -EFAULT;
	for (uint32_t off = 0; off < len; off = (off | (VMI_PAGE_SIZE - 1)) + 1)
		if (copy_from_user(&c, p + off, 1))
			return -EFAULT;
	if (len && copy_from_user(&c, p + len - 1, 1))
		return -EFAULT;
	return 0;
}

static int dom_create(uint32_t arg)
{
	static char options[VMI_CMDLINE_MAX];
	struct vmi_dom_create q;
	int rc;

	if (copy_from_user(&q, (const void *)arg, sizeof q))
		return -EFAULT;
	rc = strncpy_from_user(options, q.options, sizeof options);
	if (rc < 0)
		return rc == -ENAMETOOLONG ? -EINVAL : rc;
	if (make_present(q.image, q.image_len) || make_present(q.ramdisk, q.ramdisk_len))
		return -EFAULT;
	q.options = options;
	return vmi_dom_create(&q);
}

static int hv_info(uint32_t arg)
{
	struct vmi_hv_info q;
	int rc = vmi_hv_info(&q);

	if (rc >= 0 && copy_to_user((void *)arg, &q, sizeof q))
		return -EFAULT;
	return rc;
}

/* The network's four: VIF info and settings, VFR rules. */
static int net_op(uint32_t cmd, uint32_t arg)
{
	union { struct vmctl_vif v; struct vmctl_rule r; } q;
	uint32_t size = cmd <= VMCTL_VIF_SET ? sizeof q.v : sizeof q.r;
	int rc;

	if (copy_from_user(&q, (const void *)arg, size))
		return -EFAULT;
	switch (cmd) {
	case VMCTL_VIF_INFO: rc = vmi_vif_info(q.v.dom, q.v.index, &q.v.info); break;
	case VMCTL_VIF_SET: return vmi_vif_set(q.v.dom, q.v.index, &q.v.cfg);
	case VMCTL_RULE_GET: rc = vmi_vfr_rule_get(q.r.index, &q.r.rule); break;
	default: return vmi_vfr_rule_set(q.r.op, q.r.index, &q.r.rule);
	}
	if (rc >= 0 && copy_to_user((void *)arg, &q, size))
		return -EFAULT;
	return rc;
}

/* VBD_ATTACH, VBD_DETACH, VBD_INFO: struct vmctl_vbd copied both ways. */
static int vbd_op(uint32_t cmd, uint32_t arg)
{
	struct vmctl_vbd q;
	int rc;

	if (copy_from_user(&q, (const void *)arg, sizeof q))
		return -EFAULT;
	if (cmd == VMCTL_VBD_ATTACH)
		return vmi_vbd_attach(q.id, &q.vbd);
	if (cmd == VMCTL_VBD_DETACH)
		return vmi_vbd_detach(q.id, q.dev);
	rc = vmi_vbd_info(q.id, q.dev, &q.vbd);
	if (rc >= 0 && copy_to_user((void *)arg, &q, sizeof q))
		return -EFAULT;
	return rc;
}

static int vmctl_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
	(void)f;
	switch (cmd) {
	case VMCTL_DOM_INFO: return dom_info(arg);
	case VMCTL_DOM_PAUSE: return vmi_dom_pause(arg);
	case VMCTL_DOM_UNPAUSE: return vmi_dom_unpause(arg);
	case VMCTL_DOM_DESTROY: return vmi_dom_destroy(arg);
	case VMCTL_DOM_SHUTDOWN: return vmi_dom_shutdown(arg);
	case VMCTL_DOM_SCHED: return dom_sched(arg);
	case VMCTL_LOG_READ:
	case VMCTL_CONSOLE_READ:
	case VMCTL_CONSOLE_WRITE: return buf_op(cmd, arg);
	case VMCTL_DOM_CREATE: return dom_create(arg);
	case VMCTL_HV_INFO: return hv_info(arg);
	case VMCTL_MEM_SET: return mem_set(arg);
	case VMCTL_VIF_INFO:
	case VMCTL_VIF_SET:
	case VMCTL_RULE_GET:
	case VMCTL_RULE_SET: return net_op(cmd, arg);
	case VMCTL_VBD_ATTACH:
	case VMCTL_VBD_DETACH:
	case VMCTL_VBD_INFO: return vbd_op(cmd, arg);
	}
	return -ENOTTY;
}

const struct file_ops vmctl_ops = {
	.read = vmctl_read,
	.write = vmctl_write,
	.ioctl = vmctl_ioctl,
	.poll = file_poll_ready,
	.getdents64 = file_no_getdents,
	.release = file_no_release,
};
