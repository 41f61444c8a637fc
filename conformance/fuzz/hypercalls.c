/*
 * fuzz/hypercalls - attack: seeded random hypercalls, made raw (`int $0x82`,
 * EAX = number, EBX..EDI = arguments), beside the victim domain.
 *
 * Reproducible: everything random comes from one xorshift generator seeded
 * from the command line (bi->cmdline "seed=N count=N [trace=N]"; defaults
 * seed=1 count=20000, the short run of `make test`; `make fuzz` runs a
 * million).  trace=N prints every call from call N on, and then checks the
 * kernel mapping after each one: rerun a failing seed with it.
 * Containment: the hypervisor survives every call (no panic, no hang), the
 * victim's checksum stays right (the runner judges that domain), and this
 * domain survives too, its kernel mapping intact and no foreign frame in
 * its address space: it ends SUCCESS after printing how many calls it made
 * and a summary of the result codes (env: lines - they vary by seed).
 *
 * What is random.  Numbers: mostly the 14 valid ones (weighted), some out
 * of range (-ENOSYS).  Arguments: commands valid and not, scalars, machine
 * frames (our page tables, pool frames, other domains' and the
 * hypervisor's frames, frames beyond memory), page-table entries and
 * descriptors valid and not, deadlines past and future, ports and domain
 * ids, and pointers from these classes: a scratch page (and its end,
 * running into an unmapped page), read-only aliases of our page tables,
 * the user range (a scratch L1 at 0x40000000 maps pool frames; the rest is
 * unmapped), our unmapped kernel range, the hypervisor's range (>=
 * 0xFC000000), straddling 0xFC000000, near 4 GiB, small integers.  Another
 * domain's memory is not addressable: our mappings can name only our own
 * frames, which is what the MMU calls attack.  Multicalls batch entries
 * made by the same generator, plus nested multicalls, HC_IRET and
 * scheduler ops including shutdown, which a batch must refuse.  Selectors
 * the TLS slots name are loaded into %fs/%gs, so the slots change under
 * loaded registers.  The control plane (HC_DOMCTL, every command and bad
 * ones), ballooning (HC_MEMORY_OP: lists of random frames, counts past
 * the batch limit, frames named twice) and block devices (HC_BLKIF_OP: a
 * real ring attached, then random requests on it - bad segments, sectors,
 * ids, a producer index far ahead): run twice in `make test`, as dom0,
 * where the garbage is executed (and must leave no domain behind), and
 * unprivileged, where every control operation must be -VMI_EPERM.
 *
 * What is excluded, and why: only what would end or hang the fuzzer, or
 * make it corrupt itself (which would prove nothing about the hypervisor).
 *  - SCHEDOP_SHUTDOWN directly (in batches only, refused); SCHEDOP_BLOCK
 *    only with VIRQ_TIMER bound, the timer just armed and events masked
 *    (else it may sleep forever).  We never mask ports.
 *  - HC_IRET only with a well-formed frame on our stack whose eip is
 *    fuzz_iret_landing: cs, eflags, eax and (to ring 3) esp and ss are
 *    random.  A refused frame is #GP(0) at the landing; ring 3 runs a stub
 *    (int $0x80) whose system call comes back to the landing.  The outcome
 *    is predicted and checked, as are EAX and EFLAGS after a return.
 *  - Pointers the hypervisor may write (mmu_update's `done`, multicall
 *    results, console input) never name our code, data, stack or the lists
 *    we make; page-table entries we write never make one of our own frames
 *    writable except pool frames, and L2 user slots name only the scratch
 *    L1 and pool frames.  So the hypervisor writes only into the junk page
 *    and pool frames, whatever it accepts.  Lists we hand over are made
 *    fresh, or are read-only page tables or junk (small integers).
 *  - Our live tables are attacked but not replaced: entries of the kernel
 *    slots of the live L2 and its clone, and of the kernel L1s, are only
 *    rewritten with their current value (unpinning them is attempted and
 *    must fail while in use); MMUEXT_NEW_BASEPTR names the boot L2, its
 *    clone (same kernel mapping) or frames that must be refused.
 *  - HC_SET_CALLBACK gets 0, >= 0xFC000000 (refused) or the real callback;
 *    HC_SET_TRAP_TABLE gets real, mutated and garbage tables.  After a
 *    table was accepted, and after every multicall (a batch read from junk
 *    may install anything), the real table and callback are reinstalled -
 *    with events masked around multicalls, so nothing is delivered to a
 *    callback we did not choose.  The kernel stack for traps from ring 3
 *    (HC_STACK_SWITCH is random) is reset before each excursion to ring 3.
 *    These maintenance calls are not counted.
 *  - Console output: our text lines, or pointers that fault at once (junk
 *    batches may still print a few bytes of our memory; harmless).
 *  - dom0's rights over the others (pause, destroy, shutdown, BVT, memory
 *    targets, devices) name only itself or ids that are not live, and
 *    block reads fill only a frame kept for them (see gen_domctl).
 *
 * Two hypervisor bugs this fuzzer found are checked deterministically at
 * every start (check_no_ldt, check_tls_nested_fault).
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include <vmi/rules.h>

const char test_title[] = "hypercall fuzzer beside the victim";

#define DEFAULT_SEED   1u
#define DEFAULT_COUNT  20000u
#define USER_SLOT      0x100u                 /* the scratch L1: 0x40000000 */
#define USER_BASE      (USER_SLOT << 22)
#define KERNEL_SLOT    (VMI_KERNEL_BASE >> 22)
#define HV_SLOT        (VMI_HV_START >> 22)
#define N_POOL         8
#define SCRATCH_PAGES  8                      /* see SC_* */
#define XSTACK_SIZE    8192
#define NR_CLASSES     12
#define OP_OTHER       HC_NR                  /* out-of-range numbers */
#define EFLAGS_TF      0x100u
#define EFLAGS_IF      0x200u
#define EFLAGS_PRIV    0x00037000u            /* IOPL, NT, RF, VM */
#define EFLAGS_KEPT    (0x00240DD5u & ~EFLAGS_TF)  /* what HC_IRET passes on */
#define HV_FRAMES      0x1000u                /* machine memory below 16 MiB */
/*
 * Scratch, by page.  What we generate (lists the hypervisor executes) and
 * what the hypervisor may write or be pointed at are kept apart: a stale
 * list partly overwritten by a `done` count would be a list we never made
 * (it was: a kernel L1 entry pointer with its low byte zeroed).
 */
#define SC_MMU         0x0000u   /* pages 0-1: mmu_update lists, up to 1024 */
#define SC_TRAPS       0x2000u   /* page 2: trap tables, up to 320 entries */
#define SC_MC          0x3000u   /* page 3: the multicall array */
#define SC_JUNK        0x4000u   /* page 4: what pointer arguments may name */
#define SC_GUARD_A     0x5000u   /* page 5: unmapped */
#define SC_END         0x6000u   /* page 6: lists at its end run into ... */
#define SC_GUARD_B     0x7000u   /* page 7: unmapped */
#define NOT_RUN        0x7FFFFFFF             /* multicall result not written */
#define SHARED         ((volatile struct pvhv_shared_info *)PVHV_SHARED_INFO_VA)

/* ---- the generator: xorshift64*, seeded with splitmix64 ---- */
static uint64_t rng;

static void rng_seed(uint32_t seed)
{
	uint64_t z = (uint64_t)seed + 0x9E3779B97F4A7C15ull;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	rng = (z ^ (z >> 31)) | 1;
}

static uint32_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 0x2545F4914F6CDD1Dull) >> 32);
}

static uint32_t below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

static int chance(uint32_t percent)
{
	return below(100) < percent;
}

/* ---- raw hypercalls ---- */
static int32_t hc(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
		  uint32_t a5)
{
	int32_t r;

	__asm__ volatile("int $0x82"
			 : "=a"(r), "+b"(a1), "+c"(a2), "+d"(a3), "+S"(a4), "+D"(a5)
			 : "0"(nr)
			 : "memory");
	return r;
}

/*
 * fuzz_iret(frame, nwords): push frame[nwords-1] .. frame[0] (eax, eip,
 * cs, eflags[, esp, ss]) and make HC_IRET, whose frame eip is
 * fuzz_iret_landing.  Every way back arrives there with ESI = the stack
 * pointer to restore: the iret itself, the #GP handler for a refused frame,
 * the system-call handler after ring 3.  EFLAGS as found at the landing go
 * to fuzz_landing_eflags.  Returns EAX.
 */
uint32_t fuzz_iret(const uint32_t *frame, uint32_t nwords);
extern const char fuzz_iret_landing[];
uint32_t fuzz_landing_eflags;
/* fuzz_load_seg(which, sel): mov sel to %fs (0) or %gs (1); a #GP at the
 * mov is skipped by the handler (fuzz_seg_fs/gs, 2 bytes each). */
void fuzz_load_seg(uint32_t which, uint32_t sel);
extern const char fuzz_seg_fs[], fuzz_seg_gs[];

