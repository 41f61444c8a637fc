/*
 * hostile/hc_console_read_ro - attack: console READ into read-only,
 * hypervisor-range, unmapped and wrapping buffers while input is waiting;
 * containment: -VMI_EFAULT and no input lost.
 *
 * The runner feeds hc_console_read_ro.input ("hostile-input\n") to this
 * domain, the console domain (module 0).  Once it has arrived (the
 * VIRQ_CONSOLE event, or a 3 s wait if it came before the port was bound),
 * reads into bad buffers must each be -VMI_EFAULT - and must not consume
 * the input they could not deliver: a read into a good buffer afterwards
 * returns the whole line, unchanged.  The read-only buffer is unchanged too.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "console reads into bad buffers lose no input";

#define INPUT "hostile-input\n"
#define MS 1000000ull

static volatile unsigned events;

static void on_console(unsigned port, struct trap_regs *r)
{
	(void)port; (void)r;
	events++;
}

void test_main(void)
{
	uint32_t ro = frame_alloc(), len = 0;
	volatile char *rob = pfn_to_va(ro);
	char buf[64];
	uint64_t until;
	int port = vmi_evtchn_bind_virq(VMI_VIRQ_CONSOLE);

	CHECK_GT(port, 0);
	event_set_handler((unsigned)port, on_console);
	rob[0] = 'x';
	CHECK_RET(pt_set_alias_writable(ro, 0), 0);
	until = vmi_time_ns() + 3000 * MS;
	vmi_irq_enable();
	while (!events && vmi_time_ns() < until)
		;
	vmi_irq_disable();
	test_env("input announced by VIRQ_CONSOLE: %s", events ? "yes" : "no (came early)");

	printf("attack: read into a read-only page\n");
	CHECK_RET(hc(HC_CONSOLE_IO, CONSOLEIO_READ, 8, (uint32_t)rob), -VMI_EFAULT);
	CHECK_RET(hc(HC_CONSOLE_IO, CONSOLEIO_READ, 1, (uint32_t)rob + 100), -VMI_EFAULT);
	CHECK_EQ(rob[0], 'x');
	printf("attack: read into the shared page, unmapped memory, across 4 GiB\n");
	CHECK_RET(hc(HC_CONSOLE_IO, CONSOLEIO_READ, 8, PVHV_SHARED_INFO_VA + 0x800), -VMI_EFAULT);
	CHECK_RET(hc(HC_CONSOLE_IO, CONSOLEIO_READ, 8, 0x50000000u), -VMI_EFAULT);
	CHECK_RET(hc(HC_CONSOLE_IO, CONSOLEIO_READ, 0x20, 0xFFFFFFF0u), -VMI_EFAULT);
	CHECK_RET(hc(HC_CONSOLE_IO, CONSOLEIO_READ, 0xFFFFFFFFu, (uint32_t)buf), -VMI_EFAULT);

	/* All of the input is still there. */
	until = vmi_time_ns() + 3000 * MS;
	while (len < sizeof(INPUT) - 1 && vmi_time_ns() < until) {
		int n = vmi_console_read(buf + len, sizeof(buf) - 1 - len);
		if (n < 0)
			break;
		len += (uint32_t)n;
	}
	buf[len] = 0;
	CHECK_EQ(len, sizeof(INPUT) - 1);
	CHECK(strcmp(buf, INPUT) == 0);
}
