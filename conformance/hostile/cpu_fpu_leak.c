/*
 * hostile/cpu_fpu_leak - attack: read another domain's FPU and SSE
 * registers.  Two copies of this image run: the "writer" fills x87 st0-7
 * and xmm0-7 with a secret and keeps them; later the "reader" makes its
 * first FPU use - fxsave, which saves all eight x87 registers (even when
 * tagged empty) and all eight xmm registers - and looks for the secret.
 * The hypervisor switches the FPU lazily, so at that moment the physical
 * registers still hold the writer's values; a "fresh" state made with
 * fninit alone would hand them over.
 * Containment: the reader's first state holds none of the writer's bytes
 * (x87 control word and MXCSR at their power-on values), and the writer's
 * registers are intact when it checks them again after the reader ran.
 * Run with cpu_fpu_leak.domains (role=writer / role=reader).
 */
#include "../runtime/test.h"

const char test_title[] = "FPU and SSE registers do not leak between domains";

#define SECRET 0x5EC2E75Au
#define READ_AT_NS  600000000ull     /* the writer filled its registers at boot */
#define CHECK_AT_NS 1200000000ull

static uint8_t area[512] __attribute__((aligned(16)));
static uint32_t secret[4] __attribute__((aligned(16))) = { SECRET, SECRET, SECRET, SECRET };
/* An 80-bit value whose low significand dword is the secret (integer bit
 * set: a normal number, so fld takes it as it is). */
static uint32_t secret80[3] = { SECRET, 0x80000000u | SECRET, 0x3FFF };

static int is_reader(void)
{
	const char *s = test_bi->cmdline;
	for (; *s; s++)
		if (!strncmp(s, "role=reader", 11))
			return 1;
	return 0;
}

/* Bytes 32..287 of an fxsave image: st0-7/mm0-7, then xmm0-7. */
static unsigned secret_words(void)
{
	unsigned n = 0;
	for (unsigned off = 32; off < 288; off += 4)
		n += *(uint32_t *)(area + off) == SECRET;
	return n;
}

static void wait_until(uint64_t t)
{
	while (vmi_time_ns() < t)
		;
}

void test_main(void)
{
	if (is_reader()) {
		wait_until(READ_AT_NS);
		printf("attack: first FPU use (fxsave) after the writer's\n");
		__asm__ volatile("fxsave %0" : "=m"(area));
		CHECK_EQ(secret_words(), 0);
		CHECK_EQ(*(uint16_t *)area, 0x037F);            /* FCW: power-on */
		CHECK_EQ(*(uint32_t *)(area + 24), 0x1F80);     /* MXCSR: power-on */
		return;
	}
	/* Writer: 8 x87 registers and 8 xmm registers full of the secret. */
	for (int i = 0; i < 8; i++)
		__asm__ volatile("fldt %0" : : "m"(secret80));
	__asm__ volatile("movaps %0, %%xmm0\n\tmovaps %0, %%xmm1\n\tmovaps %0, %%xmm2\n\t"
	                 "movaps %0, %%xmm3\n\tmovaps %0, %%xmm4\n\tmovaps %0, %%xmm5\n\t"
	                 "movaps %0, %%xmm6\n\tmovaps %0, %%xmm7" : : "m"(secret));
	__asm__ volatile("fxsave %0" : "=m"(area));
	unsigned mine = secret_words();
	CHECK_EQ(mine, 8 + 8 * 4);                           /* st0-7, xmm0-7 */
	wait_until(CHECK_AT_NS);
	__asm__ volatile("fxsave %0" : "=m"(area));
	CHECK_EQ(secret_words(), mine);                      /* kept across the switch */
	__asm__ volatile("fninit");
}