__asm__(
	"	.text\n"
	"	.globl fuzz_iret, fuzz_iret_landing\n"
	"fuzz_iret:\n"
	"	pushl %ebp\n"
	"	pushl %ebx\n"
	"	pushl %esi\n"
	"	pushl %edi\n"
	"	movl %esp, %esi\n"
	"	movl 20(%esp), %edx\n"
	"	movl 24(%esp), %ecx\n"
	"1:	pushl -4(%edx,%ecx,4)\n"
	"	loop 1b\n"
	"	movl $8, %eax\n"                    /* HC_IRET */
	"	int $0x82\n"
	"fuzz_iret_landing:\n"
	"	movl %esi, %esp\n"
	"	pushfl\n"
	"	popl fuzz_landing_eflags\n"
	"	cld\n"
	"	popl %edi\n"
	"	popl %esi\n"
	"	popl %ebx\n"
	"	popl %ebp\n"
	"	ret\n"
	"	.globl fuzz_load_seg, fuzz_seg_fs, fuzz_seg_gs\n"
	"fuzz_load_seg:\n"
	"	movl 8(%esp), %eax\n"
	"	cmpl $0, 4(%esp)\n"
	"	jne 2f\n"
	"fuzz_seg_fs:\n"
	"	movw %ax, %fs\n"
	"	ret\n"
	"2:\n"
	"fuzz_seg_gs:\n"
	"	movw %ax, %gs\n"
	"	ret\n");

/* ---- what the fuzzer owns ---- */
extern const uint32_t trap_stubs[VMI_NR_EXCEPTIONS];
void trap_syscall_entry(void);
void trap_event_entry(void);

static uint8_t scratch[SCRATCH_PAGES * VMI_PAGE_SIZE] __attribute__((aligned(4096)));
#define SC(off)        ((uint32_t)scratch + (off))
static uint8_t xstack[XSTACK_SIZE] __attribute__((aligned(16)));
static char text[512];                      /* console bytes: printable lines */

static struct {
	uint32_t seed, count, trace;
	uint16_t domid;
	uint32_t kernel_cs, kernel_ds, user_cs, user_ds;
	uint32_t nr_pages, mapped_pages;
	uint32_t l2_pfn, l2_mfn, clone_pfn, clone_mfn, sl1_pfn, sl1_mfn;
	uint32_t kl1_pfn[16], kl1_mfn[16], nr_kl1;
	uint32_t pool_pfn[N_POOL], pool_mfn[N_POOL];
	uint32_t stub_va;
	struct vmi_trap_entry table[VMI_NR_EXCEPTIONS + 1];
	uint32_t cur_mfn;                   /* the L2 in CR3 */
	uint32_t l2_saved[HV_SLOT - KERNEL_SLOT];
	/* the control plane, ballooning, block devices */
	int privileged;                     /* HC_DOMCTL is ours (dom0) */
	uint8_t other_live[256];            /* live domains dom0 must not harm */
	uint32_t nr_vbd, ring_pfn[2], dma_pfn, ring_prod[2];
	uint8_t ring_attached[2];
	uint32_t perm_wrong;                /* unprivileged, yet not -EPERM */
	/* the iret in flight */
	volatile int expect_gp, in_user, gp_seen, user_seen;
	volatile uint32_t seg_gp, single_steps, user_traps, unexpected;
} S;

/* ---- results ---- */
static const char *const op_names[HC_NR + 1] = {
	"set_trap_table", "mmu_update", "set_gdt_entry", "stack_switch", "set_callback",
	"fpu_taskswitch", "console_io", "multicall", "iret", "sched_op", "timer_op",
	"evtchn_op", "mmuext_op", "event_check", "pte_write", "domctl",
	[HC_BLKIF_OP] = "blkif_op", [HC_MEMORY_OP] = "memory_op", [HC_SET_LDT] = "set_ldt",
	[HC_NR] = "out_of_range",    /* "?": not named yet */
};
static const char *const class_names[NR_CLASSES] = {
	"ok", "pos", "eperm", "esrch", "efault", "ebusy", "eexist", "einval", "enospc",
	"enosys", "enotconn", "other",
};
static uint32_t results[HC_NR + 1][NR_CLASSES];
static uint32_t calls, batched, maintenance, irets[4], iret_bad;
enum { IRET_BACK, IRET_GP, IRET_USER, IRET_EITHER };

static unsigned result_class(int32_t r)
{
	static const int32_t errs[] = { -VMI_EPERM, -VMI_ESRCH, -VMI_EFAULT, -VMI_EBUSY,
		-VMI_EEXIST, -VMI_EINVAL, -VMI_ENOSPC, -VMI_ENOSYS, -VMI_ENOTCONN };
	if (r == 0)
		return 0;
	if (r > 0)
		return 1;
	for (unsigned i = 0; i < ARRAY_SIZE(errs); i++)
		if (r == errs[i])
			return 2 + i;
	return NR_CLASSES - 1;
}

static void note(uint32_t op, int32_t r)
{
	results[op < HC_NR ? op : OP_OTHER][result_class(r)]++;
}

/* ---- frames and ownership ---- */
static int own(uint32_t mfn)
{
	return vmi_mfn_to_pfn(mfn) != VMI_INVALID_PFN;
}

static int is_pool(uint32_t mfn)
{
	for (int i = 0; i < N_POOL; i++)
		if (S.pool_mfn[i] == mfn)
			return 1;
	return 0;
}

static int is_kl1(uint32_t mfn)
{
	for (uint32_t i = 0; i < S.nr_kl1; i++)
		if (S.kl1_mfn[i] == mfn)
			return 1;
	return 0;
}

/* Tables whose (kernel) entries keep their values: the live L2, its
 * clone, the kernel L1s. */
static int is_protected(uint32_t mfn)
{
	return mfn == S.l2_mfn || mfn == S.clone_mfn || is_kl1(mfn);
}

static uint32_t own_table_mfn(void)
{
	switch (below(4)) {
	case 0: return S.l2_mfn;
	case 1: return S.clone_mfn;
	case 2: return S.sl1_mfn;
	default: return S.kl1_mfn[below(S.nr_kl1)];
	}
}

static uint32_t rand_mfn(void)
{
	switch (below(10)) {
	case 0: case 1: case 2: return S.pool_mfn[below(N_POOL)];
	case 3: return own_table_mfn();
	case 4: return vmi_pfn_to_mfn(below(S.nr_pages));       /* any of ours */
	case 5: return below(HV_FRAMES);                        /* the hypervisor's */
	case 6: case 7: return HV_FRAMES + below(0x10000);      /* others', free */
	case 8: return 0x10000 + below(0xF0000);                 /* beyond memory */
	default: return chance(50) ? 0xFFFFF : 0;
	}
}

/* ---- pointers ---- */
enum { WRITTEN, READ_ONLY, READ_ANY };

/* A read-only alias of one of our tables, at a random offset. */
static uint32_t ro_alias(void)
{
	uint32_t pfn;

	switch (below(5)) {
	case 0: pfn = S.l2_pfn; break;
	case 1: pfn = S.clone_pfn; break;
	case 2: pfn = S.sl1_pfn; break;
	case 3: pfn = S.kl1_pfn[below(S.nr_kl1)]; break;
	default: pfn = S.pool_pfn[below(N_POOL)]; break;
	}
	return (uint32_t)pfn_to_va(pfn) + (below(VMI_PAGE_SIZE) & ~3u);
}

/*
 * A pointer argument.  WRITTEN: the hypervisor may write there, so never
 * our own code, data, stack or lists.  READ_ONLY: it only reads, but what
 * it reads may be executed as a list (mmu updates), so only memory whose
 * content we know: the junk page (small integers the hypervisor wrote),
 * page tables, pool frames, or nothing mapped.  READ_ANY: any of our
 * memory may be read (trap tables, INVLPG).
 */
static uint32_t rand_ptr(int how)
{
	switch (below(how == READ_ANY ? 12 : 11)) {
	case 0: case 1: return SC(SC_JUNK) + below(VMI_PAGE_SIZE);
	case 2: return SC(SC_GUARD_A) - below(64);               /* into a guard */
	case 3: return ro_alias();
	case 4: return USER_BASE + below(1u << 22);              /* scratch L1's range */
	case 5: return below(VMI_KERNEL_BASE);                   /* user space */
	case 6: return VMI_KERNEL_BASE + (S.mapped_pages << VMI_PAGE_SHIFT) +
		       below(VMI_HV_START - VMI_KERNEL_BASE - (S.mapped_pages << VMI_PAGE_SHIFT));
	case 7: return VMI_HV_START - below(0x100);              /* straddles */
	case 8: return VMI_HV_START + rnd() % (0u - VMI_HV_START); /* hypervisor */
	case 9: return 0xFFFFFFFFu - below(0x40);                /* near 4 GiB */
	case 10: return below(0x1000);                           /* small integers */
	default: return VMI_KERNEL_BASE + below(S.mapped_pages << VMI_PAGE_SHIFT);
	}
}

/* A console buffer: our text (printable lines, never past its end), or a
 * pointer that faults at its first byte. */
static void console_buf(uint32_t *buf, uint32_t *len)
{
	uint32_t off = below(sizeof text);

	switch (below(9)) {
	case 0: *buf = VMI_KERNEL_BASE + (S.mapped_pages << VMI_PAGE_SHIFT) + below(0x1000000); break;
	case 1: *buf = VMI_HV_START - below(0x10); break;
	case 2: *buf = VMI_HV_START + rnd() % (0u - VMI_HV_START); break;
	case 3: *buf = 0xFFFFFFFFu - below(0x40); break;
	default:
		*buf = (uint32_t)text + off;
		*len = below(sizeof text - off + 1);
		return;
	}
	*len = below(4) ? below(0x2000) : rnd();
}

static uint32_t rand_len(uint32_t typical)
{
	switch (below(8)) {
	case 0: return 0;
	case 1: return rnd();
	case 2: return 0xFFFFFFFFu - below(16);
	default: return 1 + below(typical);
	}
}

/* ---- page-table values ---- */
static uint32_t rand_flags(void)
{
	uint32_t f = rnd() & 0xFFF;

	return chance(85) ? f | VMI_PTE_P : f & ~VMI_PTE_P;
}

