/*
 * vmctl_abi.h - the ioctl interface of /dev/vmctl, shared by the guest
 * kernel (fs/dev_vmctl.c) and its user, guest/user/vmctl.c.
 *
 * /dev/vmctl (character device 10,60, mode 0600: root only) is how the
 * privileged domain's user programs reach the VMI control group.  Every
 * command is an ioctl on an open descriptor; the result is what the VMI
 * call returned: >= 0, or -1 with errno set to the VMI error, whose
 * numbers are Linux's (EPERM, ESRCH, EINVAL, ENOSYS without a hypervisor,
 * ...).  Pointers in the structures are the caller's; the kernel copies
 * them (images and ramdisks are passed through to the hypervisor after
 * the kernel has made their pages present).  read and write are not
 * supported.
 */
#ifndef GUEST_VMCTL_ABI_H
#define GUEST_VMCTL_ABI_H

#include <stdint.h>
#include <vmi/abi.h>

#define VMCTL_IOC(n) (('V' << 8) | (n))

/* arg: struct vmctl_dom_info; returns the id described */
#define VMCTL_DOM_INFO      VMCTL_IOC(1)
/* arg: the domain id itself (not a pointer) */
#define VMCTL_DOM_PAUSE     VMCTL_IOC(2)
#define VMCTL_DOM_UNPAUSE   VMCTL_IOC(3)
#define VMCTL_DOM_DESTROY   VMCTL_IOC(4)
#define VMCTL_DOM_SHUTDOWN  VMCTL_IOC(5)
/* arg: struct vmctl_sched */
#define VMCTL_DOM_SCHED     VMCTL_IOC(6)
/* arg: struct vmctl_buf (id unused); returns the count */
#define VMCTL_LOG_READ      VMCTL_IOC(7)
/* arg: struct vmi_dom_create; returns the new id */
#define VMCTL_DOM_CREATE    VMCTL_IOC(8)
/* arg: struct vmctl_buf; returns the count, offset advanced */
#define VMCTL_CONSOLE_READ  VMCTL_IOC(9)
/* arg: struct vmctl_buf (offset unused); returns the count taken */
#define VMCTL_CONSOLE_WRITE VMCTL_IOC(10)
/* arg: struct vmi_hv_info */
#define VMCTL_HV_INFO       VMCTL_IOC(11)
/* arg: struct vmctl_mem (a domain's balloon target in pages) */
#define VMCTL_MEM_SET       VMCTL_IOC(12)

/* The network (vmi/vfr.h): numbers from 20, apart from the others.
 * arg: struct vmctl_vif (index 0: each domain has one interface) */
#define VMCTL_VIF_INFO      VMCTL_IOC(20)
#define VMCTL_VIF_SET       VMCTL_IOC(21)
/* arg: struct vmctl_rule; GET returns the number of rules */
#define VMCTL_RULE_GET      VMCTL_IOC(22)
#define VMCTL_RULE_SET      VMCTL_IOC(23)

/* Virtual block devices (numbered apart, so other additions do not
 * collide).  arg: struct vmctl_vbd; ATTACH returns the device number. */
#define VMCTL_VBD_ATTACH    VMCTL_IOC(30)   /* in: id, vbd */
#define VMCTL_VBD_DETACH    VMCTL_IOC(31)   /* in: id, dev */
#define VMCTL_VBD_INFO      VMCTL_IOC(32)   /* in: id, dev; out: vbd */

/* Bytes one LOG_READ / CONSOLE_READ / CONSOLE_WRITE moves at most. */
#define VMCTL_BUF_MAX 4096u

struct vmctl_dom_info {
	uint32_t first_id;            /* in: the lowest id wanted */
	struct vmi_dom_info info;     /* out */
};

struct vmctl_sched {
	uint32_t id, weight, warp_us;
};

struct vmctl_mem {
	uint32_t id, pages;
};

struct vmctl_vif {
	uint32_t dom, index;
	struct vmi_vif_info info;     /* VIF_INFO: out */
	struct vmi_vif_config cfg;    /* VIF_SET: in */
};

struct vmctl_rule {
	uint32_t op, index;           /* op: VMI_VFR_ADD, DEL or POLICY (RULE_SET) */
	struct vmi_vfr_rule rule;     /* in (SET) or out (GET) */
};

struct vmctl_buf {
	uint32_t id;
	uint32_t offset;              /* in and out (reads) */
	char *buf;
	uint32_t len;
};

struct vmctl_vbd {
	uint32_t id, dev;
	struct vmi_vbd vbd;
};

#endif /* GUEST_VMCTL_ABI_H */
