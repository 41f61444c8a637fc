/*
 * hostile/misc_console_huge - attack: console writes with absurd lengths
 * and bad buffers, through the raw hypercall and through vmi_console_write:
 * length 0x7FFFFFFF and 0xFFFFFFFF from a 24-byte buffer that ends where
 * the guest's mapping ends, 0x7FFFFFFF from a 512-byte buffer followed by
 * unmapped memory, and buffers in the hypervisor (its image, the shared
 * page's end running into it, a range wrapping past 4 GiB).
 * Containment: never more than is readable is written and nothing crashes:
 * a huge length from the short buffer is -VMI_EFAULT (the first chunk is
 * unreadable) with nothing printed, the 512-byte buffer gives the short
 * count 512, every hypervisor pointer is -VMI_EFAULT; the console works
 * afterwards.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>

const char test_title[] = "console writes with huge lengths are contained";

#define SMALL_PAGE 0x40000000u          /* each followed by an unmapped page */
#define MID_PAGE   0x40010000u

static int32_t console_hc(uint32_t len, uint32_t buf)
{
	int32_t ret;
	__asm__ volatile("int $0x82" : "=a"(ret) : "a"(HC_CONSOLE_IO), "b"(CONSOLEIO_WRITE),
	                 "c"(len), "d"(buf) : "memory");
	return ret;
}

void test_main(void)
{
	uint32_t small = SMALL_PAGE + VMI_PAGE_SIZE - 24, mid = MID_PAGE + VMI_PAGE_SIZE - 512;

	CHECK_RET(pt_map(pt_current_l2, SMALL_PAGE, frame_alloc(), VMI_PTE_P | VMI_PTE_W), 0);
	CHECK_RET(pt_map(pt_current_l2, MID_PAGE, frame_alloc(), VMI_PTE_P | VMI_PTE_W), 0);
	CHECK_EQ(pt_get(pt_current_l2, SMALL_PAGE + VMI_PAGE_SIZE), 0);
	CHECK_EQ(pt_get(pt_current_l2, MID_PAGE + VMI_PAGE_SIZE), 0);
	memcpy((char *)small, "attack: short buffer!!\n\n", 24);
	for (unsigned i = 0; i < 512; i++)              /* 8 lines of 64 */
		((char *)mid)[i] = i % 64 == 63 ? '\n' : i % 64 < 8 ? "filler: "[i % 64] : '.';

	printf("attack: 0x7FFFFFFF bytes from a 24-byte buffer\n");
	CHECK_RET(console_hc(0x7FFFFFFFu, small), -VMI_EFAULT);
	CHECK_RET(vmi_console_write((const char *)small, 0x7FFFFFFFu), -VMI_EFAULT);
	printf("attack: 0xFFFFFFFF bytes from a 24-byte buffer\n");
	CHECK_RET(console_hc(0xFFFFFFFFu, small), -VMI_EFAULT);
	printf("attack: 0x7FFFFFFF bytes from a 512-byte buffer\n");
	CHECK_RET(console_hc(0x7FFFFFFFu, mid), 512);
	printf("attack: buffers in the hypervisor\n");
	CHECK_RET(console_hc(16, PVHV_HV_BASE), -VMI_EFAULT);
	CHECK_RET(console_hc(0x7FFFFFFFu, PVHV_HV_BASE), -VMI_EFAULT);
	CHECK_RET(console_hc(0x100, PVHV_SHARED_INFO_VA + VMI_PAGE_SIZE - 0x10), -VMI_EFAULT);
	CHECK_RET(console_hc(0x20, 0xFFFFFFF0u), -VMI_EFAULT);
	CHECK_RET(vmi_console_write((const char *)PVHV_HV_BASE, 0x7FFFFFFFu), -VMI_EFAULT);
	CHECK_RET(console_hc(0, PVHV_HV_BASE), 0);
	CHECK_RET(vmi_console_write("console: still works\n", 21), 21);
}