/* Our rules for values we write (see the top comment). */
static uint32_t tame(uint32_t v, int level)
{
	uint32_t mfn = v >> VMI_PAGE_SHIFT;

	if (!own(mfn))
		return v;
	if (!(v & VMI_PTE_P))
		return is_protected(mfn) ? 0 : v;       /* never a protected ptr */
	if (level == 2 && mfn != S.sl1_mfn && !is_pool(mfn))
		return (S.sl1_mfn << VMI_PAGE_SHIFT) | (v & 0xFFF);
	if (!is_pool(mfn))
		v &= ~VMI_PTE_W;
	return v;
}

static uint32_t rand_entry_value(int level)
{
	uint32_t v;

	switch (below(10)) {
	case 0: return 0;
	case 1: v = rnd(); break;
	case 2: v = (S.sl1_mfn << VMI_PAGE_SHIFT) | rand_flags(); break;
	default: v = (rand_mfn() << VMI_PAGE_SHIFT) | rand_flags(); break;
	}
	return tame(v, level);
}

static uint32_t current_entry(uint32_t mfn, uint32_t idx)
{
	return ((const volatile uint32_t *)pfn_to_va(vmi_mfn_to_pfn(mfn)))[idx];
}

/* One mmu_update request (machine entry address | command, value). */
static void rand_update(struct vmi_mmu_update *u)
{
	uint32_t mfn, idx = below(1024), r = below(100);
	int level = 1;

	if (r < 30) {
		mfn = S.sl1_mfn;
	} else if (r < 50) {
		mfn = S.pool_mfn[below(N_POOL)];
		level = chance(50) ? 1 : 2;
	} else if (r < 70) {
		mfn = chance(50) ? S.l2_mfn : S.clone_mfn;
		level = 2;
		switch (below(5)) {
		case 0: idx = HV_SLOT + below(1024 - HV_SLOT); break;       /* -EPERM */
		case 1: idx = KERNEL_SLOT + below(HV_SLOT - KERNEL_SLOT); break;
		default: idx = below(KERNEL_SLOT); break;
		}
	} else if (r < 78) {
		mfn = S.kl1_mfn[below(S.nr_kl1)];
	} else if (r < 90) {
		mfn = vmi_pfn_to_mfn(below(S.nr_pages));
	} else {
		mfn = rand_mfn();
	}
	if (mfn == S.l2_mfn || mfn == S.clone_mfn)
		level = 2;
	u->ptr = (mfn << VMI_PAGE_SHIFT) | (idx * 4);
	if (own(mfn) && is_protected(mfn) &&
	    !((mfn == S.l2_mfn || mfn == S.clone_mfn) &&
	      (idx < KERNEL_SLOT || idx >= HV_SLOT)))
		u->val = current_entry(mfn, idx);       /* kernel mapping: unchanged */
	else
		u->val = rand_entry_value(level);
	if (chance(4))
		u->ptr |= 1 + below(3);                 /* not a normal update */
}

/* ---- argument generators, one per hypercall ---- */
struct call {
	uint32_t op, a[5];
};

static uint32_t rand_selector(void)
{
	static const uint32_t sels[] = { 0, 3, 0x08, 0x10, 0x19, 0x1B, 0x21, 0x23, 0x2B,
		0x33, 0x38, 0x3B, 0x43, 0x4B, 0x53, 0x41, 0x4C, 0x5B, 0xFFFF };
	return chance(85) ? sels[below(ARRAY_SIZE(sels))] : rnd() & 0xFFFF;
}

/* A trap table in scratch: real, mutated and garbage entries (64 made,
 * repeated up to count). */
static uint32_t make_trap_table(uint32_t count)
{
	struct vmi_trap_entry *t = (struct vmi_trap_entry *)SC(SC_TRAPS);

	for (uint32_t i = 64; i < count; i++)
		t[i] = t[i % 64];
	for (uint32_t i = 0; i < count && i < 64; i++) {
		t[i] = S.table[below(ARRAY_SIZE(S.table))];
		switch (below(6)) {
		case 0: break;                                  /* a real entry */
		case 1: t[i].vector = (uint8_t)rnd(); break;
		case 2: t[i].flags = (uint8_t)rnd(); break;
		case 3: t[i].cs = (uint16_t)rand_selector(); break;
		case 4: t[i].handler = chance(50) ? 0 : rnd(); break;
		default: memcpy(&t[i], &(uint32_t[2]){ rnd(), rnd() }, sizeof t[i]); break;
		}
	}
	return (uint32_t)t;
}

static uint64_t rand_desc(void)
{
	static const uint8_t types[] = { 0x2, 0x3, 0x0, 0x8, 0xA, 0xB, 0xC, 0xE, 0x6, 0x4 };
	uint32_t base = chance(70) ? 0 : rnd(), limit = rnd() & 0xFFFFF;
	uint32_t access = 0x80 | 0x60 | 0x10 | types[below(ARRAY_SIZE(types))];
	uint32_t flags = chance(80) ? 0xC : rnd() & 0xF;

	switch (below(8)) {
	case 0: return 0;
	case 1: return ((uint64_t)rnd() << 32) | rnd();
	case 2: access &= ~0x80u; break;                     /* not present */
	case 3: access = (access & ~0x60u) | (below(3) << 5); break; /* DPL 0-2 */
	case 4: access &= ~0x10u; break;                     /* system */
	case 5: limit = 0xFFFFF; base = 0; break;            /* 4 GiB: past the limit */
	default: if (chance(50)) limit = 0xFC3FF >> (below(8)); break;
	}
	return (limit & 0xFFFFull) | ((uint64_t)(base & 0xFFFFFF) << 16) |
	       ((uint64_t)access << 40) | ((uint64_t)((limit >> 16) & 0xF) << 48) |
	       ((uint64_t)flags << 52) | ((uint64_t)(base >> 24) << 56);
}

static uint64_t rand_deadline(void)
{
	uint64_t now = vmi_time_ns();

	switch (below(7)) {
	case 0: return 0;
	case 1: return now > 1000 ? now - below(1000000) : 0;   /* due already */
	case 2: case 3: return now + below(2000000);            /* within 2 ms */
	case 4: return now + ((uint64_t)rnd() << 12);           /* far */
	case 5: return ~0ull;
	default: return ((uint64_t)rnd() << 32) | rnd();
	}
}

static uint32_t rand_domid(void)
{
	static const uint32_t ids[] = { VMI_DOMID_SELF, 0, 1, 2, 7, 8, 0xFFFF, 0x7FEF };
	return chance(85) ? ids[below(ARRAY_SIZE(ids))] : rnd();
}

static uint32_t rand_port(void)
{
	return chance(90) ? below(VMI_NR_PORTS + 4) : rnd();
}

/* ---- the control plane, ballooning and block devices ----
 *
 * From an unprivileged domain every HC_DOMCTL and MEMOP_SET_TARGET must be
 * -VMI_EPERM (counted in S.perm_wrong).  From dom0 they run: garbage ids,
 * huge counts, bad pointers - errors, never a crash.  What dom0 could do
 * to the domains beside it on purpose (pause, destroy, shut down, BVT
 * parameters, memory targets, devices) names only itself or ids that are
 * not live: harming the victim is its right, not a hypervisor bug.  Block
 * requests read from the disk only into the DMA frame or frames we do not
 * have (the hypervisor would otherwise rightly overwrite our own code);
 * they write from any frame of ours.
 */
static const uint32_t domctl_cmds[] = { DOMCTL_INFO, DOMCTL_PAUSE, DOMCTL_UNPAUSE,
	DOMCTL_DESTROY, DOMCTL_SCHED, DOMCTL_LOG_READ, DOMCTL_CREATE, DOMCTL_SHUTDOWN,
	DOMCTL_CONSOLE_READ, DOMCTL_CONSOLE_WRITE, DOMCTL_HV_INFO, DOMCTL_VBD_ATTACH,
	DOMCTL_VBD_DETACH, DOMCTL_VBD_INFO };

/* An id for an operation that acts on its target. */
static uint32_t harmless_id(void)
{
	uint32_t id = rand_domid();

	if (S.privileged && id < sizeof S.other_live && S.other_live[id])
		id = chance(50) ? S.domid : 200 + below(56);
	return id;
}

/* A fresh request of vmi_dom_create or vmi_vbd_attach in the list pages
 * (never a buildable image: pointers and lengths are random). */
static uint32_t make_create(void)
{
	struct vmi_dom_create *q = (struct vmi_dom_create *)SC(SC_MMU);

	q->image = (const void *)rand_ptr(READ_ANY);
	q->image_len = rand_len(0x10000);
	q->ramdisk = chance(50) ? 0 : (const void *)rand_ptr(READ_ANY);
	q->ramdisk_len = rand_len(0x10000);
	q->options = chance(50) ? text : (const char *)rand_ptr(READ_ANY);
	for (int i = 0; i < 3; i++)
		q->reserved[i] = chance(80) ? 0 : rnd();
	return (uint32_t)q;
}

static uint32_t make_vbd(void)
{
	struct vmi_vbd *v = (struct vmi_vbd *)SC(SC_MMU);

	v->disk = chance(80) ? below(3) : rnd();
	v->flags = chance(80) ? below(2) : rnd();
	v->nr_extents = chance(80) ? below(VMI_VBD_MAX_EXTENTS + 2) : rnd();
	v->reserved = chance(90) ? 0 : rnd();
	for (int i = 0; i < VMI_VBD_MAX_EXTENTS; i++) {
		v->ext[i].start = chance(80) ? below(2200) : ((uint64_t)rnd() << 32) | rnd();
		v->ext[i].count = chance(80) ? below(600) : ((uint64_t)rnd() << 32) | rnd();
	}
	return (uint32_t)v;
}

