/*
 * control.c - the VMI control group natively: there is no hypervisor and no
 * other domain to control, so every call is -VMI_ENOSYS and
 * VMI_FEAT_CONTROL stays clear.
 */
#include "native.h"

int vmi_dom_info(uint32_t first_id, struct vmi_dom_info *info)
{
	(void)first_id; (void)info;
	return -VMI_ENOSYS;
}

int vmi_dom_pause(uint32_t id)
{
	(void)id;
	return -VMI_ENOSYS;
}

int vmi_dom_unpause(uint32_t id)
{
	(void)id;
	return -VMI_ENOSYS;
}

int vmi_dom_destroy(uint32_t id)
{
	(void)id;
	return -VMI_ENOSYS;
}

int vmi_dom_set_sched(uint32_t id, uint32_t weight, uint32_t warp_us)
{
	(void)id; (void)weight; (void)warp_us;
	return -VMI_ENOSYS;
}

int vmi_hv_log_read(uint32_t offset, char *buf, uint32_t len)
{
	(void)offset; (void)buf; (void)len;
	return -VMI_ENOSYS;
}

int vmi_dom_create(const struct vmi_dom_create *req)
{
	(void)req;
	return -VMI_ENOSYS;
}

int vmi_dom_shutdown(uint32_t id)
{
	(void)id;
	return -VMI_ENOSYS;
}

int vmi_dom_console_read(uint32_t id, uint32_t *offset, char *buf, uint32_t len)
{
	(void)id; (void)offset; (void)buf; (void)len;
	return -VMI_ENOSYS;
}

int vmi_dom_console_write(uint32_t id, const char *buf, uint32_t len)
{
	(void)id; (void)buf; (void)len;
	return -VMI_ENOSYS;
}

int vmi_hv_info(struct vmi_hv_info *out)
{
	(void)out;
	return -VMI_ENOSYS;
}

int vmi_vif_info(uint32_t dom, uint32_t index, struct vmi_vif_info *out)
{
	(void)dom; (void)index; (void)out;
	return -VMI_ENOSYS;
}

int vmi_vif_set(uint32_t dom, uint32_t index, const struct vmi_vif_config *cfg)
{
	(void)dom; (void)index; (void)cfg;
	return -VMI_ENOSYS;
}

int vmi_vfr_rule_get(uint32_t index, struct vmi_vfr_rule *out)
{
	(void)index; (void)out;
	return -VMI_ENOSYS;
}

int vmi_vfr_rule_set(uint32_t op, uint32_t index, const struct vmi_vfr_rule *rule)
{
	(void)op; (void)index; (void)rule;
	return -VMI_ENOSYS;
}

int vmi_vbd_attach(uint32_t id, const struct vmi_vbd *vbd)
{
	(void)id; (void)vbd;
	return -VMI_ENOSYS;
}

int vmi_vbd_detach(uint32_t id, uint32_t dev)
{
	(void)id; (void)dev;
	return -VMI_ENOSYS;
}

int vmi_vbd_info(uint32_t id, uint32_t dev, struct vmi_vbd *out)
{
	(void)id; (void)dev; (void)out;
	return -VMI_ENOSYS;
}
