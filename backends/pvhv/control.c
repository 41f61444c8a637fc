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