static void gen_domctl(struct call *c)
{
	uint32_t cmd = chance(92) ? domctl_cmds[below(ARRAY_SIZE(domctl_cmds))] :
		       chance(50) ? 11 + below(9) : rnd();

	c->a[0] = cmd;
	c->a[1] = rand_domid();
	switch (cmd) {
	case DOMCTL_INFO: c->a[2] = rand_ptr(WRITTEN); break;
	case DOMCTL_PAUSE: case DOMCTL_DESTROY: case DOMCTL_SHUTDOWN: case DOMCTL_VBD_DETACH:
		c->a[1] = harmless_id();
		c->a[2] = below(6);
		break;
	case DOMCTL_SCHED:
		c->a[1] = harmless_id();
		c->a[2] = chance(50) ? 1 + below(3) : chance(50) ? 0 : 10001 + below(100);
		c->a[3] = chance(70) ? below(1000) : rnd();
		break;
	case DOMCTL_LOG_READ:
		c->a[1] = rnd();
		c->a[2] = rand_ptr(WRITTEN);
		c->a[3] = rand_len(300);
		break;
	case DOMCTL_CREATE: c->a[1] = chance(80) ? make_create() : rand_ptr(READ_ONLY); break;
	case DOMCTL_CONSOLE_READ:
		c->a[2] = rand_ptr(WRITTEN);
		c->a[3] = rand_ptr(WRITTEN);
		c->a[4] = rand_len(300);
		break;
	case DOMCTL_CONSOLE_WRITE: console_buf(&c->a[2], &c->a[3]); break;
	case DOMCTL_HV_INFO: c->a[1] = rand_ptr(WRITTEN); break;
	case DOMCTL_VBD_ATTACH:
		c->a[1] = harmless_id();
		c->a[2] = chance(80) ? make_vbd() : rand_ptr(READ_ONLY);
		break;
	case DOMCTL_VBD_INFO:
		c->a[2] = below(6);
		c->a[3] = rand_ptr(WRITTEN);
		break;
	default: break;
	}
}

static void gen_memop(struct call *c)
{
	uint32_t k = below(10), *list = (uint32_t *)SC(SC_MMU);
	uint32_t n = chance(80) ? 1 + below(8) : chance(50) ? VMI_BALLOON_BATCH + below(3) : rnd();

	c->a[0] = k < 4 ? MEMOP_RELEASE : k < 7 ? MEMOP_POPULATE : k < 8 ? MEMOP_TARGET :
		  k < 9 ? MEMOP_SET_TARGET : 4 + rnd() % 100;
	for (uint32_t i = 0; i < n && i < VMI_BALLOON_BATCH; i++)
		list[i] = c->a[0] == MEMOP_RELEASE ? rand_mfn() :
			  chance(70) ? below(S.nr_pages + 16) : rnd();
	if (n > 1 && chance(10))
		list[1] = list[0];                  /* named twice */
	c->a[1] = chance(85) ? (uint32_t)list : rand_ptr(READ_ONLY);
	c->a[2] = n;
	c->a[3] = rand_ptr(WRITTEN);            /* populate's frames out */
	if (c->a[0] == MEMOP_SET_TARGET) {
		c->a[1] = harmless_id();
		c->a[2] = chance(70) ? below(S.nr_pages + 64) : rnd();
	}
}

/* A frame for a block segment: reads land only where we can afford. */
static uint32_t blk_frame(int reading)
{
	if (reading)
		return chance(60) ? S.dma_pfn : chance(50) ? S.nr_pages + below(64) :
		       S.nr_pages + below(0u - S.nr_pages);
	switch (below(4)) {
	case 0: return S.dma_pfn;
	case 1: return below(S.nr_pages);
	case 2: return S.pool_pfn[below(N_POOL)];
	default: return rnd();
	}
}

/* Up to 4 random requests on our ring of dev, published (sometimes with
 * the producer index far ahead, which the backend must ignore). */
