/*
 * info.c - introspection calls and the vmi_table descriptor natively.
 *
 * vmi_table lists every entry point by call number, built from the
 * generated VMI_CALL_LIST so a call missing from this backend is a link
 * error and a hole in the table is impossible.
 */
#include "native.h"

uint32_t vmi_abi_version(void)
{
	return VMI_ABI_VERSION;
}

const char *vmi_backend_name(void)
{
	return "native";
}

/* Natively: one domain, lazy mode queues (for identical error semantics),
 * block devices on virtio-pci disks (block.c), network interfaces on
 * virtio-pci NICs (net.c; there may be none of either). */
uint32_t vmi_features(void)
{
	return VMI_FEAT_VTIME | VMI_FEAT_CONSOLE_IN | VMI_FEAT_LAZY_MMU | VMI_FEAT_BLOCK |
	       VMI_FEAT_NET;
}

const struct vmi_boot_info *vmi_boot_info(void)
{
	return &native_bi;
}

#define ENTRY(num, name, group, hot) [num] = (const void *)vmi_##name,
static const void *const entries[VMI_NR_CALLS] = { VMI_CALL_LIST(ENTRY) };
#undef ENTRY

const struct vmi_table vmi_table = {
	.magic = VMI_TABLE_MAGIC,
	.abi_version = VMI_ABI_VERSION,
	.nr_calls = VMI_NR_CALLS,
	.backend = "native",
	.entries = entries,
};
