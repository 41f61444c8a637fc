/*
 * control.c - the VMI control group on pvhv: HC_DOMCTL, which the
 * hypervisor answers for the privileged domain only (-VMI_EPERM for others).
 */
#include "backend.h"
#include "hypercall.h"

int vmi_dom_info(uint32_t first_id, struct vmi_dom_info *info)
{
	return hc3(HC_DOMCTL, DOMCTL_INFO, first_id, (uint32_t)info);
}

int vmi_dom_pause(uint32_t id)
{
	return hc2(HC_DOMCTL, DOMCTL_PAUSE, id);
}

int vmi_dom_unpause(uint32_t id)
{
	return hc2(HC_DOMCTL, DOMCTL_UNPAUSE, id);
}

int vmi_dom_destroy(uint32_t id)
{
	return hc2(HC_DOMCTL, DOMCTL_DESTROY, id);
}

int vmi_dom_set_sched(uint32_t id, uint32_t weight, uint32_t warp_us)
{
	return hc4(HC_DOMCTL, DOMCTL_SCHED, id, weight, warp_us);
}

int vmi_hv_log_read(uint32_t offset, char *buf, uint32_t len)
{
	return hc4(HC_DOMCTL, DOMCTL_LOG_READ, offset, (uint32_t)buf, len);
}

/* The build goes on over several hypercalls (DOMCTL_CONTINUE), each a
 * bounded piece of work, so that no single one holds the processor. */
int vmi_dom_create(const struct vmi_dom_create *req)
{
	int rc;

	do
		rc = hc2(HC_DOMCTL, DOMCTL_CREATE, (uint32_t)req);
	while (rc == DOMCTL_CONTINUE);
	return rc;
}

int vmi_dom_shutdown(uint32_t id)
{
	return hc2(HC_DOMCTL, DOMCTL_SHUTDOWN, id);
}

int vmi_dom_console_read(uint32_t id, uint32_t *offset, char *buf, uint32_t len)
{
	return hc5(HC_DOMCTL, DOMCTL_CONSOLE_READ, id, (uint32_t)offset, (uint32_t)buf, len);
}

int vmi_dom_console_write(uint32_t id, const char *buf, uint32_t len)
{
	return hc4(HC_DOMCTL, DOMCTL_CONSOLE_WRITE, id, (uint32_t)buf, len);
}

int vmi_hv_info(struct vmi_hv_info *out)
{
	return hc2(HC_DOMCTL, DOMCTL_HV_INFO, (uint32_t)out);
}

/* The network's part of the control plane: HC_NETIF_OP, which the
 * hypervisor answers for the privileged domain only. */
int vmi_vif_info(uint32_t dom, uint32_t index, struct vmi_vif_info *out)
{
	return hc4(HC_NETIF_OP, NETOP_VIF_INFO, dom, index, (uint32_t)out);
}

int vmi_vif_set(uint32_t dom, uint32_t index, const struct vmi_vif_config *cfg)
{
	return hc4(HC_NETIF_OP, NETOP_VIF_SET, dom, index, (uint32_t)cfg);
}

int vmi_vfr_rule_get(uint32_t index, struct vmi_vfr_rule *out)
{
	return hc3(HC_NETIF_OP, NETOP_RULE_GET, index, (uint32_t)out);
}

int vmi_vfr_rule_set(uint32_t op, uint32_t index, const struct vmi_vfr_rule *rule)
{
	return hc4(HC_NETIF_OP, NETOP_RULE_SET, op, index, (uint32_t)rule);
}

int vmi_vbd_attach(uint32_t id, const struct vmi_vbd *vbd)
{
	return hc3(HC_DOMCTL, DOMCTL_VBD_ATTACH, id, (uint32_t)vbd);
}

int vmi_vbd_detach(uint32_t id, uint32_t dev)
{
	return hc3(HC_DOMCTL, DOMCTL_VBD_DETACH, id, dev);
}

int vmi_vbd_info(uint32_t id, uint32_t dev, struct vmi_vbd *out)
{
	return hc4(HC_DOMCTL, DOMCTL_VBD_INFO, id, dev, (uint32_t)out);
}