static void fill_ring(uint32_t dev)
{
	struct vmi_blk_ring *ring = pfn_to_va(S.ring_pfn[dev]);
	uint32_t n = below(5);

	for (uint32_t i = 0; i < n; i++) {
		struct vmi_blk_request *q = &ring->ring[S.ring_prod[dev]++ % VMI_BLK_RING_SIZE].req;
		uint8_t op = chance(90) ? (uint8_t)below(3) : (uint8_t)rnd();
		q->id = chance(80) ? below(64) : rnd();
		q->op = op;
		q->nr_segments = op == VMI_BLK_OP_BARRIER && chance(80) ? 0 :
				 chance(90) ? (uint8_t)(1 + below(VMI_BLK_MAX_SEGMENTS)) : (uint8_t)rnd();
		q->sector = chance(85) ? below(2200) : ((uint64_t)rnd() << 32) | rnd();
		for (uint32_t k = 0; k < VMI_BLK_MAX_SEGMENTS; k++) {
			uint8_t first = chance(90) ? (uint8_t)below(8) : (uint8_t)rnd();
			q->seg[k] = (struct vmi_blk_segment){ blk_frame(op != VMI_BLK_OP_WRITE), first,
				chance(90) ? (uint8_t)(first + below(8 - (first & 7))) : (uint8_t)rnd(), 0 };
		}
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	ring->req_prod = chance(5) ? S.ring_prod[dev] + rnd() : S.ring_prod[dev];
	ring->rsp_event = ring->rsp_prod + 1;
}

static void gen_blkif(struct call *c)
{
	uint32_t k = below(10);

	c->a[0] = k < 1 ? BLKOP_COUNT : k < 3 ? BLKOP_INFO : k < 5 ? BLKOP_ATTACH :
		  k < 9 ? BLKOP_NOTIFY : 4 + rnd() % 100;
	c->a[1] = chance(90) ? below(S.nr_vbd + 2) : rnd();
	if (c->a[0] == BLKOP_INFO)
		c->a[2] = rand_ptr(WRITTEN);
	else if (c->a[0] == BLKOP_ATTACH)
		c->a[2] = c->a[1] < 2 && S.ring_pfn[c->a[1]] && chance(60) ? S.ring_pfn[c->a[1]] :
			  chance(50) ? below(S.nr_pages + 16) : rnd();
	else if (c->a[0] == BLKOP_NOTIFY && c->a[1] < 2 && S.ring_attached[c->a[1]])
		fill_ring(c->a[1]);
}

/* After a call, direct or batched: what it changed that we track. */
static void track(const struct call *c, int32_t r)
{
	if (c->op == HC_BLKIF_OP && c->a[0] == BLKOP_ATTACH && r > 0 && c->a[1] < 2 &&
	    c->a[2] == S.ring_pfn[c->a[1]])
		S.ring_attached[c->a[1]] = 1;
	if (!S.privileged && r != -VMI_EPERM &&
	    (c->op == HC_DOMCTL || (c->op == HC_MEMORY_OP && c->a[0] == MEMOP_SET_TARGET)))
		S.perm_wrong++;
}

/* Fill c with a random call of number op (batched: inside a multicall). */
static void gen_args(struct call *c, uint32_t op, int batched)
{
	for (int i = 0; i < 5; i++)
		c->a[i] = rnd();                        /* unused ones are noise */
	c->op = op;
	switch (op) {
	case HC_SET_TRAP_TABLE: {
		uint32_t count = chance(10) ? 257 + below(64) : below(8) ? 1 + below(4) : 33;
		c->a[1] = chance(10) ? rnd() : count;
		c->a[0] = chance(80) ? make_trap_table(count) : rand_ptr(READ_ANY);
		break;
	}
	case HC_MMU_UPDATE: {
		/* Up to 64 updates made, repeated up to count; or a few at the
		 * end of SC_END, the rest of the list being unmapped. */
		uint32_t count = below(4) ? 1 + below(8) : chance(20) ? below(VMI_MMU_BATCH_MAX + 8) :
				 below(64);
		uint32_t end = !batched && chance(15);
		struct vmi_mmu_update *u = (struct vmi_mmu_update *)
			(end ? SC(SC_GUARD_B) - 8 * (1 + below(4)) : SC(SC_MMU));
		uint32_t room = end ? (SC(SC_GUARD_B) - (uint32_t)u) / sizeof *u : VMI_MMU_BATCH_MAX;
		for (uint32_t i = 0; i < count && i < room && i < 64; i++)
			rand_update(&u[i]);
		for (uint32_t i = 64; i < count && i < room; i++)
			u[i] = u[i % 64];
		c->a[0] = chance(85) ? (uint32_t)u : rand_ptr(READ_ONLY);
		c->a[1] = count;
		/* `done`: none, a good place, or any (a bad one fails the call). */
		c->a[2] = chance(50) ? 0 : chance(60) ? SC(SC_JUNK) + below(VMI_PAGE_SIZE - 3)
						      : rand_ptr(WRITTEN);
		break;
	}
	case HC_SET_LDT: {
		/* A few entries, mostly of the shapes rand_desc makes; counts
		 * up to past VMI_LDT_ENTRIES and wrapping when times 8. */
		static uint64_t t[8];
		uint32_t n = 1 + below(8);
		for (uint32_t i = 0; i < n; i++)
			t[i] = chance(60) ? vmi_seg_desc(SC(SC_JUNK), 0xFFF, 0xF2, 0x4) : rand_desc();
		c->a[0] = chance(85) ? (uint32_t)t : rand_ptr(READ_ANY);
		c->a[1] = chance(85) ? (chance(10) ? 0 : n) : chance(50) ? VMI_LDT_ENTRIES + below(4) : rnd();
		break;
	}
	case HC_SET_GDT_ENTRY: {
		uint64_t d = rand_desc();
		c->a[0] = chance(85) ? PVHV_TLS_FIRST + below(PVHV_TLS_COUNT) : below(16) + (chance(10) ? rnd() : 0);
		c->a[1] = (uint32_t)d;
		c->a[2] = (uint32_t)(d >> 32);
		break;
	}
	case HC_STACK_SWITCH:
		c->a[0] = chance(70) ? S.kernel_ds : rand_selector();
		c->a[1] = chance(50) ? (uint32_t)xstack + XSTACK_SIZE : rand_ptr(WRITTEN);
		break;
	case HC_SET_CALLBACK:
		/* Batched, anything: the real callback is reinstalled after it. */
		c->a[0] = batched && chance(30) ? rnd() :
			  below(3) == 0 ? 0 : below(2) ? (uint32_t)trap_event_entry
						       : VMI_HV_START + rnd() % (0u - VMI_HV_START);
		break;
	case HC_FPU_TASKSWITCH:
		c->a[0] = chance(50) ? 0 : chance(50) ? 1 : rnd();
		break;
	case HC_CONSOLE_IO: {
		uint32_t cmd = below(10);
		c->a[0] = cmd < 4 ? CONSOLEIO_WRITE : cmd < 8 ? CONSOLEIO_READ : 2 + rnd() % 100;
		if (c->a[0] == CONSOLEIO_WRITE) {
			console_buf(&c->a[2], &c->a[1]);
		} else {
			c->a[1] = rand_len(300);
			c->a[2] = rand_ptr(WRITTEN);
		}
		break;
	}
	case HC_MULTICALL:                      /* only in a batch: refused */
		c->a[0] = (uint32_t)scratch;
		c->a[1] = below(4);
		break;
	case HC_SCHED_OP:                       /* only in a batch: refused */
		c->a[0] = below(4);
		c->a[1] = below(2) ? VMI_SHUTDOWN_CRASH : VMI_SHUTDOWN_POWEROFF;
		break;
	case HC_TIMER_OP: {
		uint64_t d = rand_deadline();
		c->a[0] = chance(60) ? TIMEROP_SET : chance(75) ? TIMEROP_CANCEL : 2 + below(1000);
		c->a[1] = (uint32_t)d;
		c->a[2] = (uint32_t)(d >> 32);
		break;
	}
	case HC_EVTCHN_OP:
		c->a[0] = below(20);
		c->a[0] = c->a[0] < 4 ? EVTCHNOP_BIND_VIRQ : c->a[0] < 9 ? EVTCHNOP_ALLOC_UNBOUND :
			  c->a[0] < 12 ? EVTCHNOP_BIND_INTERDOMAIN : c->a[0] < 16 ? EVTCHNOP_SEND :
			  c->a[0] < 19 ? EVTCHNOP_CLOSE : 5 + rnd() % 1000;
		switch (c->a[0]) {
		case EVTCHNOP_BIND_VIRQ: c->a[1] = chance(90) ? below(VMI_NR_VIRQS + 2) : rnd(); break;
		case EVTCHNOP_ALLOC_UNBOUND: c->a[1] = rand_domid(); break;
		case EVTCHNOP_BIND_INTERDOMAIN:
			c->a[1] = chance(50) ? S.domid : rand_domid();
			c->a[2] = rand_port();
			break;
		default: c->a[1] = rand_port(); break;
		}
		break;
	case HC_MMUEXT_OP: {
		uint32_t r = below(20);
		c->a[0] = r < 5 ? MMUEXT_PIN_L1 : r < 8 ? MMUEXT_PIN_L2 : r < 13 ? MMUEXT_UNPIN :
			  r < 15 ? MMUEXT_NEW_BASEPTR : r < 16 ? MMUEXT_TLB_FLUSH :
			  r < 18 ? MMUEXT_INVLPG : 6 + rnd() % 100;
		if (c->a[0] == MMUEXT_INVLPG) {
			c->a[1] = chance(50) ? rand_ptr(READ_ANY) : rnd();
		} else if (c->a[0] == MMUEXT_NEW_BASEPTR) {
			uint32_t m = chance(35) ? S.l2_mfn : chance(50) ? S.clone_mfn : rand_mfn();
			/* Only an L2 that maps the kernel as the boot one does. */
			if (own(m) && m != S.l2_mfn && m != S.clone_mfn && !is_kl1(m) && m != S.sl1_mfn)
				m = S.sl1_mfn;
			c->a[1] = m;
		} else {
			c->a[1] = rand_mfn();
		}
		break;
	}
	case HC_EVENT_CHECK:
		break;
	case HC_PTE_WRITE: {                    /* one update, in registers */
		struct vmi_mmu_update u;

		rand_update(&u);
		c->a[0] = u.ptr;
		c->a[1] = u.val;
		break;
	}
	case HC_DOMCTL:
		gen_domctl(c);
		break;
	case HC_MEMORY_OP:
		gen_memop(c);
		break;
	case HC_BLKIF_OP:
		gen_blkif(c);
		break;
	default:                                /* out of range */
		break;
	}
}

/* A number for a batch entry: like a direct call, plus the refused ones. */
static uint32_t batch_op(void)
{
	static const uint32_t ops[] = { HC_SET_TRAP_TABLE, HC_MMU_UPDATE, HC_MMU_UPDATE,
		HC_SET_GDT_ENTRY, HC_STACK_SWITCH, HC_SET_CALLBACK, HC_FPU_TASKSWITCH,
		HC_CONSOLE_IO, HC_MULTICALL, HC_IRET, HC_SCHED_OP, HC_TIMER_OP, HC_EVTCHN_OP,
		HC_EVTCHN_OP, HC_MMUEXT_OP, HC_MMUEXT_OP, HC_EVENT_CHECK, HC_PTE_WRITE, HC_NR,
		0xFFFFFFFFu, HC_DOMCTL, HC_MEMORY_OP, HC_BLKIF_OP, HC_SET_LDT };
	return ops[below(ARRAY_SIZE(ops))];
}

/* ---- keeping ourselves alive (maintenance calls, not counted) ---- */
static void reinstall(void)
{
	int32_t r1 = hc(HC_SET_TRAP_TABLE, (uint32_t)S.table, ARRAY_SIZE(S.table), 0, 0, 0);
	int32_t r2 = hc(HC_SET_CALLBACK, (uint32_t)trap_event_entry, 0, 0, 0, 0);

	maintenance += 2;
	if (r1 || r2) {
		test_fail(__FILE__, __LINE__, "reinstalling the trap table/callback: %d %d", r1, r2);
		test_done();
	}
}

static int32_t do_call(const struct call *c)
{
	if (calls >= S.trace) {
		printf("call %u: %u %#x %#x %#x %#x %#x\n", calls, c->op, c->a[0], c->a[1],
		       c->a[2], c->a[3], c->a[4]);
		const struct vmi_mmu_update *u = (const void *)c->a[0];
		int ours = (c->a[0] >= SC(SC_MMU) && c->a[0] < SC(SC_MC)) ||
			   (c->a[0] >= SC(SC_END) && c->a[0] < SC(SC_GUARD_B));
		for (uint32_t i = 0; c->op == HC_MMU_UPDATE && ours && i < c->a[1] && i < 8 &&
		     (uint32_t)(u + i + 1) <= SC(SC_GUARD_B); i++)
			printf("  update %u: %#x %#x\n", i, u[i].ptr, u[i].val);
	}
	int32_t r = hc(c->op, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4]);

	calls++;
	note(c->op, r);
	track(c, r);
	if (c->op == HC_SET_TRAP_TABLE && r == 0)
		reinstall();
	if (c->op == HC_MMUEXT_OP && c->a[0] == MMUEXT_NEW_BASEPTR && r == 0)
		S.cur_mfn = c->a[1];
	return r;
}

static void fuzz_multicall(void)
{
	struct pvhv_multicall *mc = (struct pvhv_multicall *)SC(SC_MC);
	uint32_t n = chance(10) ? PVHV_MULTICALL_MAX + below(4) : below(9), list;
	struct call c;

	if (chance(20))                         /* runs into the guard page */
		mc = (struct pvhv_multicall *)(SC(SC_GUARD_B) - sizeof *mc * (1 + below(3)) - 4 * below(2));
	for (uint32_t i = 0; i < n && (uint32_t)(mc + i + 1) <= SC(SC_GUARD_B); i++) {
		gen_args(&c, batch_op(), 1);
		mc[i].op = c.op;
		memcpy(mc[i].args, c.a, sizeof c.a);
		mc[i].result = NOT_RUN;
	}
	switch (below(10)) {
	case 0: list = ro_alias(); break;                       /* tables as a list */
	case 1: list = rand_ptr(WRITTEN); break;
	default: list = (uint32_t)mc; break;
	}
	for (uint32_t i = 0; calls >= S.trace && i < n && (uint32_t)(mc + i + 1) <= SC(SC_GUARD_B); i++)
		printf("  batch %u: %u %#x %#x %#x %#x %#x\n", i, mc[i].op, mc[i].args[0],
		       mc[i].args[1], mc[i].args[2], mc[i].args[3], mc[i].args[4]);
	unsigned long flags = vmi_irq_save();
	c.op = HC_MULTICALL;
	c.a[0] = list;
	c.a[1] = chance(5) ? rnd() : n;
	c.a[2] = c.a[3] = c.a[4] = 0;
	do_call(&c);
	if (list == (uint32_t)mc)
		for (uint32_t i = 0; i < n && (uint32_t)(mc + i + 1) <= SC(SC_GUARD_B); i++) {
			if (mc[i].result == NOT_RUN)
				continue;
			batched++;
			note(mc[i].op, mc[i].result);
			c.op = mc[i].op;
			memcpy(c.a, mc[i].args, sizeof c.a);
			track(&c, mc[i].result);
			if (mc[i].op == HC_MMUEXT_OP && mc[i].args[0] == MMUEXT_NEW_BASEPTR &&
			    mc[i].result == 0)
				S.cur_mfn = mc[i].args[1];
		}
	reinstall();
	vmi_irq_restore(flags);
}

