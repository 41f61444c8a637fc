/*
 * env.c - the banner and the environment the guest finds itself in.
 *
 * The banner is the same everywhere; what differs between backends (backend
 * name, the ring we really run in, memory size, features) goes on "env:"
 * lines, the only lines the conformance runner lets differ.  The ring is read
 * from %cs at run time rather than trusted from anywhere: it is the one fact
 * that proves the same binary code runs deprivileged on the hypervisor.
 */
#include "kernel.h"
#include "lib/klib.h"

static const struct vmi_boot_info *boot;

/* The privilege level this code runs at: the RPL of %cs.  Reading a segment
 * register is neither privileged nor does it need the hypervisor. */
unsigned env_ring(void)
{
	uint32_t cs;

	asm volatile("mov %%cs, %%eax" : "=a"(cs));
	return cs & 3;
}

/* A guest built for ABI major.minor runs on major, any minor >= its own
 * (compared as whole versions, as minor is the low half). */
static int abi_compatible(uint32_t backend)
{
	return (backend >> 16) == VMI_ABI_MAJOR && backend >= VMI_ABI_VERSION;
}

void env_print(const struct vmi_boot_info *bi)
{
	uint32_t abi = vmi_abi_version();

	boot = bi;
	printf("VMI guest kernel, ABI %u.%u\n", VMI_ABI_MAJOR, VMI_ABI_MINOR);
	printf("env: backend=%s ring=%u mem=%u pages=%u\n", vmi_backend_name(),
	       env_ring(), bi->nr_pages >> (20 - VMI_PAGE_SHIFT), bi->nr_pages);
	printf("env: backend-abi=%u.%u features=0x%x\n", abi >> 16, abi & 0xFFFF,
	       vmi_features());
	if (bi->magic != VMI_BOOT_INFO_MAGIC)
		panic("boot info has a bad magic");
	if (!abi_compatible(abi))
		panic("backend ABI %u.%u cannot run a %u.%u guest", abi >> 16,
		      abi & 0xFFFF, VMI_ABI_MAJOR, VMI_ABI_MINOR);
}

/* Boot info is ours and consistent, and we run at the RPL of its selectors. */
int env_check(void)
{
	return boot->magic == VMI_BOOT_INFO_MAGIC &&
	       vmi_boot_info() == boot &&
	       abi_compatible(vmi_abi_version()) &&
	       boot->abi_version == vmi_abi_version() &&
	       env_ring() == (boot->kernel_cs & 3) &&
	       env_ring() != 3 &&
	       (boot->user_cs & 3) == 3 &&
	       boot->first_free_pfn <= boot->mapped_pages &&
	       boot->mapped_pages <= boot->nr_pages;
}