/* ---- HC_IRET with a well-formed frame ---- */
static void back_to_kernel(struct trap_regs *r)
{
	r->f.cs = S.kernel_cs;
	r->f.eip = (uint32_t)fuzz_iret_landing;
	r->f.eflags &= ~EFLAGS_TF;
	r->ds = r->es = S.kernel_ds;
	r->fs = r->gs = 0;
	S.in_user = 0;
	S.user_seen = 1;
}

static void on_trap(struct trap_regs *r)
{
	if (S.in_user && trap_from_user(r)) {
		if (r->vector != VMI_SYSCALL_VECTOR)
			S.user_traps++;
		back_to_kernel(r);
		return;
	}
	if (r->vector == 13 && S.expect_gp && r->f.eip == (uint32_t)fuzz_iret_landing &&
	    r->f.error_code == 0) {
		S.expect_gp = 0;
		S.gp_seen = 1;
		return;
	}
	if ((r->vector == 13 || r->vector == 11) && (r->f.eip == (uint32_t)fuzz_seg_fs ||
						     r->f.eip == (uint32_t)fuzz_seg_gs)) {
		r->f.eip += 2;                  /* movw %ax, %fs/%gs */
		S.seg_gp++;
		return;
	}
	if (r->vector == 1 && !trap_from_user(r)) {
		r->f.eflags &= ~EFLAGS_TF;      /* a single step HC_IRET asked for */
		S.single_steps++;
		return;
	}
	S.unexpected++;
	test_fail(__FILE__, __LINE__, "unexpected trap %u error %#x at %#x cs %#x cr2 %#lx "
		  "eax %#x (call %u)", r->vector, r->f.error_code, r->f.eip, r->f.cs,
		  vmi_fault_address(), r->eax, calls);
	test_done();
}

static void fuzz_iret_call(void)
{
	uint32_t f[6], n = 4, expect;

	f[0] = rnd();
	f[1] = (uint32_t)fuzz_iret_landing;
	f[2] = S.kernel_cs;
	f[3] = rnd();
	expect = IRET_BACK;
	switch (below(10)) {
	case 0: case 1: case 2: case 3:
		break;
	case 4:                                 /* a selector that is not ours */
		f[2] = rand_selector();
		if (f[2] == S.kernel_cs || f[2] == S.user_cs)
			f[2] = 0x1B;
		expect = IRET_GP;
		break;
	case 5:                                 /* eip beyond the guest segments */
		f[1] = PVHV_SEG_LIMIT + 1 + below(0 - PVHV_SEG_LIMIT - 1);
		expect = IRET_GP;
		break;
	default: {                              /* to ring 3 */
		uint32_t ss = rand_selector();
		n = 6;
		/* The stub; or somewhere else in its page (zeros: add %al,
		 * (%eax) until something faults), or a kernel page ring 3
		 * cannot fetch from.  Every way back is a trap. */
		f[1] = chance(70) ? S.stub_va : chance(50) ? S.stub_va + below(VMI_PAGE_SIZE)
				  : VMI_KERNEL_BASE + below(S.mapped_pages << VMI_PAGE_SHIFT);
		f[2] = S.user_cs;
		f[4] = S.stub_va + VMI_PAGE_SIZE - 4 * below(4);
		f[5] = ss;
		if (ss == S.user_ds)
			expect = IRET_USER;
		else if ((ss & 0xFFFC) >= (PVHV_TLS_FIRST << 3) &&
			 (ss & 0xFFFC) < ((PVHV_TLS_FIRST + PVHV_TLS_COUNT) << 3) && (ss & 3) == 3)
			expect = IRET_EITHER;   /* depends on the slot's descriptor */
		else
			expect = IRET_GP;       /* null, kernel, code, system, LDT, RPL != 3 */
		if (chance(10))
			f[1] = PVHV_SEG_LIMIT + 1, expect = IRET_GP;
		/* Traps from ring 3 land on our excursion stack. */
		if (hc(HC_STACK_SWITCH, S.kernel_ds, (uint32_t)xstack + XSTACK_SIZE, 0, 0, 0))
			test_fail(__FILE__, __LINE__, "resetting the kernel stack");
		maintenance++;
		break;
	}
	}
	if (calls >= S.trace)
		printf("call %u: iret %#x %#x %#x %#x %#x %#x\n", calls, f[0], f[1], f[2], f[3],
		       n == 6 ? f[4] : 0, n == 6 ? f[5] : 0);
	S.gp_seen = S.user_seen = 0;
	S.expect_gp = 1;
	S.in_user = n == 6;
	uint32_t eax = fuzz_iret(f, n);
	S.expect_gp = 0;
	S.in_user = 0;
	calls++;
	int outcome = S.gp_seen ? IRET_GP : S.user_seen ? IRET_USER : IRET_BACK;
	irets[outcome]++;
	note(HC_IRET, outcome == IRET_GP ? -VMI_EINVAL : 0);
	if (expect != IRET_EITHER && outcome != (int)expect) {
		iret_bad++;
		test_fail(__FILE__, __LINE__, "HC_IRET cs %#x eip %#x ss %#x: outcome %d, want %d",
			  f[2], f[1], n == 6 ? f[5] : 0, outcome, expect);
	}
	if (outcome == IRET_BACK) {
		/* The frame's eax and arithmetic flags, IF on, nothing privileged;
		 * the virtual event flag is the frame's IF. */
		uint32_t fl = fuzz_landing_eflags;
		if (eax != f[0] || (fl & EFLAGS_KEPT) != (f[3] & EFLAGS_KEPT) ||
		    !(fl & EFLAGS_IF) || (fl & EFLAGS_PRIV) ||
		    SHARED->upcall_mask != !(f[3] & EFLAGS_IF)) {
			iret_bad++;
			test_fail(__FILE__, __LINE__, "HC_IRET back: eax %#x (frame %#x) eflags %#x "
				  "(frame %#x)", eax, f[0], fl, f[3]);
		}
	}
}

/* ---- the other calls that need care ---- */
/* Block with VIRQ_TIMER bound and the timer armed.  Events are masked
 * meanwhile: a timer port delivered (and taken) between arming and
 * blocking would leave nothing to wake us; masked, it stays pending and
 * the block returns at once. */
static void fuzz_block(void)
{
	unsigned long flags = vmi_irq_save();
	int32_t r = hc(HC_EVTCHN_OP, EVTCHNOP_BIND_VIRQ, VMI_VIRQ_TIMER, 0, 0, 0);

	maintenance++;
	if (r > 0 || r == -VMI_EEXIST) {
		uint64_t d = vmi_time_ns() + below(500000);
		hc(HC_TIMER_OP, TIMEROP_SET, (uint32_t)d, (uint32_t)(d >> 32), 0, 0);
		maintenance++;
		struct call c = { HC_SCHED_OP, { SCHEDOP_BLOCK, rnd(), rnd(), 0, 0 } };
		do_call(&c);
	}
	vmi_irq_restore(flags);
}

static void fuzz_gdt(void)
{
	struct call c;

	gen_args(&c, HC_SET_GDT_ENTRY, 0);
	int32_t r = do_call(&c);
	/* Load what is there now (or something else) into %fs or %gs: the way
	 * back from later hypercalls must cope when the slot changes under it. */
	if (chance(40)) {
		uint32_t sel = r == 0 && chance(70) ? (c.a[0] << 3) | below(4) : rand_selector();
		fuzz_load_seg(below(2), sel);
	}
}

/* HC_SET_LDT, then perhaps an LDT selector into %fs or %gs: the way back
 * must cope when the table changes under it (and #NP for a not-present
 * entry is skipped as #GP is). */
static void fuzz_ldt(void)
{
	struct call c;

	gen_args(&c, HC_SET_LDT, 0);
	do_call(&c);
	if (chance(40))
		fuzz_load_seg(below(2), (below(10) << 3) | 4 | below(4));
}

static void fuzz_one(void)
{
	struct call c;
	uint32_t w = below(1000);

	if (w < 60)
		gen_args(&c, HC_SET_TRAP_TABLE, 0);
	else if (w < 210)
		gen_args(&c, HC_MMU_UPDATE, 0);
	else if (w < 260)
		gen_args(&c, HC_PTE_WRITE, 0);
	else if (w < 320) {
		fuzz_gdt();
		return;
	}
	else if (w < 350)
		gen_args(&c, HC_STACK_SWITCH, 0);
	else if (w < 380)
		gen_args(&c, HC_SET_CALLBACK, 0);
	else if (w < 400)
		gen_args(&c, HC_FPU_TASKSWITCH, 0);
	else if (w < 420)
		gen_args(&c, HC_CONSOLE_IO, 0);
	else if (w < 520) {
		fuzz_multicall();
		return;
	} else if (w < 600) {
		fuzz_iret_call();
		return;
	} else if (w < 620) {
		uint32_t k = below(10);
		if (k < 2) {
			fuzz_block();
			return;
		}
		gen_args(&c, HC_SCHED_OP, 0);
		c.a[0] = k < 8 ? SCHEDOP_YIELD : 3 + rnd() % 1000;   /* no shutdown */
	} else if (w < 670)
		gen_args(&c, HC_TIMER_OP, 0);
	else if (w < 790)
		gen_args(&c, HC_EVTCHN_OP, 0);
	else if (w < 900)
		gen_args(&c, HC_MMUEXT_OP, 0);
	else if (w < 915)
		gen_args(&c, HC_DOMCTL, 0);
	else if (w < 925)
		gen_args(&c, HC_MEMORY_OP, 0);
	else if (w < 940)
		gen_args(&c, HC_BLKIF_OP, 0);
	else if (w < 960)
		gen_args(&c, HC_EVENT_CHECK, 0);
	else if (w < 980) {
		fuzz_ldt();
		return;
	} else {
		static const uint32_t bad[] = { HC_NR, HC_NR + 1, 0xFF, 0x80000000u, 0xFFFFFFFFu };
		gen_args(&c, 0, 0);
		c.op = chance(70) ? bad[below(ARRAY_SIZE(bad))] : HC_NR + rnd();
		if (c.op < HC_NR)
			c.op = HC_NR;
	}
	do_call(&c);
}

/* ---- setup ---- */
static uint32_t option(const char *cmdline, const char *key, uint32_t dflt)
{
	size_t n = strlen(key);

	for (const char *s = cmdline; *s; ) {
		while (*s == ' ')
			s++;
		if (strncmp(s, key, n) == 0) {
			uint32_t v = 0;
			int digits = 0;
			for (s += n; *s >= '0' && *s <= '9'; s++, digits++)
				v = v * 10 + (uint32_t)(*s - '0');
			return digits ? v : dflt;
		}
		while (*s && *s != ' ')
			s++;
	}
	return dflt;
}

static uint32_t l2e_paddr(uint32_t l2_pfn, uint32_t slot)
{
	return (l2_pfn << VMI_PAGE_SHIFT) | (slot * 4);
}

/* The kernel L1s as they were after setup (accessed/dirty bits aside). */
static uint32_t kl1_saved[4][1024];

static void kernel_l1_save(void)
{
	for (uint32_t i = 0; i < S.nr_kl1 && i < ARRAY_SIZE(kl1_saved); i++)
		for (uint32_t j = 0; j < 1024; j++)
			kl1_saved[i][j] = ((const uint32_t *)pfn_to_va(S.kl1_pfn[i]))[j] &
					  ~(VMI_PTE_A | VMI_PTE_D);
}

/* Entries that differ now; the first one is printed. */
static uint32_t kernel_l1_changed(void)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < S.nr_kl1 && i < ARRAY_SIZE(kl1_saved); i++)
		for (uint32_t j = 0; j < 1024; j++) {
			uint32_t now = ((const volatile uint32_t *)pfn_to_va(S.kl1_pfn[i]))[j] &
				       ~(VMI_PTE_A | VMI_PTE_D);
			if (now != kl1_saved[i][j] && n++ == 0)
				printf("kernel L1 %u entry %u: %#x, was %#x\n", i, j, now,
				       kl1_saved[i][j]);
		}
	return n;
}

/*
 * Found by this fuzzer (its first run, seed 1): a random selector
 * with the table-indicator bit loaded by `mov %ax, %fs` page-faulted at a
 * low address instead of raising #GP - the processor still had the LDT it
 * had after reset (base 0, limit 0xFFFF), i.e. the guest's own memory at
 * virtual 0.  A guest writing descriptors there could load any segment,
 * DPL 0 or past the 0xFC3FFFFF limit, or call through a gate of its own
 * into ring 0.  The hypervisor now loads a null LDT.  Checked here every
 * run: a flat DPL-1 data segment at LDT index 1, in a page mapped at 0,
 * must not load.
 */
static void check_no_ldt(void)
{
	uint32_t pfn = frame_alloc(), before = S.seg_gp;
	uint32_t *ldt = pfn_to_va(pfn);

	ldt[2] = 0x0000FFFFu;                   /* base 0, limit 0xFFFFF pages */
	ldt[3] = 0x00CFB200u;                   /* present, DPL 1, data RW, 4 KiB */
	CHECK_RET(pt_map(S.l2_pfn, 0, pfn, VMI_PTE_P | VMI_PTE_W), 0);
	fuzz_load_seg(0, (1 << 3) | 4 | 1);     /* LDT index 1, RPL 1 */
	CHECK_EQ(S.seg_gp, before + 1);         /* #GP: there is no LDT */
	fuzz_load_seg(0, 0);
	CHECK_RET(pt_unmap(S.l2_pfn, 0), 0);
}

/*
 * Found by this fuzzer (seed 1, a later version): a multicall that first
 * emptied the TLS slot %fs held and then made the hypervisor fault on a
 * guest pointer (fixed up as -EFAULT) panicked the hypervisor: the nested
 * fault returned by popping the %fs it found - the guest's selector, now
 * naming an empty slot: #GP in ring 0.  The hypervisor now runs with its
 * own %fs/%gs.  Checked here every run, once for each register.
 */
static void check_tls_nested_fault(void)
{
	const uint64_t data = 0x00CFF2000000C3FFull;    /* DPL-3 data, RW, to the limit */
	static struct pvhv_multicall mc[2];
	uint32_t fs, gs;

	for (uint32_t which = 0; which < 2; which++) {
		CHECK_RET(hc(HC_SET_GDT_ENTRY, PVHV_TLS_FIRST, (uint32_t)data,
			     (uint32_t)(data >> 32), 0, 0), 0);
		fuzz_load_seg(which, (PVHV_TLS_FIRST << 3) | 3);
		mc[0] = (struct pvhv_multicall){ HC_SET_GDT_ENTRY, { PVHV_TLS_FIRST, 0, 0 }, NOT_RUN };
		mc[1] = (struct pvhv_multicall){ HC_CONSOLE_IO,
			{ CONSOLEIO_WRITE, 16, VMI_KERNEL_BASE + (S.mapped_pages << VMI_PAGE_SHIFT) },
			NOT_RUN };
		CHECK_RET(hc(HC_MULTICALL, (uint32_t)mc, 2, 0, 0, 0), 0);
		CHECK_RET(mc[0].result, 0);
		CHECK_RET(mc[1].result, -VMI_EFAULT);
		__asm__ volatile("movl %%fs, %0; movl %%gs, %1" : "=r"(fs), "=r"(gs));
		CHECK_EQ(which ? gs : fs, 0);           /* its slot is empty now */
	}
}

/* Are we dom0, and who lives beside us; our block devices' rings and the
 * frame their reads may fill (maintenance calls, not counted). */
static void setup_control_and_block(void)
{
	struct vmi_dom_info *info = (struct vmi_dom_info *)SC(SC_JUNK);
	int32_t id;

	S.privileged = hc(HC_DOMCTL, DOMCTL_HV_INFO, SC(SC_JUNK), 0, 0, 0) == 0;
	for (uint32_t first = 0; S.privileged &&
	     (id = hc(HC_DOMCTL, DOMCTL_INFO, first, (uint32_t)info, 0, 0)) >= 0; first = (uint32_t)id + 1)
		if ((uint32_t)id != S.domid && (uint32_t)id < sizeof S.other_live &&
		    info->state != VMI_DOM_DEAD)
			S.other_live[id] = 1;
	S.dma_pfn = frame_alloc();
	id = hc(HC_BLKIF_OP, BLKOP_COUNT, 0, 0, 0, 0);
	S.nr_vbd = id > 0 ? (uint32_t)id : 0;
	for (uint32_t d = 0; d < S.nr_vbd && d < 2; d++) {
		S.ring_pfn[d] = frame_alloc();
		struct vmi_blk_ring *r = pfn_to_va(S.ring_pfn[d]);
		r->magic = VMI_BLK_RING_MAGIC;
		r->version = VMI_BLK_VERSION;
	}
	maintenance += 2 + S.nr_vbd;
	test_env("fuzz: %s, %u block device(s)", S.privileged ? "privileged (dom0)" :
		 "unprivileged", S.nr_vbd);
}

/* dom0: domains that exist now and did not at the start (a garbage create
 * that built one, or left a slot half built). */
static uint32_t new_domains(void)
{
	struct vmi_dom_info *info = (struct vmi_dom_info *)SC(SC_JUNK);
	uint32_t n = 0;
	int32_t id;

	for (uint32_t first = 0; S.privileged &&
	     (id = hc(HC_DOMCTL, DOMCTL_INFO, first, (uint32_t)info, 0, 0)) >= 0; first = (uint32_t)id + 1) {
		maintenance++;
		n += (uint32_t)id != S.domid && ((uint32_t)id >= sizeof S.other_live ||
						  !S.other_live[id]);
	}
	return n;
}

static void setup(void)
{
	const struct vmi_boot_info *bi = test_bi;
	const volatile uint32_t *l2;

	S.seed = option(bi->cmdline, "seed=", DEFAULT_SEED);
	S.count = option(bi->cmdline, "count=", DEFAULT_COUNT);
	S.trace = option(bi->cmdline, "trace=", 0xFFFFFFFFu);
	S.domid = SHARED->domid;
	S.kernel_cs = bi->kernel_cs;
	S.kernel_ds = bi->kernel_ds;
	S.user_cs = bi->user_cs;
	S.user_ds = bi->user_ds;
	S.nr_pages = bi->nr_pages;
	S.mapped_pages = bi->mapped_pages;
	rng_seed(S.seed);

	/* The runtime's trap table, as trap_init made it, and our handlers. */
	for (unsigned v = 0; v <= VMI_NR_EXCEPTIONS; v++) {
		unsigned vec = v < VMI_NR_EXCEPTIONS ? v : VMI_SYSCALL_VECTOR;
		int user = vec == 3 || vec == 4 || vec == VMI_SYSCALL_VECTOR;
		S.table[v] = (struct vmi_trap_entry){
			.vector = (uint8_t)vec,
			.flags = (user ? 3 : 0) | (vec != VMI_SYSCALL_VECTOR ? VMI_TRAP_MASK_EVENTS : 0),
			.cs = (uint16_t)bi->kernel_cs,
			.handler = v < VMI_NR_EXCEPTIONS ? trap_stubs[v] : (uint32_t)trap_syscall_entry,
		};
	}
	for (unsigned v = 0; v < VMI_NR_EXCEPTIONS; v++)
		trap_set_handler(v, on_trap);
	trap_set_handler(VMI_SYSCALL_VECTOR, on_trap);
	reinstall();

	/* Console bytes: printable lines. */
	for (uint32_t i = 0; i < sizeof text; i++)
		text[i] = (i % 64 == 63) ? '\n' : (char)('a' + i % 26);

	/* Our tables. */
	S.l2_pfn = pt_current_l2;
	S.l2_mfn = vmi_pfn_to_mfn(S.l2_pfn);
	S.cur_mfn = S.l2_mfn;
	l2 = pfn_to_va(S.l2_pfn);
	for (uint32_t s = KERNEL_SLOT; s < HV_SLOT && S.nr_kl1 < ARRAY_SIZE(S.kl1_pfn); s++)
		if (l2[s] & VMI_PTE_P) {
			S.kl1_mfn[S.nr_kl1] = l2[s] >> VMI_PAGE_SHIFT;
			S.kl1_pfn[S.nr_kl1++] = vmi_mfn_to_pfn(l2[s] >> VMI_PAGE_SHIFT);
		}

	/* The ring-3 stub: int $0x80; jmp back to it.  A page of its own in
	 * the kernel mapping (whose entries we keep), user-accessible and
	 * read-only, so that ring 3 running its zeros cannot change it. */
	uint32_t stub_pfn = frame_alloc();
	uint8_t *stub = pfn_to_va(stub_pfn);
	static const uint8_t code[] = { 0xCD, 0x80, 0xEB, 0xFC };
	memcpy(stub, code, sizeof code);
	S.stub_va = (uint32_t)stub;
	CHECK_RET(pt_map(S.l2_pfn, S.stub_va, stub_pfn, VMI_PTE_P | VMI_PTE_U), 0); /* RO */

	/* The scratch L1 at USER_BASE, pool frames (read-only aliases, so
	 * they can be pinned), the guard page after scratch. */
	S.sl1_pfn = pt_new_table(1);
	S.sl1_mfn = vmi_pfn_to_mfn(S.sl1_pfn);
	CHECK_RET(vmi_pte_write(l2e_paddr(S.l2_pfn, USER_SLOT),
				vmi_make_pte(S.sl1_pfn, VMI_PTE_P | VMI_PTE_W | VMI_PTE_U)), 0);
	for (int i = 0; i < N_POOL; i++) {
		S.pool_pfn[i] = frame_alloc();
		S.pool_mfn[i] = vmi_pfn_to_mfn(S.pool_pfn[i]);
		CHECK_RET(pt_set_alias_writable(S.pool_pfn[i], 0), 0);
	}
	for (uint32_t g = SC(SC_GUARD_A); g <= SC(SC_GUARD_B); g += SC_GUARD_B - SC_GUARD_A) {
		CHECK_RET(vmi_pte_write(pt_entry_paddr(S.l2_pfn, g), 0), 0);
		vmi_tlb_flush_one(g);
	}

	check_no_ldt();
	check_tls_nested_fault();

	/* The clone: the live L2's guest slots in another pinned L2. */
	S.clone_pfn = frame_alloc();
	uint32_t *clone = pfn_to_va(S.clone_pfn);
	for (uint32_t s = 0; s < HV_SLOT; s++)
		clone[s] = l2[s];
	CHECK_RET(pt_set_alias_writable(S.clone_pfn, 0), 0);
	CHECK_RET(vmi_pt_pin(S.clone_pfn, 2), 0);
	S.clone_mfn = vmi_pfn_to_mfn(S.clone_pfn);

	setup_control_and_block();
	for (uint32_t s = KERNEL_SLOT; s < HV_SLOT; s++)
		S.l2_saved[s - KERNEL_SLOT] = l2[s] & ~(VMI_PTE_A | VMI_PTE_D);
	kernel_l1_save();
	test_env("fuzz: seed %u count %u, domain %u, %u kernel L1s", S.seed, S.count,
		 S.domid, S.nr_kl1);
	if (S.trace != 0xFFFFFFFFu)
		printf("kernel L1s %#x %#x %#x %#x, L2 %#x, clone %#x, scratch L1 %#x\n",
		       S.kl1_mfn[0], S.kl1_mfn[1], S.kl1_mfn[2], S.kl1_mfn[3], S.l2_mfn,
		       S.clone_mfn, S.sl1_mfn);
}

/* ---- the end ---- */

static uint32_t kernel_mapping_changed(void)
{
	const volatile uint32_t *l2 = pfn_to_va(vmi_mfn_to_pfn(S.cur_mfn));
	uint32_t changed = kernel_l1_changed();

	for (uint32_t s = KERNEL_SLOT; s < HV_SLOT; s++)
		changed += (l2[s] & ~(VMI_PTE_A | VMI_PTE_D)) != S.l2_saved[s - KERNEL_SLOT];
	return changed;
}

/* Back to the boot L2 if it can be (re-)pinned: it cannot if an L1 it
 * names was unpinned meanwhile; then we stay on the clone, which maps the
 * kernel the same way. */
static void restore_address_space(void)
{
	if (hc(HC_MMUEXT_OP, MMUEXT_NEW_BASEPTR, S.l2_mfn, 0, 0, 0) == 0 ||
	    (hc(HC_MMUEXT_OP, MMUEXT_PIN_L2, S.l2_mfn, 0, 0, 0) == 0 &&
	     hc(HC_MMUEXT_OP, MMUEXT_NEW_BASEPTR, S.l2_mfn, 0, 0, 0) == 0))
		S.cur_mfn = S.l2_mfn;
	hc(HC_FPU_TASKSWITCH, 0, 0, 0, 0, 0);
	fuzz_load_seg(0, 0);
	fuzz_load_seg(1, 0);
}

/* Every present mapping of the user slots of the live L2 whose L1 we can
 * read names a frame of ours; the count of the L1s we cannot read. */
static uint32_t foreign_mappings(uint32_t *unreadable)
{
	const volatile uint32_t *l2 = pfn_to_va(vmi_mfn_to_pfn(S.cur_mfn));
	uint32_t bad = 0;

	*unreadable = 0;
	for (uint32_t s = 0; s < KERNEL_SLOT; s++) {
		if (!(l2[s] & VMI_PTE_P))
			continue;
		uint32_t pfn = vmi_mfn_to_pfn(l2[s] >> VMI_PAGE_SHIFT);
		if (pfn == VMI_INVALID_PFN) {
			bad++;
			continue;
		}
		if (pfn >= S.mapped_pages) {
			(*unreadable)++;
			continue;
		}
		const volatile uint32_t *l1 = pfn_to_va(pfn);
		for (uint32_t i = 0; i < 1024; i++)
			if ((l1[i] & VMI_PTE_P) && !own(l1[i] >> VMI_PAGE_SHIFT))
				bad++;
	}
	return bad;
}

static void report(void)
{
	char line[256];

	printf("\n");                           /* end a partial console line */
	test_env("fuzz: %u hypercalls (seed %u), %u batched entries, %u maintenance calls",
		 calls, S.seed, batched, maintenance);
	test_env("fuzz: iret: %u back, %u #GP, %u via ring 3 (%u ring-3 traps), %u single "
		 "steps; %u segment loads refused", irets[IRET_BACK], irets[IRET_GP],
		 irets[IRET_USER], S.user_traps, S.single_steps, S.seg_gp);
	for (uint32_t op = 0; op <= HC_NR; op++) {
		int n = snprintf(line, sizeof line, "fuzz: %2u %-14s", op,
				 op_names[op] ? op_names[op] : "?");
		for (unsigned k = 0; k < NR_CLASSES; k++)
			if (results[op][k] && n < (int)sizeof line)
				n += snprintf(line + n, sizeof line - n, " %s=%u", class_names[k],
					      results[op][k]);
		test_env("%s", line);
	}
}

void test_main(void)
{
	setup();
	while (calls < S.count) {
		fuzz_one();
		/* Our kernel mapping must never change: stop at once, and say
		 * where, if it did (rerun with trace=<first call> to see how). */
		if (((calls & 4095) == 0 || calls >= S.trace) && kernel_mapping_changed()) {
			test_fail(__FILE__, __LINE__, "kernel mapping changed in calls %u-%u",
				  calls > 4096 ? calls - 4096 : 0, calls);
			break;
		}
	}
	restore_address_space();
	report();

	uint32_t unreadable, bad = foreign_mappings(&unreadable);
	test_env("fuzz: ending on the %s L2; %u user L1s not readable for the ownership "
		 "check", S.cur_mfn == S.l2_mfn ? "boot" : "clone", unreadable);
	CHECK_GE(calls, S.count);
	CHECK_EQ(iret_bad, 0);
	CHECK_EQ(S.unexpected, 0);
	CHECK_EQ(kernel_mapping_changed(), 0);  /* the kernel mapping is intact */
	CHECK_EQ(bad, 0);                       /* no mapping of a foreign frame */
	CHECK_EQ(S.perm_wrong, 0);              /* unprivileged: -EPERM, always */
	CHECK_EQ(new_domains(), 0);             /* dom0: no domain from garbage */
}
